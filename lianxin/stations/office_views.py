"""Office screens of a station's work: the 接待 rota, the reception log, activities, ledgers."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.accounts.permissions import scope_paths
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_regions
from lianxin.spreadsheets.export import xlsx_response
from lianxin.stations import access, services
from lianxin.stations import statistics as figures_of
from lianxin.stations.models import Activity, ActivityPhoto, Reception, ReceptionDay
from lianxin.stations.office_forms import (
    ActivityForm,
    AttendanceForm,
    DateInput,
    PlanForm,
    ReceptionDayForm,
    ReceptionForm,
)
from lianxin.workbench.rendering import style_widgets


def _names(deputies) -> str:
    return "、".join(deputy.name for deputy in deputies)


class StationWorkFilterForm(forms.Form):
    region = RegionChoiceField(label=gettext_lazy("区域"), queryset=Region.objects.none(), required=False)
    start = forms.DateField(label=gettext_lazy("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW)
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


def _region(queryset, region):
    return within_region(queryset, region, "station__region__path")


# ---------------------------------------------------------------- 接待排班


class ReceptionDayListView(ScopedListView):
    model = ReceptionDay
    view_permission = access.VIEW
    path_field = "station__region__path"
    title = gettext_lazy("接待排班")
    columns = [
        Column(gettext_lazy("接待日期"), lambda d: f"{d.date:%Y-%m-%d}"),
        Column(gettext_lazy("履职阵地"), "station.name"),
        Column(gettext_lazy("接待时间"), "hours"),
        Column(gettext_lazy("值班代表"), lambda d: _names(d.on_duty.all())),
        Column(gettext_lazy("到站代表"), lambda d: _names(d.present.all())),
        Column(gettext_lazy("接待人次"), "reception_count"),
    ]
    search_fields = ["station__name", "on_duty__name"]
    filter_form_class = StationWorkFilterForm
    filters = {
        "region": _region,
        "start": "date__gte",
        "end": "date__lte",
    }
    select_related = ("station",)
    prefetch_related = ("on_duty", "present")
    ordering = ("-date", "station__name", "pk")
    detail_url_name = "stations:day_detail"
    create_url_name = "stations:day_create"
    create_permission = access.MANAGE_ROTA
    export_permission = access.EXPORT_LEDGER
    export_filename = "接待排班"

    def base_queryset(self):
        return ReceptionDay.objects.annotate(reception_count=Count("receptions"))


class ReceptionDayDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = access.MANAGE_ROTA
    template_name = "stations/day_detail.html"
    list_url_name = "stations:days"
    list_title = gettext_lazy("接待排班")
    edit_url_name = "stations:day_edit"

    def get_object(self, pk):
        return access.day_for(self.request.user, pk)

    def facts(self, day):
        return [
            (_("履职阵地"), day.station.name),
            (_("接待日期"), f"{day.date:%Y-%m-%d}"),
            (_("接待时间"), day.hours),
            (_("接待地点"), day.where()),
            (_("值班代表"), _names(day.on_duty.all())),
            (_("到站代表"), _names(day.present.all())),
            (_("备注"), day.note),
        ]

    def extra_context(self, day):
        user = self.request.user
        may_manage = user.has_perm(access.MANAGE_ROTA, day)
        return {
            "receptions": day.receptions.select_related("deputy", "opinion")
            if user.has_perm(access.VIEW_RECEPTION, day)
            else None,
            "attendance_form": AttendanceForm(day=day)
            if may_manage and day.date <= timezone.localdate()
            else None,
            "may_log": user.has_perm(access.LOG_RECEPTION, day.station) and day.date <= timezone.localdate(),
        }


class ReceptionDayCreateView(RecordFormView):
    permission_name = access.MANAGE_ROTA
    form_class = ReceptionDayForm
    title = gettext_lazy("安排接待日")

    def get_form(self, obj):
        form = super().get_form(obj)
        if obj is None and not form.is_bound and self.request.GET.get("station"):
            form.initial["station"] = self.request.GET["station"]
        return form

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("stations:days")

    def save(self, form, actor, obj):
        return services.day_create(actor=actor, station=form.cleaned_data["station"], **form.values())


class ReceptionDayEditView(ReceptionDayCreateView):
    def get_object(self):
        return access.day_for(self.request.user, self.kwargs["pk"], action=access.MANAGE_ROTA)

    def get_title(self, obj):
        return _("修改接待日：%(day)s") % {"day": obj}

    def save(self, form, actor, obj):
        return services.day_update(actor=actor, day=obj, **form.values())


@permission(access.MANAGE_ROTA)
def plan(request):
    """按月排班 from the station's 接待日 rule."""
    form = PlanForm(request.POST or None, user=request.user, initial={"station": request.GET.get("station")})
    if request.method == "POST" and form.is_valid():
        station = form.cleaned_data["station"]
        try:
            made = services.plan_days(
                actor=Actor.from_request(request),
                station=station,
                months=form.cleaned_data["months"],
                per_day=form.cleaned_data["per_day"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if made:
                messages.success(
                    request,
                    _("已排 %(n)d 个接待日：%(dates)s。")
                    % {"n": len(made), "dates": "、".join(f"{d.date:%Y-%m-%d}" for d in made)},
                )
            else:
                messages.info(request, _("这段时间的接待日都已排好，没有新增。"))
            return redirect(f"{reverse('stations:days')}?q={station.name}")
    if form.errors:
        messages.error(request, _("请根据提示修改后再保存，未保存任何内容。"))
    return render(
        request,
        "backoffice/form.html",
        {"form": form, "title": _("按月排班"), "cancel_url": reverse("stations:days")},
    )


@permission(access.MANAGE_ROTA)
def attendance(request, pk):
    day = access.day_for(request.user, pk, action=access.MANAGE_ROTA)
    if request.method != "POST":
        return redirect(day.get_absolute_url())
    form = AttendanceForm(request.POST, day=day)
    if form.is_valid():
        try:
            services.record_attendance(
                actor=Actor.from_request(request), day=day, present=form.cleaned_data["present"]
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已登记到站代表。"))
    else:
        messages.error(request, _("请重新选择到站代表，未保存任何内容。"))
    return redirect(day.get_absolute_url())


# ---------------------------------------------------------------- 选民接待


def _opinion_state(reception: Reception) -> str:
    opinion = reception.opinion
    if opinion.case is not None:
        return opinion.case.state_label()
    return opinion.get_status_display()


class ReceptionListView(ScopedListView):
    """选民接待台账: every visitor's matter, exported as the ledger with the same filters."""

    model = Reception
    view_permission = access.VIEW_RECEPTION
    path_field = "station__region__path"
    title = gettext_lazy("选民接待")
    columns = [
        Column(gettext_lazy("反映事项"), "opinion.title"),
        Column(gettext_lazy("接待日期"), lambda r: f"{r.received_on:%Y-%m-%d}"),
        Column(gettext_lazy("履职阵地"), "station.name"),
        Column(gettext_lazy("接待代表"), "deputy.name"),
        # Exports and lists show the phone masked (PersonalValue prints 138****1234).
        Column(gettext_lazy("群众手机号"), lambda r: str(r.opinion.submitter_phone or "")),
        Column(gettext_lazy("分类"), "opinion.category.name"),
        Column(gettext_lazy("处理结果"), "get_outcome_display"),
        Column(gettext_lazy("办理状态"), _opinion_state),
        Column(gettext_lazy("查询码"), "opinion.tracking_code"),
        Column(gettext_lazy("登记人"), "logged_by.name"),
    ]
    search_fields = ["opinion__title", "station__name", "deputy__name"]
    filter_form_class = StationWorkFilterForm
    filters = {"region": _region, "start": "received_on__gte", "end": "received_on__lte"}
    select_related = ("station", "deputy", "opinion__category", "opinion__case", "logged_by")
    detail_url_name = "stations:reception_detail"
    create_url_name = "stations:reception_create"
    create_permission = access.LOG_RECEPTION
    export_permission = access.EXPORT_LEDGER
    export_filename = "选民接待台账"

    def base_queryset(self):
        return Reception.objects.filter(
            access.station_filter(self.request.user, self.view_permission, "station")
        )


class ReceptionDetailView(RecordDetailView):
    view_permission = access.VIEW_RECEPTION
    template_name = "stations/reception_detail.html"
    list_url_name = "stations:receptions"
    list_title = gettext_lazy("选民接待")

    def get_object(self, pk):
        return access.reception_for(self.request.user, pk)

    def facts(self, reception):
        opinion = reception.opinion
        return [
            (_("履职阵地"), reception.station.name),
            (_("接待日期"), f"{reception.received_on:%Y-%m-%d}"),
            (_("接待日"), str(reception.day) if reception.day else _("非排班接待")),
            (_("接待代表"), reception.deputy.name if reception.deputy else ""),
            (_("处理结果"), reception.get_outcome_display()),
            (_("办理状态"), _opinion_state(reception)),
            (_("查询码"), opinion.tracking_code),
            (_("登记人"), reception.logged_by.name),
        ]


class ReceptionCreateView(RecordFormView):
    permission_name = access.LOG_RECEPTION
    form_class = ReceptionForm
    title = gettext_lazy("接待登记")
    success_message = gettext_lazy("已登记，群众反映的事项已进入民意直通车。")

    def get_form(self, obj):
        form = super().get_form(obj)
        if not form.is_bound and self.request.GET.get("day"):
            # Only a day the form offers (the user's stations): never another station's date.
            day = form.fields["day"].queryset.filter(pk=self.request.GET["day"]).first()
            if day is not None:
                form.initial.update(day=day.pk, station=day.station_id, received_on=day.date)
        return form

    def cancel_url(self, obj):
        return reverse("stations:receptions")

    def save(self, form, actor, obj):
        values = form.values()
        return services.log_reception(actor=actor, **values)


# ---------------------------------------------------------------- 代表活动


class ActivityListView(ScopedListView):
    """代表活动台账."""

    model = Activity
    view_permission = access.VIEW
    path_field = "station__region__path"
    title = gettext_lazy("代表活动")
    columns = [
        Column(gettext_lazy("活动主题"), "title"),
        Column(gettext_lazy("活动日期"), lambda a: f"{a.held_on:%Y-%m-%d}"),
        Column(gettext_lazy("履职阵地"), "station.name"),
        Column(gettext_lazy("活动类型"), "get_kind_display"),
        Column(gettext_lazy("活动地点"), "place"),
        Column(gettext_lazy("参加代表"), lambda a: _names(a.deputies.all())),
        Column(gettext_lazy("参加代表人数"), lambda a: len(a.deputies.all())),
        Column(gettext_lazy("参加群众人数"), "attendance"),
        Column(gettext_lazy("照片"), lambda a: len(a.photos.all())),
        Column(gettext_lazy("活动纪要"), "minutes"),
    ]
    search_fields = ["title", "station__name", "minutes"]
    filter_form_class = StationWorkFilterForm
    filters = {"region": _region, "start": "held_on__gte", "end": "held_on__lte"}
    select_related = ("station",)
    prefetch_related = ("deputies", "photos")
    detail_url_name = "stations:activity_detail"
    create_url_name = "stations:activity_create"
    create_permission = access.MANAGE_ACTIVITY
    export_permission = access.EXPORT_LEDGER
    export_filename = "代表活动台账"


class ActivityDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = access.MANAGE_ACTIVITY
    template_name = "stations/activity_detail.html"
    list_url_name = "stations:activities"
    list_title = gettext_lazy("代表活动")
    edit_url_name = "stations:activity_edit"

    def get_object(self, pk):
        return access.activity_for(self.request.user, pk)

    def facts(self, activity):
        return [
            (_("履职阵地"), activity.station.name),
            (_("活动类型"), activity.get_kind_display()),
            (_("活动日期"), f"{activity.held_on:%Y-%m-%d}"),
            (_("活动地点"), activity.place),
            (_("参加代表"), _names(activity.deputies.all())),
            (_("参加群众人数"), activity.attendance),
            (_("公开展示"), _("是") if activity.is_public else _("否")),
            (_("登记人"), activity.created_by.name),
        ]

    def extra_context(self, activity):
        return {"photos": activity.photos.all()}


class ActivityCreateView(RecordFormView):
    permission_name = access.MANAGE_ACTIVITY
    form_class = ActivityForm
    title = gettext_lazy("登记代表活动")

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("stations:activities")

    def save(self, form, actor, obj):
        return services.activity_create(
            actor=actor,
            station=form.cleaned_data["station"],
            values=form.values(),
            photos=form.cleaned_data["photos"],
        )


class ActivityEditView(ActivityCreateView):
    def get_object(self):
        return access.activity_for(self.request.user, self.kwargs["pk"], action=access.MANAGE_ACTIVITY)

    def get_title(self, obj):
        return _("修改代表活动：%(title)s") % {"title": obj.title}

    def save(self, form, actor, obj):
        return services.activity_update(
            actor=actor, activity=obj, values=form.values(), photos=form.cleaned_data["photos"]
        )


def photo_response(photo: ActivityPhoto) -> FileResponse:
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission(access.VIEW)
def activity_photo(request, pk, photo_pk):
    activity = access.activity_for(request.user, pk)
    photo = activity.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return photo_response(photo)


def period_of(form) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    return start, end


# ---------------------------------------------------------------- 统计与台账


class StatisticsForm(forms.Form):
    region = RegionChoiceField(label=gettext_lazy("区域"), queryset=Region.objects.none(), required=False)
    start = forms.DateField(label=gettext_lazy("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW_STATISTICS)
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return cleaned


def _statistics_scope(request):
    form = StatisticsForm(request.GET or None, user=request.user)
    stations = access.stations_for(request.user, access.VIEW_STATISTICS)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    if region is not None:
        stations = stations.filter(region__path__startswith=region.path)
    else:
        # Rolled up below the top of the user's scope (a county's townships, say), not the province.
        roots = scope_paths(request.user, access.VIEW_STATISTICS)
        region = Region.objects.filter(path=roots[0]).first() if len(roots) == 1 else None
    return form, stations.order_by("region__path", "name"), region, period_of(form)


STATION_HEADERS = [
    gettext_lazy("履职阵地"),
    gettext_lazy("进站代表"),
    gettext_lazy("到站代表"),
    gettext_lazy("进站率"),
    gettext_lazy("接待日"),
    gettext_lazy("接待群众"),
    gettext_lazy("代表活动"),
    gettext_lazy("收集意见"),
    gettext_lazy("已答复"),
    gettext_lazy("答复率"),
    gettext_lazy("按期答复率"),
]


def _figure_cells(figures) -> list:
    return [
        figures.label,
        figures.deputies,
        figures.deputies_came,
        figures.attendance_rate,
        figures.days,
        figures.visitors,
        figures.activities,
        figures.opinions,
        figures.answered,
        figures.answered_share,
        figures.on_time_share,
    ]


@permission(access.VIEW_STATISTICS)
def statistics(request):
    form, stations, region, (start, end) = _statistics_scope(request)
    rows = figures_of.station_figures(stations, start, end)
    if request.GET.get("format") == "xlsx" and request.user.has_perm(access.EXPORT_LEDGER):
        return xlsx_response(
            _("阵地统计"),
            _("阵地统计"),
            [str(h) for h in STATION_HEADERS],
            (_figure_cells(figures) for _station, figures in rows),
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "stations/statistics.html",
        {
            "title": _("阵地统计"),
            "form": form,
            "start": start,
            "end": end,
            "headers": STATION_HEADERS,
            "region_rows": [_figure_cells(f) for f in figures_of.region_figures(rows, region)],
            "station_rows": [(station, _figure_cells(figures)) for station, figures in rows],
            "querystring": query.urlencode(),
            "can_export": request.user.has_perm(access.EXPORT_LEDGER),
        },
    )


DUTY_HEADERS = [
    gettext_lazy("代表"),
    gettext_lazy("所在区域"),
    gettext_lazy("进驻阵地"),
    gettext_lazy("排班次数"),
    gettext_lazy("到站次数"),
    gettext_lazy("接待群众人次"),
    gettext_lazy("参加活动次数"),
    gettext_lazy("收到意见"),
]


@permission(access.EXPORT_LEDGER)
def duty_ledger(request):
    """履职情况台账 (at stations): what each stationed deputy did there in the period."""
    _form, stations, _region, (start, end) = _statistics_scope(request)
    return xlsx_response(
        _("代表进站履职情况台账"),
        _("履职情况"),
        [str(h) for h in DUTY_HEADERS],
        figures_of.deputy_duty_rows(stations, start, end),
    )
