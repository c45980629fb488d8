from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.privacy.fields import EncryptedField, LookupDigestField
from lianxin.privacy.masking import PHONE
from lianxin.privacy.validators import validate_phone


class HandlingUnit(models.Model):
    """承办单位: a body that handles assigned items (一府一委两院, departments, township governments)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府工作部门")
        COURT = "court", _("人民法院")
        PROCURATORATE = "procuratorate", _("人民检察院")
        SUPERVISORY = "supervisory", _("监察委员会")
        TOWNSHIP = "township", _("乡镇人民政府（街道办事处）")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    clerks = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人账户"), blank=True, related_name="handling_units"
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path


class UnitContact(models.Model):
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = EncryptedField(_("电话"), kind=PHONE, validators=[validate_phone])
    phone_digest = LookupDigestField(source="phone")
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.unit_id])

    @property
    def scope_path(self) -> str:
        return self.unit.region.path
