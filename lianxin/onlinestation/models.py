"""云接待 (网上联络站): scheduled online reception sessions, citizens' questions and the answers.

A session has a window; questions are taken only inside it. The deputies on duty answer each
question publicly (question and answer shown on the session page, the question de-identified)
or privately (to the asker only). When the window has closed, ``close_online_sessions``
(cron) hands every unanswered question to 民意直通车 as an opinion, exactly once.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.privacy.fields import EncryptedField, LookupDigestField
from lianxin.privacy.masking import PHONE
from lianxin.privacy.validators import validate_phone


class Session(models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", _("未开始")
        OPEN = "open", _("进行中")
        ENDED = "ended", _("已结束")
        CLOSED = "closed", _("已结束，未答复留言已转办")

    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("履职阵地"),
        on_delete=models.PROTECT,
        related_name="online_sessions",
    )
    title = models.CharField(_("主题"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"), db_index=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("值班代表"), related_name="online_sessions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    # Set by close_online_sessions once the unanswered questions went to the intake.
    closed_at = models.DateTimeField(_("转办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("云接待")
        verbose_name_plural = _("云接待")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="online_session_window"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("onlinestation:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("onlinestation_public:session", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.station.region.path

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.closed_at is not None:
            return self.State.CLOSED
        if now < self.starts_at:
            return self.State.UPCOMING
        if now < self.ends_at:
            return self.State.OPEN
        return self.State.ENDED

    def get_state_display(self) -> str:
        return str(self.State(self.state()).label)

    def is_open(self, now=None) -> bool:
        return self.state(now) == self.State.OPEN


class Question(models.Model):
    class Visibility(models.TextChoices):
        NONE = "", _("未答复")
        PUBLIC = "public", _("公开答复")
        PRIVATE = "private", _("私下答复")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="questions")
    content = models.TextField(_("留言内容"))
    asker_name = models.CharField(_("称呼"), max_length=50, blank=True)
    asker_phone = EncryptedField(_("手机号"), kind=PHONE, validators=[validate_phone])
    asker_phone_digest = LookupDigestField(source="asker_phone")
    # The asker may keep the question off the public page: then only a private answer is possible.
    keep_private = models.BooleanField(_("不公开我的留言"), default=False)
    consent_version = models.CharField(_("同意的告知书版本"), max_length=20, blank=True)
    asked_at = models.DateTimeField(_("留言时间"), default=timezone.now)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    answer = models.TextField(_("答复"), blank=True)
    visibility = models.CharField(
        _("答复方式"), max_length=10, choices=Visibility.choices, blank=True, default=Visibility.NONE
    )
    answered_by = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("答复代表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # What the public page shows of the question: de-identified when it was answered publicly.
    public_content = models.TextField(_("公开的留言内容"), blank=True)
    opinion = models.OneToOneField(
        "opinions.Opinion",
        verbose_name=_("转入的群众意见"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_question",
    )

    class Meta:
        verbose_name = _("云接待留言")
        verbose_name_plural = _("云接待留言")
        ordering = ["asked_at", "pk"]
        constraints = [
            # An answered question is never also handed to the intake, and the reverse.
            models.CheckConstraint(
                condition=Q(opinion__isnull=True) | Q(visibility=""),
                name="online_question_answered_or_forwarded",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:30]

    def get_absolute_url(self) -> str:
        return self.session.get_absolute_url() + f"#question-{self.pk}"

    @property
    def scope_path(self) -> str:
        return self.session.station.region.path

    def is_answered(self) -> bool:
        return bool(self.visibility)
