"""Figures of stations' work over a period: per station, rolled up per region.

- 进站率: the share of a station's deputies who came at least once in the period (present on a
  接待日, receiving a visitor, or at an activity there).
- 接待人次: receptions logged; 收集意见: opinions that came through the station by any channel
  (its 站点码, receptions); 答复率: those with at least one answer; 按期答复率: of the answered,
  those whose first answer came by the case's due date (an answer on the spot has none: on time).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.opinions.models import Opinion
from lianxin.regions.models import Region
from lianxin.stations.models import Activity, Reception, ReceptionDay, Station


@dataclass
class Figures:
    label: str
    stations: int = 0
    assigned: set = field(default_factory=set)
    came: set = field(default_factory=set)
    days: int = 0
    visitors: int = 0
    activities: int = 0
    opinions: int = 0
    answered: int = 0
    on_time: int = 0

    @property
    def deputies(self) -> int:
        return len(self.assigned)

    @property
    def deputies_came(self) -> int:
        return len(self.came & self.assigned)

    @staticmethod
    def _share(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.1f}%" if whole else "—"

    @property
    def attendance_rate(self) -> str:
        return self._share(self.deputies_came, self.deputies)

    @property
    def answered_share(self) -> str:
        return self._share(self.answered, self.opinions)

    @property
    def on_time_share(self) -> str:
        return self._share(self.on_time, self.answered)

    def add(self, other: "Figures") -> None:
        self.stations += other.stations
        self.assigned |= other.assigned
        self.came |= other.came
        for name in ("days", "visitors", "activities", "opinions", "answered", "on_time"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def station_figures(stations, start, end) -> list[tuple[Station, Figures]]:
    """One Figures per station (a fixed number of queries, whatever the number of stations)."""
    stations = list(stations.select_related("region"))
    figures = {s.pk: Figures(label=s.name, stations=1) for s in stations}
    ids = list(figures)
    for station_id, deputy_id in Station.deputies.through.objects.filter(station_id__in=ids).values_list(
        "station_id", "deputy_id"
    ):
        figures[station_id].assigned.add(deputy_id)
    days = ReceptionDay.objects.filter(station_id__in=ids, date__range=(start, end))
    for row in days.values("station_id").annotate(n=Count("pk")):
        figures[row["station_id"]].days = row["n"]
    for station_id, deputy_id in ReceptionDay.present.through.objects.filter(
        receptionday__in=days
    ).values_list("receptionday__station_id", "deputy_id"):
        figures[station_id].came.add(deputy_id)
    receptions = Reception.objects.filter(station_id__in=ids, received_on__range=(start, end))
    for row in receptions.values("station_id").annotate(n=Count("pk")):
        figures[row["station_id"]].visitors = row["n"]
    for station_id, deputy_id in receptions.exclude(deputy=None).values_list("station_id", "deputy_id"):
        figures[station_id].came.add(deputy_id)
    activities = Activity.objects.filter(station_id__in=ids, held_on__range=(start, end))
    for row in activities.values("station_id").annotate(n=Count("pk")):
        figures[row["station_id"]].activities = row["n"]
    for station_id, deputy_id in Activity.deputies.through.objects.filter(
        activity__in=activities
    ).values_list("activity__station_id", "deputy_id"):
        figures[station_id].came.add(deputy_id)
    opinions = (
        Opinion.objects.filter(station_id__in=ids, submitted_at__date__range=(start, end))
        .annotate(first_reply=Min("case__replies__replied_at"))
        .values_list("station_id", "case__due_date", "first_reply")
    )
    for station_id, due, first_reply in opinions:
        figure = figures[station_id]
        figure.opinions += 1
        if first_reply is not None:
            figure.answered += 1
            if due is None or timezone.localdate(first_reply) <= due:
                figure.on_time += 1
    return [(s, figures[s.pk]) for s in stations]


def region_figures(rows: list[tuple[Station, Figures]], region: Region | None) -> list[Figures]:
    """The stations' figures rolled up by the regions one level below ``region`` (stations in
    ``region`` itself count as its own row), with a total last."""
    groups: dict[str, Figures] = {}
    codes: dict[str, str] = {}
    depth = region.level if region is not None else 0
    for station, figures in rows:
        segments = [s for s in station.region.path.split("/") if s]
        code = segments[depth] if len(segments) > depth else segments[-1]
        codes[code] = code
        groups.setdefault(code, Figures(label=code)).add(figures)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    total = Figures(label=_("合计"))
    result = []
    for code in sorted(groups):
        groups[code].label = names.get(code, code)
        total.add(groups[code])
        result.append(groups[code])
    return [*result, total] if result else []


def deputy_duty_rows(stations, start, end) -> list[list]:
    """履职情况 at stations, one row per stationed deputy: 排班、到站、接待、活动、收到的意见."""
    from lianxin.deputies.models import Deputy

    ids = list(stations.values_list("pk", flat=True))
    deputies = (
        Deputy.objects.filter(stations__in=ids).distinct().select_related("region").order_by("name", "pk")
    )
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    days = ReceptionDay.objects.filter(station_id__in=ids, date__range=(start, end))
    for deputy_id in ReceptionDay.on_duty.through.objects.filter(receptionday__in=days).values_list(
        "deputy_id", flat=True
    ):
        counts[deputy_id]["duty"] += 1
    for deputy_id in ReceptionDay.present.through.objects.filter(receptionday__in=days).values_list(
        "deputy_id", flat=True
    ):
        counts[deputy_id]["present"] += 1
    for row in (
        Reception.objects.filter(station_id__in=ids, received_on__range=(start, end))
        .values("deputy_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["deputy_id"]]["receptions"] = row["n"]
    for row in (
        Activity.deputies.through.objects.filter(
            activity__station_id__in=ids, activity__held_on__range=(start, end)
        )
        .values("deputy_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["deputy_id"]]["activities"] = row["n"]
    for row in (
        Opinion.objects.filter(station_id__in=ids, submitted_at__date__range=(start, end))
        .values("deputy_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["deputy_id"]]["opinions"] = row["n"]
    station_names = defaultdict(list)
    for deputy_id, name in Station.deputies.through.objects.filter(station_id__in=ids).values_list(
        "deputy_id", "station__name"
    ):
        station_names[deputy_id].append(name)
    return [
        [
            deputy.name,
            deputy.region.name,
            "、".join(sorted(station_names[deputy.pk])),
            counts[deputy.pk]["duty"],
            counts[deputy.pk]["present"],
            counts[deputy.pk]["receptions"],
            counts[deputy.pk]["activities"],
            counts[deputy.pk]["opinions"],
        ]
        for deputy in deputies
    ]
