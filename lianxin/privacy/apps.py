from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lianxin.privacy"
    verbose_name = _("个人信息保护")
    audit_actions = {
        "privacy.personal_data.revealed": _("查看个人信息明文"),
        "privacy.keys.rotated": _("个人信息密钥轮换"),
    }
