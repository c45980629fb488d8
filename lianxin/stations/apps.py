from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lianxin.stations"
    verbose_name = _("履职阵地")
    navigation = [
        ("stations:list", _("履职阵地"), "stations.view_station", 30),
        ("stations:receptions", _("选民接待"), "stations.view_reception", 31),
    ]
    audit_actions = {
        "stations.station.created": _("新增履职阵地"),
        "stations.station.updated": _("修改履职阵地"),
        "stations.station.imported": _("导入履职阵地"),
        "stations.day.created": _("安排接待日"),
        "stations.day.updated": _("修改接待日"),
        "stations.day.planned": _("按月排班"),
        "stations.day.attendance": _("登记到站代表"),
        "stations.reception.logged": _("接待登记"),
        "stations.activity.created": _("登记代表活动"),
        "stations.activity.updated": _("修改代表活动"),
        "stations.activity.photos_added": _("上传活动照片"),
    }
