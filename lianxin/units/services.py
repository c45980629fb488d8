from django.db import transaction

from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.units.models import HandlingUnit, UnitContact


def unit_create(*, actor: Actor, values: dict) -> HandlingUnit:
    return create_recorded(HandlingUnit, actor=actor, action="units.unit.created", values=values)


def unit_update(*, actor: Actor, unit: HandlingUnit, values: dict) -> HandlingUnit:
    return update_recorded(unit, actor=actor, action="units.unit.updated", values=values)


def _keep_one_primary(*, actor: Actor, contact: UnitContact) -> None:
    # Lists and letters address "the" main contact, so a new primary replaces the old one.
    if not contact.is_primary:
        return
    for other in contact.unit.contacts.filter(is_primary=True).exclude(pk=contact.pk):
        update_recorded(other, actor=actor, action="units.contact.updated", values={"is_primary": False})


@transaction.atomic
def contact_create(*, actor: Actor, unit: HandlingUnit, values: dict) -> UnitContact:
    contact = create_recorded(
        UnitContact, actor=actor, action="units.contact.created", values={"unit": unit, **values}
    )
    _keep_one_primary(actor=actor, contact=contact)
    return contact


@transaction.atomic
def contact_update(*, actor: Actor, contact: UnitContact, values: dict) -> UnitContact:
    contact = update_recorded(contact, actor=actor, action="units.contact.updated", values=values)
    _keep_one_primary(actor=actor, contact=contact)
    return contact
