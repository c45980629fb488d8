"""Filters of the 建议办理台账 and of the statistics: a congress in the user's scope, a year or a period."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.access import in_scope
from lianxin.casework.models import Assignment, Case
from lianxin.congresses.models import Congress, Delegation
from lianxin.deputies.models import Seat
from lianxin.suggestions import config
from lianxin.units.models import HandlingUnit
from lianxin.workbench.rendering import style_widgets


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def congresses_for(user, permission: str):
    return in_scope(
        Congress.objects.select_related("region"), user, view=permission, path_field="region__path"
    )


class CongressForm(forms.Form):
    congress = forms.ModelChoiceField(label=gettext_lazy("人民代表大会"), queryset=Congress.objects.none())
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)

    def __init__(self, data, *, user, permission: str):
        congresses = congresses_for(user, permission).order_by("region__path", "pk")
        data = data.copy() if data else {}
        first = congresses.first()
        # The first congress in scope and this year, until the user picks others.
        data.setdefault("congress", str(first.pk) if first else "")
        data.setdefault("year", str(timezone.localdate().year))
        super().__init__(data)
        self.fields["congress"].queryset = congresses
        self.setup(user, permission)
        # Last: styling reads the errors, which would validate against choices not yet set.
        style_widgets(self)

    def setup(self, user, permission: str) -> None:
        """Choices that depend on the user, set by subclasses."""


class LedgerForm(CongressForm):
    state = forms.ChoiceField(
        label=gettext_lazy("办理状态"),
        choices=[("", gettext_lazy("全部")), *Case.State.choices],
        required=False,
    )
    category = forms.ChoiceField(label=gettext_lazy("类别"), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"), queryset=HandlingUnit.objects.none(), required=False
    )
    delegation = forms.ModelChoiceField(
        label=gettext_lazy("代表团"), queryset=Delegation.objects.none(), required=False
    )

    def setup(self, user, permission: str) -> None:
        self.fields["category"].choices = [("", _("全部")), *((c, c) for c in config.categories())]
        self.fields["unit"].queryset = in_scope(
            HandlingUnit.objects.all(), user, view=permission, path_field="region__path"
        ).order_by("name")
        self.fields["delegation"].queryset = Delegation.objects.filter(
            term__congress__in=self.fields["congress"].queryset
        ).select_related("term__congress")

    def filter(self, queryset):
        data = self.cleaned_data
        queryset = queryset.filter(congress=data["congress"], year=data["year"], number__isnull=False)
        if data.get("state"):
            queryset = queryset.filter(case__state=data["state"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("unit"):
            handled = Assignment.objects.filter(case=OuterRef("case"), unit=data["unit"]).exclude(
                state=Assignment.State.RETURNED
            )
            queryset = queryset.filter(Exists(handled))
        if data.get("delegation"):
            seats = Seat.objects.filter(
                deputy=OuterRef("deputy"), term=OuterRef("term"), delegation=data["delegation"]
            )
            queryset = queryset.filter(Exists(seats))
        return queryset


class StatisticsForm(CongressForm):
    PERIODS = [
        ("midyear", gettext_lazy("年中（1月1日至6月30日）")),
        ("yearend", gettext_lazy("年终（全年）")),
        ("range", gettext_lazy("自选起止日期")),
    ]
    period = forms.ChoiceField(label=gettext_lazy("统计期间"), choices=PERIODS)
    start = forms.DateField(label=gettext_lazy("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("截止日期"), required=False, widget=DateInput())

    def __init__(self, data, *, user, permission: str):
        data = data.copy() if data else {}
        data.setdefault("period", "yearend")
        super().__init__(data, user=user, permission=permission)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "range":
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None:
                self.add_error("start", _("自选期间须填写起始日期。"))
            if end is None:
                self.add_error("end", _("自选期间须填写截止日期。"))
            if start and end and start > end:
                self.add_error("end", _("截止日期不能早于起始日期。"))
        return cleaned

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        from lianxin.suggestions.statistics import named_period

        data = self.cleaned_data
        if data["period"] == "range":
            return data["start"], data["end"]
        return named_period(data["period"], data["year"])
