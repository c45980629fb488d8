from django.urls import path

from lianxin.duty import office_views as views

app_name = "duty"
urlpatterns = [
    path("", views.reports, name="reports"),
    path("batch/", views.reports_batch, name="reports_batch"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", views.evidence, name="evidence"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.mine_new, name="mine_new"),
    path("mine/<int:pk>/evidence/<int:evidence_pk>/", views.mine_evidence, name="mine_evidence"),
    path("deputies/<int:pk>/", views.record, name="record"),
    path("deputies/<int:pk>/photo/", views.photo_upload, name="photo_upload"),
    path("deputies/<int:pk>/shuzhi/new/", views.VoterReportCreateView.as_view(), name="voter_report_create"),
    path("points/", views.points, name="points"),
    path("congresses/<int:pk>/rules/new/", views.RuleCreateView.as_view(), name="rule_create"),
    path("rules/<int:pk>/edit/", views.RuleEditView.as_view(), name="rule_edit"),
    path("congresses/<int:pk>/recompute/", views.recompute, name="recompute"),
    path("congresses/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/attendance/<int:attendance_pk>/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("meetings/<int:pk>/materials/<int:material_pk>/", views.material, name="material"),
    path("shuzhi/", views.VoterReportListView.as_view(), name="voter_reports"),
    path("shuzhi/<int:pk>/", views.voter_report_detail, name="voter_report_detail"),
    path("shuzhi/<int:pk>/rate/", views.voter_report_rate, name="voter_report_rate"),
    path("shuzhi/<int:pk>/codes/", views.voter_report_codes, name="voter_report_codes"),
]
