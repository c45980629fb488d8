"""A station's grade as the public sees it: from the latest published round that assessed it.

``current_grade(station)`` is what other pages (the public station page, lists) show;
``history(station)`` every published result, each compared with the one before it, so a
downgrade on re-assessment reads as one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.stationrating.models import Application, Round

UP, DOWN, SAME, FIRST = "up", "down", "same", "first"
CHANGE_LABELS = {UP: _("升级"), DOWN: _("降级"), SAME: _("保持"), FIRST: _("首次评定")}


@dataclass(frozen=True)
class StationGrade:
    grade: str  # the grade's name; empty when the score reached no band (未达等级)
    rank: int | None  # 1 is the best grade of its template
    score: Decimal
    round_name: str
    round_id: int
    published_at: datetime.datetime
    valid_until: datetime.date | None
    change: str

    @property
    def label(self) -> str:
        return self.grade or str(_("未达等级"))

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])


def _published(station):
    return (
        Application.objects.filter(station=station, round__status=Round.Status.PUBLISHED)
        .select_related("round", "grade")
        .order_by("round__published_at", "pk")
    )


def _change(previous: Application | None, application: Application) -> str:
    if previous is None:
        return FIRST
    # No grade (below every band) ranks below every grade.
    before = previous.grade.rank if previous.grade else 10_000
    now = application.grade.rank if application.grade else 10_000
    same_name = (previous.grade.name if previous.grade else "") == (
        application.grade.name if application.grade else ""
    )
    # Different templates rank their grades apart: the same grade name is no change.
    if previous.round.template_id != application.round.template_id and same_name:
        return SAME
    return UP if now < before else DOWN if now > before else SAME


def _result(application: Application, previous: Application | None) -> StationGrade:
    return StationGrade(
        grade=application.grade.name if application.grade else "",
        rank=application.grade.rank if application.grade else None,
        score=application.combined_score,
        round_name=application.round.name,
        round_id=application.round_id,
        published_at=application.round.published_at,
        valid_until=application.round.valid_until,
        change=_change(previous, application),
    )


def history(station) -> list[StationGrade]:
    """Every published result for ``station``, newest first."""
    results, previous = [], None
    for application in _published(station):
        results.append(_result(application, previous))
        previous = application
    return results[::-1]


def current_grade(station, *, on: datetime.date | None = None) -> StationGrade | None:
    """The grade of the latest published round that assessed ``station``, unless it has expired."""
    on = on or timezone.localdate()
    results = history(station)
    if not results:
        return None
    latest = results[0]
    if latest.valid_until is not None and latest.valid_until < on:
        return None
    return latest


def published_results(round_: Round) -> list[tuple[Application, str]]:
    """A published round's applications, best first, each with its change since the station's
    previous published result (升级, 降级…), for the public listing. Two queries."""
    results = list(
        Application.objects.filter(round=round_)
        .filter(~Q(round__published_at=None))
        .select_related("round", "station__region", "grade")
        .order_by(F("grade__rank").asc(nulls_last=True), "-combined_score", "station__name")
    )
    earlier = (
        Application.objects.filter(
            station__in=[a.station_id for a in results],
            round__status=Round.Status.PUBLISHED,
            round__published_at__lt=round_.published_at,
        )
        .select_related("round", "grade")
        .order_by("round__published_at", "pk")
    )
    previous = {application.station_id: application for application in earlier}
    return [(a, str(CHANGE_LABELS[_change(previous.get(a.station_id), a)])) for a in results]
