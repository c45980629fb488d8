from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "lianxin.routing"
    verbose_name = _("分流建议")
    navigation = [
        ("routing:models", _("分流模型"), "routing.view_routingmodel", 86),
    ]
    audit_actions = {
        "routing.routingmodel.trained": _("训练承办单位建议模型"),
    }
