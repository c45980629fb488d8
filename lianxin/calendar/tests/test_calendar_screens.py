import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import get_resolver, reverse

from lianxin import calendar
from lianxin.audit.models import Event
from lianxin.calendar.models import HolidayYear, SpecialDay
from lianxin.calendar.notice_lines import format_days, parse

D = datetime.date

SPRING_2027 = "2027-02-05 至 2027-02-11 春节\n2027-03-01 测试假日"
MAKEUP_2027 = "2027-02-14 春节"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Entered years are read through the shared cache, which outlives each test's transaction.
    cache.clear()
    yield
    cache.clear()


def _state():
    return (
        list(HolidayYear.objects.values_list("year", "source")),
        list(SpecialDay.objects.values_list("date", "kind", "name")),
        Event.objects.count(),
    )


def _publish(client, django_capture_on_commit_callbacks, **overrides):
    data = {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知"}
    data.update(holidays=SPRING_2027, workdays=MAKEUP_2027)
    data.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("calendar:publish"), data)


# ---------------------------------------------------------------- lines


def test_lines_name_single_days_and_ranges():
    entries, errors = parse(
        "2027-02-05 至 2027-02-07 春节\n\n2027/4/5 清明节\n2027年5月1日～2027年5月2日 劳动节\n"
    )
    assert errors == []
    assert [(e.line, e.date, e.name) for e in entries] == [
        (1, D(2027, 2, 5), "春节"),
        (1, D(2027, 2, 6), "春节"),
        (1, D(2027, 2, 7), "春节"),
        (3, D(2027, 4, 5), "清明节"),
        (4, D(2027, 5, 1), "劳动节"),
        (4, D(2027, 5, 2), "劳动节"),
    ]


def test_unreadable_lines_are_reported_with_their_line_numbers_in_chinese():
    text = "\n".join(
        [
            "2027-02-05 春节",
            "春节放七天",
            "2027-02-30 春节",
            "2027-02-11 至 2027-02-05 春节",
            "2027-01-01 至 2027-03-01 太长",
        ]
    )
    entries, errors = parse(text)
    assert [e.date for e in entries] == [D(2027, 2, 5)]
    assert errors == [
        "第 2 行无法识别：“春节放七天”。应写作“2027-02-05 至 2027-02-11 春节”或“2027-02-14 春节”。",
        "第 3 行的日期不存在：“2027-02-30 春节”。",
        "第 4 行的结束日期早于开始日期。",
        "第 5 行的日期范围超过 31 天，请检查。",
    ]


def test_days_are_written_back_as_the_same_lines():
    entries, _errors = parse(SPRING_2027)
    assert format_days([(e.date, e.name) for e in entries]) == SPRING_2027


def test_the_source_of_a_year_says_where_its_rest_days_come_from(db):
    assert calendar.source_of(2025) == "package"
    assert calendar.source_of(2099) == "weekends"
    HolidayYear.objects.create(year=2099, source="通知")
    cache.clear()
    assert calendar.source_of(2099) == "entered"


# ---------------------------------------------------------------- the list


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_list_shows_each_year_from_2024_with_where_its_arrangement_comes_from(world, as_user):
    HolidayYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    SpecialDay.objects.create(year=HolidayYear.objects.get(), date=D(2027, 2, 5), kind="holiday", name="春节")
    SpecialDay.objects.create(year=HolidayYear.objects.get(), date=D(2027, 2, 6), kind="holiday", name="春节")
    SpecialDay.objects.create(
        year=HolidayYear.objects.get(), date=D(2027, 2, 14), kind="workday", name="春节"
    )
    response = as_user(world.leader).get(reverse("calendar:list"))
    rows = {row["year"]: row for row in response.context["rows"]}
    assert sorted(rows) == [2024, 2025, 2026, 2027, 2028]
    assert {year: str(row["source_label"]) for year, row in rows.items()} == {
        2024: "chinesecalendar 包",
        2025: "chinesecalendar 包",
        2026: "chinesecalendar 包",
        2027: "录入",
        2028: "仅周末",
    }
    assert rows[2027]["holidays"] == ["2027-02-05 至 2027-02-06 春节"]
    assert rows[2027]["workdays"] == ["2027-02-14 春节"]
    page = response.content.decode()
    assert "依据：国务院办公厅关于2027年部分节假日安排的通知" in page
    # Leaders read the calendar but do not keep it.
    assert reverse("calendar:publish") not in page


@pytest.mark.parametrize("persona", ["citizen", "deputy", "liaison", "clerk", "auditor"])
def test_roles_without_the_permission_cannot_open_the_calendar(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(reverse("calendar:list")).status_code == 403


# ---------------------------------------------------------------- entering a year


def test_office_staff_enter_a_year_and_the_calculator_follows_it(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.office)
    calculate = {"start": "2027-02-27", "count": 2, "unit": "days"}
    before = client.get(reverse("calendar:list"), calculate).context["result"]
    assert before["due"] == D(2027, 3, 1)
    assert before["unknown_years"] == [2027]

    response = _publish(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('calendar:list')}#year-2027"
    entry = HolidayYear.objects.get(year=2027)
    assert entry.source == "国务院办公厅关于2027年部分节假日安排的通知"
    assert entry.days.filter(kind="holiday").count() == 8
    assert entry.days.get(date=D(2027, 2, 14)).kind == "workday"
    event = Event.objects.get(action="calendar.year.published")
    assert event.actor == world.office
    assert event.data == {"source": "国务院办公厅关于2027年部分节假日安排的通知"}

    after = client.get(reverse("calendar:list"), calculate)
    result = after.context["result"]
    assert result["due"] == D(2027, 3, 2)
    assert result["nominal"] == D(2027, 3, 1)
    assert result["unknown_years"] == []
    page = after.content.decode()
    assert "期限届满日 2027-03-02" in page
    assert "顺延至其后第一个工作日" in page


def test_the_form_is_prefilled_for_an_entered_year_and_replacing_it_is_recorded(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.admin)
    _publish(client, django_capture_on_commit_callbacks)
    form = client.get(reverse("calendar:publish"), {"year": 2027}).context["form"]
    assert form.initial["holidays"] == SPRING_2027
    assert form.initial["workdays"] == MAKEUP_2027

    _publish(
        client, django_capture_on_commit_callbacks, holidays="2027-02-05 至 2027-02-11 春节", workdays=""
    )

    assert not SpecialDay.objects.filter(date=D(2027, 3, 1)).exists()
    assert not SpecialDay.objects.filter(kind="workday").exists()
    event = Event.objects.get(action="calendar.year.updated")
    before, after = event.changes["days"]
    assert "2027-03-01 放假 测试假日" in before
    assert "2027-03-01 放假 测试假日" not in after
    assert calendar.is_workday(D(2027, 3, 1))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"holidays": "2027-02-05 春节\n春节七天"}, "holidays", "第 2 行无法识别"),
        ({"holidays": "2026-12-31 元旦"}, "holidays", "第 1 行的 2026-12-31 不在 2027 年内。"),
        ({"workdays": "2027-02-06 春节"}, "workdays", "第 1 行的 2027-02-06 已在放假日期中出现。"),
        ({"holidays": ""}, "holidays", "这个字段是必填项。"),
        ({"source": ""}, "source", "这个字段是必填项。"),
        ({"year": "1999"}, "year", "年度应在 2000 年至 2100 年之间。"),
    ],
)
def test_mistakes_are_shown_beside_the_field_and_nothing_is_saved(
    world, as_user, django_capture_on_commit_callbacks, overrides, field, message
):
    before = _state()
    response = _publish(as_user(world.office), django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert "未保存任何内容" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["staff", "committee", "leader", "west_staff"])
def test_only_the_office_and_admins_enter_years(world, as_user, django_capture_on_commit_callbacks, persona):
    before = _state()
    client = as_user(getattr(world, persona))
    assert client.get(reverse("calendar:publish")).status_code == 403
    assert _publish(client, django_capture_on_commit_callbacks).status_code == 403
    assert _state() == before


# ---------------------------------------------------------------- the calculator


@pytest.mark.parametrize(
    ("query", "due"),
    [
        # 30 days from 2026-09-01 ends on 国庆节 2026-10-01; the next working day is 2026-10-08.
        ({"start": "2026-09-01", "count": 30, "unit": "days"}, D(2026, 10, 8)),
        # 3 working days after Friday 2026-01-30: Feb 2, 3, 4.
        ({"start": "2026-01-30", "count": 3, "unit": "workdays"}, D(2026, 2, 4)),
        # One month from 2026-01-31 is clamped to 2026-02-28, a Saturday (and a make-up working day).
        ({"start": "2026-01-31", "count": 1, "unit": "months"}, D(2026, 2, 28)),
    ],
)
def test_the_calculator_uses_the_statutory_period_rules(world, as_user, query, due):
    result = as_user(world.staff).get(reverse("calendar:list"), query).context["result"]
    assert result["due"] == due
    assert result["unknown_years"] == []


def test_the_calculator_warns_about_unknown_years(world, as_user):
    response = as_user(world.staff).get(
        reverse("calendar:list"), {"start": "2026-12-01", "count": 90, "unit": "days"}
    )
    assert response.context["result"]["unknown_years"] == [2027]
    assert "2027 年的节假日安排尚未录入" in response.content.decode()


def test_the_calculator_explains_bad_input_in_chinese(world, as_user):
    response = as_user(world.staff).get(
        reverse("calendar:list"), {"start": "2026-13-01", "count": 500, "unit": "months"}
    )
    form = response.context["calculator"]
    assert response.context["result"] is None
    assert form.errors["start"] == ["输入一个有效的日期。"]
    assert form.errors["count"] == ["按个月计算时期间不能超过 120。"]


def test_every_calendar_view_declares_who_may_open_it():
    _prefix, resolver = get_resolver().namespace_dict["calendar"]
    undeclared = [p.name for p in resolver.url_patterns if not getattr(p.callback, "access", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_calendar(client):
    response = client.get(reverse("calendar:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
