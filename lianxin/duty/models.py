"""履职档案: what each deputy did, scored by configurable rules and published each quarter.

Everything a deputy did is one ``DutyActivity`` row (kind, date, where it came from), written
only by the collectors (``collectors.py``) from the platform's own records: meetings and
trainings, opinions brought to the deputy, approved self-reports, 述职. Points are computed
from those rows in bulk (``scoring.py``) into ``PointTotal``; a quarter's figures are copied
into ``PublishedPoint`` when staff publish them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_ATTENDED = "meeting_attended", _("出席（列席）会议")
    MEETING_LEAVE = "meeting_leave", _("会议请假")
    MEETING_ABSENT = "meeting_absent", _("会议缺席")
    TRAINING = "training", _("参加培训")
    MOTION_LED = "motion_led", _("领衔提出议案")
    MOTION_COSIGNED = "motion_cosigned", _("联名提出议案")
    SUGGESTION_LED = "suggestion_led", _("领衔提出建议")
    SUGGESTION_COSIGNED = "suggestion_cosigned", _("联名提出建议")
    RECEPTION = "reception", _("进站接待选民")
    OPINION_RECEIVED = "opinion_received", _("收到群众意见")
    OPINION_ANSWERED = "opinion_answered", _("答复群众意见")
    INSPECTION = "inspection", _("视察")
    SURVEY = "survey", _("调研")
    LAW_CHECK = "law_check", _("执法检查")
    REPORT = "report", _("向选民述职")
    OTHER = "other", _("其他履职活动")


# What a deputy may report themselves (with evidence, reviewed by staff); the rest the platform
# records on its own.
SELF_REPORTABLE = (Kind.INSPECTION, Kind.SURVEY, Kind.LAW_CHECK, Kind.RECEPTION, Kind.OTHER)
# Kinds that can only cost points.
DEDUCTIONS = (Kind.MEETING_ABSENT,)


class Photo(models.Model):
    """The deputy's photo on the public profile (a JPEG or PNG, shown to anyone)."""

    deputy = models.OneToOneField(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.CASCADE, related_name="photo"
    )
    file = models.FileField(upload_to="duty/photos/")
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("代表照片")
        verbose_name_plural = _("代表照片")

    def __str__(self) -> str:
        return f"{self.deputy_id}"

    @property
    def scope_path(self) -> str:
        return self.deputy.region.path


class DutyActivity(models.Model):
    """One thing one deputy did (or missed), as the collectors found it in the platform."""

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.CASCADE, related_name="duty_activities"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("日期"))
    # Kept beside the date so that scoring filters and groups on an indexed integer.
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    title = models.CharField(_("内容"), max_length=200)
    source = models.CharField(_("来源"), max_length=20)
    # What the row was made from ("opinion:12", "attendance:7"): a collector rewrites its own rows.
    source_key = models.CharField(max_length=60)
    collected_at = models.DateTimeField(_("汇总时间"), default=timezone.now)

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "source", "source_key"], name="duty_activity_unique_source"
            )
        ]
        indexes = [
            models.Index(fields=["year", "deputy", "kind"], name="duty_activity_year"),
            models.Index(fields=["deputy", "-occurred_on"], name="duty_activity_deputy"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}：{self.title}"

    def save(self, *args, **kwargs):
        self.year = self.occurred_on.year
        super().save(*args, **kwargs)

    @property
    def scope_path(self) -> str:
        return self.deputy.region.path


class SelfReport(models.Model):
    """履职填报: an activity a deputy reports with evidence; it counts once staff approve it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="self_reports"
    )
    kind = models.CharField(
        _("活动类型"), max_length=30, choices=[(k.value, k.label) for k in SELF_REPORTABLE]
    )
    occurred_on = models.DateField(_("活动日期"))
    title = models.CharField(_("活动名称"), max_length=100)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("活动情况"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    submitted_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("履职填报")
        verbose_name_plural = _("履职填报")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duty:report_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.deputy.region.path


class Evidence(models.Model):
    """A photo or document proving a self-reported activity. Served only through checked views."""

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="duty/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class PointRule(models.Model):
    """积分规则: how many points one activity of a kind earns (or costs) in one congress."""

    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("活动类型"), max_length=30, choices=Kind.choices)
    points = models.IntegerField(_("每项分值"), help_text=_("扣分项填负数，例如缺席会议 -5。"))
    yearly_cap = models.IntegerField(
        _("年度上限"),
        null=True,
        blank=True,
        help_text=_("这一类一年最多计多少分（扣分项为最多扣多少分）；不填为不设上限。"),
    )
    requires_evidence = models.BooleanField(_("填报须附佐证材料"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["congress", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind"],
                name="duty_rule_unique_kind",
                violation_error_message=_("这类活动已有积分规则，一类活动只能有一条规则，请修改原规则。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points:+d}"

    def get_absolute_url(self) -> str:
        return reverse("duty:points") + f"?congress={self.congress_id}"

    @property
    def scope_path(self) -> str:
        return self.congress.region.path

    def clean(self) -> None:
        errors = {}
        if self.yearly_cap is not None and self.yearly_cap < 0:
            errors["yearly_cap"] = _("年度上限不能为负数；扣分项的上限也填正数，表示最多扣多少分。")
        elif self.yearly_cap is not None and self.points is not None and self.yearly_cap < abs(self.points):
            errors["yearly_cap"] = _("年度上限小于每项分值，与规则矛盾：一项活动就会超过上限。")
        if self.points is not None:
            if self.kind in DEDUCTIONS and self.points > 0:
                errors["points"] = _("“%(kind)s”是扣分项，分值应为负数或零。") % {
                    "kind": self.get_kind_display()
                }
            elif (
                self.kind
                and self.kind not in DEDUCTIONS
                and self.points < 0
                and self.kind != Kind.MEETING_LEAVE
            ):
                errors["points"] = _("“%(kind)s”是加分项，分值不能为负数。") % {
                    "kind": self.get_kind_display()
                }
        if errors:
            raise ValidationError(errors)


class PointComputation(models.Model):
    """One explicit recomputation of a congress's points for a year: when, by whom, under which rules."""

    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rules = models.JSONField(_("所用规则"), default=list)
    deputies = models.PositiveIntegerField(_("代表人数"), default=0)

    class Meta:
        verbose_name = _("积分计算")
        verbose_name_plural = _("积分计算")
        ordering = ["-computed_at", "-pk"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.congress} {self.year}年积分计算"

    @property
    def scope_path(self) -> str:
        return self.congress.region.path


class PointTotal(models.Model):
    """A deputy's points for a year in one congress, with their ranks; rewritten by each computation."""

    congress = models.ForeignKey("congresses.Congress", on_delete=models.CASCADE, related_name="+")
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.CASCADE, related_name="point_totals")
    year = models.PositiveSmallIntegerField(_("年度"))
    points = models.IntegerField(_("积分"), default=0)
    items = models.PositiveIntegerField(_("活动项数"), default=0)
    delegation = models.ForeignKey(
        "congresses.Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "congresses.DeputyGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rank_congress = models.PositiveIntegerField(_("全体排名"), default=0)
    rank_delegation = models.PositiveIntegerField(_("代表团内排名"), null=True, blank=True)
    rank_group = models.PositiveIntegerField(_("小组内排名"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度积分")
        verbose_name_plural = _("年度积分")
        ordering = ["rank_congress", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "deputy"], name="duty_total_unique")
        ]
        indexes = [models.Index(fields=["congress", "year", "rank_congress"], name="duty_total_rank")]

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.year} {self.points}"

    @property
    def scope_path(self) -> str:
        return self.congress.region.path


class Publication(models.Model):
    """季度亮分: a quarter's figures made public, with the rule table they were computed by."""

    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=[(q, f"第{q}季度") for q in range(1, 5)])
    published_at = models.DateTimeField(_("公布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rules = models.JSONField(_("积分规则"), default=list)

    class Meta:
        verbose_name = _("季度亮分")
        verbose_name_plural = _("季度亮分")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "quarter"],
                name="duty_publication_unique",
                violation_error_message=_("这个季度的积分已经公布过。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.congress}{self.year}年第{self.quarter}季度履职积分"

    def get_absolute_url(self) -> str:
        return reverse("duty_public:ranking", args=[self.congress_id])

    @property
    def scope_path(self) -> str:
        return self.congress.region.path


class PublishedPoint(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="points")
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.CASCADE, related_name="published_points")
    points = models.IntegerField()
    items = models.PositiveIntegerField()
    rank_congress = models.PositiveIntegerField()
    rank_delegation = models.PositiveIntegerField(null=True)
    rank_group = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["rank_congress", "deputy_id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "deputy"], name="duty_published_unique")
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.points}"


class Meeting(models.Model):
    """A congress or standing-committee meeting, or a training session, with its attendance."""

    class Type(models.TextChoices):
        PLENARY = "plenary", _("人民代表大会会议")
        STANDING = "standing", _("常委会会议")
        TRAINING = "training", _("代表培训")

    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("类型"), max_length=20, choices=Type.choices)
    title = models.CharField(_("名称"), max_length=100)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("内容或议程"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("会议和培训")
        verbose_name_plural = _("会议和培训")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duty:meeting_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.congress.region.path


class Attendance(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("出席")
        INVITED = "invited", _("列席")
        TRAINEE = "trainee", _("参训")

    class Status(models.TextChoices):
        EXPECTED = "expected", _("未签到")
        PRESENT = "present", _("已签到")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="attendances")
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices)
    status = models.CharField(_("出勤"), max_length=20, choices=Status.choices, default=Status.EXPECTED)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["meeting", "deputy__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "deputy"], name="duty_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.deputy}"

    @property
    def scope_path(self) -> str:
        return self.meeting.scope_path


class Material(models.Model):
    """A training's or meeting's material (PDF or image) for the deputies who attend."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to="duty/materials/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class VoterReport(models.Model):
    """述职: a deputy reporting to voters, with what the voters thought of it."""

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="voter_reports"
    )
    held_on = models.DateField(_("述职日期"))
    place = models.CharField(_("地点"), max_length=100)
    voters_present = models.PositiveIntegerField(_("参加选民人数"))
    content = models.TextField(_("述职报告"))
    satisfied = models.PositiveIntegerField(_("满意"), default=0)
    basically = models.PositiveIntegerField(_("基本满意"), default=0)
    unsatisfied = models.PositiveIntegerField(_("不满意"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("述职")
        verbose_name_plural = _("述职")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.deputy}{self.held_on:%Y年%m月%d日}述职"

    def get_absolute_url(self) -> str:
        return reverse("duty:voter_report_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.deputy.region.path

    @property
    def votes(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied


class VoteCode(models.Model):
    """A one-time code handed to a voter at a 述职, kept as a keyed hash; one vote per code."""

    report = models.ForeignKey(VoterReport, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.report_id}:{self.digest[:8]}"
