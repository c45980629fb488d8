from django.urls import path

from lianxin.deputies import imports, qrcodes, views

app_name = "deputies"
urlpatterns = [
    path("", views.DeputyListView.as_view(), name="list"),
    path("new/", views.DeputyCreateView.as_view(), name="create"),
    path("import/", imports.DeputyImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.DeputyImportView.template_view(), name="import_template"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="detail"),
    path("<int:pk>/qr.png", qrcodes.deputy_qr, {"kind": "png"}, name="qr_png"),
    path("<int:pk>/qr.svg", qrcodes.deputy_qr, {"kind": "svg"}, name="qr_svg"),
    path("<int:pk>/edit/", views.DeputyEditView.as_view(), name="edit"),
    path("<int:pk>/seats/new/", views.SeatCreateView.as_view(), name="seat_create"),
    path("seats/<int:pk>/edit/", views.SeatEditView.as_view(), name="seat_edit"),
]
