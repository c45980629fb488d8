from django.urls import path

from lianxin.opinions import wall_office_views as views

app_name = "wall_office"
urlpatterns = [
    path("", views.CandidateList.as_view(), name="candidates"),
    path("<int:pk>/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
]
