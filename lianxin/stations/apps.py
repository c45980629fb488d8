from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lianxin.stations"
    verbose_name = _("履职阵地")
    navigation = [("stations:list", _("履职阵地"), "stations.view_station", 30)]
    audit_actions = {
        "stations.station.created": _("新增履职阵地"),
        "stations.station.updated": _("修改履职阵地"),
        "stations.station.imported": _("导入履职阵地"),
    }
