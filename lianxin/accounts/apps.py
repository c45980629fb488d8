from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lianxin.accounts"
    verbose_name = _("账户与权限")
    navigation = [("accounts_office:user_list", _("账户与角色"), "accounts.view_user", 70)]
    revealable = {"user": ("lianxin.accounts.access.user_for_reveal", ("phone",))}
    audit_actions = {
        "accounts.login.succeeded": _("登录成功"),
        "accounts.login.failed": _("登录失败"),
        "accounts.login.second_factor_failed": _("动态口令错误"),
        "accounts.session.signed_out": _("退出登录"),
        "accounts.session.expired": _("会话超时退出"),
        "accounts.password.changed": _("修改密码"),
        "accounts.totp.enrolled": _("绑定动态口令"),
        "accounts.user.created": _("新增用户"),
        "accounts.user.updated": _("修改用户"),
        "accounts.user.password_reset": _("重置用户密码"),
        "accounts.user.unlocked": _("解除登录锁定"),
        "accounts.totp.reset": _("重置动态口令"),
        "accounts.membership.granted": _("授予角色"),
        "accounts.membership.revoked": _("撤销角色"),
        "accounts.role.switched": _("切换角色"),
    }
