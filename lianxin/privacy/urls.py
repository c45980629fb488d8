from django.urls import path

from lianxin.privacy import views

app_name = "privacy"
urlpatterns = [
    path("reveal/<str:kind>/<int:pk>/<str:field>/", views.reveal_value, name="reveal"),
]
