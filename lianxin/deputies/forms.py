from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.congresses.models import Constituency, Delegation, DeputyGroup, Term
from lianxin.deputies.models import Deputy, ExpertiseTag, Seat
from lianxin.privacy.masking import ID_NUMBER, PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_id_number, validate_phone
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope


class TagsField(forms.CharField):
    """Expertise tags typed as 「环保、教育」, separated by 、 , ， or spaces."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        for separator in "，,、;；":
            text = text.replace(separator, " ")
        return sorted({part.strip() for part in text.split() if part.strip()})

    def validate(self, value):
        super().validate(value)
        limit = ExpertiseTag._meta.get_field("name").max_length
        too_long = [tag for tag in value if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                _("每个专长不超过 %(n)d 个字：%(tags)s") % {"n": limit, "tags": "、".join(too_long)}
            )


class DeputyForm(forms.ModelForm):
    region = RegionChoiceField(label=_("所在区域"), queryset=Region.objects.none())
    expertise_text = TagsField(
        label=_("专长"), required=False, help_text=_("多个专长用顿号分隔，例如：生态环保、基层治理")
    )
    phone = forms.CharField(label=_("手机号"), required=False, max_length=20, validators=[validate_phone])
    id_number = forms.CharField(
        label=_("身份证号"), required=False, max_length=18, validators=[validate_id_number]
    )

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "party",
            "occupation",
            "industry",
            "workplace",
            "title",
            "region",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(
            user, "deputies.change_deputy", max_level=Region.Level.VILLAGE
        )
        if self.instance.pk:
            self.fields["expertise_text"].initial = "、".join(
                tag.name for tag in self.instance.expertise.all()
            )
            # Personal numbers are never put back into the page; a blank field keeps the stored value.
            for name, stored in (("phone", self.instance.phone), ("id_number", self.instance.id_number)):
                if stored:
                    self.fields[name].help_text = _("当前：%(masked)s。留空则不修改。") % {
                        "masked": stored.masked
                    }

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["expertise"] = [
            ExpertiseTag.objects.get_or_create(name=name)[0] for name in self.cleaned_data["expertise_text"]
        ]
        phone = normalise(self.cleaned_data["phone"], PHONE)
        id_number = normalise(self.cleaned_data["id_number"], ID_NUMBER)
        if phone or not self.instance.pk:
            data["phone"] = phone
        if id_number or not self.instance.pk:
            data["id_number"] = id_number
        return data


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = [
            "term",
            "constituency",
            "electoral_unit",
            "delegation",
            "group",
            "status",
            "elected_on",
            "status_changed_on",
            "status_note",
        ]
        widgets = {
            "elected_on": forms.DateInput(attrs={"type": "date"}),
            "status_changed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.deputy = deputy
        from lianxin.accounts.permissions import scope_filter

        terms = Term.objects.filter(
            scope_filter(user, "deputies.change_deputy", "congress__region__path")
        ).select_related("congress")
        self.fields["term"].queryset = terms
        self.fields["term"].label_from_instance = str
        for name, model in (
            ("constituency", Constituency),
            ("delegation", Delegation),
            ("group", DeputyGroup),
        ):
            self.fields[name].queryset = model.objects.filter(term__in=terms).select_related("term__congress")
            self.fields[name].label_from_instance = lambda obj: f"{obj.term}·{obj.name}"
