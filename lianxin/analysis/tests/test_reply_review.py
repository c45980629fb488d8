from django.urls import reverse

from lianxin.analysis import services
from lianxin.analysis.models import ReplyReview
from lianxin.analysis.tests.fixtures import GOOD_REPLY, WEAK_REPLY, answered
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Case
from lianxin.opinions.tests.intake_fixtures import accepted, make_opinion, staff_actor


def _reply_after_commit(world, django_capture_on_commit_callbacks, text):
    with django_capture_on_commit_callbacks(execute=True):
        return answered(world, text=text)


def test_a_units_weak_reply_to_an_opinion_is_flagged_for_review_with_reasons(
    world, django_capture_on_commit_callbacks
):
    reply = _reply_after_commit(world, django_capture_on_commit_callbacks, WEAK_REPLY)

    review = ReplyReview.objects.get(reply=reply)
    assert review.state == ReplyReview.State.PENDING
    assert review.weak
    assert any("套话" in reason for reason in review.reasons)
    assert review.region == world.east
    assert Event.objects.filter(action="analysis.reply.scored", target_id=str(review.pk)).count() == 1


def test_a_good_reply_passes_and_stays_out_of_the_queue(world, client, django_capture_on_commit_callbacks):
    reply = _reply_after_commit(world, django_capture_on_commit_callbacks, GOOD_REPLY)

    assert ReplyReview.objects.get(reply=reply).state == ReplyReview.State.PASSED
    client.force_login(world.staff)
    assert "人民路东段现场核查" not in client.get(reverse("analysis:reply_queue")).content.decode()


def test_scoring_twice_keeps_the_first_review(world):
    reply = answered(world)

    first = services.score(reply=reply)
    again = services.score(reply=reply)

    assert again.pk == first.pk
    assert ReplyReview.objects.count() == 1


def test_a_deputys_direct_answer_is_not_scored(world, django_capture_on_commit_callbacks):
    # Only units' replies are reviewed; a direct answer has no unit to send back to.
    opinion = accepted(world, make_opinion(world))
    with django_capture_on_commit_callbacks(execute=True):
        casework.answer(actor=staff_actor(world.staff), case=opinion.case, text="已收悉。")

    assert not ReplyReview.objects.exists()


def test_staff_see_the_weak_reply_in_the_queue_and_the_case_page_shows_a_badge(
    world, client, django_capture_on_commit_callbacks
):
    reply = _reply_after_commit(world, django_capture_on_commit_callbacks, WEAK_REPLY)
    client.force_login(world.staff)

    page = client.get(reverse("analysis:reply_queue")).content.decode()
    assert WEAK_REPLY in page
    assert "答复待审核" in page
    assert "答复质量待审核" in client.get(reverse("casework:detail", args=[reply.case_id])).content.decode()


def test_release_records_who_and_leaves_the_queue(world, client):
    review = services.score(reply=answered(world))
    client.force_login(world.staff)

    response = client.post(reverse("analysis:release", args=[review.pk]), {"note": "内容属实，可以。"})

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReplyReview.State.RELEASED
    assert review.decided_by == world.staff
    assert Event.objects.filter(action="analysis.reply.released", target_id=str(review.pk)).exists()
    assert WEAK_REPLY not in client.get(reverse("analysis:reply_queue")).content.decode()


def test_send_back_urges_the_unit_with_the_note(world, client):
    review = services.score(reply=answered(world))
    client.force_login(world.staff)

    client.post(reverse("analysis:send_back", args=[review.pk]), {"note": "请写明维修时间和联系电话。"})

    review.refresh_from_db()
    assert review.state == ReplyReview.State.SENT_BACK
    case = Case.objects.get(pk=review.reply.case_id)
    assert case.urge_count == 1
    assert "请写明维修时间和联系电话" in case.urges.get().message
    assert Event.objects.filter(action="analysis.reply.sent_back").exists()


def test_send_back_without_a_note_is_refused_and_changes_nothing(world, client):
    review = services.score(reply=answered(world))
    client.force_login(world.staff)

    response = client.post(reverse("analysis:send_back", args=[review.pk]), {"note": "  "}, follow=True)

    assert "请写明答复需要补充或改正的内容" in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReplyReview.State.PENDING
    assert Case.objects.get(pk=review.reply.case_id).urge_count == 0
    assert (
        not Event.objects.filter(action__startswith="analysis.reply.s", target_id=str(review.pk))
        .exclude(action="analysis.reply.scored")
        .exists()
    )


def test_a_review_cannot_be_decided_twice(world, client):
    review = services.score(reply=answered(world))
    client.force_login(world.staff)
    client.post(reverse("analysis:release", args=[review.pk]))

    response = client.post(reverse("analysis:send_back", args=[review.pk]), {"note": "补充"}, follow=True)

    assert "已经审核过了" in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReplyReview.State.RELEASED
    assert Case.objects.get(pk=review.reply.case_id).urge_count == 0


def test_outside_the_scope_the_review_does_not_exist_and_nothing_changes(world, client):
    review = services.score(reply=answered(world))
    client.force_login(world.west_staff)

    assert client.post(reverse("analysis:release", args=[review.pk])).status_code == 404
    assert client.post(reverse("analysis:send_back", args=[review.pk]), {"note": "x"}).status_code == 404
    client.force_login(world.leader)  # leaders read topics; reviewing replies is the staff's
    assert client.post(reverse("analysis:release", args=[review.pk])).status_code == 403

    review.refresh_from_db()
    assert review.state == ReplyReview.State.PENDING
    assert Case.objects.get(pk=review.reply.case_id).urge_count == 0
    assert WEAK_REPLY not in client.get(reverse("analysis:reply_queue")).content.decode()
