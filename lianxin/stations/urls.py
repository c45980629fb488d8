from django.urls import path

from lianxin.stations import imports, qrcodes, views

app_name = "stations"
urlpatterns = [
    path("", views.StationListView.as_view(), name="list"),
    path("new/", views.StationCreateView.as_view(), name="create"),
    path("import/", imports.StationImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.StationImportView.template_view(), name="import_template"),
    path("<int:pk>/", views.StationDetailView.as_view(), name="detail"),
    path("<int:pk>/qr.png", qrcodes.station_qr, {"kind": "png"}, name="qr_png"),
    path("<int:pk>/qr.svg", qrcodes.station_qr, {"kind": "svg"}, name="qr_svg"),
    path("<int:pk>/edit/", views.StationEditView.as_view(), name="edit"),
]
