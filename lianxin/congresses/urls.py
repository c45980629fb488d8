from django.urls import path

from lianxin.congresses import views

app_name = "congresses"
urlpatterns = [path("", views.CongressListView.as_view(), name="list")]
