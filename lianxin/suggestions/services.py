"""Writes to deputies' suggestions: drafting, co-signing, review (立案 …), withdrawal.

From 立案 on, the handling engine (`lianxin.casework.services`) carries the item; nothing here
writes engine rows except through it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.casework import services as casework
from lianxin.deputies.choices import SeatStatus
from lianxin.notifications.delivery import tell
from lianxin.notifications.models import Kind
from lianxin.suggestions import config, signing
from lianxin.suggestions.models import Stage, Suggestion
from lianxin.suggestions.signing import SuggestionError

REVIEW = "suggestions.review_suggestion"
ADD = "suggestions.add_suggestion"


def congress_for(deputy, region):
    """The congress in which ``deputy`` serves that is closest to ``region`` (the most local one
    covering it), else any congress in which they serve; None if they serve in none."""
    seats = deputy.seats.filter(status=SeatStatus.SERVING).select_related("term__congress__region")
    congresses = [seat.term.congress for seat in seats]
    covering = [c for c in congresses if region.path.startswith(c.region.path)]
    candidates = covering or congresses
    return max(candidates, key=lambda c: len(c.region.path), default=None)


def _term_for(deputy, congress):
    seat = (
        deputy.seats.filter(status=SeatStatus.SERVING, term__congress=congress).select_related("term").first()
    )
    return seat.term if seat else None


def _locked(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("deputy", "congress__region", "region")
        .get(pk=suggestion.pk)
    )


def _require_status(suggestion: Suggestion, *allowed, message: str) -> None:
    if suggestion.status not in allowed:
        raise SuggestionError(message)


def _require_reviewer(actor: Actor, suggestion: Suggestion) -> None:
    if actor.user is None or not actor.user.has_perm(REVIEW, suggestion):
        raise PermissionDenied


def _tell_signers(
    suggestion: Suggestion, title: str, body: str, *, once_key: str, leads_only: bool = False
) -> None:
    """An inbox message to each signer with an account, after the write commits; ``once_key``
    makes a repeated delivery of the same news one message."""
    signers = suggestion.signers.select_related("deputy__user").filter(declined_at__isnull=True)
    if leads_only:
        signers = signers.filter(is_lead=True)
    users = [s.deputy.user for s in signers if s.deputy.user_id]
    url = reverse("suggestions:mine_detail", args=[suggestion.pk])

    def send():
        for user in users:
            tell(
                user,
                kind=Kind.SUGGESTION,
                title=title,
                body=body,
                url=url,
                case=None,
                token=f"suggestion:{suggestion.pk}:{once_key}",
            )

    transaction.on_commit(send)


def _validate(values: dict, *, congress, term) -> dict:
    errors = {}
    title, content = values.get("title", "").strip(), values.get("content", "").strip()
    if not title:
        errors["title"] = _("请填写标题。")
    if len(content) < 20:
        errors["content"] = _("请写明反映的问题和具体建议（不少于 20 字）。")
    if values.get("category", "") not in config.categories():
        errors["category"] = _("请选择类别。")
    stage, session = values.get("stage"), values.get("session")
    if stage not in Stage.values:
        errors["stage"] = _("请选择提出阶段。")
    elif stage == Stage.SESSION:
        if session is None:
            errors["session"] = _("大会期间提出的建议须选择会次。")
        elif term is None or session.term_id != term.pk:
            errors["session"] = _("所选会次不属于本届人民代表大会。")
    if errors:
        raise SuggestionError(errors)
    return {
        "title": title,
        "content": content,
        "category": values["category"],
        "stage": stage,
        "session": session if stage == Stage.SESSION else None,
    }


@transaction.atomic
def create_draft(*, actor: Actor, region, values: dict, cosigners=()) -> Suggestion:
    """A deputy starts a suggestion: they lead it; co-signers are invited when it is submitted."""
    deputy = signing.deputy_of(actor)
    if deputy is None or actor.user is None or not actor.user.has_perm(ADD):
        raise PermissionDenied
    congress = values.get("congress") or congress_for(deputy, region)
    if congress is None or _term_for(deputy, congress) is None:
        raise SuggestionError(_("您目前不是该级人民代表大会的在任代表，不能向其提出建议。"))
    if not region.path.startswith(congress.region.path):
        raise SuggestionError(
            {"region": _("所涉区域不在%(congress)s的行政区域内。") % {"congress": congress.name}}
        )
    term = _term_for(deputy, congress)
    clean = _validate(values, congress=congress, term=term)
    suggestion = Suggestion(
        deputy=deputy, congress=congress, term=term, region=region, created_by=actor.user, **clean
    )
    suggestion.full_clean(validate_unique=False, exclude=["term"])
    suggestion.save()
    signing.set_cosigners(suggestion, cosigners)
    record(
        actor=actor,
        action="suggestions.suggestion.drafted",
        target=suggestion,
        data={"title": suggestion.title, "cosigners": [d.name for d in cosigners]},
    )
    return suggestion


@transaction.atomic
def update_draft(*, actor: Actor, suggestion: Suggestion, values: dict, cosigners=()) -> Suggestion:
    suggestion = _locked(suggestion)
    signing.require_lead(actor, suggestion)
    _require_status(suggestion, *Suggestion.EDITABLE, message=_("只有草稿或退回修改的建议可以修改。"))
    clean = _validate(values, congress=suggestion.congress, term=suggestion.term)
    changed = [name for name, value in clean.items() if getattr(suggestion, name) != value]
    for name, value in clean.items():
        setattr(suggestion, name, value)
    suggestion.full_clean(validate_unique=False, exclude=["term"])
    suggestion.save()
    added, removed = signing.set_cosigners(suggestion, cosigners)
    if changed:
        signing.reset_confirmations(suggestion)
    record(
        actor=actor,
        action="suggestions.suggestion.edited",
        target=suggestion,
        data={"fields": changed, "added": added, "removed": removed},
    )
    return suggestion


def _settle_signing(suggestion: Suggestion) -> None:
    """Once no co-signer is left to answer, the suggestion goes to staff for review."""
    if suggestion.status == Suggestion.Status.SIGNING and not signing.pending(suggestion).exists():
        suggestion.status = Suggestion.Status.SUBMITTED
        suggestion.submitted_at = timezone.now()
        suggestion.save(update_fields=["status", "submitted_at"])


@transaction.atomic
def submit(*, actor: Actor, suggestion: Suggestion) -> Suggestion:
    suggestion = _locked(suggestion)
    signing.require_lead(actor, suggestion)
    _require_status(suggestion, *Suggestion.EDITABLE, message=_("这件建议已经提交。"))
    before = suggestion.status
    suggestion.status = Suggestion.Status.SIGNING
    suggestion.save(update_fields=["status"])
    _settle_signing(suggestion)
    waiting = list(signing.pending(suggestion).select_related("deputy__user"))
    record(
        actor=actor,
        action="suggestions.suggestion.submitted",
        target=suggestion,
        data={"from": before, "to": suggestion.status, "waiting": [s.deputy.name for s in waiting]},
    )
    users = [s.deputy.user for s in waiting if s.deputy.user_id]
    url = reverse("suggestions:mine_detail", args=[suggestion.pk])
    title = _("联名邀请：%(title)s") % {"title": suggestion.title}
    body = _("%(lead)s代表邀请您联名提出建议“%(title)s”，请确认是否联名。") % {
        "lead": suggestion.deputy.name,
        "title": suggestion.title,
    }

    def send():
        for user in users:
            tell(
                user,
                kind=Kind.SUGGESTION,
                title=title,
                body=body,
                url=url,
                case=None,
                token=f"invite:{suggestion.pk}",
            )

    transaction.on_commit(send)
    return suggestion


@transaction.atomic
def answer_invitation(*, actor: Actor, suggestion: Suggestion, agree: bool) -> Suggestion:
    """A co-signer confirms or declines, in their own account."""
    suggestion = _locked(suggestion)
    signer = signing.signer_of(actor, suggestion)
    _require_status(suggestion, Suggestion.Status.SIGNING, message=_("这件建议目前不在联名确认阶段。"))
    signing.answer(signer, agree=agree)
    _settle_signing(suggestion)
    record(
        actor=actor,
        action="suggestions.suggestion.cosign_confirmed"
        if agree
        else "suggestions.suggestion.cosign_declined",
        target=suggestion,
        data={"deputy": signer.deputy.name, "to": suggestion.status},
    )
    return suggestion


def _next_number(congress, year: int) -> int:
    last = Suggestion.objects.filter(congress=congress, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def accept(*, actor: Actor, suggestion: Suggestion) -> Suggestion:
    """立案: the suggestion gets its number and becomes a case for the engine, to be assigned
    within the configured period (S5)."""
    suggestion = _locked(suggestion)
    _require_reviewer(actor, suggestion)
    _require_status(suggestion, Suggestion.Status.SUBMITTED, message=_("只有待审核的建议才能立案。"))
    today = timezone.localdate()
    case = casework.open_case(
        actor=actor, source="suggestions", title=suggestion.title, region=suggestion.region
    )
    suggestion.case = case
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.year = today.year
    suggestion.number = _next_number(suggestion.congress, today.year)
    suggestion.assign_due = config.assign_period().end(today)
    suggestion.reviewed_at, suggestion.reviewed_by = timezone.now(), actor.user
    suggestion.save(
        update_fields=["case", "status", "year", "number", "assign_due", "reviewed_at", "reviewed_by"]
    )
    record(
        actor=actor,
        action="suggestions.suggestion.accepted",
        target=suggestion,
        data={"number": suggestion.label, "assign_due": suggestion.assign_due.isoformat()},
    )
    _tell_signers(
        suggestion,
        _("已立案：%(title)s") % {"title": suggestion.title},
        _("您提出的建议“%(title)s”已立案（%(number)s），将交有关单位办理。")
        % {"title": suggestion.title, "number": suggestion.label},
        once_key="accepted",
    )
    return suggestion


_REVIEW_OUTCOMES = {
    # status: (audit action, message title, the reason's label)
    Suggestion.Status.REFUSED: ("suggestions.suggestion.refused", _("不予立案")),
    Suggestion.Status.TO_LETTER: ("suggestions.suggestion.to_letter", _("改作代表来信")),
    Suggestion.Status.RETURNED: ("suggestions.suggestion.returned", _("退回修改")),
}


@transaction.atomic
def decide_otherwise(*, actor: Actor, suggestion: Suggestion, outcome: str, note: str) -> Suggestion:
    """不予立案, 改作来信 or 退回修改, always with the reason the deputy reads (S2)."""
    if outcome not in _REVIEW_OUTCOMES:
        raise SuggestionError({"outcome": _("请选择审核结果。")})
    suggestion = _locked(suggestion)
    _require_reviewer(actor, suggestion)
    _require_status(suggestion, Suggestion.Status.SUBMITTED, message=_("只有待审核的建议才能审核。"))
    if not note.strip():
        raise SuggestionError({"note": _("请写明理由或修改意见，代表将看到。")})
    action, label = _REVIEW_OUTCOMES[outcome]
    suggestion.status = outcome
    suggestion.review_note = note.strip()
    suggestion.reviewed_at, suggestion.reviewed_by = timezone.now(), actor.user
    suggestion.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    record(actor=actor, action=action, target=suggestion, data={"note": suggestion.review_note})
    _tell_signers(
        suggestion,
        _("%(outcome)s：%(title)s") % {"outcome": label, "title": suggestion.title},
        _("您提出的建议“%(title)s”审核结果为%(outcome)s：%(note)s")
        % {"title": suggestion.title, "outcome": label, "note": suggestion.review_note},
        once_key=f"review:{suggestion.reviewed_at.isoformat()}",
        leads_only=outcome == Suggestion.Status.RETURNED,
    )
    return suggestion


WITHDRAWABLE = (
    Suggestion.Status.SIGNING,
    Suggestion.Status.SUBMITTED,
    Suggestion.Status.RETURNED,
    Suggestion.Status.ACCEPTED,
)


@transaction.atomic
def request_withdrawal(*, actor: Actor, suggestion: Suggestion, reason: str) -> Suggestion:
    """The lead asks in writing to withdraw (沪-建议 第10条); with co-signers, each must agree."""
    suggestion = _locked(suggestion)
    signer = signing.signer_of(actor, suggestion)
    if not signer.is_lead:
        raise PermissionDenied
    _require_status(suggestion, *WITHDRAWABLE, message=_("这件建议目前不能撤回。"))
    if suggestion.case_id and suggestion.case.state in suggestion.case.FINISHED:
        raise SuggestionError(_("已办结的建议不能撤回。"))
    if suggestion.withdrawal_requested_at is not None:
        raise SuggestionError(_("已经提出撤回申请，正在等待联名代表同意。"))
    if not reason.strip():
        raise SuggestionError({"reason": _("请写明撤回理由。")})
    suggestion.withdrawal_reason, suggestion.withdrawal_requested_at = reason.strip(), timezone.now()
    suggestion.save(update_fields=["withdrawal_reason", "withdrawal_requested_at"])
    signing.consent_withdrawal(signer)
    record(
        actor=actor,
        action="suggestions.suggestion.withdrawal_requested",
        target=suggestion,
        data={"reason": reason.strip()},
    )
    _finish_withdrawal_if_agreed(actor, suggestion)
    return suggestion


@transaction.atomic
def consent_withdrawal(*, actor: Actor, suggestion: Suggestion) -> Suggestion:
    suggestion = _locked(suggestion)
    signer = signing.signer_of(actor, suggestion)
    if suggestion.withdrawal_requested_at is None or suggestion.status == Suggestion.Status.WITHDRAWN:
        raise SuggestionError(_("没有待同意的撤回申请。"))
    if signer not in signing.standing(suggestion):
        raise SuggestionError(_("您没有确认联名，无需同意撤回。"))
    signing.consent_withdrawal(signer)
    record(
        actor=actor,
        action="suggestions.suggestion.withdrawal_consented",
        target=suggestion,
        data={"deputy": signer.deputy.name},
    )
    _finish_withdrawal_if_agreed(actor, suggestion)
    return suggestion


def _finish_withdrawal_if_agreed(actor: Actor, suggestion: Suggestion) -> None:
    if not signing.everyone_consented(suggestion):
        return
    before = suggestion.status
    suggestion.status = Suggestion.Status.WITHDRAWN
    suggestion.save(update_fields=["status"])
    if suggestion.case_id:
        # Every clock stops: the engine withdraws the case and tells the units (S3).
        casework.withdraw(actor=actor, case=suggestion.case, reason=suggestion.withdrawal_reason)
    record(
        actor=actor,
        action="suggestions.suggestion.withdrawn",
        target=suggestion,
        data={"from": before, "to": suggestion.status},
    )
    _tell_signers(
        suggestion,
        _("已撤回：%(title)s") % {"title": suggestion.title},
        _("全体联名代表已同意，建议“%(title)s”已撤回。") % {"title": suggestion.title},
        once_key="withdrawn",
    )


@transaction.atomic
def create_draft_from_opinion(
    *, actor: Actor, opinion, deputy, title: str = "", content: str = ""
) -> Suggestion:
    """A draft suggestion for ``deputy`` carrying a citizen's opinion; the deputy finishes it.

    The caller (the opinion's handling service) holds the opinion's lock and has checked the
    actor; this checks what belongs to suggestions: the deputy serves somewhere, and the
    opinion has not become a suggestion already.
    """
    if deputy is None:
        raise SuggestionError({"deputy": _("请选择代表。")})
    congress = congress_for(deputy, opinion.region)
    if congress is None:
        raise SuggestionError(
            {"deputy": _("%(name)s 目前没有在任的代表资格，不能提出建议。") % {"name": deputy.name}}
        )
    if Suggestion.objects.filter(source_opinion=opinion).exists():
        raise SuggestionError(_("这件意见已经转为代表建议。"))
    suggestion = Suggestion(
        deputy=deputy,
        congress=congress,
        term=_term_for(deputy, congress),
        region=opinion.region,
        title=(title or opinion.title).strip(),
        content=(content or opinion.content).strip(),
        source_opinion=opinion,
        created_by=actor.user,
    )
    suggestion.full_clean(validate_unique=False, exclude=["term"])
    suggestion.save()
    signing.set_cosigners(suggestion, [])
    record(
        actor=actor,
        action="suggestions.suggestion.drafted_from_opinion",
        target=suggestion,
        data={"deputy": deputy.name, "congress": congress.name, "opinion": opinion.tracking_code},
    )
    return suggestion
