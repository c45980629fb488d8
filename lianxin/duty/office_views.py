"""Office screens of the duty record (/office/duty/): review of self-reports, each deputy's
record and calendar, the points rules and rankings, meetings and trainings, 述职."""

import calendar
import datetime
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.access import in_scope
from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.duty import access, scoring, services
from lianxin.duty.access import REVIEW, SUBMIT, VIEW
from lianxin.duty.forms import (
    AttendanceForm,
    CongressYearForm,
    InviteForm,
    MaterialForm,
    MeetingForm,
    PhotoForm,
    PointRuleForm,
    PublishForm,
    ReturnForm,
    SelfReportForm,
    VoteCodesForm,
    VoterRatingForm,
    VoterReportFilterForm,
    VoterReportForm,
)
from lianxin.duty.models import (
    Kind,
    Meeting,
    PointComputation,
    PointRule,
    PointTotal,
    Publication,
    SelfReport,
    VoterReport,
)

COMPUTE = "duty.compute_points"
PUBLISH = "duty.publish_points"
CHANGE_RULE = "duty.change_rule"
CHANGE_MEETING = "duty.change_meeting"
ENTER_VOTER_REPORT = "duty.enter_voter_report"
CHANGE_PHOTO = "duty.change_photo"


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _file_response(item):
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- review of self-reports


@permission(VIEW)
def reports(request):
    status = request.GET.get("status", SelfReport.Status.SUBMITTED)
    queryset = in_scope(
        SelfReport.objects.select_related("deputy", "deputy__region"),
        request.user,
        view=VIEW,
        path_field="deputy__region__path",
    )
    if status in SelfReport.Status.values:
        queryset = queryset.filter(status=status)
    queryset = queryset.annotate(evidence_count=Count("evidence")).order_by("-submitted_at", "-pk")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "duty/office/reports.html",
        {
            "page": page,
            "status": status,
            "statuses": SelfReport.Status.choices,
            "can_review": request.user.has_perm(REVIEW),
        },
    )


@require_POST
@permission(REVIEW)
def reports_batch(request):
    """批量审核: approve every ticked report, or none if any of them cannot be approved."""
    picked = [pk for pk in request.POST.getlist("report") if pk.isdigit()]
    chosen = [access.self_report_for(request.user, pk, action=REVIEW) for pk in picked]
    try:
        approved = services.approve_self_reports(actor=Actor.from_request(request), reports=chosen)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已审核通过 %(n)d 项填报。") % {"n": len(approved)})
    return redirect(reverse("duty:reports") + "?status=submitted")


@permission(VIEW)
def report_detail(request, pk):
    report = access.self_report_for(request.user, pk)
    return _report_page(request, report, ReturnForm())


def _report_page(request, report, return_form, status=200):
    return render(
        request,
        "duty/office/report_detail.html",
        {
            "report": report,
            "evidence": report.evidence.all(),
            "can_review": report.status == SelfReport.Status.SUBMITTED
            and request.user.has_perm(REVIEW, report),
            "return_form": return_form,
            "timeline": timeline_entries(report),
        },
        status=status,
    )


@require_POST
@permission(REVIEW)
def report_approve(request, pk):
    report = access.self_report_for(request.user, pk, action=REVIEW)
    try:
        services.approve_self_reports(actor=Actor.from_request(request), reports=[report])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已审核通过，计入代表履职档案。"))
    return redirect(report.get_absolute_url())


@require_POST
@permission(REVIEW)
def report_return(request, pk):
    report = access.self_report_for(request.user, pk, action=REVIEW)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_self_report(
                actor=Actor.from_request(request), report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已退回，代表会看到退回理由。"))
            return redirect(report.get_absolute_url())
    messages.error(request, _("未退回，请根据提示修改。"))
    return _report_page(request, report, form)


@permission(VIEW)
def evidence(request, pk, evidence_pk):
    report = access.self_report_for(request.user, pk)
    return _file_response(get_object_or_404(report.evidence, pk=evidence_pk))


# ---------------------------------------------------------------- a deputy's own reports


@permission(SUBMIT)
def mine(request):
    deputy = access.own_deputy(request.user)
    year = timezone.localdate().year
    return render(
        request,
        "duty/office/mine.html",
        {
            "deputy": deputy,
            "reports": deputy.self_reports.annotate(evidence_count=Count("evidence"))[:100],
            "activities": deputy.duty_activities.filter(year=year)[:200],
            "year": year,
            "totals": PointTotal.objects.filter(deputy=deputy, year=year).select_related("congress"),
        },
    )


@permission(SUBMIT)
def mine_new(request):
    deputy = access.own_deputy(request.user)
    form = SelfReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
            try:
                services.submit_self_report(
                    actor=Actor.from_request(request),
                    deputy=deputy,
                    values=values,
                    files=form.cleaned_data["evidence"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("已提交，等待人大常委会工作人员审核。"))
                return redirect("duty:mine")
        messages.error(request, _("请根据提示修改后再提交，未保存任何内容。"))
    return render(
        request,
        "backoffice/form.html",
        {"form": form, "title": _("填报履职活动"), "cancel_url": reverse("duty:mine")},
    )


@permission(SUBMIT)
def mine_evidence(request, pk, evidence_pk):
    report = access.own_self_report(request.user, pk)
    return _file_response(get_object_or_404(report.evidence, pk=evidence_pk))


# ---------------------------------------------------------------- a deputy's duty record


def _year(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def activity_calendar(activities, year: int) -> list[dict]:
    """Twelve months, each a list of weeks of days with that day's activities (the record's 日历)."""
    by_day: dict[datetime.date, list] = {}
    for activity in activities:
        by_day.setdefault(activity.occurred_on, []).append(activity)
    months = []
    for month in range(1, 13):
        weeks = [
            [{"day": day, "activities": by_day.get(day, []), "in_month": day.month == month} for day in week]
            for week in calendar.Calendar().monthdatescalendar(year, month)
        ]
        count = sum(len(v) for d, v in by_day.items() if d.month == month)
        months.append({"month": month, "weeks": weeks, "count": count})
    return months


def term_counts(deputy) -> list[dict]:
    """What the deputy did in each term they hold a seat in, by kind (the record per term)."""
    labels = dict(Kind.choices)
    terms = []
    for seat in deputy.seats.select_related("term__congress").order_by("term__start_date"):
        term = seat.term
        within = deputy.duty_activities.filter(occurred_on__gte=term.start_date)
        if term.end_date:
            within = within.filter(occurred_on__lte=term.end_date)
        counts = within.values("kind").annotate(n=Count("pk")).order_by("kind")
        terms.append({"term": term, "counts": [(labels.get(c["kind"], c["kind"]), c["n"]) for c in counts]})
    return terms


@permission(VIEW)
def record(request, pk):
    return _record_page(request, access.deputy_for(request.user, pk))


def _record_page(request, deputy, *, photo_form=None, status=200):
    year = _year(request)
    activities = list(deputy.duty_activities.filter(year=year).order_by("occurred_on", "pk"))
    counts = Counter(a.kind for a in activities)
    return render(
        request,
        "duty/office/record.html",
        {
            "deputy": deputy,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "counts": [(label, counts[value]) for value, label in Kind.choices if counts[value]],
            "terms": term_counts(deputy),
            "activities": activities,
            "months": activity_calendar(activities, year),
            "totals": PointTotal.objects.filter(deputy=deputy, year=year).select_related(
                "congress", "delegation", "group"
            ),
            "voter_reports": deputy.voter_reports.all(),
            "can_enter_voter_report": request.user.has_perm(ENTER_VOTER_REPORT, deputy),
            "can_change_photo": request.user.has_perm(CHANGE_PHOTO, deputy),
            "photo_form": photo_form or PhotoForm(),
        },
        status=status,
    )


@require_POST
@permission(CHANGE_PHOTO)
def photo_upload(request, pk):
    deputy = access.deputy_for(request.user, pk)
    if not request.user.has_perm(CHANGE_PHOTO, deputy):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_set(
                actor=Actor.from_request(request), deputy=deputy, upload=form.cleaned_data["photo"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("照片已更新，公开主页上即可看到。"))
            return redirect("duty:record", pk=deputy.pk)
    messages.error(request, _("照片未更新，请根据提示修改。"))
    return _record_page(request, deputy, photo_form=form)


# ---------------------------------------------------------------- points


def _congress_and_year(request, permission_name=VIEW):
    form = CongressYearForm(request.GET or None, user=request.user, permission=permission_name)
    congresses = form.fields["congress"].queryset
    congress = None
    if form.is_valid():
        congress = form.cleaned_data.get("congress")
    if congress is None:
        congress = congresses.order_by("region__level", "region__path").first()
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    form.initial = {"congress": congress.pk if congress else None, "year": year}
    return form, congress, year


@permission(VIEW)
def points(request):
    form, congress, year = _congress_and_year(request)
    context = {"form": form, "congress": congress, "year": year}
    if congress is not None:
        computation = (
            PointComputation.objects.filter(congress=congress, year=year)
            .select_related("computed_by")
            .first()
        )
        totals = PointTotal.objects.filter(congress=congress, year=year).select_related(
            "deputy", "delegation", "group"
        )
        context.update(
            {
                "rules": PointRule.objects.filter(congress=congress).order_by("kind"),
                "computation": computation,
                "stale": scoring.stale_reason(congress=congress, year=year, computation=computation),
                "page": Paginator(totals, 50).get_page(request.GET.get("page")),
                "querystring": f"congress={congress.pk}&year={year}",
                "publications": Publication.objects.filter(congress=congress).order_by("-year", "-quarter")[
                    :8
                ],
                "publish_form": PublishForm(initial={"quarter": services.quarter_of(timezone.localdate())}),
                "can_change_rules": request.user.has_perm(CHANGE_RULE, congress),
                "can_compute": request.user.has_perm(COMPUTE, congress),
                "can_publish": request.user.has_perm(PUBLISH, congress),
            }
        )
    return render(request, "duty/office/points.html", context)


def _points_url(congress, year) -> str:
    return reverse("duty:points") + f"?congress={congress.pk}&year={year}"


def _posted_year(request) -> int | None:
    value = request.POST.get("year", "")
    if not value.isdigit() or not 2000 <= int(value) <= timezone.localdate().year:
        messages.error(request, _("年度不正确：只能计算或公布今年和以前的积分。"))
        return None
    return int(value)


@require_POST
@permission(COMPUTE)
def recompute(request, pk):
    congress = access.congress_for(request.user, pk, action=COMPUTE)
    year = _posted_year(request)
    if year is None:
        return redirect(_points_url(congress, timezone.localdate().year))
    try:
        computation = services.recompute_points(
            actor=Actor.from_request(request), congress=congress, year=year
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已重新计算 %(n)d 位代表的积分和排名。") % {"n": computation.deputies})
    return redirect(_points_url(congress, year))


@require_POST
@permission(PUBLISH)
def publish(request, pk):
    congress = access.congress_for(request.user, pk, action=PUBLISH)
    year = _posted_year(request)
    if year is None:
        return redirect(_points_url(congress, timezone.localdate().year))
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择季度。"))
        return redirect(_points_url(congress, year))
    try:
        services.publish_points(
            actor=Actor.from_request(request),
            congress=congress,
            year=year,
            quarter=form.cleaned_data["quarter"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已公布，群众可以在代表履职积分公示页看到。"))
    return redirect(_points_url(congress, year))


class RuleCreateView(RecordFormView):
    permission_name = CHANGE_RULE
    form_class = PointRuleForm
    title = _("新增积分规则")

    def dispatch(self, request, *args, pk, **kwargs):
        self.congress = access.congress_for(request.user, pk, action=CHANGE_RULE)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, obj):
        return self.form_class(self.request.POST or None, congress=self.congress)

    def cancel_url(self, obj) -> str:
        return _points_url(self.congress, timezone.localdate().year)

    def save(self, form, actor, obj):
        return services.rule_create(actor=actor, congress=self.congress, values=form.cleaned_data)


class RuleEditView(RecordFormView):
    permission_name = CHANGE_RULE
    form_class = PointRuleForm
    title = _("修改积分规则")

    def get_object(self):
        rule = get_object_or_404(PointRule.objects.select_related("congress__region"), pk=self.kwargs["pk"])
        access.congress_for(self.request.user, rule.congress_id, action=CHANGE_RULE)
        return rule

    def get_form(self, obj):
        return self.form_class(self.request.POST or None, instance=obj)

    def save(self, form, actor, obj):
        return services.rule_update(actor=actor, rule=obj, values=form.cleaned_data)


# ---------------------------------------------------------------- meetings and trainings


@permission(VIEW)
def meetings(request):
    queryset = in_scope(
        Meeting.objects.select_related("congress")
        .annotate(people=Count("attendances"))
        .order_by("-held_on", "-pk"),
        request.user,
        view=VIEW,
        path_field="congress__region__path",
    )
    kind = request.GET.get("type", "")
    if kind in Meeting.Type.values:
        queryset = queryset.filter(type=kind)
    return render(
        request,
        "duty/office/meetings.html",
        {
            "page": Paginator(queryset, 50).get_page(request.GET.get("page")),
            "types": Meeting.Type.choices,
            "type": kind,
            "can_create": request.user.has_perm(CHANGE_MEETING),
        },
    )


class MeetingCreateView(RecordFormView):
    permission_name = CHANGE_MEETING
    form_class = MeetingForm
    title = _("新增会议或培训")

    def get_form(self, obj):
        return self.form_class(self.request.POST or None, user=self.request.user)

    def save(self, form, actor, obj):
        return services.meeting_create(actor=actor, values=form.cleaned_data)


def _meeting_page(request, meeting, *, invite_form=None, material_form=None, status=200):
    can_change = request.user.has_perm(CHANGE_MEETING, meeting)
    return render(
        request,
        "duty/office/meeting_detail.html",
        {
            "meeting": meeting,
            "attendances": meeting.attendances.select_related("deputy"),
            "summary": sorted(Counter(a.get_status_display() for a in meeting.attendances.all()).items()),
            "materials": meeting.materials.all(),
            "can_change": can_change,
            "invite_form": invite_form
            or InviteForm(meeting=meeting, initial={"role": services._DEFAULT_ROLE[meeting.type]}),
            "material_form": material_form or MaterialForm(),
            "attendance_form": AttendanceForm(),
            "timeline": timeline_entries(meeting),
        },
        status=status,
    )


@permission(VIEW)
def meeting_detail(request, pk):
    return _meeting_page(request, access.meeting_for(request.user, pk))


@require_POST
@permission(CHANGE_MEETING)
def meeting_invite(request, pk):
    meeting = access.meeting_for(request.user, pk, action=CHANGE_MEETING)
    form = InviteForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            count = services.invite(
                actor=Actor.from_request(request),
                meeting=meeting,
                deputies=form.cleaned_data["deputies"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已加入 %(n)d 位代表。") % {"n": count})
            return redirect(meeting.get_absolute_url())
    messages.error(request, _("未加入任何代表，请根据提示修改。"))
    return _meeting_page(request, meeting, invite_form=form)


@require_POST
@permission(CHANGE_MEETING)
def attendance(request, pk, attendance_pk):
    meeting = access.meeting_for(request.user, pk, action=CHANGE_MEETING)
    row = get_object_or_404(meeting.attendances, pk=attendance_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择签到、请假或缺席。"))
        return redirect(meeting.get_absolute_url())
    try:
        services.record_attendance(
            actor=Actor.from_request(request),
            attendance=row,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已登记%(name)s的出勤。") % {"name": row.deputy.name})
    return redirect(meeting.get_absolute_url())


@require_POST
@permission(CHANGE_MEETING)
def meeting_close(request, pk):
    meeting = access.meeting_for(request.user, pk, action=CHANGE_MEETING)
    try:
        count = services.close_sign_in(actor=Actor.from_request(request), meeting=meeting)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("签到已结束，%(n)d 位未签到且未请假的代表记为缺席。") % {"n": count})
    return redirect(meeting.get_absolute_url())


@require_POST
@permission(CHANGE_MEETING)
def material_upload(request, pk):
    meeting = access.meeting_for(request.user, pk, action=CHANGE_MEETING)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                actor=Actor.from_request(request), meeting=meeting, files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("材料已上传。"))
            return redirect(meeting.get_absolute_url())
    messages.error(request, _("未上传任何材料，请根据提示修改。"))
    return _meeting_page(request, meeting, material_form=form)


@permission(VIEW)
def material(request, pk, material_pk):
    meeting = access.meeting_for(request.user, pk)
    return _file_response(get_object_or_404(meeting.materials, pk=material_pk))


# ---------------------------------------------------------------- 述职


class VoterReportCreateView(RecordFormView):
    permission_name = ENTER_VOTER_REPORT
    form_class = VoterReportForm
    title = _("登记代表述职")

    def dispatch(self, request, *args, pk, **kwargs):
        self.deputy = access.deputy_for(request.user, pk)
        if not request.user.has_perm(ENTER_VOTER_REPORT, self.deputy):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_title(self, obj) -> str:
        return _("登记%(name)s代表的述职") % {"name": self.deputy.name}

    def cancel_url(self, obj) -> str:
        return reverse("duty:record", args=[self.deputy.pk])

    def save(self, form, actor, obj):
        return services.voter_report_create(actor=actor, deputy=self.deputy, values=form.cleaned_data)


def _voter_report_page(request, report, *, rating_form=None, codes_form=None, fresh_codes=(), status=200):
    can_enter = request.user.has_perm(ENTER_VOTER_REPORT, report)
    return render(
        request,
        "duty/office/voter_report.html",
        {
            "report": report,
            "can_enter": can_enter,
            "rating_form": rating_form or VoterRatingForm(instance=report),
            "codes_form": codes_form or VoteCodesForm(),
            "codes_issued": report.codes.count(),
            "codes_used": report.codes.filter(used_at__isnull=False).count(),
            "fresh_codes": fresh_codes,
            "timeline": timeline_entries(report),
        },
        status=status,
    )


@permission(VIEW)
def voter_report_detail(request, pk):
    return _voter_report_page(request, access.voter_report_for(request.user, pk))


@require_POST
@permission(ENTER_VOTER_REPORT)
def voter_report_rate(request, pk):
    report = access.voter_report_for(request.user, pk, action=ENTER_VOTER_REPORT)
    form = VoterRatingForm(request.POST, instance=VoterReport.objects.get(pk=report.pk))
    if form.is_valid():
        try:
            services.voter_report_rate(
                actor=Actor.from_request(request),
                report=report,
                values={k: form.cleaned_data[k] for k in ("satisfied", "basically", "unsatisfied")},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("评议结果已保存。"))
            return redirect(report.get_absolute_url())
    messages.error(request, _("评议结果未保存，请根据提示修改。"))
    return _voter_report_page(request, report, rating_form=form)


@require_POST
@permission(ENTER_VOTER_REPORT)
def voter_report_codes(request, pk):
    report = access.voter_report_for(request.user, pk, action=ENTER_VOTER_REPORT)
    form = VoteCodesForm(request.POST)
    if form.is_valid():
        try:
            fresh = services.issue_vote_codes(
                actor=Actor.from_request(request), report=report, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            # Shown this once, to be printed and handed out; only their hashes are kept.
            return _voter_report_page(request, report, fresh_codes=fresh)
    messages.error(request, _("未生成评议码，请根据提示修改。"))
    return _voter_report_page(request, report, codes_form=form)


def _satisfaction(report: VoterReport) -> str:
    """满意 + 基本满意 over the votes cast; blank before any vote."""
    if not report.votes:
        return ""
    return f"{(report.satisfied + report.basically) / report.votes:.1%}"


class VoterReportListView(ScopedListView):
    """述职评议台账: every 述职 with the voters' verdict, exported with the same filters."""

    model = VoterReport
    view_permission = VIEW
    path_field = "deputy__region__path"
    title = gettext_lazy("述职评议")
    columns = [
        Column(gettext_lazy("述职日期"), lambda r: f"{r.held_on:%Y-%m-%d}"),
        Column(gettext_lazy("代表"), "deputy.name"),
        Column(gettext_lazy("地点"), "place"),
        Column(gettext_lazy("参加选民"), "voters_present"),
        Column(gettext_lazy("满意"), "satisfied"),
        Column(gettext_lazy("基本满意"), "basically"),
        Column(gettext_lazy("不满意"), "unsatisfied"),
        Column(gettext_lazy("满意率"), _satisfaction),
    ]
    search_fields = ["deputy__name", "place"]
    filter_form_class = VoterReportFilterForm
    filters = {
        "region": lambda queryset, region: within_region(queryset, region, "deputy__region__path"),
        "start": "held_on__gte",
        "end": "held_on__lte",
    }
    select_related = ("deputy",)
    ordering = ("-held_on", "-pk")
    detail_url_name = "duty:voter_report_detail"
    export_permission = "duty.export_voter_reports"
    export_filename = "述职评议台账"
