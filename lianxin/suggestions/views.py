"""Staff screens for deputies' suggestions and motions: the ledger, review, the presidium's
decisions and 重点督办. Handling itself (交办 …) happens on the engine's case page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries
from lianxin.backoffice.forms_views import attach_errors
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.suggestions import access, motions, outcomes, priority, services
from lianxin.suggestions.forms import (
    DecisionForm,
    PriorityForm,
    ProgressForm,
    ReviewForm,
    WithdrawalConsentForm,
)
from lianxin.suggestions.models import Motion, Suggestion


def _due(suggestion) -> str:
    case = suggestion.case
    if case is None:
        return ""
    if case.state == case.State.REGISTERED:
        return _("应于 %(d)s 前交办") % {"d": suggestion.assign_due}
    return str(case.due_date or "")


class StatusFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[("", gettext_lazy("全部")), *Suggestion.Status.choices],
        required=False,
    )
    priority = forms.BooleanField(label=gettext_lazy("只看重点督办"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class SuggestionListView(ScopedListView):
    """建议办理台账: priority items first (S16), with every filter, exported to Excel."""

    model = Suggestion
    view_permission = access.VIEW
    title = gettext_lazy("代表建议")
    columns = [
        Column(gettext_lazy("标题"), "title", link=True),
        Column(gettext_lazy("编号"), "label"),
        Column(gettext_lazy("重点督办"), lambda s: _("是") if s.is_priority else ""),
        Column(gettext_lazy("领衔代表"), "deputy.name"),
        Column(gettext_lazy("类别"), "category"),
        Column(gettext_lazy("提出阶段"), "get_stage_display"),
        Column(gettext_lazy("状态"), lambda s: s.state_label()),
        Column(gettext_lazy("期限"), _due),
        Column(gettext_lazy("提出日期"), "submitted_at"),
    ]
    search_fields = ["title", "deputy__name", "content"]
    filter_form_class = StatusFilter
    filters = {"status": "status", "priority": "priority__isnull"}
    select_related = ("deputy", "case", "priority")
    detail_url_name = "suggestions:detail"
    export_permission = "suggestions.export_suggestion"
    export_filename = "suggestions"
    links = (
        ("suggestions:ledger", gettext_lazy("建议办理台账"), "suggestions.export_suggestion"),
        ("suggestions:statistics", gettext_lazy("办理情况统计"), "suggestions.view_statistics"),
    )

    def base_queryset(self):
        return access.suggestions_for(self.request.user).annotate(
            is_priority=Case(
                When(priority__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def get_queryset(self, search, filters):
        queryset = super().get_queryset(search, filters)
        if filters is not None and filters.is_valid() and filters.cleaned_data.get("priority"):
            queryset = queryset.filter(priority__isnull=False)
        return queryset.order_by("-is_priority", "-submitted_at", "-pk")


# The priority filter is applied in get_queryset (a checkbox means "only these").
SuggestionListView.filters = {"status": "status"}


def _detail(request, suggestion, bound=None):
    user = request.user
    bound = bound or {}
    reviewing = suggestion.status == Suggestion.Status.SUBMITTED and user.has_perm(
        services.REVIEW, suggestion
    )
    case = suggestion.case
    may_prioritise = (
        case is not None
        and case.state not in case.FINISHED
        and not hasattr(suggestion, "priority")
        and user.has_perm(priority.MARK, suggestion)
    )
    prio = getattr(suggestion, "priority", None)
    context = {
        "object": suggestion,
        "title": suggestion.title,
        "list_url": reverse("suggestions:list"),
        "list_title": _("代表建议"),
        "signers": suggestion.signers.select_related("deputy"),
        "case_url": reverse("casework:detail", args=[case.pk]) if case is not None else "",
        "review_form": bound.get("review") or (ReviewForm(prefix="review") if reviewing else None),
        "reviewing": reviewing,
        "priority": prio,
        "priority_form": bound.get("priority")
        or (PriorityForm(prefix="priority") if may_prioritise else None),
        "progress_form": bound.get("progress")
        or (
            ProgressForm(prefix="progress")
            if prio is not None and user.has_perm(priority.MARK, suggestion)
            else None
        ),
        "timeline": timeline_entries(suggestion),
        "outcome": outcomes.outcome_label(suggestion),
        "letters": _letters(user, suggestion),
        # The way back to the opinion, for those who may open it (staff, its deputy, its station).
        "opinion_url": reverse("opinions:office_detail", args=[suggestion.source_opinion_id])
        if suggestion.source_opinion_id and user.has_perm("opinions.view_opinion", suggestion.source_opinion)
        else "",
    }
    return render(request, "suggestions/detail.html", context)


def _letters(user, suggestion) -> dict:
    """The Word letters of this item the user may download (交办函 once assigned, 答复函 per reply)."""
    case = suggestion.case
    if case is None:
        return {}
    assigned = case.assignments.exists()
    return {
        "assignment_url": reverse("documents:assignment_letter", args=[suggestion.pk])
        if assigned and user.has_perm("documents.assignment_letter", suggestion)
        else "",
        "replies": list(case.replies.all()) if user.has_perm("documents.reply_letter", suggestion) else [],
    }


@permission(access.VIEW)
def detail(request, pk):
    return _detail(request, access.suggestion_for(request.user, pk))


def _act(request, suggestion, name, form, perform, done):
    if form.is_valid():
        try:
            perform(Actor.from_request(request), form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("suggestions:detail", suggestion.pk)
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    return _detail(request, suggestion, {name: form})


@permission(services.REVIEW)
@require_POST
def accept(request, pk):
    suggestion = access.suggestion_for(request.user, pk, action=services.REVIEW)
    try:
        suggestion = services.accept(actor=Actor.from_request(request), suggestion=suggestion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("suggestions:detail", suggestion.pk)
    messages.success(request, _("已立案，请在规定时间内交办。"))
    return redirect("casework:detail", suggestion.case_id)


@permission(services.REVIEW)
@require_POST
def review(request, pk):
    suggestion = access.suggestion_for(request.user, pk, action=services.REVIEW)
    return _act(
        request,
        suggestion,
        "review",
        ReviewForm(request.POST, prefix="review"),
        lambda actor, data: services.decide_otherwise(
            actor=actor, suggestion=suggestion, outcome=data["outcome"], note=data["note"]
        ),
        _("审核结果已告知代表。"),
    )


@permission(priority.MARK)
@require_POST
def prioritise(request, pk):
    suggestion = access.suggestion_for(request.user, pk, action=priority.MARK)
    return _act(
        request,
        suggestion,
        "priority",
        PriorityForm(request.POST, prefix="priority"),
        lambda actor, data: priority.mark(actor=actor, suggestion=suggestion, values=data),
        _("已确定为重点督办建议。"),
    )


@permission(priority.MARK)
@require_POST
def progress(request, pk):
    suggestion = access.suggestion_for(request.user, pk, action=priority.MARK)
    if not hasattr(suggestion, "priority"):
        raise Http404
    return _act(
        request,
        suggestion,
        "progress",
        ProgressForm(request.POST, prefix="progress"),
        lambda actor, data: priority.report_progress(
            actor=actor, priority=suggestion.priority, reported_on=data["reported_on"], text=data["text"]
        ),
        _("进度报告已登记。"),
    )


class MotionListView(ScopedListView):
    model = Motion
    view_permission = access.VIEW_MOTION
    title = gettext_lazy("代表议案")
    columns = [
        Column(gettext_lazy("案由"), "title", link=True),
        Column(gettext_lazy("领衔代表"), "deputy.name"),
        Column(gettext_lazy("会次"), "session"),
        Column(gettext_lazy("状态"), "get_status_display"),
        Column(gettext_lazy("提出日期"), "submitted_at"),
    ]
    search_fields = ["title", "deputy__name"]
    select_related = ("deputy", "session__term__congress")
    detail_url_name = "suggestions:motion_detail"
    export_permission = "suggestions.export_suggestion"
    export_filename = "motions"

    def base_queryset(self):
        return access.motions_for(self.request.user)


def _motion_detail(request, motion, form=None, consent_form=None):
    may_decide = request.user.has_perm(motions.DECIDE, motion)
    deciding = may_decide and motion.status in (Motion.Status.SUBMITTED, Motion.Status.RECONSIDERATION)
    consenting = (
        may_decide and motion.status == Motion.Status.LISTED and motion.withdrawal_requested_at is not None
    )
    converted = Suggestion.objects.filter(source_motion=motion).first()
    context = {
        "object": motion,
        "title": motion.title,
        "list_url": reverse("suggestions:motions"),
        "list_title": _("代表议案"),
        "signers": motion.signers.select_related("deputy"),
        "decision_form": form or (DecisionForm(prefix="decision") if deciding else None),
        "consent_form": consent_form or (WithdrawalConsentForm(prefix="consent") if consenting else None),
        "converted": converted,
        "reconsideration": motions.reconsideration_support(motion),
        "timeline": timeline_entries(motion),
    }
    return render(request, "suggestions/motion_detail.html", context)


@permission(access.VIEW_MOTION)
def motion_detail(request, pk):
    return _motion_detail(request, access.motion_for(request.user, pk))


@permission(motions.DECIDE)
@require_POST
def decide_motion(request, pk):
    motion = access.motion_for(request.user, pk, action=motions.DECIDE)
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        data = form.cleaned_data
        try:
            motions.decide(
                actor=Actor.from_request(request),
                motion=motion,
                outcome=data["outcome"],
                meeting=data["meeting"],
                decided_on=data["decided_on"],
                note=data["note"],
                last_meeting_at=data["last_meeting_at"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("主席团决定已登记，代表将看到。"))
            return redirect("suggestions:motion_detail", motion.pk)
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    return _motion_detail(request, motion, form)


@permission(motions.DECIDE)
@require_POST
def consent_motion_withdrawal(request, pk):
    """M5: staff record that the presidium agreed to withdraw a motion already on the agenda."""
    motion = access.motion_for(request.user, pk, action=motions.DECIDE)
    form = WithdrawalConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            motions.consent_withdrawal(
                actor=Actor.from_request(request), motion=motion, meeting=form.cleaned_data["meeting"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已登记主席团同意撤回。"))
            return redirect("suggestions:motion_detail", motion.pk)
    messages.error(request, _("未能完成操作，请根据提示修改，未做任何更改。"))
    return _motion_detail(request, motion, consent_form=form)
