from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "lianxin.congresses"
    verbose_name = _("人民代表大会")
    navigation = [("congresses:list", _("人大与届次"), "congresses.view_congress", 50)]
    audit_actions = {
        "congresses.congress.created": _("新增人民代表大会"),
        "congresses.congress.updated": _("修改人民代表大会"),
        "congresses.term.created": _("新增届次"),
        "congresses.term.updated": _("修改届次"),
        "congresses.session.created": _("新增会议"),
        "congresses.session.updated": _("修改会议"),
        "congresses.delegation.created": _("新增代表团"),
        "congresses.delegation.updated": _("修改代表团"),
        "congresses.group.created": _("新增代表小组"),
        "congresses.group.updated": _("修改代表小组"),
        "congresses.constituency.created": _("新增选区"),
        "congresses.constituency.updated": _("修改选区"),
    }
