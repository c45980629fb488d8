from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "lianxin.demo"
    verbose_name = _("演示数据")
    audit_actions = {
        "demo.data.seeded": _("生成演示数据"),
    }
