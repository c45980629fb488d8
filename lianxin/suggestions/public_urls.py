from django.urls import path

from lianxin.suggestions import public_views as views

app_name = "suggestions_public"
urlpatterns = [
    path("", views.entries, name="list"),
    path("<int:pk>/", views.entry, name="detail"),
    path("yian/", views.sessions, name="sessions"),
    path("yian/<int:pk>/", views.session, name="session"),
]
