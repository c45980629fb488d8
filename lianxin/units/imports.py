"""Importing handling units (承办单位) from Excel: one row per unit, with its main contact."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.audit.writes import create_recorded
from lianxin.privacy.masking import PHONE
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_phone
from lianxin.regions.models import Region
from lianxin.spreadsheets.imports import (
    ImportColumn,
    ImportResult,
    ImportSpec,
    LabelChoiceField,
    labels,
    name_clashes,
    region_for_code,
    region_reference,
)
from lianxin.spreadsheets.views import ImportView
from lianxin.units.models import HandlingUnit, UnitContact

PERMISSION = "units.import_unit"
# As on the unit form: a unit belongs to a county, a township or above, not to a village.
MAX_LEVEL = Region.Level.TOWNSHIP


class UnitRowForm(forms.Form):
    name = forms.CharField(max_length=100)
    short_name = forms.CharField(max_length=30, required=False)
    kind = LabelChoiceField(HandlingUnit.Kind.choices)
    region = forms.CharField(max_length=20)
    address = forms.CharField(max_length=200, required=False)
    contact_name = forms.CharField(max_length=50, required=False)
    contact_title = forms.CharField(max_length=50, required=False)
    contact_phone = forms.CharField(max_length=20, required=False, validators=[validate_phone])

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user

    def clean_region(self):
        return region_for_code(
            self.cleaned_data["region"], user=self.user, permission=PERMISSION, max_level=MAX_LEVEL
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_name") and (cleaned.get("contact_title") or cleaned.get("contact_phone")):
            self.add_error("contact_name", _("填写了联系人职务或电话时，必须填写联系人姓名。"))
        return cleaned


class UnitImportSpec(ImportSpec):
    title = gettext_lazy("导入承办单位")
    filename = "承办单位导入模板"
    columns = (
        ImportColumn("名称", "name", required=True, example="连心县交通运输局"),
        ImportColumn("简称", "short_name", example="县交通局"),
        ImportColumn("类型", "kind", required=True, choices=labels(HandlingUnit.Kind.choices)),
        ImportColumn(
            "所属区域代码",
            "region",
            required=True,
            note="单位所属的县（区）或乡镇的区划代码，见“区划代码”工作表",
        ),
        ImportColumn("地址", "address"),
        ImportColumn("联系人", "contact_name", note="填写后登记为该单位的主要联系人", example="赵主任"),
        ImportColumn("联系人职务", "contact_title", example="办公室主任"),
        ImportColumn("联系电话", "contact_phone", note="联系人的手机号或固定电话"),
    )
    row_form = UnitRowForm

    def reference_sheets(self, user):
        return [region_reference(user, PERMISSION, MAX_LEVEL)]

    def check_rows(self, rows, user):
        return name_clashes(rows, HandlingUnit, _("承办单位"))

    def commit(self, rows, *, actor, user):
        contacts = 0
        for _number, row in rows:
            unit = create_recorded(
                HandlingUnit,
                actor=actor,
                action="units.unit.imported",
                values={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "kind": row["kind"],
                    "region": row["region"],
                    "address": row["address"],
                },
            )
            if row["contact_name"]:
                create_recorded(
                    UnitContact,
                    actor=actor,
                    action="units.contact.imported",
                    values={
                        "unit": unit,
                        "name": row["contact_name"],
                        "title": row["contact_title"],
                        "phone": normalise(row["contact_phone"], PHONE),
                        "is_primary": True,
                    },
                )
                contacts += 1
        return ImportResult(
            created=len(rows),
            summary=[_("新增承办单位 %(n)d 个，主要联系人 %(c)d 人。") % {"n": len(rows), "c": contacts}],
        )


class UnitImportView(ImportView):
    spec_class = UnitImportSpec
    permission_name = PERMISSION
    list_url_name = "units:list"
    template_url_name = "units:import_template"
