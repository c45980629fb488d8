"""Daily deadline reminders: 临期 and 逾期, at most once per assignment, kind and day."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.casework import services
from lianxin.casework.models import Light
from lianxin.notifications.deadlines import remind
from lianxin.notifications.models import Kind, Notification
from lianxin.notifications.tests.conftest import actor, at

D = datetime.date


@pytest.fixture
def assigned(world, open_case, committed):
    """Lead due 2026-06-02; co-handler's opinion due 2026-04-02."""
    with at(D(2026, 3, 2)):
        return committed(
            services.assign,
            actor=actor(world.staff),
            case=open_case(),
            lead=world.unit,
            co=[world.other_unit],
        )


def reminders(kind):
    return list(
        Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient__username", "title")
    )


def test_an_assignment_due_within_the_warning_days_is_reminded_once_a_day(world, assigned):
    _lead, co = assigned
    assert co.light(D(2026, 3, 30)) == Light.YELLOW
    assert remind(D(2026, 3, 30)) == {Kind.DUE_SOON: 1, Kind.OVERDUE: 0}
    assert remind(D(2026, 3, 30)) == {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}
    remind(D(2026, 3, 31))
    assert reminders(Kind.DUE_SOON) == [("west_clerk", "临期：“东城路路灯不亮”")] * 2
    body = Notification.objects.filter(kind=Kind.DUE_SOON).first().body
    assert body == "“东城路路灯不亮”将于 2026-04-02 到期（连心县教育局，会办），请抓紧办理。"


def test_an_overdue_assignment_is_reminded_in_red(world, assigned):
    lead, _co = assigned
    remind(D(2026, 6, 3))
    assert reminders(Kind.OVERDUE) == [
        ("clerk", "逾期：“东城路路灯不亮”"),
        ("west_clerk", "逾期：“东城路路灯不亮”"),
    ]
    assert Notification.objects.get(kind=Kind.OVERDUE, recipient=world.clerk).assignment == lead
    assert not Notification.objects.filter(kind=Kind.DUE_SOON).exists()


def test_finished_assignments_and_items_far_from_their_deadline_are_left_alone(world, assigned, committed):
    _lead, co = assigned
    assert remind(D(2026, 3, 10)) == {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}
    committed(services.give_co_opinion, actor=actor(world.west_clerk), assignment=co, text="同意。")
    assert remind(D(2026, 4, 3)) == {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}
    assert not Notification.objects.filter(kind__in=[Kind.DUE_SOON, Kind.OVERDUE]).exists()


def test_a_withdrawn_item_is_not_reminded(world, assigned, committed):
    lead, _co = assigned
    committed(services.withdraw, actor=actor(world.staff), case=lead.case, reason="重复事项")
    assert remind(D(2026, 6, 3)) == {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}


def test_the_daily_command_says_what_it_made(world, assigned):
    out = StringIO()
    with at(D(2026, 6, 3)):
        call_command("notify_deadlines", stdout=out)
        call_command("notify_deadlines", stdout=out)
    assert out.getvalue().splitlines() == [
        "新增临期提醒 0 条、逾期提醒 2 条（今天已提醒过的不再重复）。",
        "新增临期提醒 0 条、逾期提醒 0 条（今天已提醒过的不再重复）。",
    ]
