"""The working-day calendar and statutory period arithmetic used by every deadline.

Periods follow 民法典 第201–203条: the day a period starts is not counted; a period in
months ends on the corresponding day of the last month, or that month's last day when it
has none; a last day that is a rest day or public holiday moves to the next working day.

Which days are rest days comes, in this order, from a year entered by staff (HolidayYear),
from the ``chinesecalendar`` package for the years it knows, and otherwise from weekends
alone — in which case ``is_year_known`` is False and pages show a warning.
"""

from lianxin.calendar.periods import (
    add_months,
    add_workdays,
    due_date,
    is_workday,
    is_year_known,
    source_of,
    unknown_years,
)

__all__ = [
    "add_months",
    "add_workdays",
    "due_date",
    "is_workday",
    "is_year_known",
    "source_of",
    "unknown_years",
]
