from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.workbench.rendering import style_widgets


class RegionForm(forms.ModelForm):
    parent = RegionChoiceField(label=_("上级区划"), queryset=Region.objects.none())

    class Meta:
        model = Region
        fields = ["name", "code", "level", "parent"]
        error_messages = {"code": {"unique": _("该区划代码已被使用。")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        parents = regions_in_scope(
            user,
            "regions.change_region" if editing else "regions.add_region",
            max_level=Region.Level.VILLAGE,
        )
        if editing:
            # A region cannot hang under itself or anything below it.
            parents = parents.exclude(path__startswith=self.instance.path)
            if self.instance.parent_id is None:
                self.fields["parent"].required = False
                self.fields["parent"].help_text = _("最高一级区划，没有上级。")
            elif self.instance.children.exists():
                self.fields["level"].help_text = _("已有下级区划，层级不能改变。")
        self.fields["parent"].queryset = parents
        self.fields["code"].help_text = _("统计用区划代码，只能由数字或字母组成；修改后下级区划随之调整。")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class RegionFilterForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("层级"),
        choices=[("", _("全部")), *Region.Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].widget.attrs["data-autosubmit"] = ""
        style_widgets(self)
