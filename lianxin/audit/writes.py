"""Create and update a model row with validation, a row lock and an audit event.

Domain services use these for plain record keeping (registers of deputies, stations,
units…) and add their own rules around them; workflow transitions write their own
services on the same pattern.
"""

from django.db import models, transaction

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.audit.snapshots import diff, snapshot
from lianxin.privacy.fields import LookupDigestField


def _save_fields(instance: models.Model, names) -> list[str]:
    names = set(names)
    update = set()
    for field in instance._meta.concrete_fields:
        if (
            field.name in names
            or (isinstance(field, LookupDigestField) and field.source in names)
            or getattr(field, "auto_now", False)
        ):
            update.add(field.attname)
    return sorted(update)


def _split(model, values: dict) -> tuple[dict, dict]:
    plain, many = {}, {}
    for name, value in values.items():
        (many if model._meta.get_field(name).many_to_many else plain)[name] = value
    return plain, many


@transaction.atomic
def create_recorded(model: type[models.Model], *, actor: Actor, action: str, values: dict, data=None):
    plain, many = _split(model, values)
    instance = model(**plain)
    instance.full_clean()
    instance.save()
    for name, items in many.items():
        getattr(instance, name).set(items)
    record(
        actor=actor, action=action, target=instance, changes=diff({}, snapshot(instance, values)), data=data
    )
    return instance


@transaction.atomic
def update_recorded(instance: models.Model, *, actor: Actor, action: str, values: dict, data=None):
    model = type(instance)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    plain, many = _split(model, values)
    before = snapshot(locked, values)
    for name, value in plain.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=_save_fields(locked, plain))
    for name, items in many.items():
        getattr(locked, name).set(items)
    changes = diff(before, snapshot(locked, values))
    if changes:
        record(actor=actor, action=action, target=locked, changes=changes, data=data)
    return locked
