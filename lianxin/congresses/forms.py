from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.congresses.models import Congress, Session, Term
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CongressForm(forms.ModelForm):
    region = RegionChoiceField(
        label=_("行政区划"),
        queryset=Region.objects.none(),
        help_text=_("省、市、县、乡镇设立人民代表大会；每个行政区划只有一个。"),
    )

    class Meta:
        model = Congress
        fields = ["region", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # What a congress belongs to does not change; only its name may be corrected.
            del self.fields["region"]
            return
        self.fields["region"].queryset = regions_in_scope(
            user, "congresses.add_congress", max_level=Region.Level.TOWNSHIP
        ).filter(congress__isnull=True)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "start_date", "end_date"]
        widgets = {"start_date": _DATE, "end_date": _DATE}
        help_texts = {"number": _("阿拉伯数字，例如 18 表示第十八届。")}

    def __init__(self, *args, user, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.instance.congress = congress

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["number", "start_date", "end_date"]
        widgets = {"start_date": _DATE, "end_date": _DATE}
        help_texts = {"number": _("阿拉伯数字，例如 3 表示第三次会议。")}

    def __init__(self, *args, user, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        if term is not None:
            self.instance.term = term

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class TermPartForm(forms.ModelForm):
    """A delegation, deputies' group or constituency; the model is given by the view."""

    region = RegionChoiceField(label=_("所在区域"), queryset=Region.objects.none())

    class Meta:
        fields = ["name", "region"]

    def __init__(self, *args, user, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        if term is not None:
            self.instance.term = term
        congress_region = self.instance.term.congress.region
        self.fields["region"].queryset = regions_in_scope(
            user, "congresses.change_congress", max_level=Region.Level.VILLAGE
        ).filter(path__startswith=congress_region.path)
        self.fields["region"].help_text = _("须在%(region)s范围内。") % {"region": congress_region.name}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def term_part_form(model) -> type[TermPartForm]:
    return forms.modelform_factory(model, form=TermPartForm, fields=["name", "region"])
