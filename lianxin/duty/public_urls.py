from django.urls import path

from lianxin.duty import public_views as views

app_name = "duty_public"
urlpatterns = [
    path("", views.find, name="find"),
    path("shuzhi/", views.vote, name="vote"),
    path("liangfen/<int:pk>/", views.ranking, name="ranking"),
    path("<str:code>/", views.profile, name="profile"),
    path("<str:code>/photo/", views.photo, name="photo"),
    path("<str:code>/ma.png", views.deputy_code, {"kind": "png"}, name="code_png"),
    path("<str:code>/ma.svg", views.deputy_code, {"kind": "svg"}, name="code_svg"),
]
