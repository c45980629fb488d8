from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "lianxin.deputies"
    verbose_name = _("人大代表")
    revealable = {"deputy": ("lianxin.deputies.access.deputy_for_reveal", ("phone", "id_number"))}
    navigation = [("deputies:list", _("人大代表"), "deputies.view_deputy", 20)]
    audit_actions = {
        "deputies.deputy.created": _("新增代表"),
        "deputies.deputy.updated": _("修改代表信息"),
        "deputies.deputy.imported": _("导入代表"),
        "deputies.seat.created": _("新增代表资格"),
        "deputies.seat.updated": _("修改代表资格"),
        "deputies.seat.imported": _("导入代表资格"),
    }
