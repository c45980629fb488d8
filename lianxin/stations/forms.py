from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.models import User
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.deputies.models import Deputy
from lianxin.privacy.validators import validate_phone
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.stations.models import Station


class StationForm(forms.ModelForm):
    region = RegionChoiceField(label=_("服务区域"), queryset=Region.objects.none())
    public_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        help_text=_("阵地的对外电话，会在公开页面显示：手机号或区号加固定电话。"),
    )

    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "region",
            "address",
            "opening_hours",
            "public_phone",
            "reception_day_of_month",
            "reception_hours",
            "announce_days",
            "deputies",
            "liaisons",
            "is_active",
        ]
        widgets = {
            "deputies": forms.SelectMultiple(attrs={"size": 8}),
            "liaisons": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(
            user, "stations.change_station", max_level=Region.Level.VILLAGE
        )
        # The station's present deputies and liaisons stay on offer even when the editor could
        # not pick them (a county deputy at a township station, a liaison editing): otherwise
        # saving the form would silently drop them.
        self.fields["announce_days"].required = False
        current = self.instance.pk is not None
        serving = Deputy.objects.filter(scope_filter(user, "deputies.view_deputy", "region__path")).serving()
        self.fields["deputies"].queryset = Deputy.objects.filter(
            Q(pk__in=serving.values("pk")) | Q(pk__in=self.instance.deputies.values("pk") if current else [])
        ).select_related("region")
        # Namesakes are told apart by where they live.
        self.fields["deputies"].label_from_instance = lambda deputy: f"{deputy.name}（{deputy.region.name}）"
        self.fields["deputies"].help_text = _("按住 Ctrl（Mac 为 ⌘）可多选。")
        # One filter() call, so the role and the region are those of the same membership.
        liaisons = User.objects.filter(
            Q(is_active=True, memberships__role=Role.LIAISON, memberships__is_active=True)
            & scope_filter(user, "stations.change_station", "memberships__region__path")
        )
        self.fields["liaisons"].queryset = User.objects.filter(
            Q(pk__in=liaisons.values("pk")) | Q(pk__in=self.instance.liaisons.values("pk") if current else [])
        )

    def clean_announce_days(self):
        # Left empty, the station announces as far ahead as the default.
        value = self.cleaned_data.get("announce_days")
        return value if value is not None else Station._meta.get_field("announce_days").default

    def clean(self):
        cleaned = super().clean()
        name, region = cleaned.get("name"), cleaned.get("region")
        # Said beside the name, instead of the generic unique-constraint message above the form.
        if (
            name
            and region
            and Station.objects.filter(region=region, name=name).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "name",
                _("%(region)s已有名为「%(name)s」的履职阵地。") % {"region": region.name, "name": name},
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
