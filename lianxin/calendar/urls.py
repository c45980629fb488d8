from django.urls import path

from lianxin.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("publish/", views.publish, name="publish"),
]
