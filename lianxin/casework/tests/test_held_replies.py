"""Replies a source's check holds back from the submitter until staff show them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lianxin.audit.models import Event
from lianxin.casework import reply_checks, services
from lianxin.casework.models import Assignment, Case, Reply
from lianxin.casework.services import CaseworkError
from lianxin.casework.tests.test_engine import _open, actor, at

D = datetime.date
SHORT = "已修复。"
FULL = "人民路东段的路灯已于本周更换灯具，恢复照明。"


def _hold_short_replies(reply) -> str:
    return "答复过短，请补充。" if len(reply.text) < 10 else ""


@pytest.fixture(autouse=True)
def short_replies_held():
    reply_checks.register("test", _hold_short_replies)
    yield
    reply_checks.unregister("test")


def _replied(world, text=SHORT, day=None) -> Reply:
    day = day or D(2026, 2, 10)
    case = _open(world)
    with at(day):
        (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
        services.sign(actor=actor(world.clerk), assignment=lead)
        return services.reply(
            actor=actor(world.clerk), assignment=lead, text=text, category="A", signed_off_by="赵局长"
        )


def snapshot(reply: Reply) -> tuple:
    reply.refresh_from_db()
    case = Case.objects.get(pk=reply.case_id)
    return (reply.text, reply.shown_at, reply.held_note, case.state, case.rating_due, Event.objects.count())


def test_a_reply_the_check_lets_through_is_shown_and_the_rating_window_starts(world):
    reply = _replied(world, text=FULL)

    assert not reply.held
    assert Case.objects.get(pk=reply.case_id).state == Case.State.REPLIED


def test_a_held_reply_keeps_the_item_in_handling_and_cannot_be_rated(world):
    reply = _replied(world)

    assert (reply.held, reply.held_note) == (True, "答复过短，请补充。")
    case = Case.objects.get(pk=reply.case_id)
    assert (case.state, case.rating_due) == (Case.State.HANDLING, None)
    assert Event.objects.get(action="casework.case.replied").data["held"] is True
    with pytest.raises(CaseworkError, match="不在待评价状态"):
        services.rate(actor=actor(world.citizen), case=case, value="satisfied")
    assert not case.ratings.exists()


def test_showing_starts_the_rating_window_on_the_day_shown_across_the_spring_festival(world):
    reply = _replied(world, day=D(2026, 2, 10))

    with at(D(2026, 2, 13)):
        services.show_reply(actor=actor(world.staff), reply=reply)

    case = Case.objects.get(pk=reply.case_id)
    assert case.state == Case.State.REPLIED
    # 15 working days from Friday 2026-02-13: the make-up working Saturday 02-14 is the first,
    # then the Spring Festival break (02-15…02-23), then 02-24…02-27, the make-up Saturday 02-28
    # and on to 03-12. Counted from the reply on 02-10 it would have ended on 03-09.
    assert case.rating_due == D(2026, 3, 12)
    assert Event.objects.filter(action="casework.reply.shown").count() == 1


def test_only_staff_show_or_return_a_held_reply_and_nothing_changes_otherwise(world):
    reply = _replied(world)
    before = snapshot(reply)

    with pytest.raises(PermissionDenied):
        services.show_reply(actor=actor(world.clerk), reply=reply)
    with pytest.raises(PermissionDenied):
        services.return_reply(actor=actor(world.clerk), reply=reply, note="请补充。")
    with pytest.raises(CaseworkError):
        services.return_reply(actor=actor(world.staff), reply=reply, note=" ")

    assert snapshot(reply) == before


def test_a_returned_reply_is_rewritten_by_its_unit_and_checked_again(world):
    reply = _replied(world)
    services.return_reply(actor=actor(world.staff), reply=reply, note="请写明维修时间。")
    assert snapshot(reply)[2] == "请写明维修时间。"

    with pytest.raises(PermissionDenied):
        services.revise_reply(actor=actor(world.west_clerk), reply=reply, text=FULL)
    services.revise_reply(actor=actor(world.clerk), reply=reply, text="已修好了。")
    assert snapshot(reply)[:3] == ("已修好了。", None, "答复过短，请补充。")

    with at(D(2026, 2, 24)):
        services.revise_reply(actor=actor(world.clerk), reply=reply, text=FULL)

    text, shown_at, held_note, state, rating_due, _events = snapshot(reply)
    assert (text, shown_at is not None, held_note, state) == (FULL, True, "", Case.State.REPLIED)
    # 15 working days from 2026-02-24, counting the make-up Saturday 02-28.
    assert rating_due == D(2026, 3, 16)
    revisions = Event.objects.filter(action="casework.reply.revised").order_by("pk")
    assert [e.data["before"] for e in revisions] == [SHORT, "已修好了。"]


def test_a_shown_reply_is_final(world):
    reply = _replied(world, text=FULL)
    before = snapshot(reply)

    with pytest.raises(CaseworkError, match="已经送达"):
        services.revise_reply(actor=actor(world.clerk), reply=reply, text="改一改。")
    with pytest.raises(CaseworkError, match="已经送达"):
        services.show_reply(actor=actor(world.staff), reply=reply)

    assert snapshot(reply) == before


def test_a_failing_check_holds_nothing(world):
    def broken(reply):
        raise RuntimeError("评分服务不可用")

    reply_checks.register("test", broken)
    reply = _replied(world)

    assert not reply.held
    assert Case.objects.get(pk=reply.case_id).state == Case.State.REPLIED


def _separately_with_the_first_reply_held(world) -> tuple[Case, Assignment, Reply]:
    """Two units handle the item separately; the first has replied and its reply is held."""
    case = _open(world)
    first, second = services.assign(
        actor=actor(world.staff), case=case, separate=[world.unit, world.other_unit]
    )
    services.sign(actor=actor(world.clerk), assignment=first)
    held = services.reply(
        actor=actor(world.clerk), assignment=first, text=SHORT, category="A", signed_off_by="赵局长"
    )
    return case, second, held


def _rating_waits_until_shown(world, case: Case, held: Reply) -> None:
    case.refresh_from_db()
    assert (case.state, case.rating_due) == (Case.State.HANDLING, None)
    with at(D(2026, 3, 3)):
        services.show_reply(actor=actor(world.staff), reply=held)
    case.refresh_from_db()
    assert case.state == Case.State.REPLIED
    assert case.rating_due is not None


def test_with_two_answering_units_rating_waits_for_every_reply_to_be_shown(world):
    with at(D(2026, 3, 2)):
        case, second, held = _separately_with_the_first_reply_held(world)
        services.sign(actor=actor(world.west_clerk), assignment=second)
        services.reply(
            actor=actor(world.west_clerk), assignment=second, text=FULL, category="A", signed_off_by="钱局长"
        )

    _rating_waits_until_shown(world, case, held)


def test_a_held_reply_still_waits_when_the_other_unit_is_let_go(world):
    # The other unit asks to be let go and staff agree: only the held reply is left to show.
    with at(D(2026, 3, 2)):
        case, second, held = _separately_with_the_first_reply_held(world)
        services.request_return(actor=actor(world.west_clerk), assignment=second, reason="不属于本单位职责。")
        services.decide_return(actor=actor(world.staff), assignment=second, approve=True)

    _rating_waits_until_shown(world, case, held)
