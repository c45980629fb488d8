"""Audit events as people read them: Chinese action names, field labels, before → after."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.roles import Role
from lianxin.audit.labels import label_for
from lianxin.audit.recorder import timeline

_ROLE_LABELS = {**dict(Role.choices), "system": _("系统")}


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _display(value) -> str:
    if isinstance(value, dict) and "masked" in value:
        return value["masked"]
    if isinstance(value, list):
        return "、".join(_display(item) for item in value) or "—"
    if value in (None, ""):
        return "—"
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    return str(value)


def describe(event) -> dict:
    model = (
        apps.get_model(event.target_type.app_label, event.target_type.model) if event.target_type_id else None
    )
    return {
        "at": event.at,
        "label": label_for(event.action),
        "action": event.action,
        "actor": event.actor_name or str(_("系统")),
        "role": str(_ROLE_LABELS.get(event.role, event.role)),
        "ip": event.ip,
        "target": event.target_repr,
        "changes": [
            (_field_label(model, name) if model else name, _display(before), _display(after))
            for name, (before, after) in event.changes.items()
        ],
    }


def timeline_entries(target, limit: int = 50) -> list[dict]:
    return [describe(event) for event in timeline(target).select_related("target_type")[:limit]]
