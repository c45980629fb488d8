from django.urls import path

from lianxin.onlinestation import views

app_name = "onlinestation"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("new/", views.SessionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("questions/<int:pk>/answer/", views.question_answer, name="answer"),
]
