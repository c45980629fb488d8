from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationRatingConfig(AppConfig):
    name = "lianxin.stationrating"
    verbose_name = _("星级评定")
    todos = "lianxin.stationrating.todos.TODOS"
    navigation = [("stationrating:list", _("星级评定"), "stationrating.view_round", 32)]
    audit_actions = {
        "stationrating.template.created": _("新增评定标准"),
        "stationrating.template.updated": _("修改评定标准"),
        "stationrating.round.created": _("发起评定"),
        "stationrating.application.submitted": _("联络站申报"),
        "stationrating.application.scored": _("评审打分"),
        "stationrating.round.combined": _("合成得分、评定等级"),
        "stationrating.round.published": _("公布评定结果"),
    }
