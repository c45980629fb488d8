from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.deputies.models import Deputy, Seat
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import ID_NUMBER


def _check_id_number_free(values: dict, deputy: Deputy | None = None) -> None:
    # The unique constraint is on the digest, which is computed at save time; check it first
    # so that a duplicate is a message beside the field, not a database error.
    digest = digest_for(str(values.get("id_number") or ""), ID_NUMBER)
    if not digest:
        return
    others = Deputy.objects.filter(id_number_digest=digest)
    if deputy is not None:
        others = others.exclude(pk=deputy.pk)
    if others.exists():
        raise ValidationError({"id_number": _("已有代表使用这个身份证号。")})


@transaction.atomic
def deputy_create(*, actor: Actor, values: dict) -> Deputy:
    _check_id_number_free(values)
    return create_recorded(Deputy, actor=actor, action="deputies.deputy.created", values=values)


@transaction.atomic
def deputy_update(*, actor: Actor, deputy: Deputy, values: dict) -> Deputy:
    _check_id_number_free(values, deputy)
    return update_recorded(deputy, actor=actor, action="deputies.deputy.updated", values=values)


@transaction.atomic
def seat_create(*, actor: Actor, deputy: Deputy, values: dict) -> Seat:
    if Seat.objects.filter(deputy=deputy, term=values["term"]).exists():
        raise ValidationError({"term": _("这位代表在该届次已有代表资格。")})
    return create_recorded(
        Seat, actor=actor, action="deputies.seat.created", values={"deputy": deputy, **values}
    )


def seat_update(*, actor: Actor, seat: Seat, values: dict) -> Seat:
    return update_recorded(seat, actor=actor, action="deputies.seat.updated", values=values)
