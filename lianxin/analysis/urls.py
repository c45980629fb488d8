from django.urls import path

from lianxin.analysis import views

app_name = "analysis"

urlpatterns = [
    path("redian/", views.hot_topics, name="hot_topics"),
    path("replies/", views.reply_queue, name="reply_queue"),
    path("replies/<int:pk>/release/", views.release, name="release"),
    path("replies/<int:pk>/send-back/", views.send_back, name="send_back"),
]
