"""Sending messages out of the platform: SMS and e-mail, one at a time or as a daily digest.

A backend that fails is logged (with the number masked) and never undoes the inbox row: the
inbox is the record, SMS and e-mail are reminders of it.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.notifications.models import Notification, NotificationPreference
from lianxin.notifications.sms import send_sms
from lianxin.privacy.masking import PHONE, TEXT, mask, mask_in_text
from lianxin.privacy.values import PersonalValue

logger = logging.getLogger(__name__)


def preference_for(user) -> NotificationPreference:
    """The user's saved preference, or the defaults (SMS on, no digest, no e-mail)."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found if found is not None else NotificationPreference(user=user)


def clear_text(value) -> str:
    """The clear text of a stored personal value (a phone number, an address), or of a str."""
    return value.reveal() if isinstance(value, PersonalValue) else str(value or "")


def text_message(phone, text: str) -> bool:
    """Hand one text to the SMS backend; True if it took it."""
    plain = clear_text(phone)
    try:
        send_sms(plain, text)
    except Exception as error:
        # Not the traceback: a gateway's error text may quote the number, and tracebacks pass
        # the log filter unmasked.
        logger.warning(
            "短信发送失败（%s）：%s %s", mask(plain, PHONE), type(error).__name__, mask_in_text(str(error))
        )
        return False
    return True


def email_message(address: str, subject: str, body: str) -> bool:
    try:
        send_mail(subject, body, None, [address])
    except Exception as error:
        logger.warning("邮件发送失败（%s）：%s", mask(address, TEXT), type(error).__name__)
        return False
    return True


@dataclass(frozen=True)
class Channels:
    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email)


def channels_for(user, preference: NotificationPreference) -> Channels:
    phone = clear_text(user.phone) if preference.sms else ""
    return Channels(phone=phone, email=clear_text(preference.email))


def _absolute(url: str) -> str:
    site = getattr(settings, "LIANXIN_SITE_URL", "")
    return f"{site.rstrip('/')}{url}" if site and url else ""


def push(notification: Notification) -> None:
    """Send a fresh inbox row by SMS and e-mail, unless its recipient reads a daily digest."""
    user = notification.recipient
    preference = preference_for(user)
    if preference.digest:
        return
    channels = channels_for(user, preference)
    sent = False
    if channels.phone:
        sent |= text_message(channels.phone, _("%(body)s 请登录连心平台查看。") % {"body": notification.body})
    if channels.email:
        link = _absolute(notification.url)
        body = notification.body + (f"\n\n{link}" if link else "")
        sent |= email_message(channels.email, notification.title, body)
    if sent:
        notification.pushed_at = timezone.now()
        notification.save(update_fields=["pushed_at"])
