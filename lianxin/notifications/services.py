"""What a user does with their own inbox and notification settings.

Reading a message is not audited: it changes nothing but the reader's own inbox. Settings are,
because they decide where messages about cases (and the e-mail address) go.
"""

from django.db import transaction
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.notifications.models import Notification, NotificationPreference

PREFERENCE_FIELDS = ("digest", "sms", "email")


def _own(actor: Actor):
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True)


def mark_read(*, actor: Actor, notification: Notification) -> int:
    return _own(actor).filter(pk=notification.pk).update(read_at=timezone.now())


def mark_all_read(*, actor: Actor) -> int:
    return _own(actor).update(read_at=timezone.now())


@transaction.atomic
def save_preference(*, actor: Actor, values: dict) -> NotificationPreference:
    values = {name: values[name] for name in PREFERENCE_FIELDS}
    # One row per user: two first saves at once must not both try to create it.
    User.objects.select_for_update().filter(pk=actor.user.pk).first()
    existing = NotificationPreference.objects.filter(user=actor.user).first()
    if existing is None:
        return create_recorded(
            NotificationPreference,
            actor=actor,
            action="notifications.preference.updated",
            values={"user": actor.user, **values},
        )
    return update_recorded(existing, actor=actor, action="notifications.preference.updated", values=values)
