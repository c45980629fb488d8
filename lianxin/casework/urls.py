from django.urls import path

from lianxin.casework import lists, views

app_name = "casework"
urlpatterns = [
    path("", lists.OverviewView.as_view(), name="overview"),
    path("todo/", lists.UnitItemsView.as_view(), name="unit_items"),
    path("pending/", lists.pending_decisions, name="pending_decisions"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/urge/", views.UrgeView.as_view(), name="urge"),
    path("<int:pk>/close/", views.CloseUnratedView.as_view(), name="close_unrated"),
    path("assignments/<int:pk>/sign/", views.SignView.as_view(), name="sign"),
    path("assignments/<int:pk>/return/", views.ReturnRequestView.as_view(), name="request_return"),
    path("assignments/<int:pk>/extension/", views.ExtensionRequestView.as_view(), name="request_extension"),
    path("assignments/<int:pk>/co-opinion/", views.CoOpinionView.as_view(), name="co_opinion"),
    path("assignments/<int:pk>/reply/", views.ReplyView.as_view(), name="reply"),
    path("assignments/<int:pk>/reply/revise/", views.ReviseReplyView.as_view(), name="revise_reply"),
    path("assignments/<int:pk>/contact/", views.ContactView.as_view(), name="log_contact"),
    path("promises/<int:pk>/report/", views.PromiseReportView.as_view(), name="report_promise"),
    path("assignments/<int:pk>/decide-return/", views.DecideReturnView.as_view(), name="decide_return"),
    path("extensions/<int:pk>/decide/", views.DecideExtensionView.as_view(), name="decide_extension"),
    path("attachments/<int:pk>/", views.reply_attachment, name="attachment"),
]
