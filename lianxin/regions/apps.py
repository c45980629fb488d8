from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "lianxin.regions"
    verbose_name = _("行政区划")
    navigation = [("regions:list", _("行政区划"), "regions.view_region", 60)]
    audit_actions = {
        "regions.region.created": _("新增行政区划"),
        "regions.region.updated": _("修改行政区划"),
    }
