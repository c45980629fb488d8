"""Closing the window: every unanswered question becomes an opinion in 民意直通车, exactly once."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from lianxin.audit.models import Event
from lianxin.notifications.sms import MemoryBackend
from lianxin.onlinestation import services
from lianxin.onlinestation.models import Question
from lianxin.onlinestation.tests.helpers import PHONE, actor, make_question, make_session
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import _empty_outbox  # noqa: F401


def _run(capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("close_online_sessions", stdout=out)
    return out.getvalue()


@pytest.fixture
def ended_session(world):
    session = make_session(world)
    unanswered = make_question(session, content="村口路面坑洼，雨天积水。", name="钱大爷")
    answered = make_question(session, content="图书室几点开门？", phone="13900000002")
    services.answer(actor=actor(world.deputy), question=answered, text="每天9点。", visibility="public")
    return session, unanswered, answered


def test_the_command_turns_unanswered_questions_into_opinions_exactly_once(
    world, ended_session, django_capture_on_commit_callbacks
):
    session, unanswered, answered = ended_session
    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5)):
        first = _run(django_capture_on_commit_callbacks)
        second = _run(django_capture_on_commit_callbacks)
    assert first == "已关闭 1 场云接待，1 条未答复留言转入民意直通车。\n"
    assert second == "已关闭 0 场云接待，0 条未答复留言转入民意直通车。\n"
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.station, opinion.region) == ("web", world.east_station, world.east)
    assert opinion.content == "村口路面坑洼，雨天积水。"
    assert opinion.title == "云接待留言：村口路面坑洼，雨天积水。"
    assert (opinion.submitter_name, opinion.submitter_phone.reveal(), opinion.phone_verified) == (
        "钱大爷",
        PHONE,
        True,
    )
    assert opinion.status == Opinion.Status.SUBMITTED
    unanswered.refresh_from_db()
    answered.refresh_from_db()
    assert unanswered.opinion == opinion
    assert answered.opinion is None
    session.refresh_from_db()
    assert session.closed_at is not None
    assert Event.objects.filter(action="onlinestation.session.closed").count() == 1
    # The citizen learns the tracking code of what their question became.
    assert any(opinion.tracking_code in text for to, text in MemoryBackend.outbox if to == PHONE)


def test_a_session_still_open_is_left_alone(world, ended_session, django_capture_on_commit_callbacks):
    session, _unanswered, _answered = ended_session
    assert _run(django_capture_on_commit_callbacks).startswith("已关闭 0 场")
    assert Opinion.objects.count() == 0
    session.refresh_from_db()
    assert session.closed_at is None


def test_a_closed_sessions_questions_can_no_longer_be_answered_here(
    world, ended_session, django_capture_on_commit_callbacks
):
    session, unanswered, _answered = ended_session
    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5)):
        _run(django_capture_on_commit_callbacks)
    with pytest.raises(services.OnlineError, match="已转入民意直通车办理"):
        services.answer(
            actor=actor(world.deputy), question=unanswered, text="迟到的答复", visibility="public"
        )
    unanswered.refresh_from_db()
    assert unanswered.answer == ""


def test_closing_a_session_twice_directly_registers_nothing_more(world, ended_session):
    session, _unanswered, _answered = ended_session
    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5)):
        assert services.close_session(actor=services.closing_actor(), session=session) == 1
        assert services.close_session(actor=services.closing_actor(), session=session) == 0
    assert Opinion.objects.count() == 1
    assert Question.objects.filter(opinion__isnull=False).count() == 1
