from django.urls import path

from lianxin.onlinestation import public_views

app_name = "onlinestation_public"
urlpatterns = [
    path("", public_views.schedule, name="schedule"),
    path("<int:pk>/", public_views.session_page, name="session"),
]
