"""答复质量审核: a weak reply to a citizen is held until staff release it or the unit rewrites it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.analysis import services
from lianxin.analysis.models import ReplyReview
from lianxin.analysis.tests.fixtures import GOOD_REPLY, WEAK_REPLY, answered
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Case, Reply
from lianxin.casework.tests.test_engine import at
from lianxin.notifications.models import Kind, Notification, PhoneMessage
from lianxin.opinions.tests.intake_fixtures import accepted, make_opinion, staff_actor, track

STATUS_URL = reverse("opinions_public:track_status")


def clerk(user) -> Actor:
    return Actor(user=user, role="unit_clerk", ip=None)


def snapshot(reply: Reply) -> tuple:
    reply.refresh_from_db()
    case = Case.objects.get(pk=reply.case_id)
    review = ReplyReview.objects.get(reply=reply)
    return (reply.text, reply.shown_at, reply.held_note, case.state, case.rating_due, review.state)


def test_a_weak_reply_is_held_from_the_citizen_with_its_reasons(world, client):
    reply = answered(world, text=WEAK_REPLY)

    review = ReplyReview.objects.get(reply=reply)
    assert (review.state, review.weak, review.region) == (ReplyReview.State.PENDING, True, world.east)
    assert any("套话" in reason for reason in review.reasons)
    assert Event.objects.filter(action="analysis.reply.scored", target_id=str(review.pk)).count() == 1
    assert reply.held
    assert reply.held_note.startswith("答复质量待审核：")
    case = Case.objects.get(pk=reply.case_id)
    # Still being handled for the citizen: no rating window has started.
    assert (case.state, case.rating_due) == (Case.State.HANDLING, None)
    track(client, case.opinion)
    page = client.get(STATUS_URL).content.decode()
    assert WEAK_REPLY not in page
    assert "提交评价" not in page


def test_a_held_reply_cannot_be_rated(world):
    reply = answered(world, text=WEAK_REPLY)
    case = Case.objects.get(pk=reply.case_id)
    citizen = Actor(user=None, role="citizen", ip=None, subject=case.opinion.rater_label())

    with pytest.raises(casework.CaseworkError, match="不在待评价状态"):
        casework.rate(actor=citizen, case=case, value="satisfied")

    assert not case.ratings.exists()


def test_a_good_reply_reaches_the_citizen_at_once_and_stays_out_of_the_queue(world, client):
    reply = answered(world, text=GOOD_REPLY)

    assert ReplyReview.objects.get(reply=reply).state == ReplyReview.State.PASSED
    assert not reply.held
    assert Case.objects.get(pk=reply.case_id).state == Case.State.REPLIED
    client.force_login(world.staff)
    assert "人民路东段现场核查" not in client.get(reverse("analysis:reply_queue")).content.decode()


def test_the_citizen_is_told_of_a_held_reply_only_when_it_is_released(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = answered(world, text=WEAK_REPLY)
    assert Notification.objects.filter(kind=Kind.REPLIED, recipient=world.staff).exists()
    assert not PhoneMessage.objects.filter(kind=Kind.REPLIED).exists()

    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("analysis:release", args=[reply.quality_review.pk]))

    assert PhoneMessage.objects.filter(kind=Kind.REPLIED, case_id=reply.case_id).count() == 1


def test_a_reviewer_that_fails_holds_nothing(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("分词词典损坏")

    monkeypatch.setattr(services, "score_reply", broken)
    reply = answered(world, text=WEAK_REPLY)

    assert not reply.held
    assert Case.objects.get(pk=reply.case_id).state == Case.State.REPLIED
    assert not ReplyReview.objects.exists()


def test_a_deputys_direct_answer_is_neither_scored_nor_held(world):
    # Only units' replies are reviewed; a direct answer has no unit to send back to.
    opinion = accepted(world, make_opinion(world))
    answer = casework.answer(actor=staff_actor(world.staff), case=opinion.case, text="已收悉。")

    assert not answer.held
    assert not ReplyReview.objects.exists()


def test_staff_see_the_weak_reply_in_the_queue_and_the_case_page_says_it_is_held(world, client):
    reply = answered(world, text=WEAK_REPLY)
    client.force_login(world.staff)

    page = client.get(reverse("analysis:reply_queue")).content.decode()
    assert WEAK_REPLY in page
    assert "答复待审核" in page
    # The question beside the answer: relevance is judged against it.
    assert "群众所提：</span>人民路东段路灯不亮。" in page
    case_page = client.get(reverse("casework:detail", args=[reply.case_id])).content.decode()
    assert "暂未送达提出人" in case_page
    assert "答复质量待审核" in case_page


def test_release_shows_the_reply_and_the_rating_window_starts_that_day(world, client):
    with at(datetime.date(2026, 9, 24)):
        reply = answered(world)
    client.force_login(world.staff)

    with at(datetime.date(2026, 9, 29)):
        response = client.post(
            reverse("analysis:release", args=[reply.quality_review.pk]), {"note": "内容属实，可以。"}
        )

    assert response.status_code == 302
    review = ReplyReview.objects.get(reply=reply)
    assert (review.state, review.decided_by) == (ReplyReview.State.RELEASED, world.staff)
    reply.refresh_from_db()
    assert timezone.localdate(reply.shown_at) == datetime.date(2026, 9, 29)
    case = Case.objects.get(pk=reply.case_id)
    assert case.state == Case.State.REPLIED
    # The citizen's 10 working days count from the release, not the reply: 09-30, then across
    # the National Day holiday (10-01…10-07) to 10-08, 10-09, the make-up working Saturday 10-10
    # and on to 10-19.
    assert case.rating_due == datetime.date(2026, 10, 19)
    assert Event.objects.filter(action="analysis.reply.released", target_id=str(review.pk)).exists()
    assert Event.objects.filter(action="casework.reply.shown", target_id=str(case.pk)).exists()
    assert WEAK_REPLY not in client.get(reverse("analysis:reply_queue")).content.decode()


def test_send_back_keeps_the_reply_held_and_tells_the_unit(world, client, django_capture_on_commit_callbacks):
    reply = answered(world)
    client.force_login(world.staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("analysis:send_back", args=[reply.quality_review.pk]),
            {"note": "请写明维修时间和联系电话。"},
        )

    _text, shown_at, held_note, state, rating_due, review_state = snapshot(reply)
    assert (shown_at, state, rating_due, review_state) == (
        None,
        Case.State.HANDLING,
        None,
        ReplyReview.State.SENT_BACK,
    )
    assert held_note == "请写明维修时间和联系电话。"
    told = Notification.objects.get(kind=Kind.REPLY_RETURNED, recipient=world.clerk)
    assert "请写明维修时间和联系电话" in told.body
    assert Event.objects.filter(action="analysis.reply.sent_back").exists()
    assert Event.objects.filter(action="casework.reply.returned").exists()


def test_the_unit_rewrites_a_sent_back_reply_and_it_goes_to_staff_again(world, client):
    reply = answered(world)
    services.send_back(actor=staff_actor(world.staff), review=reply.quality_review, note="请写明维修时间。")
    client.force_login(world.clerk)
    detail = client.get(reverse("casework:detail", args=[reply.case_id])).content.decode()
    assert "修改答复" in detail
    url = reverse("casework:revise_reply", args=[reply.assignment_id])
    assert "请写明维修时间。" in client.get(url).content.decode()

    response = client.post(url, {"text": GOOD_REPLY})

    assert response.status_code == 302
    text, shown_at, _note, state, _due, review_state = snapshot(reply)
    # Even a reply that now scores well goes back to the staff who asked for more.
    assert (text, shown_at, state, review_state) == (
        GOOD_REPLY,
        None,
        Case.State.HANDLING,
        ReplyReview.State.PENDING,
    )
    revised = Event.objects.get(action="casework.reply.revised")
    assert revised.data["before"] == WEAK_REPLY
    services.release(actor=staff_actor(world.staff), review=reply.quality_review)
    assert snapshot(reply)[3] == Case.State.REPLIED


def test_a_pending_reply_rewritten_well_by_the_unit_goes_straight_to_the_citizen(world):
    reply = answered(world)

    casework.revise_reply(actor=clerk(world.clerk), reply=reply, text=GOOD_REPLY)

    _text, shown_at, held_note, state, _due, review_state = snapshot(reply)
    assert (shown_at is not None, held_note, state, review_state) == (
        True,
        "",
        Case.State.REPLIED,
        ReplyReview.State.PASSED,
    )


def test_only_the_replying_units_clerk_rewrites_a_held_reply_and_a_shown_one_is_final(world, client):
    reply = answered(world)
    before = snapshot(reply)

    with pytest.raises(PermissionDenied):
        casework.revise_reply(actor=clerk(world.west_clerk), reply=reply, text=GOOD_REPLY)
    client.force_login(world.west_clerk)  # the co-handling unit's clerk: sees the item, not the reply
    response = client.post(reverse("casework:revise_reply", args=[reply.assignment_id]), {"text": "x"})
    assert response.status_code == 403
    with pytest.raises(casework.CaseworkError):
        casework.revise_reply(actor=clerk(world.clerk), reply=reply, text="   ")
    assert snapshot(reply) == before

    services.release(actor=staff_actor(world.staff), review=reply.quality_review)
    shown = snapshot(reply)
    with pytest.raises(casework.CaseworkError, match="已经送达"):
        casework.revise_reply(actor=clerk(world.clerk), reply=reply, text=GOOD_REPLY)
    assert snapshot(reply) == shown


def test_send_back_without_a_note_is_refused_and_changes_nothing(world, client):
    reply = answered(world)
    before = snapshot(reply)
    client.force_login(world.staff)

    response = client.post(
        reverse("analysis:send_back", args=[reply.quality_review.pk]), {"note": "  "}, follow=True
    )

    assert "请写明答复需要补充或改正的内容" in response.content.decode()
    assert snapshot(reply) == before
    assert not Event.objects.filter(
        action__in=["analysis.reply.sent_back", "casework.reply.returned"]
    ).exists()


def test_a_review_cannot_be_decided_twice(world, client):
    reply = answered(world)
    client.force_login(world.staff)
    client.post(reverse("analysis:release", args=[reply.quality_review.pk]))
    released = snapshot(reply)

    response = client.post(
        reverse("analysis:send_back", args=[reply.quality_review.pk]), {"note": "补充"}, follow=True
    )

    assert "已经审核过了" in response.content.decode()
    assert snapshot(reply) == released


def test_outside_the_scope_the_review_does_not_exist_and_nothing_changes(world, client):
    reply = answered(world)
    review = reply.quality_review
    before = snapshot(reply)
    client.force_login(world.west_staff)

    assert client.post(reverse("analysis:release", args=[review.pk])).status_code == 404
    assert client.post(reverse("analysis:send_back", args=[review.pk]), {"note": "x"}).status_code == 404
    client.force_login(world.leader)  # leaders read topics; reviewing replies is the staff's
    assert client.post(reverse("analysis:release", args=[review.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        casework.show_reply(actor=clerk(world.clerk), reply=reply)

    assert snapshot(reply) == before
    assert WEAK_REPLY not in client.get(reverse("analysis:reply_queue")).content.decode()


def test_a_withdrawn_items_held_reply_leaves_the_queue(world, client):
    reply = answered(world)
    casework.withdraw(
        actor=staff_actor(world.staff), case=Case.objects.get(pk=reply.case_id), reason="重复。"
    )
    client.force_login(world.staff)

    assert WEAK_REPLY not in client.get(reverse("analysis:reply_queue")).content.decode()
