from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "lianxin.suggestions"
    verbose_name = _("议案建议")
    todos = "lianxin.suggestions.todos.TODOS"
    navigation = [
        ("suggestions:mine", _("我的议案建议"), "suggestions.add_suggestion", 30),
        ("suggestions:list", _("代表建议"), "suggestions.view_suggestion", 35),
        ("suggestions:motions", _("代表议案"), "suggestions.view_motion", 36),
        ("suggestions:statistics", _("建议办理统计"), "suggestions.view_statistics", 37),
    ]
    audit_actions = {
        "suggestions.suggestion.drafted_from_opinion": _("由群众意见转为建议草稿"),
        "suggestions.suggestion.drafted": _("起草建议"),
        "suggestions.suggestion.edited": _("修改建议"),
        "suggestions.suggestion.submitted": _("提交建议"),
        "suggestions.suggestion.cosign_confirmed": _("确认联名"),
        "suggestions.suggestion.cosign_declined": _("谢绝联名"),
        "suggestions.suggestion.accepted": _("建议立案"),
        "suggestions.suggestion.refused": _("建议不予立案"),
        "suggestions.suggestion.to_letter": _("建议改作来信"),
        "suggestions.suggestion.returned": _("建议退回修改"),
        "suggestions.suggestion.withdrawal_requested": _("申请撤回建议"),
        "suggestions.suggestion.withdrawal_consented": _("同意撤回建议"),
        "suggestions.suggestion.withdrawn": _("建议已撤回"),
        "suggestions.suggestion.from_motion": _("议案改作建议"),
        "suggestions.suggestion.prioritised": _("确定为重点督办建议"),
        "suggestions.suggestion.progress_reported": _("报告重点督办进度"),
        "suggestions.suggestion.published": _("公开建议及答复"),
        "suggestions.suggestion.unpublished": _("撤下公开的建议"),
        "suggestions.motion.report_entered": _("登记议案报告"),
        "suggestions.motion.report_published": _("公开议案报告"),
        "suggestions.motion.report_unpublished": _("撤下公开的议案报告"),
        "suggestions.motion.drafted": _("起草议案"),
        "suggestions.motion.edited": _("修改议案"),
        "suggestions.motion.submitted": _("提交议案"),
        "suggestions.motion.cosign_confirmed": _("确认附议"),
        "suggestions.motion.cosign_declined": _("谢绝附议"),
        "suggestions.motion.decided": _("登记主席团决定"),
        "suggestions.motion.withdrawal_requested": _("撤回议案"),
        "suggestions.motion.withdrawn": _("主席团同意撤回议案"),
        "suggestions.motion.signature_withdrawn": _("撤回附议"),
    }

    def ready(self):
        # The engine learns about this source here, at start-up, explicitly.
        from lianxin.suggestions import casework_source

        casework_source.register()
