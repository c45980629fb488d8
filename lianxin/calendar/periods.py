import calendar as gregorian
import datetime
from functools import lru_cache

import chinese_calendar

from lianxin.calendar.sources import entered_year

_PACKAGE_YEARS = range(
    min(chinese_calendar.holidays).year,
    max(chinese_calendar.holidays).year + 1,
)

# A bound on searches for the next working day; no arrangement has ever had ten rest days in a row.
_MAX_REST_RUN = 31


def _year_table(year: int) -> tuple[str, dict[datetime.date, bool]]:
    """("entered" | "package" | "weekends", {date: is_workday}) for the days that differ from weekends."""
    entered = entered_year(year)
    if entered is not None:
        return "entered", entered
    if year in _PACKAGE_YEARS:
        return "package", _package_year(year)
    return "weekends", {}


@lru_cache(maxsize=64)
def _package_year(year: int) -> dict[datetime.date, bool]:
    table = {d: False for d in chinese_calendar.holidays if d.year == year}
    table.update({d: True for d in chinese_calendar.workdays if d.year == year})
    return table


def is_workday(day: datetime.date) -> bool:
    _, table = _year_table(day.year)
    if day in table:
        return table[day]
    return day.weekday() < 5


def is_year_known(year: int) -> bool:
    return _year_table(year)[0] != "weekends"


def source_of(year: int) -> str:
    """Where the year's rest days come from: "entered", "package" or "weekends"."""
    return _year_table(year)[0]


def unknown_years(*days: datetime.date) -> list[int]:
    """Years among those spanned by ``days`` whose arrangement is not known (weekends only)."""
    if not days:
        return []
    years = range(min(d.year for d in days), max(d.year for d in days) + 1)
    return [year for year in years if not is_year_known(year)]


def next_workday_on_or_after(day: datetime.date) -> datetime.date:
    for _ in range(_MAX_REST_RUN):
        if is_workday(day):
            return day
        day += datetime.timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_REST_RUN} days of {day}")


def add_workdays(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (``start`` itself is not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def add_months(start: datetime.date, n: int) -> datetime.date:
    """Calendar arithmetic only, clamped to the month's end: 2026-08-31 + 3 months = 2026-11-30."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, gregorian.monthrange(year, month)[1]))


def due_date(
    start: datetime.date,
    *,
    days: int | None = None,
    workdays: int | None = None,
    months: int | None = None,
) -> datetime.date:
    """The last day of a period starting on ``start``, by exactly one of days, workdays or months.

    A 30-day period from 2026-09-01 ends 2026-10-01, a holiday, so it is due 2026-10-08;
    3 months from 2026-11-30 is 2027-02-28, a Sunday, so it is due 2027-03-01.
    """
    given = [
        name
        for name, value in (("days", days), ("workdays", workdays), ("months", months))
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError("give exactly one of days, workdays or months")
    if workdays is not None:
        return add_workdays(start, workdays)
    end = start + datetime.timedelta(days=days) if days is not None else add_months(start, months)
    return next_workday_on_or_after(end)
