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

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.opinions.deidentify import Deidentified, deidentify
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
    if motion.status != Motion.Status.LISTED:
        raise PublicationError(_("只有列入会议议程的议案才有审议结果报告和办理情况报告。"))
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
