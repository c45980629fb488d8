from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_filter
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.congresses.models import Congress
from lianxin.deputies import access, services
from lianxin.deputies.choices import INDUSTRY_CHOICES, Gender, SeatStatus
from lianxin.deputies.forms import DeputyForm, SeatForm
from lianxin.deputies.models import Deputy, ExpertiseTag, Seat
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_depth, filter_regions


def _levels(deputy: Deputy) -> str:
    # Seats are prefetched with their congress and region by the list view.
    return "、".join(
        seat.term.congress.region.get_level_display()
        for seat in deputy.seats.all()
        if seat.status == SeatStatus.SERVING
    )


class DeputyFilterForm(forms.Form):
    region = RegionChoiceField(label=_("区域"), queryset=Region.objects.none(), required=False)
    congress = forms.ModelChoiceField(label=_("人大"), queryset=Congress.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *SeatStatus.choices], required=False
    )
    gender = forms.ChoiceField(label=_("性别"), choices=[("", _("全部")), *Gender.choices], required=False)
    industry = forms.ChoiceField(
        label=_("行业"), choices=[("", _("全部")), *INDUSTRY_CHOICES], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW)
        self.fields["congress"].queryset = Congress.objects.filter(
            scope_filter(user, access.VIEW, "region__path"),
            region__level__lte=filter_depth(user, access.VIEW),
        ).select_related("region")
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


class DeputyListView(ScopedListView):
    model = Deputy
    view_permission = access.VIEW
    title = _("人大代表")
    columns = [
        Column(_("姓名"), "name"),
        Column(_("性别"), "get_gender_display"),
        Column(_("民族"), "ethnicity"),
        Column(_("代表层级"), _levels),
        Column(_("所在区域"), "region.name"),
        Column(_("工作单位及职务"), lambda d: f"{d.workplace}{d.title}"),
        Column(_("手机号"), "phone"),
    ]
    search_fields = ["name", "workplace", "occupation"]
    filter_form_class = DeputyFilterForm
    filters = {"gender": "gender", "industry": "industry", "region": within_region}
    select_related = ("region",)
    prefetch_related = ("seats__term__congress__region",)
    detail_url_name = "deputies:detail"
    create_url_name = "deputies:create"
    create_permission = "deputies.add_deputy"
    import_url_name = "deputies:import"
    import_permission = "deputies.import_deputy"
    export_permission = "deputies.export_deputy"
    export_filename = "人大代表名册"

    def get_queryset(self, search, filters):
        queryset = super().get_queryset(search, filters)
        if filters is not None and filters.is_valid():
            # Status and congress describe the same seat ("serving in the county congress", not
            # "serving somewhere, with a county seat"); Exists rather than a join, which would
            # repeat deputies and need a DISTINCT over every deputy in scope.
            seat = {
                lookup: filters.cleaned_data[name]
                for name, lookup in (("status", "status"), ("congress", "term__congress"))
                if filters.cleaned_data.get(name)
            }
            if seat:
                queryset = queryset.filter(Exists(Seat.objects.filter(deputy=OuterRef("pk"), **seat)))
        return queryset

    def search_q(self, term: str) -> Q:
        query = super().search_q(term)
        # Tags are few: find the matching ones first, then test each deputy through the
        # (deputy, tag) index, instead of scanning every tag link of the province.
        tags = list(ExpertiseTag.objects.filter(name__icontains=term).values_list("pk", flat=True)[:100])
        if tags:
            tagged = Deputy.expertise.through.objects.filter(deputy=OuterRef("pk"), expertisetag__in=tags)
            query |= Q(Exists(tagged))
        return query


class DeputyDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = "deputies.change_deputy"
    template_name = "deputies/detail.html"
    list_url_name = "deputies:list"
    list_title = _("人大代表")
    edit_url_name = "deputies:edit"

    def get_object(self, pk):
        return access.deputy_for(self.request.user, pk)

    def facts(self, deputy):
        return [
            (_("性别"), deputy.get_gender_display()),
            (_("民族"), deputy.ethnicity),
            (_("出生日期"), deputy.birth_date),
            (_("政治面貌"), deputy.party),
            (_("职业"), deputy.occupation),
            (_("行业"), deputy.industry),
            (_("工作单位"), deputy.workplace),
            (_("职务"), deputy.title),
            (_("所在区域"), deputy.region.full_name()),
            (_("专长"), "、".join(tag.name for tag in deputy.expertise.all())),
            (_("登录账户"), deputy.user.username if deputy.user else ""),
        ]

    def extra_context(self, deputy):
        user = self.request.user
        return {
            "seats": deputy.seats.select_related(
                "term__congress__region", "constituency", "delegation", "group"
            ),
            "stations": deputy.stations.all(),
            "can_add_seat": user.has_perm("deputies.change_deputy", deputy),
            "add_seat_url": reverse("deputies:seat_create", args=[deputy.pk]),
        }


class DeputyCreateView(RecordFormView):
    permission_name = "deputies.add_deputy"
    form_class = DeputyForm
    title = _("新增人大代表")

    def save(self, form, actor, obj):
        return services.deputy_create(actor=actor, values=form.values())


class DeputyEditView(RecordFormView):
    permission_name = "deputies.change_deputy"
    form_class = DeputyForm

    def get_object(self):
        return access.deputy_for(self.request.user, self.kwargs["pk"], action="deputies.change_deputy")

    def get_title(self, obj):
        return _("编辑代表：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        return services.deputy_update(actor=actor, deputy=obj, values=form.values())


class SeatCreateView(RecordFormView):
    permission_name = "deputies.change_deputy"
    form_class = SeatForm

    def deputy(self):
        return access.deputy_for(self.request.user, self.kwargs["pk"], action="deputies.change_deputy")

    def get_form(self, obj):
        return SeatForm(self.request.POST or None, user=self.request.user, deputy=self.deputy())

    def get_title(self, obj):
        return _("新增代表资格")

    def cancel_url(self, obj):
        return reverse("deputies:detail", args=[self.kwargs["pk"]])

    def save(self, form, actor, obj):
        values = {name: form.cleaned_data[name] for name in SeatForm._meta.fields}
        return services.seat_create(actor=actor, deputy=form.instance.deputy, values=values)


class SeatEditView(RecordFormView):
    permission_name = "deputies.change_deputy"
    form_class = SeatForm

    def get_object(self):
        return access.seat_for(self.request.user, self.kwargs["pk"], action="deputies.change_deputy")

    def get_form(self, obj):
        return SeatForm(self.request.POST or None, instance=obj, user=self.request.user, deputy=obj.deputy)

    def get_title(self, obj):
        return _("编辑代表资格：%(seat)s") % {"seat": obj}

    def save(self, form, actor, obj):
        values = {name: form.cleaned_data[name] for name in SeatForm._meta.fields}
        return services.seat_update(actor=actor, seat=obj, values=values)
