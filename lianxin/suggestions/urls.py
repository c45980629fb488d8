from django.urls import path

from lianxin.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="list"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="detail"),
]
