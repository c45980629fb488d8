"""Motions (议案): legal-rules.md §8.2 M1–M4."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lianxin.congresses.models import Session
from lianxin.regions.models import Region
from lianxin.suggestions import config, motions
from lianxin.suggestions.models import Motion, Suggestion
from lianxin.suggestions.signing import SuggestionError
from lianxin.suggestions.tests.conftest import actor

# Two co-signers: enough only where the threshold is three (set below), never the county's ten.
THREE = override_settings(LIANXIN_MOTION_MIN_SIGNERS={Region.Level.COUNTY: 3})


@pytest.fixture
def session(world):
    return Session.objects.create(
        term=world.county_term,
        number=6,
        start_date=datetime.date(2026, 1, 5),
        end_date=datetime.date(2026, 1, 8),
    )


def values(world, session, **changes):
    return {
        "congress": world.county_congress,
        "title": "关于制定农村生活垃圾治理办法的议案",
        "basis": "全县农村生活垃圾收运体系不健全，部分村庄垃圾随意堆放。",
        "plan": "制定办法，明确县乡村三级责任和经费保障。",
        "session": session,
        **changes,
    }


def drafted(world, people, session, **changes):
    return motions.create_draft(
        actor=actor(world.deputy),
        region=world.east,
        values=values(world, session, **changes),
        cosigners=[people.li, people.zhao],
    )


@pytest.mark.parametrize("field", ["basis", "plan", "title"])
def test_a_motion_needs_its_cause_grounds_and_plan(world, people, session, field):
    with pytest.raises(SuggestionError) as refused:
        drafted(world, people, session, **{field: ""})
    assert field in refused.value.message_dict
    assert not Motion.objects.exists()


def test_too_few_signers_cannot_be_submitted_at_county_level(world, people, session):
    motion = drafted(world, people, session)
    with pytest.raises(SuggestionError) as refused:
        motions.submit(actor=actor(world.deputy), motion=motion)
    assert "10 人以上" in refused.value.message_dict["cosigners"][0]
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.DRAFT


@THREE
def test_a_declined_co_signer_below_the_threshold_sends_it_back_to_the_lead(world, people, session):
    motion = drafted(world, people, session)
    motions.submit(actor=actor(world.deputy), motion=motion)
    motions.answer_invitation(actor=actor(people.li.user), motion=motion, agree=True)
    motions.answer_invitation(actor=actor(people.zhao.user), motion=motion, agree=False)
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.DRAFT


def submitted(world, people, session):
    motion = drafted(world, people, session)
    motions.submit(actor=actor(world.deputy), motion=motion)
    for deputy in (people.li, people.zhao):
        motions.answer_invitation(actor=actor(deputy.user), motion=motion, agree=True)
    return Motion.objects.get(pk=motion.pk)


@THREE
def test_the_presidium_decision_is_recorded_with_its_meeting_and_reason(world, people, session):
    motion = submitted(world, people, session)
    assert motion.status == Motion.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        motions.decide(
            actor=actor(world.deputy),
            motion=motion,
            outcome="listed",
            meeting="主席团第二次会议",
            decided_on=datetime.date(2026, 1, 6),
        )
    with pytest.raises(SuggestionError) as refused:
        motions.decide(
            actor=actor(world.staff),
            motion=motion,
            outcome=Motion.Status.NOT_LISTED,
            meeting="",
            decided_on=None,
        )
    assert {"meeting", "decided_on", "note"} <= set(refused.value.message_dict)
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.SUBMITTED
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome="listed",
        meeting="主席团第二次会议",
        decided_on=datetime.date(2026, 1, 6),
    )
    motion.refresh_from_db()
    assert (motion.status, motion.decision_meeting) == (Motion.Status.LISTED, "主席团第二次会议")


@THREE
def test_turned_into_a_suggestion_it_keeps_every_signer(world, people, session):
    motion = submitted(world, people, session)
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome=Motion.Status.CONVERTED,
        meeting="主席团第三次会议",
        decided_on=datetime.date(2026, 1, 7),
        note="不属于本级人大职权范围内的立法事项，作为建议办理。",
    )
    suggestion = Suggestion.objects.get(source_motion=motion)
    assert suggestion.status == Suggestion.Status.SUBMITTED
    assert set(suggestion.signers.values_list("deputy__name", flat=True)) == {"王建国", "李联名", "赵联名"}
    assert suggestion.signers.get(is_lead=True).deputy == world.east_deputy
    assert "案据" in suggestion.content
    assert "方案" in suggestion.content


@THREE
def test_once_on_the_agenda_a_motion_is_withdrawn_only_with_the_presidiums_consent(world, people, session):
    motion = submitted(world, people, session)
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome="listed",
        meeting="主席团第二次会议",
        decided_on=datetime.date(2026, 1, 6),
    )
    motions.withdraw(actor=actor(world.deputy), motion=motion, reason="情况已变化。")
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.LISTED
    with pytest.raises(PermissionDenied):
        motions.consent_withdrawal(actor=actor(world.deputy), motion=motion, meeting="主席团第三次会议")
    motions.consent_withdrawal(actor=actor(world.staff), motion=motion, meeting="主席团第三次会议")
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.WITHDRAWN


@THREE
def test_a_co_signer_leaving_below_the_threshold_ends_the_motion(world, people, session):
    motion = submitted(world, people, session)
    with pytest.raises(SuggestionError):
        motions.withdraw_signature(actor=actor(world.deputy), motion=motion)
    motions.withdraw_signature(actor=actor(people.li.user), motion=motion)
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.WITHDRAWN


def converted(world, people, session, *, last_meeting_at):
    motion = submitted(world, people, session)
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome=Motion.Status.CONVERTED,
        meeting="主席团第三次会议",
        decided_on=timezone.localdate(),
        note="不属于本级人大职权范围，作为建议办理。",
        last_meeting_at=last_meeting_at,
    )
    return Motion.objects.get(pk=motion.pk)


def asked(motion) -> set[str]:
    return set(
        motion.signers.filter(reconsideration_requested_at__isnull=False).values_list(
            "deputy__name", flat=True
        )
    )


@pytest.mark.parametrize(("proposers", "needed"), [(12, 10), (19, 10), (20, 11), (25, 13)])
def test_reconsideration_needs_more_than_half_of_the_proposers_and_no_fewer_than_ten(
    world, proposers, needed
):
    assert config.motion_reconsideration_needed(world.county_congress, proposers) == needed


@THREE
def test_reconsideration_asked_by_enough_proposers_goes_back_to_the_presidium(world, people, session):
    last_meeting = timezone.now() + datetime.timedelta(days=1)
    motion = converted(world, people, session, last_meeting_at=last_meeting)
    assert motion.reconsideration_deadline == last_meeting - datetime.timedelta(hours=4)
    for deputy in (world.deputy, people.li.user):
        motions.request_reconsideration(actor=actor(deputy), motion=motion)
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.CONVERTED  # 2 of the 3 needed
    with pytest.raises(SuggestionError, match="您已经要求复议"):
        motions.request_reconsideration(actor=actor(people.li.user), motion=motion)
    motions.request_reconsideration(actor=actor(people.zhao.user), motion=motion)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.RECONSIDERATION
    assert asked(motion) == {"王建国", "李联名", "赵联名"}

    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome=Motion.Status.LISTED,
        meeting="主席团第四次会议",
        decided_on=timezone.localdate(),
    )
    motion.refresh_from_db()
    assert (motion.status, motion.reconsidered) == (Motion.Status.LISTED, True)
    # The suggestion made from it by the first decision ends: the motion is a motion again.
    assert Suggestion.objects.get(source_motion=motion).status == Suggestion.Status.WITHDRAWN


@THREE
def test_a_reconsidered_decision_is_final(world, people, session):
    motion = converted(world, people, session, last_meeting_at=timezone.now() + datetime.timedelta(days=1))
    for deputy in (world.deputy, people.li.user, people.zhao.user):
        motions.request_reconsideration(actor=actor(deputy), motion=motion)
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome=Motion.Status.CONVERTED,
        meeting="主席团第四次会议",
        decided_on=timezone.localdate(),
        note="维持原决定。",
        last_meeting_at=timezone.now() + datetime.timedelta(days=1),
    )
    motion.refresh_from_db()
    assert (motion.status, motion.reconsidered, motion.reconsideration_deadline) == (
        Motion.Status.CONVERTED,
        True,
        None,
    )
    assert Suggestion.objects.filter(source_motion=motion).count() == 1  # kept, not made twice
    with pytest.raises(SuggestionError, match="尚未复议"):
        motions.request_reconsideration(actor=actor(world.deputy), motion=motion)


@THREE
def test_reconsideration_after_the_deadline_is_refused_and_changes_nothing(world, people, session):
    # The last meeting in two hours: the four-hour deadline passed two hours ago.
    motion = converted(world, people, session, last_meeting_at=timezone.now() + datetime.timedelta(hours=2))
    with pytest.raises(SuggestionError, match="已经截止"):
        motions.request_reconsideration(actor=actor(world.deputy), motion=motion)
    motion.refresh_from_db()
    assert (motion.status, asked(motion)) == (Motion.Status.CONVERTED, set())
    assert motion.reconsideration_deadline < timezone.now()


@THREE
def test_the_last_meeting_is_compared_with_the_decision_in_beijing_time(world, people, session):
    # 01:00 on 6 December in Beijing is still 5 December in UTC, as the database gives times back:
    # a meeting at 07:00 that morning is not "before the decision" of the 6th.
    beijing = zoneinfo.ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime.datetime(2026, 12, 6, 1, 0, tzinfo=beijing), tick=False):
        motion = converted(
            world, people, session, last_meeting_at=datetime.datetime(2026, 12, 5, 23, 0, tzinfo=datetime.UTC)
        )
    assert (motion.status, motion.reconsideration_deadline) == (
        Motion.Status.CONVERTED,
        datetime.datetime(2026, 12, 6, 3, 0, tzinfo=beijing),
    )


@THREE
@override_settings(LIANXIN_MOTION_RECONSIDERATION_HOURS=1)
def test_the_hours_before_the_last_meeting_are_configurable(world, people, session):
    motion = converted(world, people, session, last_meeting_at=timezone.now() + datetime.timedelta(hours=2))
    motions.request_reconsideration(actor=actor(world.deputy), motion=motion)
    assert asked(motion) == {"王建国"}


@THREE
def test_reconsideration_is_refused_for_a_motion_on_the_agenda_or_without_a_deadline(world, people, session):
    motion = converted(world, people, session, last_meeting_at=None)
    with pytest.raises(SuggestionError, match="未登记复议截止时间"):
        motions.request_reconsideration(actor=actor(world.deputy), motion=motion)
    listed = submitted(world, people, session)
    motions.decide(
        actor=actor(world.staff),
        motion=listed,
        outcome=Motion.Status.LISTED,
        meeting="主席团第二次会议",
        decided_on=timezone.localdate(),
        last_meeting_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(SuggestionError, match="不列入议程或改作建议"):
        motions.request_reconsideration(actor=actor(world.deputy), motion=listed)
    assert asked(Motion.objects.get(pk=motion.pk)) == asked(Motion.objects.get(pk=listed.pk)) == set()


@THREE
def test_the_deputy_asks_for_reconsideration_from_the_motion_page(client, world, people, session):
    motion = converted(world, people, session, last_meeting_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(people.li.user)
    url = reverse("suggestions:mine_motion", args=[motion.pk])
    assert "书面要求复议" in client.get(url).content.decode()
    page = client.post(reverse("suggestions:motion_reconsider", args=[motion.pk]), follow=True)
    assert "已书面要求复议。" in page.content.decode()
    assert asked(motion) == {"李联名"}
    page = client.post(reverse("suggestions:motion_reconsider", args=[motion.pk]), follow=True)
    assert "您已经要求复议。" in page.content.decode()
    assert asked(motion) == {"李联名"}


@THREE
def test_staff_record_the_presidiums_consent_to_a_withdrawal_on_the_motion_page(
    client, world, people, session
):
    motion = submitted(world, people, session)
    motions.decide(
        actor=actor(world.staff),
        motion=motion,
        outcome="listed",
        meeting="主席团第二次会议",
        decided_on=timezone.localdate(),
    )
    client.force_login(world.deputy)
    client.post(reverse("suggestions:motion_withdraw", args=[motion.pk]), {"reason": "情况已变化。"})
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.LISTED
    client.force_login(world.staff)
    detail = client.get(reverse("suggestions:motion_detail", args=[motion.pk])).content.decode()
    assert "情况已变化。" in detail
    url = reverse("suggestions:consent_motion_withdrawal", args=[motion.pk])
    refused = client.post(url, {"consent-meeting": ""})
    assert "这个字段是必填项" in refused.content.decode()
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.LISTED
    client.post(url, {"consent-meeting": "主席团第三次会议"})
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.WITHDRAWN
