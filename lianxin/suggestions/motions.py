"""Writes to motions (议案): drafting, 附议, the presidium's decision, turning one into a suggestion.

代表法 第15条: 案由、案据和方案 are required; 地方组织法 第22条: 10 deputies (township 5) sign.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.suggestions import config, signing
from lianxin.suggestions.models import Motion, Stage, Suggestion
from lianxin.suggestions.services import SuggestionError, congress_for

ADD = "suggestions.add_suggestion"
DECIDE = "suggestions.decide_motion"


def _locked(motion: Motion) -> Motion:
    return (
        Motion.objects.select_for_update(of=("self",))
        .select_related("deputy", "congress__region", "region")
        .get(pk=motion.pk)
    )


def _validate(values: dict, session_term) -> dict:
    errors = {}
    clean = {key: values.get(key, "").strip() for key in ("title", "basis", "plan")}
    if not clean["title"]:
        errors["title"] = _("请填写案由。")
    if not clean["basis"]:
        errors["basis"] = _("议案须写明案据（提出的理由和依据）。")
    if not clean["plan"]:
        errors["plan"] = _("议案须写明方案（解决问题的具体办法）。")
    session = values.get("session")
    if session is None:
        errors["session"] = _("请选择会次。")
    elif session_term is None or session.term_id != session_term.pk:
        errors["session"] = _("所选会次不属于本届人民代表大会。")
    if errors:
        raise SuggestionError(errors)
    return {**clean, "session": session}


def _threshold_error(motion: Motion, count: int) -> str:
    need = config.motion_min_signers(motion.congress)
    if count >= need:
        return ""
    return _("议案须由代表 %(need)d 人以上联名提出（含领衔代表），目前只有 %(count)d 人。") % {
        "need": need,
        "count": count,
    }


def _term(deputy, congress):
    seat = deputy.seats.filter(term__congress=congress, status="serving").select_related("term").first()
    return seat.term if seat else None


@transaction.atomic
def create_draft(*, actor: Actor, region, values: dict, cosigners=()) -> Motion:
    deputy = signing.deputy_of(actor)
    if deputy is None or not actor.user.has_perm(ADD):
        raise PermissionDenied
    congress = values.get("congress") or congress_for(deputy, region)
    if congress is None or _term(deputy, congress) is None:
        raise SuggestionError(_("您目前不是该级人民代表大会的在任代表，不能向其提出议案。"))
    clean = _validate(values, _term(deputy, congress))
    motion = Motion.objects.create(
        deputy=deputy, congress=congress, region=region, created_by=actor.user, **clean
    )
    signing.set_cosigners(motion, cosigners)
    record(actor=actor, action="suggestions.motion.drafted", target=motion, data={"title": motion.title})
    return motion


@transaction.atomic
def update_draft(*, actor: Actor, motion: Motion, values: dict, cosigners=()) -> Motion:
    motion = _locked(motion)
    signing.require_lead(actor, motion)
    if motion.status not in Motion.EDITABLE:
        raise SuggestionError(_("只有草稿状态的议案可以修改。"))
    clean = _validate(values, _term(motion.deputy, motion.congress))
    changed = [name for name, value in clean.items() if getattr(motion, name) != value]
    for name, value in clean.items():
        setattr(motion, name, value)
    motion.save()
    added, removed = signing.set_cosigners(motion, cosigners)
    if changed:
        signing.reset_confirmations(motion)
    record(
        actor=actor,
        action="suggestions.motion.edited",
        target=motion,
        data={"fields": changed, "added": added, "removed": removed},
    )
    return motion


def _settle(motion: Motion) -> None:
    """When every co-signer has answered: to the presidium if enough stand behind it, else back
    to the lead as a draft (M1: too few signers cannot be submitted)."""
    if motion.status != Motion.Status.SIGNING or signing.pending(motion).exists():
        return
    if _threshold_error(motion, signing.confirmed_count(motion)):
        motion.status = Motion.Status.DRAFT
        motion.save(update_fields=["status"])
    else:
        motion.status, motion.submitted_at = Motion.Status.SUBMITTED, timezone.now()
        motion.save(update_fields=["status", "submitted_at"])


@transaction.atomic
def submit(*, actor: Actor, motion: Motion) -> Motion:
    motion = _locked(motion)
    signing.require_lead(actor, motion)
    if motion.status not in Motion.EDITABLE:
        raise SuggestionError(_("这件议案已经提交。"))
    # Declined invitations do not count; the lead invites others instead.
    invited = motion.signers.filter(declined_at__isnull=True).count()
    problem = _threshold_error(motion, invited)
    if problem:
        raise SuggestionError({"cosigners": problem})
    motion.status = Motion.Status.SIGNING
    motion.save(update_fields=["status"])
    _settle(motion)
    record(
        actor=actor,
        action="suggestions.motion.submitted",
        target=motion,
        data={"signers": invited, "to": motion.status},
    )
    return motion


@transaction.atomic
def answer_invitation(*, actor: Actor, motion: Motion, agree: bool) -> Motion:
    motion = _locked(motion)
    signer = signing.signer_of(actor, motion)
    if motion.status != Motion.Status.SIGNING:
        raise SuggestionError(_("这件议案目前不在附议确认阶段。"))
    signing.answer(signer, agree=agree)
    _settle(motion)
    record(
        actor=actor,
        action="suggestions.motion.cosign_confirmed" if agree else "suggestions.motion.cosign_declined",
        target=motion,
        data={"deputy": signer.deputy.name, "to": motion.status},
    )
    return motion


@transaction.atomic
def decide(
    *,
    actor: Actor,
    motion: Motion,
    outcome: str,
    meeting: str,
    decided_on,
    note: str = "",
    last_meeting_at=None,
) -> Motion:
    """The presidium's decision (M3), recorded by staff: 列入议程, 不列入, or 改作建议 — which makes a
    linked suggestion with every signer who confirmed (M4). `last_meeting_at`, the presidium's last
    meeting of the session, sets the deadline for asking to reconsider (M6); a reconsidered
    decision is final."""
    motion = _locked(motion)
    if actor.user is None or not actor.user.has_perm(DECIDE, motion):
        raise PermissionDenied
    if motion.status not in (Motion.Status.SUBMITTED, Motion.Status.RECONSIDERATION):
        raise SuggestionError(_("只有待主席团决定（或复议）的议案才能登记决定。"))
    reconsidering = motion.status == Motion.Status.RECONSIDERATION
    errors = {}
    if outcome not in Motion.DECISIONS:
        errors["outcome"] = _("请选择主席团的决定。")
    if not meeting.strip():
        errors["meeting"] = _("请填写主席团会议。")
    if decided_on is None:
        errors["decided_on"] = _("请填写决定日期。")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("决定日期不能晚于今天。")
    if outcome in (Motion.Status.NOT_LISTED, Motion.Status.CONVERTED) and not note.strip():
        errors["note"] = _("不列入议程或改作建议的，须写明理由，书面告知代表。")
    if (
        last_meeting_at is not None
        and decided_on is not None
        and timezone.localdate(last_meeting_at) < decided_on
    ):
        errors["last_meeting_at"] = _("主席团最后一次会议不能早于本次决定的日期。")
    if errors:
        raise SuggestionError(errors)
    motion.status, motion.decision_meeting, motion.decided_on = outcome, meeting.strip(), decided_on
    motion.decision_note = note.strip()
    motion.reconsidered = motion.reconsidered or reconsidering
    motion.reconsideration_deadline = None
    if outcome in Motion.RECONSIDERABLE and last_meeting_at is not None and not motion.reconsidered:
        hours = config.motion_reconsideration_hours()
        motion.reconsideration_deadline = last_meeting_at - datetime.timedelta(hours=hours)
    motion.save(
        update_fields=[
            "status",
            "decision_meeting",
            "decided_on",
            "decision_note",
            "reconsidered",
            "reconsideration_deadline",
        ]
    )
    data = {"outcome": outcome, "meeting": motion.decision_meeting, "on": decided_on.isoformat()}
    if reconsidering:
        data["reconsidered"] = True
    converted = Suggestion.objects.filter(source_motion=motion).first()
    if outcome == Motion.Status.CONVERTED and converted is None:
        data["suggestion"] = _as_suggestion(actor, motion).pk
    elif outcome != Motion.Status.CONVERTED and converted is not None:
        # On reconsideration the presidium took the motion back as a motion: the suggestion made
        # from it ends (requests are refused once that suggestion has been accepted).
        converted.status = Suggestion.Status.WITHDRAWN
        converted.save(update_fields=["status"])
        data["suggestion_withdrawn"] = converted.pk
    record(actor=actor, action="suggestions.motion.decided", target=motion, data=data)
    return motion


def reconsideration_support(motion: Motion) -> tuple[int, int]:
    """(proposers who asked to reconsider, how many are needed)."""
    asked = motion.signers.filter(reconsideration_requested_at__isnull=False).count()
    return asked, config.motion_reconsideration_needed(motion.congress, signing.confirmed_count(motion))


def reconsideration_problem(motion: Motion, signer, now) -> str:
    """Why this proposer cannot ask for reconsideration now; empty when they can (M6)."""
    if motion.status not in Motion.RECONSIDERABLE or motion.reconsidered:
        return _("只有主席团决定不列入议程或改作建议、且尚未复议的议案可以要求复议。")
    if not signer.is_lead and signer.confirmed_at is None:
        return _("只有提案代表（领衔和已确认附议的代表）可以要求复议。")
    if motion.reconsideration_deadline is None:
        return _("主席团决定未登记复议截止时间，请向大会秘书处书面提出复议要求。")
    if now > motion.reconsideration_deadline:
        return _("要求复议须在 %(deadline)s 前提出，已经截止。") % {
            "deadline": timezone.localtime(motion.reconsideration_deadline).strftime("%Y-%m-%d %H:%M")
        }
    if signer.reconsideration_requested_at is not None:
        return _("您已经要求复议。")
    converted = Suggestion.objects.filter(source_motion=motion).first()
    if converted is not None and converted.status not in Suggestion.BEFORE_CASE:
        return _("改作的建议已经审核办理，不能再要求复议。")
    return ""


@transaction.atomic
def request_reconsideration(*, actor: Actor, motion: Motion) -> Motion:
    """A proposer asks in writing for the presidium to reconsider (沪-议案 第14条). When more than
    half of the proposers, and no fewer than the threshold, have asked before the deadline, the
    motion goes back to the presidium."""
    motion = _locked(motion)
    signer = signing.signer_of(actor, motion)
    now = timezone.now()
    problem = reconsideration_problem(motion, signer, now)
    if problem:
        raise SuggestionError(problem)
    signer.reconsideration_requested_at = now
    signer.save(update_fields=["reconsideration_requested_at"])
    asked, needed = reconsideration_support(motion)
    if asked >= needed:
        motion.status = Motion.Status.RECONSIDERATION
        motion.save(update_fields=["status"])
    record(
        actor=actor,
        action="suggestions.motion.reconsideration_requested",
        target=motion,
        data={"deputy": signer.deputy.name, "asked": asked, "needed": needed, "to": motion.status},
    )
    return motion


def _as_suggestion(actor: Actor, motion: Motion) -> Suggestion:
    content = _("案据：\n%(basis)s\n\n方案：\n%(plan)s") % {"basis": motion.basis, "plan": motion.plan}
    now = timezone.now()
    suggestion = Suggestion.objects.create(
        deputy=motion.deputy,
        congress=motion.congress,
        term=motion.session.term,
        stage=Stage.SESSION,
        session=motion.session,
        region=motion.region,
        title=motion.title[:100],
        content=content,
        category=config.categories()[-1],
        status=Suggestion.Status.SUBMITTED,
        submitted_at=now,
        source_motion=motion,
        created_by=actor.user,
    )
    for signer in motion.signers.filter(declined_at__isnull=True).exclude(
        is_lead=False, confirmed_at__isnull=True
    ):
        suggestion.signers.create(
            deputy=signer.deputy, is_lead=signer.is_lead, confirmed_at=signer.confirmed_at or now
        )
    record(
        actor=actor,
        action="suggestions.suggestion.from_motion",
        target=suggestion,
        data={"motion": motion.pk, "signers": suggestion.signers.count()},
    )
    return suggestion


WITHDRAWABLE = (Motion.Status.SIGNING, Motion.Status.SUBMITTED, Motion.Status.LISTED)


@transaction.atomic
def withdraw(*, actor: Actor, motion: Motion, reason: str) -> Motion:
    """The lead withdraws the motion (代表法 第15条). Before the presidium has listed it, at once;
    once it is on the agenda, only when staff record the presidium's consent."""
    motion = _locked(motion)
    signing.require_lead(actor, motion)
    if motion.status not in WITHDRAWABLE:
        raise SuggestionError(_("这件议案目前不能撤回。"))
    if motion.withdrawal_requested_at is not None:
        raise SuggestionError(_("已经提出撤回，正在等待主席团同意。"))
    if not reason.strip():
        raise SuggestionError({"reason": _("请写明撤回理由。")})
    motion.withdrawal_reason, motion.withdrawal_requested_at = reason.strip(), timezone.now()
    fields = ["withdrawal_reason", "withdrawal_requested_at"]
    if motion.status != Motion.Status.LISTED:
        motion.status = Motion.Status.WITHDRAWN
        fields.append("status")
    motion.save(update_fields=fields)
    record(
        actor=actor,
        action="suggestions.motion.withdrawal_requested",
        target=motion,
        data={"to": motion.status},
    )
    return motion


@transaction.atomic
def consent_withdrawal(*, actor: Actor, motion: Motion, meeting: str) -> Motion:
    """Staff record that the presidium agreed to withdraw a motion already on the agenda."""
    motion = _locked(motion)
    if actor.user is None or not actor.user.has_perm(DECIDE, motion):
        raise PermissionDenied
    if motion.status != Motion.Status.LISTED or motion.withdrawal_requested_at is None:
        raise SuggestionError(_("没有待主席团同意的撤回申请。"))
    if not meeting.strip():
        raise SuggestionError({"meeting": _("请填写同意撤回的主席团会议。")})
    motion.status = Motion.Status.WITHDRAWN
    motion.save(update_fields=["status"])
    record(
        actor=actor, action="suggestions.motion.withdrawn", target=motion, data={"meeting": meeting.strip()}
    )
    return motion


@transaction.atomic
def withdraw_signature(*, actor: Actor, motion: Motion) -> Motion:
    """A co-signer takes their name off before the presidium decides; with too few left the
    motion ends (沪-议案 第13条)."""
    motion = _locked(motion)
    signer = signing.signer_of(actor, motion)
    if signer.is_lead:
        raise SuggestionError(_("领衔代表请撤回整件议案。"))
    if motion.status not in (Motion.Status.SIGNING, Motion.Status.SUBMITTED) or signer.confirmed_at is None:
        raise SuggestionError(_("目前不能撤回附议。"))
    signer.confirmed_at, signer.declined_at = None, timezone.now()
    signer.save(update_fields=["confirmed_at", "declined_at"])
    ended = motion.status == Motion.Status.SUBMITTED and bool(
        _threshold_error(motion, signing.confirmed_count(motion))
    )
    if ended:
        motion.status = Motion.Status.WITHDRAWN
        motion.save(update_fields=["status"])
    record(
        actor=actor,
        action="suggestions.motion.signature_withdrawn",
        target=motion,
        data={"deputy": signer.deputy.name, "ended": ended},
    )
    return motion
