"""Staff-entered holiday years, read through the shared cache.

The cache is the one every web process shares in production (Redis or the database), and
the service that saves a year deletes the key, so all processes see a new arrangement at once.
"""

import datetime

from django.core.cache import cache

_MISSING = "missing"
_TIMEOUT = 60 * 60


def _key(year: int) -> str:
    return f"workcalendar:year:{year}"


def entered_year(year: int) -> dict[datetime.date, bool] | None:
    cached = cache.get(_key(year))
    if cached is None:
        cached = _load(year)
        cache.set(_key(year), cached, _TIMEOUT)
    return None if cached == _MISSING else cached


def _load(year: int):
    from lianxin.calendar.models import HolidayYear, SpecialDay

    if not HolidayYear.objects.filter(year=year).exists():
        return _MISSING
    return {
        day.date: day.kind == SpecialDay.Kind.WORKDAY
        for day in SpecialDay.objects.filter(year__year=year).only("date", "kind")
    }


def forget(year: int) -> None:
    cache.delete(_key(year))
