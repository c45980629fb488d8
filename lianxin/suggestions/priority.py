"""重点督办 (代表法 第52条): the 主任会议's decision, who leads and who urges, progress reports."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.accounts.roles import WorkingBody
from lianxin.audit.recorder import record
from lianxin.suggestions.models import Priority, ProgressReport, Suggestion
from lianxin.suggestions.services import SuggestionError

MARK = "suggestions.mark_priority"


@transaction.atomic
def mark(*, actor: Actor, suggestion: Suggestion, values: dict) -> Priority:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if actor.user is None or not actor.user.has_perm(MARK, suggestion):
        raise PermissionDenied
    if suggestion.status != Suggestion.Status.ACCEPTED or suggestion.case.state in suggestion.case.FINISHED:
        raise SuggestionError(_("只有已立案、尚未办结的建议才能确定为重点督办。"))
    if Priority.objects.filter(suggestion=suggestion).exists():
        raise SuggestionError(_("这件建议已经是重点督办建议。"))
    errors = {}
    for name, message in (
        ("meeting", _("请填写作出决定的主任会议。")),
        ("government_leader", _("请填写领办的政府领导。")),
        ("congress_leader", _("请填写督办的常委会领导。")),
    ):
        if not str(values.get(name) or "").strip():
            errors[name] = message
    decided_on = values.get("decided_on")
    if decided_on is None:
        errors["decided_on"] = _("请填写决定日期。")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("决定日期不能晚于今天。")
    if values.get("committee") not in WorkingBody.values:
        errors["committee"] = _("请选择督办机构。")
    every = values.get("report_every_months") or 0
    if not 1 <= every <= 12:
        errors["report_every_months"] = _("进度报告周期须在 1 至 12 个月之间。")
    if errors:
        raise SuggestionError(errors)
    priority = Priority.objects.create(
        suggestion=suggestion,
        meeting=values["meeting"].strip(),
        decided_on=decided_on,
        government_leader=values["government_leader"].strip(),
        congress_leader=values["congress_leader"].strip(),
        committee=values["committee"],
        report_every_months=every,
        decided_by=actor.user,
    )
    record(
        actor=actor,
        action="suggestions.suggestion.prioritised",
        target=suggestion,
        data={
            "meeting": priority.meeting,
            "on": decided_on.isoformat(),
            "leader": priority.government_leader,
        },
    )
    return priority


@transaction.atomic
def report_progress(*, actor: Actor, priority: Priority, reported_on, text: str) -> ProgressReport:
    """A progress report by a unit handling the item (its clerk) or by the urging staff."""
    priority = (
        Priority.objects.select_for_update(of=("self",))
        .select_related("suggestion__case")
        .get(pk=priority.pk)
    )
    case = priority.suggestion.case
    user = actor.user
    is_clerk = (
        user is not None and case.assignments.filter(unit__clerks=user, unit__clerks__is_active=True).exists()
    )
    if not is_clerk and (user is None or not user.has_perm(MARK, priority.suggestion)):
        raise PermissionDenied
    errors = {}
    if reported_on is None or reported_on > timezone.localdate():
        errors["reported_on"] = _("报告日期须为今天或以前。")
    if not text.strip():
        errors["text"] = _("请填写办理进度。")
    if errors:
        raise SuggestionError(errors)
    report = ProgressReport.objects.create(
        priority=priority, reported_on=reported_on, text=text.strip(), reported_by=user
    )
    record(
        actor=actor,
        action="suggestions.suggestion.progress_reported",
        target=priority.suggestion,
        data={"on": reported_on.isoformat()},
    )
    return report
