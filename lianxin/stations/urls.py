from django.urls import path

from lianxin.stations import imports, office_views, qrcodes, views

app_name = "stations"
urlpatterns = [
    path("", views.StationListView.as_view(), name="list"),
    path("new/", views.StationCreateView.as_view(), name="create"),
    path("import/", imports.StationImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.StationImportView.template_view(), name="import_template"),
    path("<int:pk>/", views.StationDetailView.as_view(), name="detail"),
    path("<int:pk>/qr.png", qrcodes.station_qr, {"kind": "png"}, name="qr_png"),
    path("<int:pk>/qr.svg", qrcodes.station_qr, {"kind": "svg"}, name="qr_svg"),
    path("<int:pk>/edit/", views.StationEditView.as_view(), name="edit"),
    # 接待排班
    path("rota/", office_views.ReceptionDayListView.as_view(), name="days"),
    path("rota/new/", office_views.ReceptionDayCreateView.as_view(), name="day_create"),
    path("rota/plan/", office_views.plan, name="day_plan"),
    path("rota/<int:pk>/", office_views.ReceptionDayDetailView.as_view(), name="day_detail"),
    path("rota/<int:pk>/edit/", office_views.ReceptionDayEditView.as_view(), name="day_edit"),
    path("rota/<int:pk>/attendance/", office_views.attendance, name="day_attendance"),
    # 选民接待
    path("receptions/", office_views.ReceptionListView.as_view(), name="receptions"),
    path("receptions/new/", office_views.ReceptionCreateView.as_view(), name="reception_create"),
    path("receptions/<int:pk>/", office_views.ReceptionDetailView.as_view(), name="reception_detail"),
    # 代表活动
    path("activities/", office_views.ActivityListView.as_view(), name="activities"),
    path("activities/new/", office_views.ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", office_views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", office_views.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/photos/<int:photo_pk>/", office_views.activity_photo, name="activity_photo"),
    # 统计与台账
    path("statistics/", office_views.statistics, name="statistics"),
    path("ledgers/duty.xlsx", office_views.duty_ledger, name="duty_ledger"),
]
