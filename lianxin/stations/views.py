from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_regions
from lianxin.stations import access, services
from lianxin.stations.forms import StationForm
from lianxin.stations.models import Station


class StationFilterForm(forms.Form):
    region = RegionChoiceField(label=_("区域"), queryset=Region.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部")), *Station.Kind.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW)
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


class StationListView(ScopedListView):
    model = Station
    view_permission = access.VIEW
    title = _("履职阵地")
    columns = [
        Column(_("名称"), "name"),
        Column(_("类型"), "get_kind_display"),
        Column(_("服务区域"), "region.name"),
        Column(_("地址"), "address"),
        Column(_("开放时间"), "opening_hours"),
        Column(_("联系电话"), "public_phone"),
        Column(_("进站代表"), lambda s: len(s.deputies.all())),
        Column(_("运行中"), lambda s: _("是") if s.is_active else _("否")),
    ]
    search_fields = ["name", "address"]
    filter_form_class = StationFilterForm
    filters = {"kind": "kind", "region": within_region}
    select_related = ("region",)
    prefetch_related = ("deputies",)
    detail_url_name = "stations:detail"
    create_url_name = "stations:create"
    create_permission = "stations.add_station"
    import_url_name = "stations:import"
    import_permission = "stations.import_station"
    export_permission = "stations.export_station"
    export_filename = "履职阵地名录"


class StationDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = "stations.change_station"
    template_name = "stations/detail.html"
    list_url_name = "stations:list"
    list_title = _("履职阵地")
    edit_url_name = "stations:edit"

    def get_object(self, pk):
        return access.station_for(self.request.user, pk)

    def facts(self, station):
        return [
            (_("类型"), station.get_kind_display()),
            (_("服务区域"), station.region.full_name()),
            (_("地址"), station.address),
            (_("开放时间"), station.opening_hours),
            (_("联系电话"), station.public_phone),
            (
                _("每月接待日"),
                _("每月%(day)d日") % {"day": station.reception_day_of_month}
                if station.reception_day_of_month
                else "",
            ),
            (_("接待时段"), station.reception_hours),
            (_("提前公示天数"), station.announce_days),
            (_("联络员"), "、".join(user.name for user in station.liaisons.all())),
            (_("运行中"), _("是") if station.is_active else _("否")),
        ]

    def extra_context(self, station):
        user = self.request.user
        return {
            "deputies": station.deputies.select_related("region"),
            "may_manage_rota": user.has_perm("stations.manage_rota", station),
            "may_log": user.has_perm("stations.log_reception", station),
            "may_manage_activity": user.has_perm("stations.manage_activity", station),
        }


class StationCreateView(RecordFormView):
    permission_name = "stations.add_station"
    form_class = StationForm
    title = _("新增履职阵地")

    def save(self, form, actor, obj):
        return services.station_create(actor=actor, values=form.values())


class StationEditView(RecordFormView):
    permission_name = "stations.change_station"
    form_class = StationForm

    def get_object(self):
        return access.station_for(self.request.user, self.kwargs["pk"], action="stations.change_station")

    def get_title(self, obj):
        return _("编辑履职阵地：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        return services.station_update(actor=actor, station=obj, values=form.values())
