"""Importing stations (履职阵地) from Excel: one row per station.

Deputies are named, not coded: each name must match exactly one serving deputy the
importer can see, or the row is refused with the name in the message. Liaisons are
named by the username of their liaison account.
"""

import re
from collections import Counter

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.models import User
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.audit.writes import create_recorded
from lianxin.deputies.models import Deputy
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
from lianxin.stations.models import Station

PERMISSION = "stations.import_station"
_SEPARATORS = re.compile(r"[、，,;；\n]")


def _names(text: str) -> list[str]:
    """「王建国、李秀英」 → ["王建国", "李秀英"], in order, each once."""
    return list(dict.fromkeys(part.strip() for part in _SEPARATORS.split(text) if part.strip()))


def liaison_accounts(user):
    # One filter() call, so the role and the region are those of the same membership.
    return User.objects.filter(
        Q(is_active=True, memberships__role=Role.LIAISON, memberships__is_active=True)
        & scope_filter(user, PERMISSION, "memberships__region__path")
    ).distinct()


class StationRowForm(forms.Form):
    name = forms.CharField(max_length=100)
    kind = LabelChoiceField(Station.Kind.choices)
    region = forms.CharField(max_length=20)
    address = forms.CharField(max_length=200, required=False)
    opening_hours = forms.CharField(max_length=200, required=False)
    public_phone = forms.CharField(max_length=30, required=False, validators=[validate_phone])
    deputies = forms.CharField(required=False)
    liaisons = forms.CharField(required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user

    def clean_region(self):
        return region_for_code(
            self.cleaned_data["region"], user=self.user, permission=PERMISSION, max_level=Region.Level.VILLAGE
        )

    def clean_deputies(self):
        names = _names(self.cleaned_data["deputies"])
        if not names:
            return []
        found = list(
            Deputy.objects.filter(scope_filter(self.user, "deputies.view_deputy", "region__path"))
            .filter(name__in=names)
            .serving()
        )
        counts = Counter(deputy.name for deputy in found)
        problems = []
        for name in names:
            if counts[name] == 0:
                problems.append(_("没有找到在任代表「%(name)s」，或不在您的管辖范围内。") % {"name": name})
            elif counts[name] > 1:
                problems.append(
                    _("「%(name)s」对应 %(n)d 位在任代表，无法确定是哪一位；请导入后在页面上选择。")
                    % {"name": name, "n": counts[name]}
                )
        if problems:
            raise forms.ValidationError(problems)
        return found

    def clean_liaisons(self):
        usernames = _names(self.cleaned_data["liaisons"])
        if not usernames:
            return []
        found = list(liaison_accounts(self.user).filter(username__in=usernames))
        known = {account.username for account in found}
        missing = [username for username in usernames if username not in known]
        if missing:
            raise forms.ValidationError(
                [
                    _("没有用户名为「%(username)s」的联络员账户，或不在您的管辖范围内。")
                    % {"username": username}
                    for username in missing
                ]
            )
        return found


class StationImportSpec(ImportSpec):
    title = gettext_lazy("导入履职阵地")
    filename = "履职阵地导入模板"
    columns = (
        ImportColumn("名称", "name", required=True, example="东城镇人大代表联络站"),
        ImportColumn("类型", "kind", required=True, choices=labels(Station.Kind.choices)),
        ImportColumn(
            "服务区域代码",
            "region",
            required=True,
            note="所服务的乡镇（街道）或村（社区）的区划代码，见“区划代码”工作表",
        ),
        ImportColumn("地址", "address", example="东城镇人民路 1 号"),
        ImportColumn("开放时间", "opening_hours", example="工作日 8:30–17:30，每月10日为接待日"),
        ImportColumn("联系电话", "public_phone", note="阵地的对外电话：手机号或区号加固定电话"),
        ImportColumn(
            "进站代表",
            "deputies",
            note="在任代表的姓名，多人用顿号（、）分隔；重名的代表请导入后在页面上选择",
        ),
        ImportColumn("联络员", "liaisons", note="联络员账户的用户名，多人用顿号分隔，见“联络员账户”工作表"),
    )
    row_form = StationRowForm

    def reference_sheets(self, user):
        return [
            region_reference(user, PERMISSION, Region.Level.VILLAGE),
            (
                _("联络员账户"),
                [_("用户名"), _("姓名")],
                [[account.username, account.name] for account in liaison_accounts(user)],
            ),
        ]

    def check_rows(self, rows, user):
        return name_clashes(rows, Station, _("履职阵地"))

    def commit(self, rows, *, actor, user):
        for _number, row in rows:
            create_recorded(
                Station,
                actor=actor,
                action="stations.station.imported",
                values={
                    "name": row["name"],
                    "kind": row["kind"],
                    "region": row["region"],
                    "address": row["address"],
                    "opening_hours": row["opening_hours"],
                    "public_phone": row["public_phone"],
                    "deputies": row["deputies"],
                    "liaisons": row["liaisons"],
                },
            )
        linked = sum(len(row["deputies"]) for _number, row in rows)
        return ImportResult(
            created=len(rows),
            summary=[_("新增履职阵地 %(n)d 个，登记进站代表 %(d)d 人次。") % {"n": len(rows), "d": linked}],
        )


class StationImportView(ImportView):
    spec_class = StationImportSpec
    permission_name = PERMISSION
    list_url_name = "stations:list"
    template_url_name = "stations:import_template"
