from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lianxin.documents"
    verbose_name = _("公文模板")
    navigation = [
        ("documents:templates", _("公文模板"), "documents.manage_template", 80),
    ]
    audit_actions = {
        "documents.template.uploaded": _("上传公文模板"),
        "documents.template.activated": _("启用公文模板"),
        "documents.letter.generated": _("生成公文"),
    }
