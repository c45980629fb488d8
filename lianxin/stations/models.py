from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin import codes


class Station(models.Model):
    """履职阵地: a place (or an online room) where deputies meet the people they represent."""

    class Kind(models.TextChoices):
        HOME = "home", _("代表之家")
        STATION = "station", _("代表联络站")
        ROOM = "room", _("代表联络室")
        POINT = "point", _("代表联系点")
        INDUSTRY = "industry", _("行业（专业）代表工作站")
        OUTPOST = "outpost", _("驻外联络站")
        ONLINE = "online", _("网上联络站")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("服务区域"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("开放时间"), max_length=200, blank=True, help_text=_("例如：工作日 8:30–17:30，每月10日为接待日")
    )
    # The station's own public line, not a person's number: shown on public pages as is.
    public_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("进站代表"), blank=True, related_name="stations"
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("联络员"), blank=True, related_name="liaison_stations"
    )
    # Opens the public profile and the opinion form bound to this record (代表码 / 站点码).
    public_code = models.CharField(
        _("公开码"), max_length=12, unique=True, default=codes.public_code, editable=False
    )
    is_active = models.BooleanField(_("运行中"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("履职阵地")
        verbose_name_plural = _("履职阵地")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stations:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path
