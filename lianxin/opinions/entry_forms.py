"""The form staff and liaisons enter received opinions with (接待登记、网格员、电话、来信)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.deputies.models import Deputy
from lianxin.opinions import uploads
from lianxin.opinions.handling import ENTER, ENTRY_CHANNELS
from lianxin.opinions.models import Category, Opinion
from lianxin.opinions.public_forms import AttachmentsField
from lianxin.privacy.validators import validate_phone
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.stations.models import Station


class OpinionEntryForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[(c.value, c.label) for c in ENTRY_CHANNELS],
        initial=Opinion.Channel.RECEPTION,
    )
    station = forms.ModelChoiceField(
        label=_("接待的联络站"),
        queryset=Station.objects.none(),
        required=False,
        help_text=_("接待登记必填；联络员只能为自己的联络站登记。"),
    )
    deputy = forms.ModelChoiceField(label=_("接待的代表"), queryset=Deputy.objects.none(), required=False)
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.filter(is_active=True), required=False
    )
    region = RegionChoiceField(label=_("所在区域"), queryset=Region.objects.none())
    place = forms.CharField(label=_("具体地点"), max_length=200, required=False)
    name = forms.CharField(label=_("群众姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        help_text=_("用于短信告知查询码和办理结果；来信未留电话的可以不填。"),
    )
    hide_name = forms.BooleanField(label=_("公开时隐去姓名"), required=False, initial=True)
    attachments = AttachmentsField(
        label=_("附件"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("来信扫描件、现场照片等：图片（JPEG、PNG）或 PDF。"),
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, ENTER, max_level=Region.Level.VILLAGE)
        stations = Station.objects.filter(scope_filter(user, ENTER, "region__path"))
        if not any(m.role == Role.STAFF for m in user.active_memberships()):
            # A liaison registers for the stations they keep, not for every station around.
            stations = stations.filter(pk__in=user.liaison_stations.values("pk"))
        self.fields["station"].queryset = stations.order_by("region__path", "name")
        self.fields["deputy"].queryset = (
            Deputy.objects.filter(stations__in=self.fields["station"].queryset).distinct().order_by("name")
        )

    def clean_attachments(self):
        # Checked here to show errors beside the field; the service checks them again.
        return [upload for upload, _kind in self.cleaned_data["attachments"]]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
