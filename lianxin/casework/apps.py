from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "lianxin.casework"
    verbose_name = _("交办办理")
    todos = "lianxin.casework.todos.TODOS"
    navigation = [
        ("casework:unit_items", _("待办事项"), "casework.work_for_unit", 10),
        ("casework:overview", _("办理件"), "casework.view_case", 12),
        ("casework:pending_decisions", _("待审批"), "casework.assign_case", 14),
    ]
    audit_actions = {
        "casework.case.opened": _("登记办理件"),
        "casework.case.assigned": _("交办"),
        "casework.case.answered": _("直接答复"),
        "casework.case.replied": _("答复"),
        "casework.case.rated": _("评价"),
        "casework.case.reopened": _("重新办理"),
        "casework.case.closed": _("办结"),
        "casework.case.withdrawn": _("撤回办理件"),
        "casework.case.urged": _("督办催办"),
        "casework.case.contact_logged": _("登记沟通情况"),
        "casework.reply.shown": _("答复送达提出人"),
        "casework.reply.returned": _("答复退回补充"),
        "casework.reply.revised": _("修改待送达的答复"),
        "casework.promise.reported": _("报告承诺事项落实（二次答复）"),
        "casework.promise.confirmed": _("确认承诺事项已落实"),
        "casework.promise.disputed": _("认为承诺事项尚未落实"),
        "casework.assignment.signed": _("签收"),
        "casework.assignment.return_requested": _("申请退回"),
        "casework.assignment.returned": _("同意退回"),
        "casework.assignment.return_refused": _("不同意退回"),
        "casework.assignment.extension_requested": _("申请延期"),
        "casework.assignment.extended": _("同意延期"),
        "casework.assignment.extension_refused": _("不同意延期"),
        "casework.assignment.co_opinion_given": _("提交会办意见"),
    }
