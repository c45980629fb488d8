"""Co-signing, shared by suggestions and motions: the lead invites, each deputy confirms in their
own account (沪-建议 第4条), and a withdrawal needs every signer's consent (沪-建议 第10条)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy


class SuggestionError(ValidationError):
    """A suggestion or motion write refused, with a Chinese message (maybe keyed by field)."""


def deputy_of(actor) -> Deputy | None:
    user = actor.user
    if user is None:
        return None
    return Deputy.objects.filter(user=user).first()


def serving_in(congress):
    """Deputies holding a seat now in ``congress``: the only ones who may sign its items."""
    return Deputy.objects.filter(seats__term__congress=congress, seats__status=SeatStatus.SERVING).distinct()


def require_lead(actor, item) -> Deputy:
    deputy = deputy_of(actor)
    if deputy is None or deputy.pk != item.deputy_id:
        raise PermissionDenied
    return deputy


def signer_of(actor, item):
    """The actor's own signer row on ``item``; PermissionDenied for anyone else."""
    deputy = deputy_of(actor)
    signer = item.signers.filter(deputy=deputy).first() if deputy is not None else None
    if signer is None:
        raise PermissionDenied
    return signer


def set_cosigners(item, cosigners, *, field: str = "cosigners") -> tuple[list[str], list[str]]:
    """Make ``item``'s co-signers exactly ``cosigners`` (the lead stays); returns (added, removed)
    names. Refuses a deputy who does not serve in the item's congress, or the lead twice."""
    cosigners = list(dict.fromkeys(cosigners))
    if any(d.pk == item.deputy_id for d in cosigners):
        raise SuggestionError({field: _("领衔代表不必再列为联名代表。")})
    serving = set(
        serving_in(item.congress).filter(pk__in=[d.pk for d in cosigners]).values_list("pk", flat=True)
    )
    outsiders = [d.name for d in cosigners if d.pk not in serving]
    if outsiders:
        raise SuggestionError(
            {field: _("%(names)s 不是本级人大的在任代表，不能联名。") % {"names": "、".join(outsiders)}}
        )
    current = {s.deputy_id: s for s in item.signers.filter(is_lead=False).select_related("deputy")}
    wanted = {d.pk: d for d in cosigners}
    removed = [s.deputy.name for pk, s in current.items() if pk not in wanted]
    item.signers.filter(is_lead=False).exclude(deputy__in=list(wanted)).delete()
    added = []
    for pk, deputy in wanted.items():
        if pk not in current:
            item.signers.create(deputy=deputy)
            added.append(deputy.name)
    if not item.signers.filter(is_lead=True).exists():
        item.signers.create(deputy=item.deputy, is_lead=True)
    return added, removed


def reset_confirmations(item) -> None:
    """A changed text must be confirmed again by every co-signer."""
    item.signers.filter(is_lead=False).update(confirmed_at=None, declined_at=None)


def pending(item):
    return item.signers.filter(is_lead=False, confirmed_at__isnull=True, declined_at__isnull=True)


def confirmed_count(item) -> int:
    """Signers who stand behind the item: the lead and every co-signer who confirmed."""
    return (
        item.signers.filter(is_lead=True).count()
        + item.signers.filter(is_lead=False, confirmed_at__isnull=False).count()
    )


def answer(signer, *, agree: bool) -> None:
    if signer.is_lead:
        raise SuggestionError(_("领衔代表无需确认联名。"))
    if signer.confirmed_at or signer.declined_at:
        raise SuggestionError(_("您已经答复过这次联名邀请。"))
    now = timezone.now()
    if agree:
        signer.confirmed_at = now
    else:
        signer.declined_at = now
    signer.save(update_fields=["confirmed_at", "declined_at"])


def standing(item):
    """Signers who count for a withdrawal: the lead and those who confirmed."""
    return item.signers.filter(declined_at__isnull=True).exclude(is_lead=False, confirmed_at__isnull=True)


def consent_withdrawal(signer) -> None:
    if signer.withdrawal_consent_at is not None:
        raise SuggestionError(_("您已经同意撤回。"))
    signer.withdrawal_consent_at = timezone.now()
    signer.save(update_fields=["withdrawal_consent_at"])


def everyone_consented(item) -> bool:
    return not standing(item).filter(withdrawal_consent_at__isnull=True).exists()
