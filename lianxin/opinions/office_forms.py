"""Forms of the office screens of 民意直通车: the ledger's filters and the actions on one opinion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.casework.models import Case, Light
from lianxin.deputies.models import Deputy
from lianxin.opinions import access
from lianxin.opinions.models import Category, Opinion
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_regions
from lianxin.stations.models import Station
from lianxin.units.models import HandlingUnit

# The route "not yet routed" is stored as "", which a filter would take for "any".
NOT_ROUTED = "none"

_ALL = ("", _("全部"))


class OpinionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("受理状态"), choices=[_ALL, *Opinion.Status.choices], required=False)
    route = forms.ChoiceField(
        label=_("处理方式"),
        choices=[_ALL, (NOT_ROUTED, _("未分流")), *Opinion.Route.choices[1:]],
        required=False,
    )
    channel = forms.ChoiceField(label=_("渠道"), choices=[_ALL, *Opinion.Channel.choices], required=False)
    category = forms.ModelChoiceField(label=_("分类"), queryset=Category.objects.all(), required=False)
    region = RegionChoiceField(label=_("区域"), queryset=Region.objects.none(), required=False)
    deputy = forms.CharField(label=_("代表"), max_length=50, required=False)
    station = forms.ModelChoiceField(label=_("履职阵地"), queryset=Station.objects.none(), required=False)
    submitted_from = forms.DateField(
        label=_("提交日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("提交日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(label=_("办理状态"), choices=[_ALL, *Case.State.choices], required=False)
    light = forms.ChoiceField(label=_("期限"), choices=[_ALL, *Light.choices[1:]], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW)
        self.fields["station"].queryset = Station.objects.filter(
            scope_filter(user, access.VIEW, "region__path")
        ).order_by("region__path", "name")
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("结束日期不能早于开始日期。"))
        return cleaned


class AcceptForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.filter(is_active=True), required=False
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("不予受理的理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("群众凭查询码查询时会看到这段理由。"),
        required=False,  # the service says what is missing, beside this field
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("并入意见的查询码"),
        max_length=30,
        help_text=_("填写反映同一问题、已受理的意见的查询码。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_into(self):
        code = "".join(ch for ch in self.cleaned_data["into"].upper() if ch.isalnum())
        target = access.visible_opinions(self.user).filter(tracking_code=code).first()
        if target is None:
            raise forms.ValidationError(_("没有找到这个查询码对应的意见。"))
        return target


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False
    )


class AssignForm(forms.Form):
    """交办: a lead unit (with co-handlers), or several units handling separately."""

    lead = forms.ModelChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.none(), required=False)
    co = forms.ModelMultipleChoiceField(
        label=_("会办单位"), queryset=HandlingUnit.objects.none(), required=False
    )
    separate = forms.ModelMultipleChoiceField(
        label=_("分别办理的单位"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        help_text=_("不设主办单位时，选择两个以上单位分别办理。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = HandlingUnit.objects.filter(
            scope_filter(user, "units.view_unit", "region__path"), is_active=True
        ).order_by("region__path", "name")
        for name in ("lead", "co", "separate"):
            self.fields[name].queryset = units


class EscalateForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConvertForm(forms.Form):
    deputy = forms.ModelChoiceField(label=_("代表"), queryset=Deputy.objects.none())

    def __init__(self, *args, user, opinion, **kwargs):
        super().__init__(*args, **kwargs)
        # Deputies living in the county or township of the opinion, in the user's scope.
        township_or_above = opinion.region
        while township_or_above.level > Region.Level.TOWNSHIP and township_or_above.parent_id:
            township_or_above = township_or_above.parent
        area = township_or_above.parent if township_or_above.parent_id else township_or_above
        self.fields["deputy"].queryset = Deputy.objects.filter(
            scope_filter(user, "deputies.view_deputy", "region__path"),
            region__path__startswith=area.path,
        ).order_by("name")
        if opinion.deputy_id:
            self.fields["deputy"].initial = opinion.deputy_id


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "order", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
