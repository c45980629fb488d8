"""星级评定: an assessment template, assessment rounds, stations' applications and assessors' scores.

A template (six dimensions adding up to 100 points, say, and grades by score bands) is frozen
once a round uses it, so that a published result always reads against the template it was
scored on. A station's grade is the grade of its latest published application; earlier ones
stay as its history.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 5, "decimal_places": 1}


class Template(models.Model):
    """评定标准: the dimensions scored and the grades given by score bands."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("适用区域"), on_delete=models.PROTECT, related_name="+"
    )
    total_points = models.PositiveSmallIntegerField(_("总分"), default=100)
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评定标准")
        verbose_name_plural = _("评定标准")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stationrating:template_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path

    def in_use(self) -> bool:
        return self.rounds.exists()

    def grade_for(self, score: Decimal):
        """The grade whose band holds ``score`` (lower bound included; the top band includes the total)."""
        for grade in self.grades.all():
            top = grade.max_score == self.total_points
            if grade.min_score <= score and (score < grade.max_score or (top and score <= grade.max_score)):
                return grade
        return None


class Dimension(models.Model):
    """评定项目: one scored dimension of a template, with its criteria."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("项目"), max_length=50)
    max_points = models.DecimalField(_("分值"), **POINTS)
    criteria = models.TextField(_("评分标准"), blank=True)

    class Meta:
        verbose_name = _("评定项目")
        verbose_name_plural = _("评定项目")
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="dimension_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """评定等级: a name (样板站, ★★★★★…) and its score band; ``rank`` 1 is the best."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="grades")
    rank = models.PositiveSmallIntegerField(_("名次"))
    name = models.CharField(_("等级"), max_length=30)
    min_score = models.DecimalField(_("最低分（含）"), **POINTS)
    max_score = models.DecimalField(_("最高分（不含）"), **POINTS)

    class Meta:
        verbose_name = _("评定等级")
        verbose_name_plural = _("评定等级")
        ordering = ["template", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["template", "rank"], name="grade_unique_rank"),
            models.UniqueConstraint(fields=["template", "name"], name="grade_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """评定轮次 (e.g. every two years): applications, scoring, combination, publication."""

    class Status(models.TextChoices):
        OPEN = "open", _("申报评审中")
        COMBINED = "combined", _("已评定待公布")
        PUBLISHED = "published", _("已公布")

    name = models.CharField(_("名称"), max_length=100)
    template = models.ForeignKey(
        Template, verbose_name=_("评定标准"), on_delete=models.PROTECT, related_name="rounds"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("评定范围"), on_delete=models.PROTECT, related_name="+"
    )
    apply_until = models.DateField(_("申报截止日期"))
    valid_until = models.DateField(
        _("结果有效期至"), null=True, blank=True, help_text=_("不填则一直有效，直到下一轮评定公布。")
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("评审人"), related_name="assessed_rounds"
    )
    min_assessors = models.PositiveSmallIntegerField(_("每份申报至少评分人数"), default=2)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    combined_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评定轮次")
        verbose_name_plural = _("评定轮次")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stationrating:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path


class Application(models.Model):
    """A station's self-application in a round, its self-scores, and once combined its grade."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("履职阵地"),
        on_delete=models.PROTECT,
        related_name="rating_applications",
    )
    statement = models.TextField(_("申报说明"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("申报时间"), default=timezone.now)
    combined_score = models.DecimalField(_("综合得分"), null=True, blank=True, **POINTS)
    grade = models.ForeignKey(
        Grade, verbose_name=_("评定等级"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("星级评定申报")
        verbose_name_plural = _("星级评定申报")
        ordering = ["round", "station__region__path", "station__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "station"], name="application_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.station.name} · {self.round.name}"

    def get_absolute_url(self) -> str:
        return reverse("stationrating:application", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.station.region.path

    def self_total(self) -> Decimal:
        return sum((line.points for line in self.self_scores.all()), Decimal("0"))


class EvidenceFile(models.Model):
    """A photo or a PDF the station attached to its application. Stored outside the web root,
    served only through a permission-checked view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="stationrating/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料文件")
        verbose_name_plural = _("佐证材料文件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.application.station.region.path


class SelfScore(models.Model):
    """自评: the station's own score on one dimension and its evidence."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="self_scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("自评分"), **POINTS)
    evidence = models.TextField(_("佐证材料"), blank=True)

    class Meta:
        ordering = ["dimension__order", "dimension__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "dimension"], name="self_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name} {self.points}"


class ScoreSheet(models.Model):
    """One assessor's scores for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评审人"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="score_sheet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} · {self.application}"

    def total(self) -> Decimal:
        return sum((line.points for line in self.lines.all()), Decimal("0"))


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), **POINTS)

    class Meta:
        ordering = ["dimension__order", "dimension__pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "dimension"], name="score_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name} {self.points}"
