from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "lianxin.suggestions"
    verbose_name = _("代表建议")
    navigation = [("suggestions:list", _("代表建议"), "suggestions.view_suggestion", 35)]
    audit_actions = {
        "suggestions.suggestion.drafted_from_opinion": _("由群众意见转为建议草稿"),
    }
