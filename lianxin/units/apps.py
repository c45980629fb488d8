from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "lianxin.units"
    verbose_name = _("承办单位")
    navigation = [("units:list", _("承办单位"), "units.view_unit", 40)]
    revealable = {"contact": ("lianxin.units.access.contact_for_reveal", ("phone",))}
    audit_actions = {
        "units.unit.created": _("新增承办单位"),
        "units.unit.updated": _("修改承办单位"),
        "units.unit.imported": _("导入承办单位"),
        "units.contact.created": _("新增联系人"),
        "units.contact.updated": _("修改联系人"),
        "units.contact.imported": _("导入联系人"),
    }
