"""The office screens of 民意直通车: the ledger, the queue, one opinion and what may be done to it."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.casework import sources
from lianxin.casework.models import Case, Light
from lianxin.opinions import access, categories, handling, wall
from lianxin.opinions.entry_forms import OpinionEntryForm
from lianxin.opinions.models import Category, Opinion
from lianxin.opinions.office_forms import (
    NOT_ROUTED,
    AcceptForm,
    AnswerForm,
    AssignForm,
    CategoryForm,
    ConvertForm,
    EscalateForm,
    MergeForm,
    OpinionFilterForm,
    RefuseForm,
)
from lianxin.suggestions.models import Suggestion

VIEW = access.VIEW
_LIGHTS = dict(Light.choices)


def case_url(case: Case) -> str:
    """The engine's own page for the case, once the casework screens exist."""
    try:
        return reverse("casework:detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def _light(opinion: Opinion) -> str:
    return str(_LIGHTS.get(opinion.case.light(), "")) if opinion.case_id else ""


# ---------------------------------------------------------------- the ledger


def _by_route(queryset, value):
    return queryset.filter(route="" if value == NOT_ROUTED else value)


def _by_light(queryset, value):
    # The same rule as Case.light(), as a filter: nothing is stored, lights are read from dates.
    today = timezone.localdate()
    cases = Case.objects.exclude(state=Case.State.REPLIED)
    if value == Light.RED:
        cases = cases.overdue(today)
    elif value == Light.YELLOW:
        cases = cases.due_soon(today)
    else:
        soon = today + datetime.timedelta(days=settings.LIANXIN_DUE_SOON_DAYS)
        cases = cases.open().filter(due_date__gt=soon)
    return queryset.filter(case__in=cases.values("pk"))


class OpinionListView(ScopedListView):
    """民意台账: every opinion the user may see, filtered, searched and exported as filtered."""

    model = Opinion
    view_permission = VIEW
    title = gettext_lazy("民意台账")
    columns = [
        Column(gettext_lazy("标题"), "title"),
        Column(gettext_lazy("查询码"), "tracking_code"),
        Column(gettext_lazy("渠道"), "get_channel_display"),
        Column(gettext_lazy("分类"), "category.name"),
        Column(gettext_lazy("所在区域"), "region.name"),
        Column(gettext_lazy("代表"), "deputy.name"),
        Column(gettext_lazy("履职阵地"), "station.name"),
        Column(gettext_lazy("群众"), "submitter_name"),
        Column(gettext_lazy("手机号"), "submitter_phone"),
        Column(gettext_lazy("提交时间"), "submitted_at"),
        Column(gettext_lazy("受理状态"), "get_status_display"),
        Column(gettext_lazy("处理方式"), "get_route_display"),
        Column(gettext_lazy("办理状态"), lambda o: o.case.state_label() if o.case_id else ""),
        Column(gettext_lazy("答复期限"), lambda o: o.case.due_date if o.case_id else ""),
        Column(gettext_lazy("期限提示"), _light),
    ]
    search_fields = ["title", "tracking_code"]
    filter_form_class = OpinionFilterForm
    filters = {
        "status": "status",
        "route": _by_route,
        "channel": "channel",
        "category": "category",
        "region": within_region,
        "deputy": "deputy__name__icontains",
        "station": "station",
        "submitted_from": lambda qs, day: qs.filter(submitted_at__date__gte=day),
        "submitted_to": lambda qs, day: qs.filter(submitted_at__date__lte=day),
        "state": "case__state",
        "light": _by_light,
    }
    select_related = ("region", "category", "deputy", "station", "case")
    detail_url_name = "opinions:office_detail"
    create_url_name = "opinions:office_entry"
    create_permission = handling.ENTER
    export_permission = "opinions.export_opinion"
    export_filename = "民意台账"

    def base_queryset(self):
        return access.visible_opinions(self.request.user)

    def search_q(self, term):
        # Codes are read out and typed in lower case or with spaces.
        return super().search_q(term) | super().search_q("".join(ch for ch in term.upper() if ch.isalnum()))


class OpinionQueueView(OpinionListView):
    """待受理: what waits for 受理, oldest first."""

    view_permission = handling.HANDLE
    title = gettext_lazy("待受理意见")
    filter_form_class = None
    filters = {}
    ordering = ("submitted_at", "pk")
    export_permission = ""

    def base_queryset(self):
        return access.visible_opinions(self.request.user, handling.HANDLE).filter(
            status=Opinion.Status.SUBMITTED
        )


# ---------------------------------------------------------------- one opinion


class OpinionDetailView(RecordDetailView):
    view_permission = VIEW
    template_name = "opinions/office/detail.html"
    list_url_name = "opinions:office_list"
    list_title = gettext_lazy("民意台账")
    # Forms bound to a refused POST, shown again with their errors (prefix → form).
    bound: dict = {}

    def get_object(self, pk):
        return access.opinion_for(self.request.user, pk)

    def facts(self, opinion):
        facts = [
            (_("查询码"), opinion.tracking_code),
            (_("渠道"), opinion.get_channel_display()),
            (_("分类"), opinion.category.name if opinion.category_id else ""),
            (_("所在区域"), opinion.region.full_name()),
            (_("具体地点"), opinion.place),
            (_("姓名"), opinion.submitter_name),
            (_("公开时隐去姓名"), _("是") if opinion.hide_name else _("否")),
            (_("代表"), opinion.deputy.name if opinion.deputy_id else ""),
            (_("履职阵地"), opinion.station.name if opinion.station_id else ""),
            (_("登记人"), str(opinion.entered_by) if opinion.entered_by_id else ""),
            (_("提交时间"), opinion.submitted_at),
            (_("受理状态"), opinion.get_status_display()),
            (_("受理时间"), opinion.decided_at),
            (_("处理方式"), opinion.get_route_display()),
        ]
        if opinion.status == Opinion.Status.REFUSED:
            facts.append((_("不予受理的理由"), opinion.status_reason))
        return facts

    def _forms(self, opinion) -> dict:
        request, user = self.request, self.request.user
        actor = Actor.from_request(request)
        case = opinion.case
        can_handle = user.has_perm(handling.HANDLE, opinion)
        submitted = opinion.status == Opinion.Status.SUBMITTED
        waiting = (
            opinion.status == Opinion.Status.ACCEPTED
            and case is not None
            and case.state == Case.State.REGISTERED
            and opinion.route != Opinion.Route.SUGGESTION
        )
        can_assign = waiting and user.has_perm(handling.ASSIGN, case)
        allowed = {
            "accept": can_handle and submitted,
            "refuse": can_handle and submitted,
            "merge": can_handle and submitted,
            "answer": waiting and sources.get("opinions").can_answer(actor, case),
            "assign": can_assign,
            # A liaison hands up what the station cannot settle; staff assign it themselves.
            "escalate": waiting
            and can_handle
            and not can_assign
            and opinion.route != Opinion.Route.ESCALATED,
            "convert": waiting and user.has_perm(handling.CONVERT, opinion),
        }
        makers = {
            "accept": lambda: AcceptForm(prefix="accept", initial={"category": opinion.category_id}),
            "refuse": lambda: RefuseForm(prefix="refuse"),
            "merge": lambda: MergeForm(prefix="merge", user=user),
            "answer": lambda: AnswerForm(prefix="answer"),
            "assign": lambda: AssignForm(prefix="assign", user=user),
            "escalate": lambda: EscalateForm(prefix="escalate"),
            "convert": lambda: ConvertForm(prefix="convert", user=user, opinion=opinion),
        }
        return {name: self.bound.get(name) or make() for name, make in makers.items() if allowed[name]}

    def _case_summary(self, case: Case) -> dict:
        return {
            "case": case,
            "url": case_url(case),
            "light": str(_LIGHTS.get(case.light(), "")),
            "assignments": case.assignments.select_related("unit").order_by("round", "kind", "pk"),
            "replies": case.replies.select_related("assignment__unit").order_by("round", "replied_at", "pk"),
            "ratings": case.ratings.order_by("round", "rated_at"),
        }

    def extra_context(self, opinion):
        user = self.request.user
        try:
            suggestion = opinion.suggestion
        except Suggestion.DoesNotExist:
            suggestion = None
        # The opinion's own events and its case's, as one story.
        timeline = timeline_entries(opinion)
        if opinion.case_id:
            timeline += timeline_entries(opinion.case)
            timeline.sort(key=lambda entry: entry["at"], reverse=True)
        return {
            "timeline": timeline,
            "attachments": opinion.attachments.order_by("pk"),
            "merged": opinion.merged.select_related("region").order_by("submitted_at"),
            "case_summary": self._case_summary(opinion.case) if opinion.case_id else None,
            "suggestion": suggestion,
            "suggestion_visible": suggestion is not None
            and user.has_perm("suggestions.view_suggestion", suggestion),
            "forms": self._forms(opinion),
            "wall": self._wall_links(opinion),
        }

    def _wall_links(self, opinion) -> dict:
        if opinion.published_at is not None:
            return {"public_url": reverse("wall:detail", args=[opinion.pk])}
        answered = opinion.case_id is not None and opinion.case.state in wall.ANSWERED
        if (
            answered
            and opinion.status == Opinion.Status.ACCEPTED
            and self.request.user.has_perm(wall.PUBLISH, opinion)
        ):
            return {"publish_url": reverse("wall_office:publish", args=[opinion.pk])}
        return {}


def _detail_again(request, opinion: Opinion, name: str, form):
    """The opinion's page with the refused form and its errors; nothing was changed."""
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    view = OpinionDetailView()
    view.setup(request, pk=opinion.pk)
    view.bound = {name: form}
    return view.get(request, pk=opinion.pk)


def _act(request, opinion: Opinion, name: str, form, perform, done: str):
    if form.is_valid():
        try:
            perform(Actor.from_request(request), form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(opinion)
    return _detail_again(request, opinion, name, form)


@permission(handling.HANDLE)
@require_POST
def accept(request, pk):
    opinion = access.opinion_for(request.user, pk, action=handling.HANDLE)
    return _act(
        request,
        opinion,
        "accept",
        AcceptForm(request.POST, prefix="accept"),
        lambda actor, data: handling.accept(actor=actor, opinion=opinion, category=data["category"]),
        _("已受理，可以继续分流办理。"),
    )


@permission(handling.HANDLE)
@require_POST
def refuse(request, pk):
    opinion = access.opinion_for(request.user, pk, action=handling.HANDLE)
    return _act(
        request,
        opinion,
        "refuse",
        RefuseForm(request.POST, prefix="refuse"),
        lambda actor, data: handling.refuse(actor=actor, opinion=opinion, reason=data["reason"]),
        _("已决定不予受理，并已告知群众。"),
    )


@permission(handling.HANDLE)
@require_POST
def merge(request, pk):
    opinion = access.opinion_for(request.user, pk, action=handling.HANDLE)
    return _act(
        request,
        opinion,
        "merge",
        MergeForm(request.POST, prefix="merge", user=request.user),
        lambda actor, data: handling.merge(actor=actor, opinion=opinion, into=data["into"]),
        _("已并案。"),
    )


@permission(VIEW)
@require_POST
def answer(request, pk):
    # Who may answer is the source's rule (casework_source.can_answer), checked by the service.
    opinion = access.opinion_for(request.user, pk)
    return _act(
        request,
        opinion,
        "answer",
        AnswerForm(request.POST, prefix="answer"),
        lambda actor, data: handling.answer_directly(actor=actor, opinion=opinion, text=data["text"]),
        _("已答复，等待群众评价。"),
    )


@permission(handling.ASSIGN)
@require_POST
def assign(request, pk):
    opinion = access.opinion_for(request.user, pk)
    return _act(
        request,
        opinion,
        "assign",
        AssignForm(request.POST, prefix="assign", user=request.user),
        lambda actor, data: handling.assign_units(
            actor=actor, opinion=opinion, lead=data["lead"], co=data["co"], separate=data["separate"]
        ),
        _("已交办。"),
    )


@permission(handling.HANDLE)
@require_POST
def escalate(request, pk):
    opinion = access.opinion_for(request.user, pk, action=handling.HANDLE)
    return _act(
        request,
        opinion,
        "escalate",
        EscalateForm(request.POST, prefix="escalate"),
        lambda actor, data: handling.escalate(actor=actor, opinion=opinion, note=data["note"]),
        _("已提交常委会办理。"),
    )


@permission(handling.CONVERT)
@require_POST
def convert(request, pk):
    opinion = access.opinion_for(request.user, pk, action=handling.CONVERT)
    return _act(
        request,
        opinion,
        "convert",
        ConvertForm(request.POST, prefix="convert", user=request.user, opinion=opinion),
        lambda actor, data: handling.convert_to_suggestion(
            actor=actor, opinion=opinion, deputy=data["deputy"]
        ),
        _("已转为代表建议草稿，代表可在“代表建议”中完善后提出。"),
    )


@permission(VIEW)
def attachment(request, pk, attachment_pk):
    """A citizen's file, only to those who may see the opinion; never from the web root."""
    opinion = access.opinion_for(request.user, pk)
    item = get_object_or_404(opinion.attachments, pk=attachment_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- entry


class OpinionEntryView(RecordFormView):
    """登记: station reception, grid worker, phone or letter, one form with the channel."""

    permission_name = handling.ENTER
    form_class = OpinionEntryForm
    title = gettext_lazy("登记群众意见")
    success_message = gettext_lazy("已登记，查询码已短信告知群众。")

    def get_form(self, obj):
        return OpinionEntryForm(self.request.POST or None, self.request.FILES or None, user=self.request.user)

    def cancel_url(self, obj):
        return reverse("opinions:office_list")

    def save(self, form, actor, obj):
        return handling.enter_opinion(actor=actor, **form.values())


# ---------------------------------------------------------------- categories

MANAGE_CATEGORY = "opinions.manage_category"


@permission(MANAGE_CATEGORY)
def category_list(request):
    return render(
        request,
        "opinions/office/categories.html",
        {"title": _("意见分类"), "categories": Category.objects.order_by("order", "name")},
    )


class CategoryCreateView(RecordFormView):
    permission_name = MANAGE_CATEGORY
    form_class = CategoryForm
    title = gettext_lazy("新增意见分类")

    def cancel_url(self, obj):
        return reverse("opinions:categories")

    def save(self, form, actor, obj):
        return categories.category_create(
            actor=actor, values={name: form.cleaned_data[name] for name in categories.FIELDS}
        )


class CategoryEditView(CategoryCreateView):
    title = gettext_lazy("修改意见分类")

    def get_object(self):
        return get_object_or_404(Category, pk=self.kwargs["pk"])

    def save(self, form, actor, obj):
        return categories.category_update(
            actor=actor, category=obj, values={name: form.cleaned_data[name] for name in categories.FIELDS}
        )


@permission(MANAGE_CATEGORY)
@require_POST
def category_deactivate(request, pk):
    category = get_object_or_404(Category, pk=pk)
    categories.category_deactivate(actor=Actor.from_request(request), category=category)
    messages.success(request, _("已停用分类“%(name)s”，已有意见仍保留该分类。") % {"name": category.name})
    return redirect("opinions:categories")
