from django.urls import path

from lianxin.stations import public_views as views

app_name = "stations_public"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("<str:code>/", views.station_page, name="station"),
    path("<str:code>/qr.png", views.station_qr, {"kind": "png"}, name="qr_png"),
    path("<str:code>/qr.svg", views.station_qr, {"kind": "svg"}, name="qr_svg"),
    path(
        "<str:code>/activities/<int:pk>/photos/<int:photo_pk>/", views.activity_photo, name="activity_photo"
    ),
]
