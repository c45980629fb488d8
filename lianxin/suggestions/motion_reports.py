"""M8 (legal-rules §8.2): a motion's 审议结果报告 and 办理情况报告 on the public site.

Staff enter each report (text and date) on the motion; it is published after the same review as
a suggestion (``publication``): a de-identified draft, a reviewer who edits it, phone and ID
numbers refused, words suggesting a secret confirmed. Only motions the presidium put on the
agenda (列入会议议程) have these reports: the others were not reviewed by a committee, and those
turned into suggestions are published as suggestions.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lianxin import calendar
from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.opinions.deidentify import Deidentified, deidentify
from lianxin.suggestions import config
from lianxin.suggestions.models import Motion, MotionReport
from lianxin.suggestions.publication import (
    PUBLISH,
    PublicationError,
    keeping_names,
    secret_words_in,
    text_problems,
)

REPORT = "suggestions.report_motion"
KINDS = MotionReport.Kind
NO_REPORTS = _lazy("只有列入会议议程或闭会后交专门委员会审议的议案才有审议结果报告和办理情况报告。")


def due_on(motion: Motion, kind: str, reports: dict) -> datetime.date | None:
    """M7, computed when read: when the report of `kind` is due, given the motion's reports by
    kind; None while it cannot be due yet (no review result, so nothing handed over)."""
    periods = config.motion_report_periods()
    if kind == KINDS.REVIEW_RESULT:
        closed = motion.session.end_date or motion.decided_on
        return calendar.due_date(closed, **periods["review_result"]) if closed else None
    handling = reports.get(KINDS.HANDLING)
    if handling is not None and handling.rejected_on and handling.reported_on <= handling.rejected_on:
        return calendar.due_date(handling.rejected_on, **periods["again"])
    review = reports.get(KINDS.REVIEW_RESULT)
    return calendar.due_date(review.reported_on, **periods["handling"]) if review else None


def outstanding(motion: Motion, kind: str, reports: dict) -> bool:
    """The report is still owed: never entered, or the standing committee sent it back since."""
    report = reports.get(kind)
    if report is None:
        return True
    return bool(report.rejected_on and report.reported_on <= report.rejected_on)


@transaction.atomic
def reject_handling(*, actor: Actor, motion: Motion, rejected_on, note: str) -> MotionReport:
    """Staff record that the standing committee did not agree with the 办理情况报告; a new one is
    due within a month (沪-议案 第21条)."""
    motion = _locked(motion)
    _require(actor, REPORT, motion)
    report = _report(motion, KINDS.HANDLING)
    if report is None:
        raise PublicationError(_("还没有登记办理情况报告。"))
    errors = {}
    if rejected_on is None:
        errors["rejected_on"] = _("请填写常委会审议的日期。")
    elif rejected_on > timezone.localdate():
        errors["rejected_on"] = _("日期不能晚于今天。")
    elif rejected_on < report.reported_on:
        errors["rejected_on"] = _("常委会审议的日期不能早于报告日期。")
    if not note.strip():
        errors["note"] = _("请写明常委会的审议意见。")
    if errors:
        raise PublicationError(errors)
    report.rejected_on, report.rejection_note = rejected_on, note.strip()
    report.save(update_fields=["rejected_on", "rejection_note"])
    record(
        actor=actor,
        action="suggestions.motion.report_rejected",
        target=motion,
        data={"kind": KINDS.HANDLING, "on": rejected_on.isoformat()},
    )
    return report


def _require(actor: Actor, permission: str, motion: Motion) -> None:
    if actor.user is None or not actor.user.has_perm(permission, motion):
        raise PermissionDenied


def _locked(motion: Motion) -> Motion:
    return Motion.objects.select_for_update(of=("self",)).select_related("region").get(pk=motion.pk)


def _report(motion: Motion, kind: str) -> MotionReport | None:
    return MotionReport.objects.select_for_update().filter(motion=motion, kind=kind).first()


@transaction.atomic
def enter(*, actor: Actor, motion: Motion, kind: str, text: str, reported_on: datetime.date) -> MotionReport:
    """Enter or correct a report; a published one must be withdrawn first, so that the public
    page never shows a text nobody reviewed."""
    motion = _locked(motion)
    _require(actor, REPORT, motion)
    if motion.status not in Motion.REPORTED:
        raise PublicationError(NO_REPORTS)
    if kind not in KINDS.values:
        raise PublicationError({"kind": _("请选择报告类型。")})
    errors = {}
    if not text.strip():
        errors["text"] = _("请填写报告内容。")
    if reported_on is None:
        errors["reported_on"] = _("请填写报告日期。")
    elif reported_on > timezone.localdate():
        errors["reported_on"] = _("报告日期不能晚于今天。")
    if errors:
        raise PublicationError(errors)
    report = _report(motion, kind)
    if report is not None and report.published_at is not None:
        raise PublicationError(_("该报告已公开；如需修改，请先撤下。"))
    before = {"text": report.text, "reported_on": str(report.reported_on)} if report else None
    if report is None:
        report = MotionReport(motion=motion, kind=kind, entered_by=actor.user)
    report.text, report.reported_on = text.strip(), reported_on
    report.entered_by, report.entered_at = actor.user, timezone.now()
    report.save()
    record(
        actor=actor,
        action="suggestions.motion.report_entered",
        target=motion,
        data={"kind": kind, "reported_on": str(reported_on), "before": before},
    )
    return report


def prepare(report: MotionReport) -> tuple[Deidentified, tuple[str, ...]]:
    """The report de-identified for review, with the words that suggest a secret."""
    names = set(report.motion.signers.values_list("deputy__name", flat=True))
    draft = keeping_names(deidentify(report.text), names)
    return draft, tuple(secret_words_in(draft.text))


@transaction.atomic
def publish(
    *, actor: Actor, motion: Motion, kind: str, text: str, confirm_secrets: bool = False
) -> MotionReport:
    motion = _locked(motion)
    _require(actor, PUBLISH, motion)
    report = _report(motion, kind)
    if report is None:
        raise PublicationError(_("请先登记报告。"))
    if report.published_at is not None:
        raise PublicationError(_("该报告已公开；如需修改，请先撤下再重新公开。"))
    errors = text_problems({"text": text.strip()}, confirmed=confirm_secrets)
    if errors:
        raise PublicationError(errors)
    report.public_text = text.strip()
    report.confirmed_words = secret_words_in(report.public_text)
    report.published_at, report.published_by = timezone.now(), actor.user
    report.withdrawal_reason = ""
    report.save(
        update_fields=["public_text", "confirmed_words", "published_at", "published_by", "withdrawal_reason"]
    )
    record(
        actor=actor,
        action="suggestions.motion.report_published",
        target=motion,
        data={"kind": kind, "confirmed_words": report.confirmed_words},
    )
    return report


@transaction.atomic
def unpublish(*, actor: Actor, motion: Motion, kind: str, reason: str) -> MotionReport:
    motion = _locked(motion)
    _require(actor, PUBLISH, motion)
    report = _report(motion, kind)
    if report is None or report.published_at is None:
        raise PublicationError(_("该报告没有公开。"))
    if not reason.strip():
        raise PublicationError({"reason": _("请写明撤下的理由。")})
    report.published_at = report.published_by = None
    report.public_text, report.withdrawal_reason = "", reason.strip()
    report.save(update_fields=["published_at", "published_by", "public_text", "withdrawal_reason"])
    record(
        actor=actor,
        action="suggestions.motion.report_unpublished",
        target=motion,
        data={"kind": kind, "reason": reason.strip()},
    )
    return report
