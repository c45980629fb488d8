from django.urls import include, path

from lianxin.suggestions import deputy_urls, publication_views, report_views, views

app_name = "suggestions"

urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="list"),
    path("ledger/", report_views.ledger_view, name="ledger"),
    path("statistics/", report_views.statistics_view, name="statistics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/priority/", views.prioritise, name="prioritise"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/publication/", publication_views.publish, name="publish"),
    path("<int:pk>/publication/unpublish/", publication_views.unpublish, name="unpublish"),
    path("motions/", views.MotionListView.as_view(), name="motions"),
    path("motions/<int:pk>/", views.motion_detail, name="motion_detail"),
    path("motions/<int:pk>/decide/", views.decide_motion, name="decide_motion"),
    path(
        "motions/<int:pk>/consent-withdrawal/",
        views.consent_motion_withdrawal,
        name="consent_motion_withdrawal",
    ),
    path("motions/<int:pk>/reports/<str:kind>/", publication_views.motion_report, name="motion_report"),
    path(
        "motions/<int:pk>/reports/handling/reject/",
        publication_views.motion_report_reject,
        name="motion_report_reject",
    ),
    path(
        "motions/<int:pk>/reports/<str:kind>/publish/",
        publication_views.motion_report_publish,
        name="motion_report_publish",
    ),
    path(
        "motions/<int:pk>/reports/<str:kind>/unpublish/",
        publication_views.motion_report_unpublish,
        name="motion_report_unpublish",
    ),
    path("mine/", include(deputy_urls)),
]
