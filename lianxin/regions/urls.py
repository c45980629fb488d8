from django.urls import path

from lianxin.regions import views

app_name = "regions"
urlpatterns = [path("", views.RegionListView.as_view(), name="list")]
