from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.units.models import HandlingUnit, UnitContact


def unit_create(*, actor: Actor, values: dict) -> HandlingUnit:
    return create_recorded(HandlingUnit, actor=actor, action="units.unit.created", values=values)


def unit_update(*, actor: Actor, unit: HandlingUnit, values: dict) -> HandlingUnit:
    return update_recorded(unit, actor=actor, action="units.unit.updated", values=values)


def contact_create(*, actor: Actor, unit: HandlingUnit, values: dict) -> UnitContact:
    return create_recorded(
        UnitContact, actor=actor, action="units.contact.created", values={"unit": unit, **values}
    )


def contact_update(*, actor: Actor, contact: UnitContact, values: dict) -> UnitContact:
    return update_recorded(contact, actor=actor, action="units.contact.updated", values=values)
