from django.urls import path

from lianxin.opinions import public_views as views

app_name = "opinions_public"
urlpatterns = [
    path("", views.opinion_form, name="form"),
    path("d/<str:code>/", views.deputy_form, name="deputy_form"),
    path("s/<str:code>/", views.station_form, name="station_form"),
    path("villages/", views.villages, name="villages"),
    path("captcha/<str:key>.png", views.captcha_image, name="captcha_image"),
    path("notice/", views.notice, name="notice"),
    path("done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/status/", views.track_status, name="track_status"),
    path("track/rate/", views.track_rate, name="track_rate"),
]
