"""Forms of the rota, the reception log and activities. The services check everything again."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin import uploads
from lianxin.deputies.models import Deputy
from lianxin.opinions.handling import ENTER
from lianxin.opinions.models import Category
from lianxin.privacy.validators import validate_phone
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, regions_in_scope
from lianxin.stations import access
from lianxin.stations.models import Activity, ReceptionDay


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _deputy_label(deputy) -> str:
    return f"{deputy.name}（{deputy.region.name}）"


class StationScopedForm(forms.Form):
    """A form about one of the stations the user may act on (``permission``)."""

    permission = ""
    station = forms.ModelChoiceField(label=_("履职阵地"), queryset=None)

    def __init__(self, *args, user, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        stations = (
            access.stations_for(user, self.permission).filter(is_active=True).order_by("region__path", "name")
        )
        self.fields["station"].queryset = stations
        self.fields["station"].label_from_instance = lambda s: f"{s.name}（{s.region.name}）"
        self.stationed = Deputy.objects.filter(stations__in=stations).distinct().select_related("region")

    def deputies_field(self, name: str, label, *, required: bool, help_text=""):
        field = forms.ModelMultipleChoiceField(
            label=label,
            queryset=self.stationed.order_by("name", "pk"),
            required=required,
            widget=forms.CheckboxSelectMultiple,
            help_text=help_text,
        )
        field.label_from_instance = _deputy_label
        self.fields[name] = field


class ReceptionDayForm(StationScopedForm):
    permission = access.MANAGE_ROTA
    date = forms.DateField(label=_("接待日期"), widget=DateInput())
    hours = forms.CharField(
        label=_("接待时间"), max_length=50, required=False, help_text=_("例如：9:00–11:30")
    )
    place = forms.CharField(
        label=_("接待地点"), max_length=200, required=False, help_text=_("不填则为阵地地址")
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies_field(
            "on_duty", _("值班代表"), required=True, help_text=_("只能从所选阵地的进站代表中安排。")
        )
        if self.instance is not None:
            self.fields["station"].disabled = True
            self.initial.update(
                station=self.instance.station_id,
                date=self.instance.date,
                hours=self.instance.hours,
                place=self.instance.place,
                note=self.instance.note,
                on_duty=list(self.instance.on_duty.values_list("pk", flat=True)),
            )

    def values(self) -> dict:
        names = ["date", "on_duty", "hours", "place", "note"]
        return {name: self.cleaned_data[name] for name in names}


class PlanForm(StationScopedForm):
    permission = access.MANAGE_ROTA
    months = forms.IntegerField(label=_("排几个月"), min_value=1, max_value=12, initial=3)
    per_day = forms.IntegerField(
        label=_("每个接待日值班代表人数"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("进站代表按姓名顺序轮流值班；已排的接待日保持不变。"),
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args, day: ReceptionDay, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.ModelMultipleChoiceField(
            label=_("到站代表"),
            queryset=day.station.deputies.select_related("region").order_by("name", "pk"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(day.present.values_list("pk", flat=True)),
        )
        field.label_from_instance = _deputy_label
        self.fields["present"] = field


class ReceptionForm(StationScopedForm):
    permission = access.LOG_RECEPTION
    received_on = forms.DateField(label=_("接待日期"), widget=DateInput())
    day = forms.ModelChoiceField(
        label=_("接待日"),
        queryset=ReceptionDay.objects.none(),
        required=False,
        help_text=_("在排定的接待日接待的请选择；代表平时到站接待的可不选。"),
    )
    deputy = forms.ModelChoiceField(label=_("接待代表"), queryset=Deputy.objects.none(), required=False)
    name = forms.CharField(label=_("群众姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        validators=[validate_phone],
        help_text=_("用于短信告知查询码和办理结果，只有工作人员可见。"),
    )
    region = RegionChoiceField(label=_("所在区域"), queryset=Region.objects.none())
    place = forms.CharField(label=_("具体地点"), max_length=200, required=False)
    title = forms.CharField(label=_("反映事项"), max_length=100)
    content = forms.CharField(label=_("具体内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.filter(is_active=True), required=False
    )
    hide_name = forms.BooleanField(label=_("公开时隐去姓名"), required=False, initial=True)
    answer = forms.CharField(
        label=_("当场答复内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("当场答复的填写答复内容，意见即办结待群众评价；不填则转入民意直通车待受理。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        stations = self.fields["station"].queryset
        self.fields["received_on"].initial = timezone.localdate()
        today = timezone.localdate()
        # The days of the last three months are enough: receptions are logged soon after.
        self.fields["day"].queryset = (
            ReceptionDay.objects.filter(
                station__in=stations, date__lte=today, date__gte=today - datetime.timedelta(days=92)
            )
            .select_related("station")
            .order_by("-date")
        )
        self.fields["deputy"].queryset = self.stationed.order_by("name", "pk")
        self.fields["deputy"].label_from_instance = _deputy_label
        self.fields["region"].queryset = regions_in_scope(user, ENTER, max_level=Region.Level.VILLAGE)
        if stations.count() == 1:
            self.fields["station"].initial = stations.first().pk

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ActivityForm(StationScopedForm):
    permission = access.MANAGE_ACTIVITY
    kind = forms.ChoiceField(label=_("活动类型"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("活动主题"), max_length=100)
    held_on = forms.DateField(label=_("活动日期"), widget=DateInput())
    place = forms.CharField(label=_("活动地点"), max_length=200, required=False)
    attendance = forms.IntegerField(label=_("参加群众人数"), min_value=0, initial=0)
    minutes = forms.CharField(
        label=_("活动纪要"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000
    )
    is_public = forms.BooleanField(
        label=_("在阵地公开页面展示"),
        required=False,
        initial=True,
        help_text=_("公开主题、日期、纪要和照片；纪要中请勿写入群众的姓名、电话。"),
    )
    photos = uploads.FilesField(
        label=_("活动照片"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPEG 或 PNG，最多 9 张，每张不超过 10 MB。"),
    )

    FIELDS = ("kind", "title", "held_on", "place", "deputies", "attendance", "minutes", "is_public")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies_field("deputies", _("参加代表"), required=False)
        self.order_fields(["station", "kind", "title", "held_on", "place", "deputies"])
        if self.instance is not None:
            self.fields["station"].disabled = True
            self.initial.update(
                {name: getattr(self.instance, name) for name in self.FIELDS if name != "deputies"}
            )
            self.initial["station"] = self.instance.station_id
            self.initial["deputies"] = list(self.instance.deputies.values_list("pk", flat=True))

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


def default_period() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), today
