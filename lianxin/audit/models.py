from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One append-only audit event.

    Rows are only ever inserted. In PostgreSQL a trigger refuses UPDATE and refuses DELETE
    of anything younger than 180 days (migration 0002), whatever the application does.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    # Kept as text so the record reads the same after the account is renamed.
    actor_name = models.CharField(_("操作人姓名"), max_length=200, blank=True)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    # Region path of the object, so an auditor's scope filters events without joining every table.
    scope_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="audit_event_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
