from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.models import User
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_phone
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.units.models import HandlingUnit, UnitContact


class UnitForm(forms.ModelForm):
    region = RegionChoiceField(label=_("所属区域"), queryset=Region.objects.none())

    class Meta:
        model = HandlingUnit
        fields = ["name", "short_name", "kind", "region", "address", "clerks", "is_active"]
        widgets = {"clerks": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(
            user, "units.add_unit", max_level=Region.Level.TOWNSHIP
        )
        # One filter() call, so the role and the region are those of the same membership.
        self.fields["clerks"].queryset = User.objects.filter(
            Q(is_active=True, memberships__role=Role.UNIT_CLERK, memberships__is_active=True)
            & scope_filter(user, "units.add_unit", "memberships__region__path")
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        name, region = cleaned.get("name"), cleaned.get("region")
        # Said beside the name, instead of the generic unique-constraint message above the form.
        if (
            name
            and region
            and HandlingUnit.objects.filter(region=region, name=name).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "name",
                _("%(region)s已有名为「%(name)s」的承办单位。") % {"region": region.name, "name": name},
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ContactForm(forms.ModelForm):
    phone = forms.CharField(label=_("电话"), max_length=20, required=False, validators=[validate_phone])

    class Meta:
        model = UnitContact
        fields = ["name", "title", "is_primary"]

    def __init__(self, *args, user, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.instance.unit = unit
        if self.instance.pk and self.instance.phone:
            self.fields["phone"].help_text = _("当前：%(masked)s。留空则不修改。") % {
                "masked": self.instance.phone.masked
            }

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        phone = normalise(self.cleaned_data["phone"], PHONE)
        if phone or not self.instance.pk:
            data["phone"] = phone
        return data
