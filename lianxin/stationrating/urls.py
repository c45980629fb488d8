from django.urls import path

from lianxin.stationrating import views

app_name = "stationrating"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.RoundCreateView.as_view(), name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/apply/", views.round_apply, name="apply"),
    path("<int:pk>/combine/", views.round_combine, name="combine"),
    path("<int:pk>/publish/", views.round_publish, name="publish"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/score/", views.application_score, name="score"),
    path("applications/<int:pk>/files/<int:file_pk>/", views.evidence_file, name="evidence_file"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template_detail"),
    path("templates/<int:pk>/edit/", views.TemplateEditView.as_view(), name="template_edit"),
]
