from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView
from lianxin.backoffice.lists import Column, ScopedListView, within_region
from lianxin.regions.models import Region
from lianxin.regions.scoping import RegionChoiceField, filter_regions
from lianxin.units import access, services
from lianxin.units.forms import ContactForm, UnitForm
from lianxin.units.models import HandlingUnit


class UnitFilterForm(forms.Form):
    region = RegionChoiceField(label=_("区域"), queryset=Region.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部")), *HandlingUnit.Kind.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = filter_regions(user, access.VIEW)
        for field in self.fields.values():
            field.widget.attrs["data-autosubmit"] = ""


def _primary_contact(unit) -> str:
    contacts = list(unit.contacts.all())
    return f"{contacts[0].name} {contacts[0].phone}" if contacts else ""


class UnitListView(ScopedListView):
    model = HandlingUnit
    view_permission = access.VIEW
    title = _("承办单位")
    columns = [
        Column(_("名称"), "name"),
        Column(_("简称"), "short_name"),
        Column(_("类型"), "get_kind_display"),
        Column(_("所属区域"), "region.name"),
        Column(_("联系人"), _primary_contact),
        Column(_("启用"), lambda u: _("是") if u.is_active else _("否")),
    ]
    search_fields = ["name", "short_name"]
    filter_form_class = UnitFilterForm
    filters = {"kind": "kind", "region": within_region}
    select_related = ("region",)
    prefetch_related = ("contacts",)
    detail_url_name = "units:detail"
    create_url_name = "units:create"
    create_permission = "units.add_unit"
    import_url_name = "units:import"
    import_permission = "units.import_unit"
    export_permission = "units.export_unit"
    export_filename = "承办单位名录"


class UnitDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = "units.change_unit"
    template_name = "units/detail.html"
    list_url_name = "units:list"
    list_title = _("承办单位")
    edit_url_name = "units:edit"

    def get_object(self, pk):
        return access.unit_for(self.request.user, pk)

    def facts(self, unit):
        return [
            (_("简称"), unit.short_name),
            (_("类型"), unit.get_kind_display()),
            (_("所属区域"), unit.region.full_name()),
            (_("地址"), unit.address),
            (_("经办人账户"), "、".join(user.name for user in unit.clerks.all())),
            (_("启用"), _("是") if unit.is_active else _("否")),
        ]

    def extra_context(self, unit):
        return {
            "contacts": unit.contacts.all(),
            "can_change_contacts": self.request.user.has_perm("units.change_contact", unit),
            "add_contact_url": reverse("units:contact_create", args=[unit.pk]),
        }


class UnitCreateView(RecordFormView):
    permission_name = "units.add_unit"
    form_class = UnitForm
    title = _("新增承办单位")

    def save(self, form, actor, obj):
        return services.unit_create(actor=actor, values=form.values())


class UnitEditView(RecordFormView):
    # Name, kind and clerks are kept by congress staff; a clerk keeps only the contact people.
    permission_name = "units.change_unit"
    form_class = UnitForm

    def get_object(self):
        return access.unit_for(self.request.user, self.kwargs["pk"], action="units.change_unit")

    def get_title(self, obj):
        return _("编辑承办单位：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        return services.unit_update(actor=actor, unit=obj, values=form.values())


class ContactCreateView(RecordFormView):
    permission_name = "units.change_contact"
    form_class = ContactForm

    def unit(self):
        return access.unit_for(self.request.user, self.kwargs["pk"], action="units.change_contact")

    def get_form(self, obj):
        return ContactForm(self.request.POST or None, user=self.request.user, unit=self.unit())

    def get_title(self, obj):
        return _("新增联系人")

    def cancel_url(self, obj):
        return reverse("units:detail", args=[self.kwargs["pk"]])

    def save(self, form, actor, obj):
        return services.contact_create(actor=actor, unit=form.instance.unit, values=form.values())


class ContactEditView(RecordFormView):
    permission_name = "units.change_contact"
    form_class = ContactForm

    def get_object(self):
        return access.contact_for(self.request.user, self.kwargs["pk"], action="units.change_contact")

    def get_form(self, obj):
        return ContactForm(self.request.POST or None, instance=obj, user=self.request.user)

    def get_title(self, obj):
        return _("编辑联系人：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        return services.contact_update(actor=actor, contact=obj, values=form.values())
