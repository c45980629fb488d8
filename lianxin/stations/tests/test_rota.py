"""接待排班: dates from the monthly rule over the working-day calendar, and refusals that change nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.stations import rota, services
from lianxin.stations.models import ReceptionDay
from lianxin.stations.tests.fixtures import actor, day
from lianxin.stations.tests.test_views import station_form

D = datetime.date


def at(date: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(date, datetime.time(10))), tick=False
    )


# ---------------------------------------------------------------- dates


def test_the_10th_of_each_month_stays_on_working_days(db):
    # 2026-05-10 is a Sunday: the 接待日 moves to Monday the 11th.
    assert rota.planned_dates(10, start=D(2026, 3, 1), months=3) == [
        D(2026, 3, 10),
        D(2026, 4, 10),
        D(2026, 5, 11),
    ]


def test_a_day_the_month_lacks_is_its_last_day(db):
    # 2026-02-28 is a Saturday made a working day for the Spring Festival: it stays.
    assert rota.day_in_month(2026, 2, 31) == D(2026, 2, 28)
    assert rota.day_in_month(2026, 4, 31) == D(2026, 4, 30)


def test_a_day_in_the_spring_festival_moves_past_the_holiday(db):
    # 春节 2026: 2月15日至23日放假.
    assert rota.day_in_month(2026, 2, 20) == D(2026, 2, 24)


def test_national_day_moves_and_its_adjusted_saturday_stays(db):
    # 国庆 2026: 10月1日至7日放假，10月10日（周六）上班.
    assert rota.day_in_month(2026, 10, 1) == D(2026, 10, 8)
    assert rota.day_in_month(2026, 10, 10) == D(2026, 10, 10)


def test_a_date_already_past_this_month_is_left_out(db):
    # 2026-12-10 has passed on the 15th; 2027-01-10 is a Sunday, so the 11th.
    assert rota.planned_dates(10, start=D(2026, 12, 15), months=2) == [D(2027, 1, 11)]


# ---------------------------------------------------------------- one day


def test_a_liaison_puts_a_reception_day_on_the_rota(world):
    with at(D(2026, 12, 1)):
        made = services.day_create(
            actor=actor(world.liaison),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.east_deputy],
            hours="9:00–11:30",
        )
    assert list(made.on_duty.all()) == [world.east_deputy]
    event = Event.objects.get(action="stations.day.created")
    assert event.data["on_duty"] == ["王建国"]


def test_a_day_in_the_past_is_refused_and_nothing_is_saved(world):
    with at(D(2026, 12, 11)), pytest.raises(ValidationError) as refused:
        services.day_create(
            actor=actor(world.liaison),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.east_deputy],
        )
    assert "不能早于今天" in refused.value.message_dict["date"][0]
    assert not ReceptionDay.objects.exists()
    assert not Event.objects.filter(action__startswith="stations.day").exists()


def test_a_deputy_of_another_station_cannot_be_on_duty(world):
    with at(D(2026, 12, 1)), pytest.raises(ValidationError) as refused:
        services.day_create(
            actor=actor(world.staff),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.west_deputy],
        )
    assert refused.value.message_dict["on_duty"] == ["李秀英不是“东城镇人大代表联络站”的进站代表，不能排班。"]
    assert not ReceptionDay.objects.exists()


def test_the_same_date_twice_is_refused(world):
    with at(D(2026, 12, 1)):
        services.day_create(
            actor=actor(world.staff),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.east_deputy],
        )
        with pytest.raises(ValidationError) as refused:
            services.day_create(
                actor=actor(world.staff),
                station=world.east_station,
                date=D(2026, 12, 10),
                on_duty=[world.east_deputy],
            )
    assert "已有接待日" in refused.value.message_dict["date"][0]
    assert ReceptionDay.objects.count() == 1


def test_the_other_townships_liaison_may_not_plan_here(world):
    with at(D(2026, 12, 1)), pytest.raises(PermissionDenied):
        services.day_create(
            actor=actor(world.west_liaison),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.east_deputy],
        )
    assert not ReceptionDay.objects.exists()


def test_a_past_day_cannot_be_changed(world):
    with at(D(2026, 12, 1)):
        made = services.day_create(
            actor=actor(world.staff),
            station=world.east_station,
            date=D(2026, 12, 10),
            on_duty=[world.east_deputy],
        )
    with at(D(2026, 12, 11)), pytest.raises(ValidationError):
        services.day_update(
            actor=actor(world.staff), day=made, date=D(2026, 12, 20), on_duty=[world.east_deputy]
        )
    made.refresh_from_db()
    assert made.date == D(2026, 12, 10)


def test_the_form_shows_the_past_date_refusal_in_chinese_and_saves_nothing(world, as_user):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = as_user(world.liaison).post(
        reverse("stations:day_create"),
        {"station": world.east_station.pk, "date": yesterday.isoformat(), "on_duty": [world.east_deputy.pk]},
    )
    assert response.status_code == 200
    assert "过去的日子不能再排班" in response.content.decode()
    assert not ReceptionDay.objects.exists()


def test_the_form_offers_a_liaison_only_their_own_station(world, as_user):
    response = as_user(world.west_liaison).post(
        reverse("stations:day_create"),
        {
            "station": world.east_station.pk,
            "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "on_duty": [world.east_deputy.pk],
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].fields["station"].queryset) == [world.west_station]
    assert not ReceptionDay.objects.exists()


# ---------------------------------------------------------------- by the rule


def test_planning_by_the_rule_takes_turns_and_keeps_days_already_planned(world):
    second = world.west_deputy  # stationed at both for this test
    world.east_station.deputies.add(second)
    world.east_station.reception_day_of_month = 10
    world.east_station.save()
    with at(D(2026, 3, 1)):
        services.day_create(
            actor=actor(world.staff),
            station=world.east_station,
            date=D(2026, 3, 10),
            on_duty=[world.east_deputy],
        )
        made = services.plan_days(actor=actor(world.liaison), station=world.east_station, months=3, per_day=1)
    assert [d.date for d in made] == [D(2026, 4, 10), D(2026, 5, 11)]
    # Turns follow names (李秀英, 王建国), continuing after the one day already planned.
    assert [[p.name for p in d.on_duty.all()] for d in made] == [["王建国"], ["李秀英"]]
    assert ReceptionDay.objects.count() == 3


def test_planning_without_a_rule_is_refused(world):
    with at(D(2026, 3, 1)), pytest.raises(ValidationError) as refused:
        services.plan_days(actor=actor(world.staff), station=world.east_station, months=3, per_day=1)
    assert "没有设置每月接待日" in refused.value.messages[0]
    assert not ReceptionDay.objects.exists()


# ---------------------------------------------------------------- attendance


def test_attendance_is_recorded_once_the_day_has_come(world, as_user):
    today = day(world, days_from_today=0)
    response = as_user(world.liaison).post(
        reverse("stations:day_attendance", args=[today.pk]), {"present": [world.east_deputy.pk]}
    )
    assert response.status_code == 302
    assert list(today.present.all()) == [world.east_deputy]


def test_attendance_before_the_day_is_refused(world):
    coming = day(world, days_from_today=3)
    with pytest.raises(ValidationError):
        services.record_attendance(actor=actor(world.liaison), day=coming, present=[world.east_deputy])
    assert not coming.present.exists()


def test_the_station_form_keeps_the_reception_rule(world, as_user):
    response = as_user(world.liaison).post(
        reverse("stations:edit", args=[world.east_station.pk]),
        station_form(
            world,
            name="东城镇人大代表联络站",
            region=world.east.pk,
            reception_day_of_month="10",
            reception_hours="9:00–11:30",
            announce_days="7",
        ),
    )
    assert response.status_code == 302
    world.east_station.refresh_from_db()
    assert (world.east_station.reception_day_of_month, world.east_station.announce_days) == (10, 7)


def test_a_reception_day_of_the_32nd_is_refused(world, as_user):
    response = as_user(world.liaison).post(
        reverse("stations:edit", args=[world.east_station.pk]),
        station_form(world, name="东城镇人大代表联络站", region=world.east.pk, reception_day_of_month="32"),
    )
    assert response.context["form"].errors["reception_day_of_month"]
    world.east_station.refresh_from_db()
    assert world.east_station.reception_day_of_month is None


def test_a_coming_day_is_changed_through_its_form(world, as_user):
    world.east_station.deputies.add(world.west_deputy)
    coming = day(world, days_from_today=5)
    moved = coming.date + datetime.timedelta(days=1)
    response = as_user(world.liaison).post(
        reverse("stations:day_edit", args=[coming.pk]),
        {"date": moved.isoformat(), "on_duty": [world.west_deputy.pk], "hours": "14:30–17:00"},
    )
    assert response.status_code == 302
    coming.refresh_from_db()
    assert (coming.date, coming.hours) == (moved, "14:30–17:00")
    assert list(coming.on_duty.all()) == [world.west_deputy]
    changes = Event.objects.get(action="stations.day.updated").changes
    assert changes["on_duty"] == [["王建国"], ["李秀英"]]
    assert changes["hours"] == ["9:00–11:30", "14:30–17:00"]
