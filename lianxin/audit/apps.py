from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lianxin.audit"
    verbose_name = _("审计")
    navigation = [("audit:list", _("审计日志"), "audit.view_event", 90)]
    audit_actions = {
        "audit.events.purged": _("清理超期审计记录"),
        "audit.events.exported": _("导出审计日志"),
    }
