from django.urls import path

from lianxin.documents import views

app_name = "documents"

urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/<int:congress_pk>/<str:kind>/current.docx", views.current, name="current"),
    path("templates/<int:congress_pk>/<str:kind>/use-default/", views.use_default, name="use_default"),
    path("templates/versions/<int:pk>.docx", views.version_file, name="version_file"),
    path("templates/versions/<int:pk>/activate/", views.activate, name="activate"),
    path("letters/assignment/<int:pk>.docx", views.assignment_letter, name="assignment_letter"),
    path("letters/reply/<int:pk>.docx", views.reply_letter, name="reply_letter"),
]
