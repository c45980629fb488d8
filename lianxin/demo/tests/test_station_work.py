"""The demo county's 星级评定 and 云接待 (demo.station_work), seeded once for this module."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from lianxin.accounts.models import User
from lianxin.onlinestation.models import Question, Session
from lianxin.opinions.models import Opinion
from lianxin.stationrating import access, grades
from lianxin.stationrating.models import Application, Round


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "county", "--seed", "7", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return User.objects.get(username="lianluoyuan").liaison_stations.get()


def test_the_liaisons_home_was_downgraded_on_reassessment(demo):
    current = grades.current_grade(demo)
    assert (current.grade, current.change_label) == ("出色站", "降级")
    assert [r.grade for r in grades.history(demo)] == ["出色站", "样板站"]
    assert Round.objects.filter(status=Round.Status.PUBLISHED).count() == 2
    assert Application.objects.filter(round__status=Round.Status.PUBLISHED).count() == 6


def test_the_open_round_waits_for_the_liaison_and_for_lingdao(demo):
    current = Round.objects.get(status=Round.Status.OPEN)
    liaison = User.objects.get(username="lianluoyuan")
    assert current in access.rounds_visible_to(liaison)
    assert not current.applications.filter(station=demo).exists()
    waiting = current.applications.get()
    assert [s.assessor.username for s in waiting.sheets.all()] == ["bangongshi"]


def test_one_session_ended_one_is_open_and_one_is_announced(demo):
    states = sorted(s.state() for s in Session.objects.all())
    assert states == [Session.State.ENDED, Session.State.OPEN, Session.State.UPCOMING]
    ended = next(s for s in Session.objects.all() if s.state() == Session.State.ENDED)
    assert sorted(q.visibility for q in ended.questions.all()) == ["", "private", "public"]
    opinions = Opinion.objects.count()
    call_command("close_online_sessions", stdout=StringIO())
    assert Opinion.objects.count() == opinions + 1
    assert Question.objects.filter(opinion__isnull=False).count() == 1
