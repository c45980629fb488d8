"""The one way an audit event is written."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    data: dict | None = None,
) -> Event:
    user = actor.user
    return Event.objects.create(
        actor=user,
        actor_name=str(user) if user else actor.label,
        role=actor.role,
        ip=actor.ip,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        scope_path=getattr(target, "scope_path", "") or "",
        changes=changes or {},
        data=data or {},
    )


def timeline(target: models.Model):
    return (
        Event.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("actor")
        .order_by("-at", "-pk")
    )
