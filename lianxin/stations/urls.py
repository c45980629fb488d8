from django.urls import path

from lianxin.stations import imports, views

app_name = "stations"
urlpatterns = [
    path("", views.StationListView.as_view(), name="list"),
    path("new/", views.StationCreateView.as_view(), name="create"),
    path("import/", imports.StationImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.StationImportView.template_view(), name="import_template"),
    path("<int:pk>/", views.StationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.StationEditView.as_view(), name="edit"),
]
