from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.privacy.fields import EncryptedField
from lianxin.privacy.masking import TEXT
from lianxin.privacy.values import PersonalValue


class Kind(models.TextChoices):
    """What a message is about: the engine's announcements and the daily deadline reminders."""

    ASSIGNED = "assigned", _("交办")
    SIGNED = "signed", _("签收")
    RETURN_REQUESTED = "return_requested", _("申请退回")
    RETURNED = "returned", _("同意退回")
    RETURN_REFUSED = "return_refused", _("不同意退回")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENDED = "extended", _("同意延期")
    EXTENSION_REFUSED = "extension_refused", _("不同意延期")
    CO_OPINION_GIVEN = "co_opinion_given", _("会办意见")
    REPLIED = "replied", _("答复")
    REPLY_RETURNED = "reply_returned", _("答复退回补充")
    RATED = "rated", _("评价")
    REOPENED = "reopened", _("重新办理")
    CLOSED = "closed", _("办结")
    URGED = "urged", _("督办")
    WITHDRAWN = "withdrawn", _("撤回")
    # Before an item reaches the engine: co-signing, review and withdrawal of deputies' suggestions.
    SUGGESTION = "suggestion", _("代表建议")
    DUE_SOON = "due_soon", _("临期提醒")
    OVERDUE = "overdue", _("逾期提醒")


class Digest(models.Model):
    """One day's summary for a user who chose a daily digest instead of single messages."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("消息条数"))
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(default=timezone.now)
    # Empty while no channel has taken it; the next run tries again.
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("每日汇总")
        verbose_name_plural = _("每日汇总")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Notification(models.Model):
    """A message in one user's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    case = models.ForeignKey(
        "casework.Case", verbose_name=_("办理件"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    assignment = models.ForeignKey(
        "casework.Assignment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # recipient | kind | case | assignment | token: the same announcement delivered twice,
    # or the same reminder made twice in a day, finds its row already there.
    key = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    # When it went out by SMS or e-mail, singly or in a digest; empty if it has not.
    pushed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="items")

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header badge counts these on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _validate_email(value) -> None:
    plain = value.reveal() if isinstance(value, PersonalValue) else str(value or "")
    if plain:
        try:
            validate_email(plain)
        except ValidationError:
            raise ValidationError(_("电子邮箱格式不正确。"), code="email") from None


class NotificationPreference(models.Model):
    """How one user wants to be told, beyond the inbox every user has."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField(
        _("每日汇总"),
        default=False,
        help_text=_("开启后不再逐条发送短信或邮件，每天汇总发送一次；站内消息照常。"),
    )
    sms = models.BooleanField(
        _("短信提醒"), default=True, help_text=_("发送到账户登记的手机号；未登记手机号时不发送。")
    )
    email = EncryptedField(
        _("电子邮箱"), kind=TEXT, validators=[_validate_email], help_text=_("填写后同时发送邮件提醒。")
    )

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user}的通知设置"

    @property
    def scope_path(self) -> str:
        return self.user.scope_path


class PhoneMessage(models.Model):
    """A text message to someone known only by a phone number (a citizen without an account).

    The number itself is handed to the SMS backend and kept nowhere: only its mask, for
    people to read, and a keyed digest in ``key``, so that a message is never sent twice.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    phone_masked = models.CharField(_("手机号"), max_length=20)
    text = models.TextField(_("内容"))
    key = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信通知")
        verbose_name_plural = _("短信通知")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.phone_masked} {self.get_kind_display()}"
