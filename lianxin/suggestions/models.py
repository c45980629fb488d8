"""代表建议 and 议案: what deputies raise, from the draft to the handling engine's case.

A suggestion lives here until staff accept it (立案); from then on the engine's ``Case`` carries
the handling (交办, 答复, 评价, 承诺事项) and the suggestion keeps what belongs to deputies: its
signers, its review, its withdrawal and whether the congress made it a priority (重点督办).
A motion (议案) stays here: the presidium decides it, and one it turns into a suggestion
becomes a linked suggestion with all its signers.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.roles import WorkingBody


class Stage(models.TextChoices):
    SESSION = "session", _("大会期间")
    RECESS = "recess", _("闭会期间")


class Suggestion(models.Model):
    """代表建议（建议、批评和意见）: one matter, a lead deputy and any co-signers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNING = "signing", _("待联名确认")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已立案")
        REFUSED = "refused", _("不予立案")
        TO_LETTER = "to_letter", _("改作来信")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Still with the deputies or staff, before or instead of the engine.
    BEFORE_CASE = (Status.DRAFT, Status.SIGNING, Status.SUBMITTED, Status.RETURNED)

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("领衔代表"), on_delete=models.PROTECT, related_name="suggestions"
    )
    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        "congresses.Term", verbose_name=_("届次"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    stage = models.CharField(_("提出阶段"), max_length=10, choices=Stage.choices, default=Stage.RECESS)
    session = models.ForeignKey(
        "congresses.Session",
        verbose_name=_("会次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where the matter lies: the scope in which staff see the suggestion.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所涉区域"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), help_text=_("写明反映的问题和具体建议，一事一议。"))
    category = models.CharField(_("类别"), max_length=40, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("提出日期"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    assign_due = models.DateField(_("应交办日期"), null=True, blank=True)
    case = models.OneToOneField(
        "casework.Case",
        verbose_name=_("办理件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion",
    )
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawal_requested_at = models.DateTimeField(_("申请撤回时间"), null=True, blank=True)
    source_opinion = models.OneToOneField(
        "opinions.Opinion",
        verbose_name=_("来源群众意见"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion",
    )
    source_motion = models.OneToOneField(
        "suggestions.Motion",
        verbose_name=_("来源议案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="converted_suggestion",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "number"],
                condition=Q(number__isnull=False),
                name="suggestion_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suggestions:detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path

    @property
    def label(self) -> str:
        """第 N 号 once accepted."""
        if self.number is None:
            return ""
        return _("%(year)s年第%(n)d号") % {"year": self.year, "n": self.number}

    def state_label(self) -> str:
        """The handling state once accepted (the engine's, in suggestions' words), else our own."""
        if self.case_id and self.status == Suggestion.Status.ACCEPTED:
            return self.case.state_label()
        return self.get_status_display()


class SignerBase(models.Model):
    """A deputy on a suggestion or motion: the lead, or a co-signer who confirms in person."""

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("领衔"), default=False)
    invited_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("谢绝时间"), null=True, blank=True)
    withdrawal_consent_at = models.DateTimeField(_("同意撤回时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-is_lead", "pk"]

    def __str__(self) -> str:
        return self.deputy.name

    @property
    def state_label(self) -> str:
        if self.is_lead:
            return _("领衔")
        if self.confirmed_at:
            return _("已确认联名")
        if self.declined_at:
            return _("已谢绝")
        return _("待确认")


class SuggestionSigner(SignerBase):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="signers")

    class Meta(SignerBase.Meta):
        verbose_name = _("建议联名代表")
        verbose_name_plural = _("建议联名代表")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "deputy"], name="suggestion_signer_once")
        ]


class Motion(models.Model):
    """议案: 案由、案据、方案, a lead and enough co-signers; the presidium decides it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNING = "signing", _("待附议确认")
        SUBMITTED = "submitted", _("待主席团决定")
        LISTED = "listed", _("列入会议议程")
        NOT_LISTED = "not_listed", _("不列入本次会议议程")
        CONVERTED = "converted", _("改作建议")
        RECONSIDERATION = "reconsideration", _("提案代表要求复议，待主席团复议")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE = (Status.DRAFT,)
    DECISIONS = (Status.LISTED, Status.NOT_LISTED, Status.CONVERTED)
    # 沪-议案 第14条: the proposers may ask the presidium to reconsider these decisions.
    RECONSIDERABLE = (Status.NOT_LISTED, Status.CONVERTED)
    # M7: a committee reviews these — on the agenda, or after the session when not listed
    # (全国人大议事规则 第31条) — and reports the result, then how the motion was handled.
    REPORTED = (Status.LISTED, Status.NOT_LISTED)

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("领衔代表"), on_delete=models.PROTECT, related_name="motions"
    )
    congress = models.ForeignKey(
        "congresses.Congress", verbose_name=_("人民代表大会"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "congresses.Session", verbose_name=_("会次"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所涉区域"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("案由"), max_length=200)
    basis = models.TextField(_("案据"), blank=True, help_text=_("提出议案的理由和依据。"))
    plan = models.TextField(_("方案"), blank=True, help_text=_("解决问题的具体方案；立法议案写明立法要旨。"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("提出日期"), null=True, blank=True)
    decision_meeting = models.CharField(_("主席团会议"), max_length=100, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("决定理由"), blank=True)
    reconsideration_deadline = models.DateTimeField(
        _("复议申请截止时间"),
        null=True,
        blank=True,
        help_text=_("主席团最后一次会议前若干小时（可配置）；登记决定时由系统算出。"),
    )
    reconsidered = models.BooleanField(_("已经复议"), default=False)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawal_requested_at = models.DateTimeField(_("申请撤回时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("代表议案")
        verbose_name_plural = _("代表议案")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suggestions:motion_detail", args=[self.pk])

    @property
    def scope_path(self) -> str:
        return self.region.path


class MotionSigner(SignerBase):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="signers")
    reconsideration_requested_at = models.DateTimeField(_("要求复议时间"), null=True, blank=True)

    class Meta(SignerBase.Meta):
        verbose_name = _("议案附议代表")
        verbose_name_plural = _("议案附议代表")
        constraints = [models.UniqueConstraint(fields=["motion", "deputy"], name="motion_signer_once")]


class Priority(models.Model):
    """重点督办: the 主任会议 made this suggestion a priority (代表法 第52条)."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="priority")
    meeting = models.CharField(
        _("主任会议"), max_length=100, help_text=_("例如：第十七届常委会第12次主任会议")
    )
    decided_on = models.DateField(_("决定日期"))
    government_leader = models.CharField(_("领办领导"), max_length=100, help_text=_("牵头领办的政府领导"))
    congress_leader = models.CharField(_("督办领导"), max_length=100, help_text=_("督办的常委会领导"))
    committee = models.CharField(_("督办机构"), max_length=30, choices=WorkingBody.choices)
    report_every_months = models.PositiveSmallIntegerField(_("进度报告周期（月）"), default=1)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("重点督办")
        verbose_name_plural = _("重点督办")

    def __str__(self) -> str:
        return f"{self.suggestion}（重点督办）"

    @property
    def scope_path(self) -> str:
        return self.suggestion.region.path

    def next_report_due(self) -> datetime.date:
        from lianxin import calendar

        last = self.reports.order_by("-reported_on").values_list("reported_on", flat=True).first()
        return calendar.due_date(last or self.decided_on, months=self.report_every_months)


class ProgressReport(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="reports")
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("办理进度"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("办理进度报告")
        verbose_name_plural = _("办理进度报告")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.priority} {self.reported_on}"


class Publication(models.Model):
    """A suggestion and its reply as published (S17): the reviewed, de-identified texts only.

    The row stays when the entry is withdrawn (``published_at`` empty, the reason kept), so
    that publishing it again is the same entry; the audit log has every version.
    """

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="publication")
    title = models.CharField(_("公开标题"), max_length=100)
    content = models.TextField(_("公开内容"))
    reply = models.TextField(_("公开答复"))
    # The words that suggest a secret which the reviewer confirmed were harmless, kept for the record.
    confirmed_words = models.JSONField(_("已核实的涉密提示词"), default=list, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤下理由"), blank=True)

    class Meta:
        verbose_name = _("建议公开")
        verbose_name_plural = _("建议公开")
        indexes = [
            # The public list reads published rows newest first by keyset.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="suggestion_pub_published",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.suggestion.region.path


class MotionReport(models.Model):
    """M8: a motion's 审议结果报告 or 办理情况报告, entered by staff and published after review."""

    class Kind(models.TextChoices):
        REVIEW_RESULT = "review_result", _("审议结果报告")
        HANDLING = "handling", _("办理情况报告")

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("报告内容"))
    reported_on = models.DateField(_("报告日期"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    public_text = models.TextField(_("公开文本"), blank=True)
    confirmed_words = models.JSONField(_("已核实的涉密提示词"), default=list, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("撤下理由"), blank=True)
    # 沪-议案 第21条: the standing committee did not agree with the 办理情况报告 — report again.
    rejected_on = models.DateField(_("常委会不同意的日期"), null=True, blank=True)
    rejection_note = models.TextField(_("常委会审议意见"), blank=True)

    class Meta:
        verbose_name = _("议案报告")
        verbose_name_plural = _("议案报告")
        ordering = ["motion", "kind"]
        constraints = [models.UniqueConstraint(fields=["motion", "kind"], name="motion_report_once")]

    def __str__(self) -> str:
        return f"{self.motion} {self.get_kind_display()}"

    @property
    def scope_path(self) -> str:
        return self.motion.region.path
