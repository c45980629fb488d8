from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "lianxin.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")
    navigation = [("calendar:list", _("工作日历"), "calendar.view_holidayyear", 80)]
    audit_actions = {
        "calendar.year.published": _("录入年度节假日安排"),
        "calendar.year.updated": _("修改年度节假日安排"),
    }
