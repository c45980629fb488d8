from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin import codes
from lianxin.deputies.choices import ETHNICITY_CHOICES, INDUSTRY_CHOICES, PARTY_CHOICES, Gender, SeatStatus
from lianxin.privacy.fields import EncryptedField, LookupDigestField
from lianxin.privacy.masking import ID_NUMBER, PHONE
from lianxin.privacy.validators import validate_id_number, validate_phone


class ExpertiseTag(models.Model):
    name = models.CharField(_("专长"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("专长标签")
        verbose_name_plural = _("专长标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeputyQuerySet(models.QuerySet):
    def serving(self):
        return self.filter(seats__status=SeatStatus.SERVING).distinct()


class Deputy(models.Model):
    """A person who holds one or more seats (五级代表: one person, several levels at once)."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    party = models.CharField(_("政治面貌"), max_length=20, choices=PARTY_CHOICES, default="群众")
    occupation = models.CharField(_("职业"), max_length=50, blank=True)
    industry = models.CharField(_("行业"), max_length=20, choices=INDUSTRY_CHOICES, blank=True)
    workplace = models.CharField(_("工作单位"), max_length=100, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    expertise = models.ManyToManyField(
        ExpertiseTag, verbose_name=_("专长"), blank=True, related_name="deputies"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在区域"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("代表居住或工作的乡镇（街道），决定谁可以看到这位代表。"),
    )
    phone = EncryptedField(_("手机号"), kind=PHONE, validators=[validate_phone])
    phone_digest = LookupDigestField(source="phone")
    id_number = EncryptedField(_("身份证号"), kind=ID_NUMBER, validators=[validate_id_number])
    id_number_digest = LookupDigestField(source="id_number")
    # Opens the public profile and the opinion form bound to this record (代表码 / 站点码).
    public_code = models.CharField(
        _("公开码"), max_length=12, unique=True, default=codes.public_code, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["name", "pk"]
        constraints = [
            # One person, one record: the ID number digest is unique when present.
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=~models.Q(id_number_digest=""),
                name="deputy_unique_id_number",
                violation_error_message=_("已有代表使用这个身份证号。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deputies:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path


class Seat(models.Model):
    """代表资格: a deputy's seat in one congress term, with how they came to hold it and its status."""

    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="seats")
    term = models.ForeignKey(
        "congresses.Term", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="seats"
    )
    constituency = models.ForeignKey(
        "congresses.Constituency",
        verbose_name=_("选区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("直接选举的代表填写；间接选举的代表填写选举单位。"),
    )
    electoral_unit = models.CharField(_("选举单位"), max_length=100, blank=True)
    delegation = models.ForeignKey(
        "congresses.Delegation",
        verbose_name=_("代表团"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    group = models.ForeignKey(
        "congresses.DeputyGroup",
        verbose_name=_("代表小组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=SeatStatus.choices, default=SeatStatus.SERVING
    )
    elected_on = models.DateField(_("当选日期"), null=True, blank=True)
    status_changed_on = models.DateField(
        _("状态变更日期"), null=True, blank=True, help_text=_("辞职、罢免或终止的日期。")
    )
    status_note = models.CharField(_("变更说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["-term__congress__region__level", "term"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "term"], name="seat_unique_per_term"),
            models.CheckConstraint(
                condition=models.Q(status="serving") | models.Q(status_changed_on__isnull=False),
                name="seat_status_date_required",
                violation_error_message=_("辞职、罢免或终止的代表资格必须填写变更日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term.congress.name}{self.term.short_name}代表"

    def get_absolute_url(self) -> str:
        return reverse("deputies:detail", args=[self.deputy_id])

    @property
    def scope_path(self) -> str:
        return self.deputy.region.path

    def clean(self) -> None:
        errors = {}
        for name in ("constituency", "delegation", "group"):
            part = getattr(self, name)
            if part is not None and self.term_id and part.term_id != self.term_id:
                errors[name] = _("必须属于同一届次。")
        if self.status != SeatStatus.SERVING and not self.status_changed_on:
            errors["status_changed_on"] = _("辞职、罢免或终止的代表资格必须填写变更日期。")
        if errors:
            raise ValidationError(errors)
