from django.urls import path

from lianxin.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.RegionListView.as_view(), name="list"),
    path("new/", views.RegionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.RegionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.RegionEditView.as_view(), name="edit"),
]
