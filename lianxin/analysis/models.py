from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReplyReview(models.Model):
    """答复质量: the scores of one unit's reply to a citizen's opinion and, when it is weak, the
    staff's review of it. Written only by lianxin.analysis.services."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        PASSED = "passed", _("未发现问题")
        RELEASED = "released", _("审核通过")
        SENT_BACK = "sent_back", _("已退回补充")

    reply = models.OneToOneField(
        "casework.Reply", verbose_name=_("答复"), on_delete=models.PROTECT, related_name="quality_review"
    )
    # The case's region, copied so that the queue filters by scope without joining the engine.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+"
    )
    relevance = models.FloatField(_("相关度"))
    completeness = models.FloatField(_("完整度"))
    timeliness = models.FloatField(_("及时性"), null=True, blank=True)
    weak = models.BooleanField(_("需审核"), default=False)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    state = models.CharField(_("审核状态"), max_length=20, choices=State.choices, db_index=True)
    scored_at = models.DateTimeField(_("评分时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("答复质量审核")
        verbose_name_plural = _("答复质量审核")
        ordering = ["scored_at", "pk"]
        indexes = [models.Index(fields=["state", "scored_at"], name="replyreview_queue")]

    def __str__(self) -> str:
        return str(self.reply)

    @property
    def scope_path(self) -> str:
        return self.region.path
