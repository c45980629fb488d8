from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "lianxin.duty"
    verbose_name = _("代表履职")
    navigation = [
        ("duty:reports", _("代表履职"), "duty.view_record", 25),
        ("duty:mine", _("我的履职"), "duty.submit_report", 25),
    ]
    todos = "lianxin.duty.todos.TODOS"
    audit_actions = {
        "duty.self_report.submitted": _("代表填报履职活动"),
        "duty.self_report.approved": _("审核通过履职填报"),
        "duty.self_report.returned": _("退回履职填报"),
        "duty.rule.created": _("新增积分规则"),
        "duty.rule.updated": _("修改积分规则"),
        "duty.points.recomputed": _("重新计算履职积分"),
        "duty.points.published": _("公布季度履职积分"),
        "duty.meeting.created": _("新增会议或培训"),
        "duty.meeting.invited": _("邀请代表参加会议或培训"),
        "duty.attendance.recorded": _("登记出勤"),
        "duty.attendance.closed": _("结束签到"),
        "duty.material.added": _("上传会议或培训材料"),
        "duty.voter_report.created": _("登记代表述职"),
        "duty.voter_report.rated": _("登记述职评议结果"),
        "duty.voter_report.codes_issued": _("生成述职评议码"),
        "duty.voter_report.voted": _("选民评议述职"),
        "duty.photo.updated": _("更新代表照片"),
    }
