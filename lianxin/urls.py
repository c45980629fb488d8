from django.urls import include, path

urlpatterns = [
    path("", include("lianxin.workbench.urls")),
    path("accounts/", include("lianxin.accounts.urls")),
    path("privacy/", include("lianxin.privacy.urls")),
    path("yijian/", include("lianxin.opinions.public_urls")),
    path("huiyinbi/", include("lianxin.opinions.wall_urls")),
    path("jianyi/", include("lianxin.suggestions.public_urls")),
    path("daibiao/", include("lianxin.duty.public_urls")),
    path("zhandian/", include("lianxin.stations.public_urls")),
    path("xingji/", include("lianxin.stationrating.public_urls")),
    path("yunjiedai/", include("lianxin.onlinestation.public_urls")),
    path("inbox/", include("lianxin.notifications.urls")),
    path("office/opinions/", include("lianxin.opinions.office_urls")),
    path("office/huiyinbi/", include("lianxin.opinions.wall_office_urls")),
    path("office/analysis/", include("lianxin.analysis.urls")),
    path("office/suggestions/", include("lianxin.suggestions.urls")),
    path("office/cases/", include("lianxin.casework.urls")),
    path("office/documents/", include("lianxin.documents.urls")),
    path("office/deputies/", include("lianxin.deputies.urls")),
    path("office/duty/", include("lianxin.duty.office_urls")),
    path("office/stations/", include("lianxin.stations.urls")),
    path("office/stationrating/", include("lianxin.stationrating.urls")),
    path("office/online/", include("lianxin.onlinestation.urls")),
    path("office/units/", include("lianxin.units.urls")),
    path("office/congresses/", include("lianxin.congresses.urls")),
    path("office/regions/", include("lianxin.regions.urls")),
    path("office/users/", include("lianxin.accounts.office_urls")),
    path("office/calendar/", include("lianxin.calendar.urls")),
    path("office/audit/", include("lianxin.audit.urls")),
    path("office/routing/", include("lianxin.routing.urls")),
]

handler400 = "lianxin.workbench.errors.bad_request"
handler403 = "lianxin.workbench.errors.permission_denied"
handler404 = "lianxin.workbench.errors.page_not_found"
handler500 = "lianxin.workbench.errors.server_error"
