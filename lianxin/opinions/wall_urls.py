from django.urls import path

from lianxin.opinions import wall_views as views

app_name = "wall"
urlpatterns = [
    path("", views.wall_list, name="list"),
    path("<int:pk>/", views.wall_detail, name="detail"),
    path("stats/", views.wall_stats, name="stats"),
]
