from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "lianxin.opinions"
    verbose_name = _("民意直通车")
    revealable = {"opinion": ("lianxin.opinions.access.opinion_for_reveal", ("submitter_phone",))}
    todos = "lianxin.opinions.todos.TODOS"
    navigation = [
        ("opinions:office_list", _("民意台账"), "opinions.view_opinion", 11),
        ("opinions:office_queue", _("待受理意见"), "opinions.handle_opinion", 12),
        ("opinions:office_entry", _("登记意见"), "opinions.enter_opinion", 13),
        ("wall_office:candidates", _("回音壁"), "opinions.publish_opinion", 14),
        ("opinions:categories", _("意见分类"), "opinions.manage_category", 85),
    ]
    audit_actions = {
        "opinions.opinion.submitted": _("提交意见"),
        "opinions.opinion.entered": _("登记意见"),
        "opinions.opinion.personal_data_erased": _("保存期满，删除个人信息"),
        "opinions.opinion.accepted": _("受理"),
        "opinions.opinion.refused": _("不予受理"),
        "opinions.opinion.merged": _("并案"),
        "opinions.opinion.escalated": _("提交常委会"),
        "opinions.opinion.converted": _("转为代表建议"),
        "opinions.opinion.answered_on_the_spot": _("当场答复"),
        "opinions.opinion.answered_by_deputy": _("代表直接答复"),
        "opinions.opinion.assigned": _("交办承办单位"),
        "opinions.opinion.published": _("在回音壁公开"),
        "opinions.opinion.unpublished": _("撤下回音壁"),
        "opinions.category.created": _("新增意见分类"),
        "opinions.category.updated": _("修改意见分类"),
    }

    def ready(self):
        # The engine learns about this source here, at start-up, explicitly.
        from lianxin.opinions import casework_source

        casework_source.register()
