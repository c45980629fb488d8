import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    """Deadline lights, computed when read from the due date; nothing schedules them."""

    NONE = "", ""
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("临期")
    RED = "red", _("逾期")


def light_for(due: datetime.date | None, today: datetime.date, *, done: bool) -> str:
    if done or due is None:
        return Light.NONE
    if today > due:
        return Light.RED
    if (due - today).days <= settings.LIANXIN_DUE_SOON_DAYS:
        return Light.YELLOW
    return Light.GREEN


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=Case.FINISHED)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today: datetime.date):
        soon = today + datetime.timedelta(days=settings.LIANXIN_DUE_SOON_DAYS)
        return self.open().filter(due_date__gte=today, due_date__lte=soon)


class Case(models.Model):
    """An item being handled: assigned to units, answered, rated, perhaps handled again.

    The engine knows an item only by its ``source`` (the module that opened it) and its own
    fields; the source's record (an opinion, a suggestion…) points here.
    """

    class State(models.TextChoices):
        REGISTERED = "registered", _("待交办")
        ASSIGNED = "assigned", _("已交办")
        HANDLING = "handling", _("办理中")
        REPLIED = "replied", _("已答复")
        REHANDLING = "rehandling", _("重新办理")
        CLOSED = "closed", _("办结")
        WITHDRAWN = "withdrawn", _("已撤回")

    FINISHED = (State.CLOSED, State.WITHDRAWN)

    source = models.CharField(_("来源"), max_length=40, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.REGISTERED, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    cap_date = models.DateField(_("最迟期限"), null=True, blank=True)
    rating_due = models.DateField(_("评价截止"), null=True, blank=True)
    urge_count = models.PositiveIntegerField(_("督办次数"), default=0)
    opened_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理件")
        verbose_name_plural = _("办理件")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["source", "state", "due_date"], name="case_source_state_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.region.path

    def state_label(self) -> str:
        from lianxin.casework import sources

        labels = sources.get(self.source).effective_policy.state_labels
        return str(labels.get(self.state, self.get_state_display()))

    def light(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.state == Case.State.REPLIED:
            return Light.NONE
        return light_for(
            self.due_date, today, done=self.state in Case.FINISHED or self.state == Case.State.REGISTERED
        )

    def rating_lapsed(self, today: datetime.date | None = None) -> bool:
        """A reply nobody rated in time counts as 未评价 and the item as done, whether or not
        anyone has closed it yet."""
        today = today or timezone.localdate()
        return self.state == Case.State.REPLIED and self.rating_due is not None and today > self.rating_due


class Assignment(models.Model):
    """交办 of one case to one unit, as lead (主办), co-handler (会办) or separately (分办)."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("会办")
        SEPARATE = "separate", _("分办")

    class State(models.TextChoices):
        PENDING = "pending", _("待签收")
        SIGNED = "signed", _("办理中")
        RETURN_REQUESTED = "return_requested", _("申请退回")
        RETURNED = "returned", _("已退回")
        REPLIED = "replied", _("已答复")
        OPINION_GIVEN = "opinion_given", _("已提交会办意见")

    ACTIVE = (State.PENDING, State.SIGNED, State.RETURN_REQUESTED)
    ANSWERING = (Kind.LEAD, Kind.SEPARATE)

    case = models.ForeignKey(
        Case, verbose_name=_("办理件"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        "units.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(_("承办方式"), max_length=10, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    state_before_return = models.CharField(max_length=20, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    due_date = models.DateField(_("期限"))
    cap_date = models.DateField(_("最迟期限"))
    return_window_end = models.DateField(_("申请退回截止"))
    return_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["case", "round", "kind", "pk"]
        constraints = [
            # Never two lead units at once on one case.
            models.UniqueConstraint(
                fields=["case", "round"],
                condition=Q(kind="lead") & Q(state__in=["pending", "signed", "return_requested", "replied"]),
                name="assignment_one_lead_per_round",
            ),
            models.CheckConstraint(
                condition=Q(due_date__lte=models.F("cap_date")), name="assignment_due_within_cap"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.unit}（{self.get_kind_display()}）"

    @property
    def scope_path(self) -> str:
        return self.case.region.path

    @property
    def is_active(self) -> bool:
        return self.state in Assignment.ACTIVE

    def light(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        return light_for(self.due_date, today, done=not self.is_active)


class Extension(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField(_("延期理由"))
    requested_date = models.DateField(_("申请延至"))
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(state="pending"), name="extension_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} 延至 {self.requested_date}"

    @property
    def scope_path(self) -> str:
        return self.assignment.case.region.path


class CoOpinion(models.Model):
    """A co-handling unit's opinion to the lead unit (会办意见)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="co_opinion")
    text = models.TextField(_("会办意见"))
    given_at = models.DateTimeField(default=timezone.now)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("会办意见")
        verbose_name_plural = _("会办意见")

    def __str__(self) -> str:
        return f"{self.assignment.unit}的会办意见"


class Reply(models.Model):
    """An answer: by the lead (or a separate) unit, or directly by whoever may answer the source."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="replies")
    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="reply"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    text = models.TextField(_("答复内容"))
    category = models.CharField(_("答复类别"), max_length=40, blank=True)
    signed_off_by = models.CharField(_("签发人"), max_length=50, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the submitter could first read it. Empty while a check registered for the source
    # (the quality review of replies to citizens) holds it for staff; the rating window starts
    # only once every reply of the round has been shown.
    shown_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    held_note = models.TextField(_("暂缓送达原因"), blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round", "replied_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} 第{self.round}轮答复"

    @property
    def held(self) -> bool:
        return self.shown_at is None


class ReplyAttachment(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="casework/replies/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ratings")
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    rater = models.CharField(_("评价人"), max_length=60)
    # 办理结果; and 办理态度 where the source's policy asks for it (deputies' suggestions).
    value = models.CharField(_("评价"), max_length=20, choices=Value.choices)
    attitude = models.CharField(_("办理态度"), max_length=20, choices=Value.choices, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["round", "rated_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round", "rater"], name="rating_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_value_display()}"


class Urge(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="urges")
    message = models.TextField(_("督办意见"))
    urged_at = models.DateTimeField(default=timezone.now)
    urged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-urged_at"]

    def __str__(self) -> str:
        return f"{self.case} 督办"


class Communication(models.Model):
    """沟通记录: a unit's contact with whoever raised the item (a visit, a meeting, a call)."""

    class Way(models.TextChoices):
        VISIT = "visit", _("走访")
        MEETING = "meeting", _("座谈")
        CALL = "call", _("电话")
        SITE = "site", _("现场察看")
        ONLINE = "online", _("网络或书面")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="communications")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="communications")
    way = models.CharField(_("方式"), max_length=10, choices=Way.choices)
    happened_on = models.DateField(_("时间"))
    people = models.CharField(_("参加人员"), max_length=200)
    content = models.TextField(_("沟通内容"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_way_display()} {self.happened_on}"


class Promise(models.Model):
    """承诺事项: what a reply promised to do by a date, followed until done (落实型).

    The unit reports it done (二次答复); whoever rates the item confirms. One not done by the end
    of its year is carried into the next year's ledger (read from the dates, not stored).
    """

    class State(models.TextChoices):
        OPEN = "open", _("落实中")
        REPORTED = "reported", _("已报告落实，待确认")
        CONFIRMED = "confirmed", _("已确认落实")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="promises")
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="promises")
    text = models.CharField(_("承诺事项"), max_length=500)
    due_date = models.DateField(_("承诺时限"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    report = models.TextField(_("落实情况（二次答复）"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def scope_path(self) -> str:
        return self.case.region.path

    def carried_over(self, today: datetime.date | None = None) -> bool:
        """Promised for an earlier year and still not confirmed: it counts in this year too."""
        today = today or timezone.localdate()
        return self.state != Promise.State.CONFIRMED and self.due_date.year < today.year

    def light(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        return light_for(self.due_date, today, done=self.state != Promise.State.OPEN)
