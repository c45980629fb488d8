"""The daily digest: one summary a day, by SMS and/or e-mail, for users who chose it.

A user's unread messages not yet sent out go into that day's digest exactly once. Running the
job again the same day sends nothing new; a digest no channel took is tried again.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.notifications.models import Digest, Notification, NotificationPreference
from lianxin.notifications.push import channels_for, email_message, text_message

SMS_TITLES = 3  # a text message has room for a few titles, not a list


def _texts(items: list[Notification]) -> tuple[str, str]:
    count = len(items)
    titles = "；".join(item.title for item in items[:SMS_TITLES])
    more = _("等") if count > SMS_TITLES else ""
    sms = _("连心平台今日有 %(n)d 条新消息：%(titles)s%(more)s。请登录查看。") % {
        "n": count,
        "titles": titles,
        "more": more,
    }
    lines = [_("连心平台今日有 %(n)d 条新消息：") % {"n": count}, ""]
    lines += [f"{index}. {item.title}\n   {item.body}" for index, item in enumerate(items, start=1)]
    return sms, "\n".join(lines)


def _collect(user, day: datetime.date) -> Digest | None:
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, read_at__isnull=True, pushed_at__isnull=True, digest__isnull=True)
            .order_by("created_at", "pk")
        )
        if not items:
            return None
        _sms, mail = _texts(items)
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user=user, day=day, count=len(items), text=mail)
        except IntegrityError:  # another run made today's digest first
            return None
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(digest=digest)
    return digest


def _send(digest: Digest, preference: NotificationPreference) -> bool:
    channels = channels_for(digest.user, preference)
    sms, mail = _texts(list(digest.items.order_by("created_at", "pk")))
    sent = False
    if channels.phone:
        sent |= text_message(channels.phone, sms)
    if channels.email:
        subject = _("连心平台每日消息汇总（%(day)s）") % {"day": digest.day}
        sent |= email_message(channels.email, subject, mail)
    if sent:
        now = timezone.now()
        digest.sent_at = now
        digest.save(update_fields=["sent_at"])
        digest.items.update(pushed_at=now)
    return sent


def send_digests(day: datetime.date) -> int:
    """Send each digest user's summary for ``day``; returns how many were sent now."""
    sent = 0
    preferences = NotificationPreference.objects.filter(digest=True, user__is_active=True).select_related(
        "user"
    )
    for preference in preferences.order_by("pk"):
        user = preference.user
        if not channels_for(user, preference):
            continue  # nowhere to send it: the inbox alone
        digest = Digest.objects.filter(user=user, day=day).first()
        if digest is None:
            digest = _collect(user, day)
            if digest is None:
                continue
        elif digest.sent_at is not None:
            continue
        sent += _send(digest, preference)
    return sent
