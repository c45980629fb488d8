"""星级评定 on the 待办 panel: assessors' scores, liaisons' applications, the office's combination."""

import datetime

import time_machine
from django.utils import timezone

from lianxin.stationrating import services, todos
from lianxin.stationrating.tests.helpers import actor, make_application, make_round, score_by
from lianxin.workbench.todos import todos_for


def test_each_step_shows_on_the_panel_of_whoever_takes_it(world):
    round_ = make_round(world)
    assert todos.waiting_for_my_application(world.liaison) == 1
    assert todos.waiting_for_my_application(world.west_liaison) == 1
    application = make_application(world, round_)
    assert todos.waiting_for_my_application(world.liaison) == 0
    assert todos.waiting_for_my_scores(world.office) == 1
    assert todos.waiting_for_my_scores(world.staff) == 0
    score_by(world.office, application, 20, 15, 20, 20, 10, 15)
    assert todos.waiting_for_my_scores(world.office) == 0
    assert {
        "label": "星级评定待评分",
        "url": "/office/stationrating/",
        "count": 1,
        "urgent": False,
    } in todos_for(world.leader)
    score_by(world.leader, application, 20, 15, 20, 20, 10, 15)
    assert todos.waiting_for_combination_or_publication(world.staff) == 0
    after_deadline = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(after_deadline):
        assert todos.waiting_for_combination_or_publication(world.staff) == 1
        assert todos.waiting_for_combination_or_publication(world.west_staff) == 0
        assert todos.waiting_for_my_application(world.west_liaison) == 0
    services.combine(actor=actor(world.staff), round=round_)
    assert todos.waiting_for_combination_or_publication(world.staff) == 1
    services.publish(actor=actor(world.staff), round=round_)
    assert todos.waiting_for_combination_or_publication(world.staff) == 0
