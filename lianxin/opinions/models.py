from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin import codes
from lianxin.privacy.fields import EncryptedField, LookupDigestField
from lianxin.privacy.masking import PHONE
from lianxin.privacy.validators import validate_phone


def tracking_code() -> str:
    return codes.new_code(10)


class Category(models.Model):
    """A configurable category of citizens' opinions (城乡建设、交通运输……)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("意见分类")
        verbose_name_plural = _("意见分类")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("opinions:categories")


class Opinion(models.Model):
    """社情民意: what a citizen raised, through whichever channel, and what became of it.

    Until it is accepted it is the intake's alone; once accepted it has a ``case`` in the
    handling engine, which carries assignment, answers and ratings.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("网上提交")
        DEPUTY_CODE = "deputy_code", _("代表码")
        STATION_CODE = "station_code", _("站点码")
        RECEPTION = "reception", _("接待登记")
        GRID = "grid", _("网格员")
        PHONE = "phone", _("电话")
        LETTER = "letter", _("来信")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        REFUSED = "refused", _("不予受理")
        MERGED = "merged", _("已并案")

    class Route(models.TextChoices):
        NONE = "", _("未分流")
        ON_THE_SPOT = "on_the_spot", _("当场答复")
        DEPUTY = "deputy", _("代表直接答复")
        UNITS = "units", _("交办承办单位")
        ESCALATED = "escalated", _("提交常委会办理")
        SUGGESTION = "suggestion", _("转为代表建议")

    tracking_code = models.CharField(
        _("查询码"), max_length=12, unique=True, default=tracking_code, editable=False
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("具体地点"), max_length=200, blank=True)
    submitter_name = models.CharField(_("姓名"), max_length=50, blank=True)
    submitter_phone = EncryptedField(_("手机号"), kind=PHONE, validators=[validate_phone])
    submitter_phone_digest = LookupDigestField(source="submitter_phone")
    phone_verified = models.BooleanField(_("手机号已验证"), default=False)
    hide_name = models.BooleanField(_("公开时隐去姓名"), default=True)
    consent_version = models.CharField(_("同意的告知书版本"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("履职阵地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    # A double click or a retried request carries the same key and creates one opinion.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("受理状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_reason = models.TextField(_("不予受理理由"), blank=True)
    decided_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    route = models.CharField(
        _("处理方式"), max_length=20, choices=Route.choices, blank=True, default=Route.NONE
    )
    case = models.OneToOneField(
        "casework.Case",
        verbose_name=_("办理件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion",
    )
    # The 回音壁: a de-identified text reviewed by a person; never the raw submission.
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_title = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    # Set when the retention period promised in the processing notice ran out and the
    # submitter's personal data was erased (lianxin.opinions.retention).
    personal_data_erased_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("群众意见")
        verbose_name_plural = _("群众意见")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="opinion_status_time"),
            models.Index(fields=["published_at", "category"], name="opinion_published"),
            # The 回音壁 reads published entries newest first, whole or by one filter; partial
            # indexes hold only the published quarter of the table.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(published_at__isnull=False),
                name="opinion_wall",
            ),
            *(
                models.Index(
                    fields=[field, "-published_at", "-id"],
                    condition=models.Q(published_at__isnull=False),
                    name=f"opinion_wall_{field}",
                )
                for field in ("category", "region", "station", "deputy")
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opinions:office_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path

    def rater_label(self) -> str:
        return f"opinion:{self.pk}"


class Attachment(models.Model):
    """An image or PDF attached to an opinion. Stored outside the web root, served only to staff."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="opinions/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.opinion.region.path


class SmsCode(models.Model):
    """A one-time code sent to prove a phone number; stored only as a keyed hash."""

    phone_digest = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64)
    purpose = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone_digest", "purpose", "created_at"], name="smscode_lookup")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
