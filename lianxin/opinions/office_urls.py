from django.urls import path

from lianxin.opinions import office_views as views

app_name = "opinions"
urlpatterns = [
    path("", views.OpinionListView.as_view(), name="office_list"),
    path("queue/", views.OpinionQueueView.as_view(), name="office_queue"),
    path("new/", views.OpinionEntryView.as_view(), name="office_entry"),
    path("<int:pk>/", views.OpinionDetailView.as_view(), name="office_detail"),
    path("<int:pk>/accept/", views.accept, name="office_accept"),
    path("<int:pk>/refuse/", views.refuse, name="office_refuse"),
    path("<int:pk>/merge/", views.merge, name="office_merge"),
    path("<int:pk>/answer/", views.answer, name="office_answer"),
    path("<int:pk>/assign/", views.assign, name="office_assign"),
    path("<int:pk>/escalate/", views.escalate, name="office_escalate"),
    path("<int:pk>/convert/", views.convert, name="office_convert"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="office_attachment"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.CategoryCreateView.as_view(), name="category_create"),
    path("categories/<int:pk>/edit/", views.CategoryEditView.as_view(), name="category_edit"),
    path("categories/<int:pk>/deactivate/", views.category_deactivate, name="category_deactivate"),
]
