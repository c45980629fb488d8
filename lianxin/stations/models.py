from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    # 接待日 rule: the day of each month deputies receive the people here (a day a month lacks
    # is that month's last day; a rest day moves to the next working day, see rota.py).
    reception_day_of_month = models.PositiveSmallIntegerField(
        _("每月接待日"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "例如 10 表示每月10日；当月没有这一天的取月末，遇节假日顺延到下一个工作日。不填则不按月排班。"
        ),
    )
    reception_hours = models.CharField(
        _("接待时段"), max_length=50, blank=True, help_text=_("例如：9:00–11:30")
    )
    announce_days = models.PositiveSmallIntegerField(
        _("提前公示天数"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("公开页面显示今后多少天内的接待日及值班代表。"),
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


class ReceptionDay(models.Model):
    """接待日: a day deputies receive the people at a station, with who is on duty.

    Shown on the station's public page from ``Station.announce_days`` days before the day.
    """

    station = models.ForeignKey(
        Station, verbose_name=_("履职阵地"), on_delete=models.PROTECT, related_name="reception_days"
    )
    date = models.DateField(_("接待日期"))
    hours = models.CharField(_("接待时间"), max_length=50, blank=True, help_text=_("例如：9:00–11:30"))
    place = models.CharField(_("接待地点"), max_length=200, blank=True, help_text=_("不填则为阵地地址"))
    on_duty = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("值班代表"), related_name="reception_duties"
    )
    # Who actually came: marked by the liaison, and by every reception logged for a deputy.
    present = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("到站代表"), blank=True, related_name="reception_attendances"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("接待日")
        verbose_name_plural = _("接待日")
        ordering = ["-date", "station__name"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date"], name="reception_day_unique_per_station")
        ]
        indexes = [models.Index(fields=["date", "station"], name="reception_day_date")]

    def __str__(self) -> str:
        return f"{self.station.name} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("stations:day_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.station.region.path

    def where(self) -> str:
        return self.place or self.station.address


class Reception(models.Model):
    """选民接待: one visitor's matter received at a station. The matter itself is an opinion in
    the intake (channel 接待登记), bound to the station and the deputy who received it."""

    class Outcome(models.TextChoices):
        ON_THE_SPOT = "on_the_spot", _("当场答复")
        INTAKE = "intake", _("转入办理")

    station = models.ForeignKey(
        Station, verbose_name=_("履职阵地"), on_delete=models.PROTECT, related_name="receptions"
    )
    day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("接待日"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("接待代表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    received_on = models.DateField(_("接待日期"), db_index=True)
    opinion = models.OneToOneField(
        "opinions.Opinion", verbose_name=_("群众意见"), on_delete=models.PROTECT, related_name="reception"
    )
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("选民接待")
        verbose_name_plural = _("选民接待")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.opinion.title

    def get_absolute_url(self) -> str:
        return reverse("stations:reception_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.station.region.path


class Activity(models.Model):
    """代表活动 at a station: a themed activity, a 议事会, an inspection…, with minutes and photos."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("代表活动")
        COUNCIL = "council", _("议事会")
        INSPECTION = "inspection", _("视察调研")
        STUDY = "study", _("学习培训")
        OTHER = "other", _("其他")

    station = models.ForeignKey(
        Station, verbose_name=_("履职阵地"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("活动类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("活动主题"), max_length=100)
    held_on = models.DateField(_("活动日期"), db_index=True)
    place = models.CharField(_("活动地点"), max_length=200, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("参加代表"), blank=True, related_name="station_activities"
    )
    attendance = models.PositiveIntegerField(_("参加群众人数"), default=0)
    minutes = models.TextField(_("活动纪要"), blank=True)
    is_public = models.BooleanField(
        _("在阵地公开页面展示"),
        default=True,
        help_text=_("公开主题、日期、纪要和照片，不公开参加群众的信息。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("代表活动")
        verbose_name_plural = _("代表活动")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stations:activity_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.station.region.path


class ActivityPhoto(models.Model):
    """A photo of an activity; served through a view (public only while the activity is)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="stations/activities/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
