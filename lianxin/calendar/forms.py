from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianxin.calendar import notice_lines

_LINES_HELP = format_lazy(
    _("每行一天或一段日期，后写节日名称，例如：{range}；{day}"),
    range=notice_lines.EXAMPLE,
    day=notice_lines.EXAMPLE_DAY,
)


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("年度应在 2000 年至 2100 年之间。"),
            "max_value": _("年度应在 2000 年至 2100 年之间。"),
        },
    )
    source = forms.CharField(
        label=_("依据"),
        max_length=200,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_LINES_HELP,
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("周末上班的日期，写法同上，名称写所调的节日。"),
    )

    def _lines(self, name: str) -> list[notice_lines.Entry]:
        entries, errors = notice_lines.parse(self.cleaned_data.get(name, ""))
        if errors:
            raise forms.ValidationError(errors)
        return entries

    def clean_holidays(self):
        return self._lines("holidays")

    def clean_workdays(self):
        return self._lines("workdays")

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        seen: dict = {}
        for name in ("holidays", "workdays"):
            problems = []
            for entry in cleaned.get(name) or []:
                if year is not None and entry.date.year != year:
                    problems.append(
                        gettext("第 %(n)d 行的 %(day)s 不在 %(year)d 年内。")
                        % {"n": entry.line, "day": entry.date.isoformat(), "year": year}
                    )
                elif entry.date in seen:
                    problems.append(
                        gettext("第 %(n)d 行的 %(day)s 已在%(where)s中出现。")
                        % {"n": entry.line, "day": entry.date.isoformat(), "where": seen[entry.date]}
                    )
                else:
                    seen[entry.date] = self.fields[name].label
            if problems:
                self.add_error(name, sorted(set(problems), key=problems.index))
        return cleaned

    def days(self, name: str) -> list[tuple]:
        return [(entry.date, entry.name) for entry in self.cleaned_data[name]]


class DueDateForm(forms.Form):
    """期限计算器: the last day of a period, as every deadline in the platform computes it."""

    UNITS = [("days", _("自然日")), ("workdays", _("工作日")), ("months", _("个月"))]
    LIMITS = {"days": 3660, "workdays": 2500, "months": 120}

    start = forms.DateField(label=_("起算日"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("期间"), min_value=1, max_value=3660)
    unit = forms.ChoiceField(label=_("单位"), choices=UNITS)

    def clean(self):
        cleaned = super().clean()
        unit, count = cleaned.get("unit"), cleaned.get("count")
        if unit and count and count > self.LIMITS[unit]:
            self.add_error(
                "count",
                gettext("按%(unit)s计算时期间不能超过 %(max)d。")
                % {"unit": dict(self.UNITS)[unit], "max": self.LIMITS[unit]},
            )
        return cleaned
