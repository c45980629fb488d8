"""Turning model field values into the JSON an audit event keeps."""

import datetime
import decimal

from django.db import models

from lianxin.privacy.crypto import lookup_digest
from lianxin.privacy.values import PersonalValue


def display_value(value):
    """JSON-safe, human-readable and never clear-text personal data."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, PersonalValue):
        # The mask alone cannot show that 138****1234 became 138****1234 with other middle digits;
        # a keyed fingerprint can, without revealing the number.
        plain = value.reveal()
        return {"masked": value.masked, "fingerprint": lookup_digest(plain)[:8] if plain else ""}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [display_value(item) for item in value]
    return str(value)


def snapshot(instance: models.Model, fields) -> dict:
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(item) for item in getattr(instance, name).all()) if instance.pk else []
        elif field.choices and not field.is_relation:
            raw = getattr(instance, field.attname)
            values[name] = str(dict(field.flatchoices).get(raw, raw)) if raw not in (None, "") else raw
        else:
            values[name] = display_value(getattr(instance, name))
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose displayed value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
