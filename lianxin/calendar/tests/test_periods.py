"""Statutory periods (民法典 第201–203条) over the working-day calendar.

Dates are chosen on month ends, across the Spring Festival and National Day holidays, and
on make-up working Saturdays (调休), where a naive weekday rule would be wrong.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianxin.accounts.actor import Actor
from lianxin.calendar import add_months, add_workdays, due_date, is_workday, is_year_known, unknown_years
from lianxin.calendar.services import publish_holiday_year

D = datetime.date

# Which days are holidays may come from the database (years entered by staff).
pytestmark = pytest.mark.django_db


def test_a_30_day_period_ending_on_national_day_moves_to_the_first_working_day_after_it():
    # 2026-10-01 is a holiday; the National Day break runs to 10-07.
    assert due_date(D(2026, 9, 1), days=30) == D(2026, 10, 8)


def test_three_months_from_a_month_end_ends_on_the_last_day_and_moves_off_a_sunday():
    # 2027-02-28 is a Sunday; 2027's arrangement is not known, so weekends alone count.
    assert due_date(D(2026, 11, 30), months=3) == D(2027, 3, 1)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 8, 31), 3, D(2026, 11, 30)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 5, 15), 12, D(2027, 5, 15)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_a_shorter_month(start, months, end):
    assert add_months(start, months) == end


def test_three_months_landing_in_the_spring_festival_break_is_due_after_it():
    # 2025-11-16 + 3 months = 2026-02-16, inside the 2026-02-15…02-23 holiday.
    assert due_date(D(2025, 11, 16), months=3) == D(2026, 2, 24)


def test_a_month_ending_on_a_make_up_saturday_is_not_moved():
    # 2026-02-28 is a Saturday but a make-up working day (春节调休).
    assert not D(2026, 2, 28).weekday() < 5
    assert is_workday(D(2026, 2, 28))
    assert due_date(D(2026, 1, 31), months=1) == D(2026, 2, 28)


def test_three_months_ending_on_national_day_2025_waits_for_the_break_to_end():
    # 2025's break is 10-01…10-08 (National Day and Mid-Autumn together).
    assert due_date(D(2025, 7, 1), months=3) == D(2025, 10, 9)


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        # The day after 2026-09-30 that people work is 10-08.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        # 2026-02-14 is a Saturday worked in lieu of the Spring Festival.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        # 15 working days (a common rating window) across National Day and its make-up Saturday 10-10.
        (D(2026, 9, 28), 15, D(2026, 10, 23)),
        # 7 working days (Shanghai's assignment window) across New Year 2026 (01-01…01-03, 01-04 worked).
        (D(2025, 12, 30), 7, D(2026, 1, 9)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
    ],
)
def test_add_workdays_counts_only_working_days_after_the_start(start, n, end):
    assert add_workdays(start, n) == end


def test_working_days_period_uses_the_same_count():
    assert due_date(D(2026, 9, 28), workdays=15) == D(2026, 10, 23)


def test_it_refuses_ambiguous_periods():
    with pytest.raises(ValueError, match="exactly one"):
        due_date(D(2026, 1, 1), days=3, months=1)
    with pytest.raises(ValueError, match="exactly one"):
        due_date(D(2026, 1, 1))
    with pytest.raises(ValueError, match="negative"):
        add_workdays(D(2026, 1, 1), -1)


def test_years_beyond_the_package_are_flagged_unknown():
    assert is_year_known(2026)
    assert not is_year_known(2027)
    assert unknown_years(D(2026, 11, 30), D(2027, 3, 1)) == [2027]
    assert unknown_years(D(2026, 1, 1), D(2026, 12, 31)) == []


def test_a_year_entered_by_staff_is_used_and_no_longer_flagged(django_capture_on_commit_callbacks):
    # Suppose the 2027 notice makes 2027-03-01 a holiday: the deadline moves one more day.
    assert due_date(D(2026, 11, 30), months=3) == D(2027, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        publish_holiday_year(
            actor=Actor.system(),
            year=2027,
            source="测试用安排",
            holidays=[(D(2027, 3, 1), "测试假日")],
            workdays=[(D(2027, 2, 27), "测试调休")],
        )
    assert is_year_known(2027)
    assert due_date(D(2026, 11, 30), months=3) == D(2027, 3, 2)
    assert is_workday(D(2027, 2, 27))  # a Saturday worked in lieu


def test_an_entered_year_overrides_the_package_for_that_year(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_holiday_year(
            actor=Actor.system(),
            year=2026,
            source="地方补充安排",
            holidays=[(D(2026, 10, day), "国庆节") for day in range(1, 9)],
            workdays=[],
        )
    assert due_date(D(2026, 9, 1), days=30) == D(2026, 10, 9)


def test_republishing_a_year_replaces_its_days_and_takes_effect_after_commit(
    django_capture_on_commit_callbacks,
):
    actor = Actor.system()
    with django_capture_on_commit_callbacks(execute=True):
        publish_holiday_year(
            actor=actor, year=2027, source="第一版", holidays=[(D(2027, 3, 1), "甲")], workdays=[]
        )
    assert not is_workday(D(2027, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        publish_holiday_year(
            actor=actor, year=2027, source="第二版", holidays=[(D(2027, 3, 2), "乙")], workdays=[]
        )
    assert is_workday(D(2027, 3, 1))
    assert not is_workday(D(2027, 3, 2))


def test_an_arrangement_with_days_outside_its_year_is_refused_and_nothing_is_saved():
    from django.core.exceptions import ValidationError

    from lianxin.calendar.models import HolidayYear

    with pytest.raises(ValidationError) as caught:
        publish_holiday_year(
            actor=Actor.system(), year=2027, source="错误", holidays=[(D(2026, 12, 31), "跨年")], workdays=[]
        )
    assert "不在 2027 年内" in caught.value.messages[0]
    assert not HolidayYear.objects.exists()


known_days = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=known_days, months=st.integers(min_value=1, max_value=6))
def test_a_months_period_ends_on_a_working_day_no_earlier_than_the_calendar_date(start, months):
    end = add_months(start, months)
    due = due_date(start, months=months)
    assert is_workday(due)
    assert due >= end
    # Only rest days lie between the calendar end and the due date.
    assert all(not is_workday(end + datetime.timedelta(days=i)) for i in range((due - end).days))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=known_days, n=st.integers(min_value=1, max_value=40))
def test_add_workdays_lands_on_the_nth_working_day(start, n):
    due = add_workdays(start, n)
    days = [start + datetime.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_workday(day) for day in days) == n
    assert is_workday(due)
