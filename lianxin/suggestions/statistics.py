"""办理情况统计 for staff and leaders: per congress and period, by unit, by category, by delegation.

Definitions (shown beside each figure on the page):

- 件数: suggestions accepted (立案) and not withdrawn whose 提出日期 falls in the period.
- 已答复 / 按期答复率: those with a reply by the end of the period; of them, the share whose
  first reply came by its assignment's due date (approved extensions included).
- A/B/C/D 占比: of the replied, the share whose latest reply (by the period's end) is in each category.
- 满意率: (满意 + 基本满意) / rated, on the latest 办理结果 rating by the period's end; 态度满意率 the
  same on 办理态度.
- 办成率: items solved / items handled (办结 by the period's end); solved as ``outcomes`` says.

An item counts for each of its lead (or separately handling) units; co-handling units are not
counted, since they do not reply. Everything is read in a fixed number of queries
(``handling_facts``); the figures are summed in Python.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.suggestions.handling_facts import facts
from lianxin.suggestions.models import Suggestion

CATEGORIES = ("A", "B", "C", "D")


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@dataclass
class Figures:
    label: str
    count: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    attitude_rated: int = 0
    attitude_satisfied: int = 0
    handled: int = 0
    solved: int = 0

    def __post_init__(self):
        self.categories = dict.fromkeys(CATEGORIES, 0)

    def add(self, item) -> None:
        self.count += 1
        if item.replied:
            self.replied += 1
            self.on_time += bool(item.on_time)
            if item.reply_category in self.categories:
                self.categories[item.reply_category] += 1
        if item.rated:
            self.rated += 1
            self.satisfied += item.satisfied
        if item.attitude:
            self.attitude_rated += 1
            self.attitude_satisfied += item.attitude in ("satisfied", "basically")
        if item.closed:
            self.handled += 1
            self.solved += item.solved

    @property
    def on_time_rate(self) -> str:
        return _share(self.on_time, self.replied)

    @property
    def satisfaction_rate(self) -> str:
        return _share(self.satisfied, self.rated)

    @property
    def attitude_rate(self) -> str:
        return _share(self.attitude_satisfied, self.attitude_rated)

    @property
    def solved_rate(self) -> str:
        return _share(self.solved, self.handled)

    def category_share(self, category: str) -> str:
        return _share(self.categories[category], self.replied)

    def cells(self) -> list:
        return [
            self.label,
            self.count,
            self.replied,
            self.on_time_rate,
            *(self.category_share(c) for c in CATEGORIES),
            self.satisfaction_rate,
            self.attitude_rate,
            self.handled,
            self.solved,
            self.solved_rate,
        ]


HEADERS = [
    gettext_lazy("件数"),
    gettext_lazy("已答复"),
    gettext_lazy("按期答复率"),
    gettext_lazy("A类占比"),
    gettext_lazy("B类占比"),
    gettext_lazy("C类占比"),
    gettext_lazy("D类占比"),
    gettext_lazy("满意率"),
    gettext_lazy("态度满意率"),
    gettext_lazy("已办结"),
    gettext_lazy("已办成"),
    gettext_lazy("办成率"),
]

DEFINITIONS = [
    (gettext_lazy("件数"), gettext_lazy("期间内提出、已立案且未撤回的建议。")),
    (
        gettext_lazy("按期答复率"),
        gettext_lazy("首次答复在交办期限（含批准的延期）内的件数 ÷ 截至期末已答复的件数。"),
    ),
    (gettext_lazy("A/B/C/D类占比"), gettext_lazy("截至期末最近一次答复的类别 ÷ 已答复的件数。")),
    (
        gettext_lazy("满意率"),
        gettext_lazy("（满意 + 基本满意）÷ 已评价的件数，以截至期末最近一次“办理结果”评价为准。"),
    ),
    (gettext_lazy("态度满意率"), gettext_lazy("同上，以“办理态度”评价为准。")),
    (
        gettext_lazy("办成率"),
        gettext_lazy(
            "已办成 ÷ 截至期末已办结的件数。办成：办结，且承诺事项全部经代表确认落实；"
            "没有承诺事项的，最后一次答复为A类。"
        ),
    ),
    (gettext_lazy("按承办单位"), gettext_lazy("一件建议计入其主办（或分办）单位；会办单位不答复，不计入。")),
]


@dataclass
class Report:
    total: Figures
    by_unit: list
    by_category: list
    by_delegation: list


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: from the start of ``start`` to the last moment of ``end``."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end, datetime.time.max, tzinfo=tz)
    return begin, until


def population(queryset, start: datetime.date, end: datetime.date):
    begin, until = period_bounds(start, end)
    return queryset.filter(
        status=Suggestion.Status.ACCEPTED,
        case__isnull=False,
        submitted_at__gte=begin,
        submitted_at__lte=until,
    ).exclude(case__state="withdrawn")


def report(queryset, start: datetime.date, end: datetime.date) -> Report:
    """The figures of the accepted suggestions of ``queryset`` raised in [start, end], as of ``end``."""
    _begin, until = period_bounds(start, end)
    total = Figures(label=_("合计"))
    units: dict = {}
    categories: dict = {}
    delegations: dict = {}
    for item in facts(population(queryset, start, end), until=until, batch=None):
        total.add(item)
        for unit_id, name in item.lead_units:
            units.setdefault(unit_id, Figures(label=name)).add(item)
        if not item.lead_units:
            units.setdefault(None, Figures(label=_("尚未交办"))).add(item)
        key = item.category or _("未分类")
        categories.setdefault(key, Figures(label=key)).add(item)
        key = item.delegation or _("未编入代表团")
        delegations.setdefault(key, Figures(label=key)).add(item)

    def ordered(groups):
        return sorted(groups.values(), key=lambda f: (-f.count, f.label))

    return Report(total, ordered(units), ordered(categories), ordered(delegations))


def named_period(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    """年中 (1 Jan – 30 Jun) or 年终 (the whole year)."""
    if kind == "midyear":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
