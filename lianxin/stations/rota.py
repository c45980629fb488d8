"""接待日 dates from a station's monthly rule, through the working-day calendar.

A rule "the 10th of each month" gives that day of each month; a month without the day
(the 31st in February) gives its last day; a rest day or public holiday moves to the next
working day (so the 10th of February 2026, a Tuesday, stays; a 20th falling in the Spring
Festival holiday moves to the first working day after it; an adjusted working Saturday stays).
"""

import calendar as gregorian
import datetime

from lianxin.calendar import is_workday

# No run of rest days in China is longer than this (Spring Festival and National Day are 8–9).
_MAX_REST_RUN = 20


def _next_workday(day: datetime.date) -> datetime.date:
    for _ in range(_MAX_REST_RUN):
        if is_workday(day):
            return day
        day += datetime.timedelta(days=1)
    return day


def day_in_month(year: int, month: int, day_of_month: int) -> datetime.date:
    last = gregorian.monthrange(year, month)[1]
    return _next_workday(datetime.date(year, month, min(day_of_month, last)))


def planned_dates(day_of_month: int, *, start: datetime.date, months: int) -> list[datetime.date]:
    """The rule's dates on or after ``start`` in the ``months`` months from start's month."""
    dates = []
    year, month = start.year, start.month
    for _ in range(months):
        date = day_in_month(year, month, day_of_month)
        if date >= start:
            dates.append(date)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates
