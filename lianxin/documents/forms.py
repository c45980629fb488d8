from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.documents.models import Kind
from lianxin.workbench.rendering import style_widgets


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("公文种类"), choices=Kind.choices)
    file = forms.FileField(
        label=_("模板文件（.docx）"),
        help_text=_("在 Word 或 WPS 中修改后另存为 .docx；不超过 5 MB。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)
    activate = forms.BooleanField(label=_("上传后立即启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
