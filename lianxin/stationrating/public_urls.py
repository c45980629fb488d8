from django.urls import path

from lianxin.stationrating import public_views

app_name = "stationrating_public"
urlpatterns = [
    path("", public_views.results, name="results"),
]
