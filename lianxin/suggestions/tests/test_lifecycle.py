"""Deputies' suggestions from draft to 办结: legal-rules.md §8.1 (S1–S16), each rule with a refusal
that changes nothing."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Assignment, Case, Promise
from lianxin.casework.policy import Period
from lianxin.congresses.models import Term
from lianxin.notifications.models import Notification
from lianxin.suggestions import priority, services
from lianxin.suggestions.models import Stage, Suggestion
from lianxin.suggestions.tests.conftest import DAY, VALUES, accepted, actor, drafted, pdf, submitted


def snapshot(suggestion):
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    signers = list(
        suggestion.signers.values_list("deputy_id", "confirmed_at", "declined_at", "withdrawal_consent_at")
    )
    return (
        suggestion.status,
        suggestion.title,
        suggestion.review_note,
        suggestion.case_id,
        signers,
        Event.objects.count(),
    )


# ---------------------------------------------------------------- S1 drafting and co-signing


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"content": "路不好走。"}, "content"),
        ({"category": "随便"}, "category"),
        ({"stage": Stage.SESSION, "session": None}, "session"),
    ],
)
def test_a_draft_needs_a_title_a_concrete_content_a_category_and_a_session_in_session(
    world, people, changes, field
):
    before = Suggestion.objects.count()
    with pytest.raises(services.SuggestionError) as refused:
        drafted(world, people, **changes)
    assert field in refused.value.message_dict
    assert Suggestion.objects.count() == before


def test_co_signers_must_serve_in_the_same_congress(world, people):
    with pytest.raises(services.SuggestionError) as refused:
        services.create_draft(
            actor=actor(world.deputy),
            region=world.east,
            values={**VALUES, "congress": world.county_congress},
            cosigners=[world.west_deputy],
        )
    assert "不是本级人大的在任代表" in refused.value.message_dict["cosigners"][0]
    assert not Suggestion.objects.exists()


def test_each_co_signer_confirms_in_their_own_account_before_staff_see_it(
    world, people, django_capture_on_commit_callbacks
):
    suggestion = drafted(world, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=actor(world.deputy), suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SIGNING
    # The lead cannot confirm for them; a stranger is refused; nothing changes.
    before = snapshot(suggestion)
    with pytest.raises(PermissionDenied):
        services.answer_invitation(actor=actor(world.staff), suggestion=suggestion, agree=True)
    with pytest.raises(services.SuggestionError):
        services.answer_invitation(actor=actor(world.deputy), suggestion=suggestion, agree=True)
    assert snapshot(suggestion) == before
    services.answer_invitation(actor=actor(people.li.user), suggestion=suggestion, agree=True)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.SIGNING
    services.answer_invitation(actor=actor(people.zhao.user), suggestion=suggestion, agree=False)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUBMITTED
    assert suggestion.submitted_at is not None
    # Invitations reached both co-signers' inboxes.
    assert (
        Notification.objects.filter(
            recipient__in=[people.li.user, people.zhao.user], title__startswith="联名邀请"
        ).count()
        == 2
    )


# ---------------------------------------------------------------- S2, S4 review


def test_only_the_congress_office_accepts_and_numbers_suggestions(world, people):
    first = submitted(world, people)
    before = snapshot(first)
    for outsider in (world.deputy, world.leader, world.clerk):
        with pytest.raises(PermissionDenied):
            services.accept(actor=actor(outsider), suggestion=first)
    assert snapshot(first) == before
    with time_machine.travel(DAY(2026, 9, 25), tick=False):
        services.accept(actor=actor(world.staff), suggestion=first)
    first.refresh_from_db()
    assert (first.status, first.number, first.year) == (Suggestion.Status.ACCEPTED, 1, 2026)
    # S5: to be assigned within 7 working days — across the National Day holiday.
    assert first.assign_due == DAY(2026, 10, 12)
    assert first.case.source == "suggestions"
    assert first.case.state == Case.State.REGISTERED
    second = accepted(world, people)
    assert second.number == 2


@pytest.mark.parametrize(
    "outcome", [Suggestion.Status.REFUSED, Suggestion.Status.TO_LETTER, Suggestion.Status.RETURNED]
)
def test_not_accepting_needs_a_reason_the_deputy_reads(
    world, people, outcome, django_capture_on_commit_callbacks
):
    suggestion = submitted(world, people)
    before = snapshot(suggestion)
    with pytest.raises(services.SuggestionError) as refused:
        services.decide_otherwise(actor=actor(world.staff), suggestion=suggestion, outcome=outcome, note=" ")
    assert "note" in refused.value.message_dict
    assert snapshot(suggestion) == before
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_otherwise(
            actor=actor(world.staff),
            suggestion=suggestion,
            outcome=outcome,
            note="属于个人诉求，请改作来信。",
        )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.review_note) == (outcome, "属于个人诉求，请改作来信。")
    told = Notification.objects.filter(recipient=world.deputy, body__contains="属于个人诉求")
    assert told.exists()


def test_a_returned_suggestion_is_edited_and_every_co_signer_confirms_again(world, people):
    suggestion = submitted(world, people)
    services.decide_otherwise(
        actor=actor(world.staff),
        suggestion=suggestion,
        outcome=Suggestion.Status.RETURNED,
        note="请补充具体地点。",
    )
    services.update_draft(
        actor=actor(world.deputy),
        suggestion=suggestion,
        values={**VALUES, "content": VALUES["content"] + "具体位置在东城路与学府路交叉口。"},
        cosigners=[people.li, people.zhao],
    )
    assert not suggestion.signers.filter(is_lead=False, confirmed_at__isnull=False).exists()
    services.submit(actor=actor(world.deputy), suggestion=suggestion)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.SIGNING


# ---------------------------------------------------------------- S3 withdrawal


def test_withdrawal_needs_every_signer_and_stops_every_clock(world, people):
    suggestion = accepted(world, people)
    casework.assign(actor=actor(world.staff), case=suggestion.case, lead=world.unit)
    with pytest.raises(PermissionDenied):
        services.request_withdrawal(actor=actor(people.li.user), suggestion=suggestion, reason="不再需要")
    services.request_withdrawal(
        actor=actor(world.deputy), suggestion=suggestion, reason="问题已由镇政府解决。"
    )
    services.consent_withdrawal(actor=actor(people.li.user), suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.case.state == Case.State.ASSIGNED
    services.consent_withdrawal(actor=actor(people.zhao.user), suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.WITHDRAWN
    assert suggestion.case.state == Case.State.WITHDRAWN
    assert not suggestion.case.assignments.filter(state__in=Assignment.ACTIVE).exists()


# ---------------------------------------------------------------- S7, S9 deadlines


@pytest.mark.parametrize(
    ("assigned", "due", "co_due"),
    [
        # Month end: 2027-02-28 is a Sunday.
        (DAY(2026, 11, 30), DAY(2027, 3, 1), DAY(2026, 12, 30)),
        # Three months land on National Day (1–7 October 2026).
        (DAY(2026, 7, 1), DAY(2026, 10, 8), DAY(2026, 8, 3)),
        # Three months land in the Spring Festival holiday (15–23 February 2026).
        (DAY(2025, 11, 17), DAY(2026, 2, 24), DAY(2025, 12, 17)),
    ],
)
def test_reply_due_three_months_after_assignment_and_co_handlers_in_one(world, people, assigned, due, co_due):
    suggestion = accepted(world, people)
    with time_machine.travel(assigned, tick=False):
        lead, co = casework.assign(
            actor=actor(world.staff), case=suggestion.case, lead=world.unit, co=[world.other_unit]
        )
    assert (lead.due_date, co.due_date) == (due, co_due)


def test_a_difficult_item_is_due_at_six_months_and_never_later(world, people):
    suggestion = accepted(world, people)
    with time_machine.travel(DAY(2026, 11, 30), tick=False):
        policy = Period(months=6)
        (lead,) = casework.assign(
            actor=actor(world.staff), case=suggestion.case, lead=world.unit, reply_period=policy
        )
        assert (lead.due_date, lead.cap_date) == (DAY(2027, 5, 31), DAY(2027, 5, 31))
        casework.sign(actor=actor(world.clerk), assignment=lead)
        with pytest.raises(casework.CaseworkError):
            casework.request_extension(
                actor=actor(world.clerk), assignment=lead, new_date=DAY(2027, 6, 1), reason="协调中"
            )
    assert not lead.extensions.exists()


# ---------------------------------------------------------------- S11–S15 handling, reply, rating


def handled(world, people):
    """Accepted and assigned to a lead and a co-handling unit, signed by the lead unit."""
    suggestion = accepted(world, people)
    lead, co = casework.assign(
        actor=actor(world.staff), case=suggestion.case, lead=world.unit, co=[world.other_unit]
    )
    casework.sign(actor=actor(world.clerk), assignment=lead)
    return suggestion, lead, co


def test_replying_without_contact_is_warned_until_a_contact_is_logged(world, people):
    suggestion, lead, _co = handled(world, people)
    assert casework.reply_warnings(suggestion.case, lead)
    casework.log_contact(
        actor=actor(world.clerk),
        assignment=lead,
        way="visit",
        happened_on=timezone.localdate(lead.assigned_at),
        people="周经办、王建国代表",
        content="当面听取意见，商定先施划人行横道。",
    )
    assert casework.reply_warnings(suggestion.case, lead) == []


def test_a_co_handling_unit_cannot_reply_and_the_reply_needs_the_sealed_letter_and_promises(
    world, people, django_capture_on_commit_callbacks
):
    suggestion, lead, co = handled(world, people)
    casework.sign(actor=actor(world.west_clerk), assignment=co)
    with pytest.raises(casework.CaseworkError, match="会办单位不能答复"):
        casework.reply(
            actor=actor(world.west_clerk), assignment=co, text="同意", category="A", signed_off_by="罗"
        )
    with pytest.raises(casework.CaseworkError) as refused:
        casework.reply(
            actor=actor(world.clerk), assignment=lead, text="正在推进。", category="B", signed_off_by="赵局长"
        )
    assert set(refused.value.message_dict) == {"attachments", "promises"}
    assert not suggestion.case.replies.exists()
    with django_capture_on_commit_callbacks(execute=True):
        casework.reply(
            actor=actor(world.clerk),
            assignment=lead,
            text="已列入明年计划。",
            category="B",
            signed_off_by="赵局长",
            attachments=[pdf()],
            promises=[("施划人行横道", DAY(2099, 3, 31)), ("安装信号灯", DAY(2099, 6, 30))],
        )
    case = Case.objects.get(pk=suggestion.case_id)
    assert case.state == Case.State.REPLIED
    assert list(case.promises.values_list("text", flat=True)) == ["施划人行横道", "安装信号灯"]
    # Every signer receives the reply (S12).
    told = Notification.objects.filter(case=case, kind="replied").values_list(
        "recipient__username", flat=True
    )
    assert {"deputy", "li", "zhao"} <= set(told)


def replied(world, people, category="B"):
    suggestion, lead, _co = handled(world, people)
    promises = [("施划人行横道", DAY(2099, 3, 31))] if category in ("B", "C") else []
    casework.reply(
        actor=actor(world.clerk),
        assignment=lead,
        text="已研究。",
        category=category,
        signed_off_by="赵局长",
        attachments=[pdf()],
        promises=promises,
    )
    return Suggestion.objects.get(pk=suggestion.pk), lead


def test_the_lead_deputy_rates_attitude_and_result_once(world, people):
    suggestion, _lead = replied(world, people)
    case = suggestion.case
    with pytest.raises(PermissionDenied):
        casework.rate(actor=actor(people.li.user), case=case, value="satisfied", attitude="satisfied")
    with pytest.raises(casework.CaseworkError) as refused:
        casework.rate(actor=actor(world.deputy), case=case, value="satisfied")
    assert "attitude" in refused.value.message_dict
    with pytest.raises(casework.CaseworkError) as refused:
        casework.rate(actor=actor(world.deputy), case=case, value="basically", attitude="unsatisfied")
    assert "comment" in refused.value.message_dict
    assert not case.ratings.exists()
    casework.rate(actor=actor(world.deputy), case=case, value="basically", attitude="satisfied")
    with pytest.raises(casework.CaseworkError, match="已经评价过"):
        casework.rate(actor=actor(world.deputy), case=case, value="satisfied", attitude="satisfied")
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
    assert case.ratings.get().attitude == "satisfied"


def test_unsatisfied_sends_it_back_for_a_month_and_then_it_is_rated_again(world, people):
    with time_machine.travel(DAY(2026, 11, 2), tick=False):
        suggestion, _lead = replied(world, people)
        case = suggestion.case
        # The rating window: 15 working days.
        assert Case.objects.get(pk=case.pk).rating_due == DAY(2026, 11, 23)
    with time_machine.travel(DAY(2026, 11, 20), tick=False):
        casework.rate(
            actor=actor(world.deputy),
            case=case,
            value="unsatisfied",
            attitude="basically",
            comment="只答复没有行动。",
        )
    case.refresh_from_db()
    assert (case.state, case.round, case.due_date) == (Case.State.REHANDLING, 2, DAY(2026, 12, 21))
    (again,) = case.assignments.filter(round=2)
    casework.reply(
        actor=actor(world.clerk),
        assignment=again,
        text="已施划人行横道。",
        category="A",
        signed_off_by="赵局长",
        attachments=[pdf()],
    )
    casework.rate(actor=actor(world.deputy), case=case, value="satisfied", attitude="satisfied")
    assert Case.objects.get(pk=case.pk).state == Case.State.CLOSED


def test_promises_are_reported_by_the_unit_and_confirmed_by_the_deputy(world, people):
    suggestion, _lead = replied(world, people)
    promise = suggestion.case.promises.get()
    with pytest.raises(PermissionDenied):
        casework.report_promise(actor=actor(world.west_clerk), promise=promise, report="完成了")
    with pytest.raises(casework.CaseworkError):
        casework.confirm_promise(actor=actor(world.deputy), promise=promise, done=True)
    assert Promise.objects.get(pk=promise.pk).state == Promise.State.OPEN
    casework.report_promise(actor=actor(world.clerk), promise=promise, report="人行横道已于本月施划完成。")
    with pytest.raises(PermissionDenied):
        casework.confirm_promise(actor=actor(people.li.user), promise=promise, done=True)
    with pytest.raises(casework.CaseworkError) as refused:
        casework.confirm_promise(actor=actor(world.deputy), promise=promise, done=False)
    assert "comment" in refused.value.message_dict
    casework.confirm_promise(actor=actor(world.deputy), promise=promise, done=True)
    assert Promise.objects.get(pk=promise.pk).state == Promise.State.CONFIRMED


def test_an_unkept_promise_is_carried_into_the_next_year(world, people):
    suggestion, _lead = replied(world, people)
    promise = suggestion.case.promises.get()
    assert not promise.carried_over(DAY(2099, 12, 31))
    assert promise.carried_over(DAY(2100, 1, 2))


# ---------------------------------------------------------------- S16 重点督办


def test_a_priority_needs_the_meeting_and_both_leaders_and_comes_first(world, people):
    plain = accepted(world, people)
    urgent = accepted(world, people)
    with pytest.raises(services.SuggestionError) as refused:
        priority.mark(
            actor=actor(world.staff),
            suggestion=urgent,
            values={"meeting": "", "decided_on": None, "committee": "x"},
        )
    assert {"meeting", "decided_on", "government_leader", "congress_leader", "committee"} <= set(
        refused.value.message_dict
    )
    with pytest.raises(PermissionDenied):
        priority.mark(actor=actor(world.leader), suggestion=urgent, values={})
    priority.mark(
        actor=actor(world.staff),
        suggestion=urgent,
        values={
            "meeting": "第十八届常委会第5次主任会议",
            "decided_on": DAY(2026, 3, 2),
            "government_leader": "副县长 张三",
            "congress_leader": "常委会副主任 李四",
            "committee": "deputy_affairs",
            "report_every_months": 1,
        },
    )
    from django.urls import reverse

    from lianxin.conftest import client_for

    rows = client_for(world.staff).get(reverse("suggestions:list")).context["rows"]
    assert [r["cells"][1] for r in rows][:1] == [urgent.label]
    assert plain.label in [r["cells"][1] for r in rows]


# ---------------------------------------------------------------- 办成


def test_an_a_reply_rated_well_is_solved_and_a_b_reply_only_once_its_promises_are_confirmed(world, people):
    from lianxin.suggestions.outcomes import CARRYING_OUT, NOT_SOLVED, SOLVED, outcome

    answered_a, _lead = replied(world, people, category="A")
    assert outcome(answered_a) == ""  # still waiting for the rating
    casework.rate(actor=actor(world.deputy), case=answered_a.case, value="satisfied", attitude="satisfied")
    assert outcome(Suggestion.objects.get(pk=answered_a.pk)) == SOLVED

    answered_d, _lead = replied(world, people, category="D")
    casework.rate(actor=actor(world.deputy), case=answered_d.case, value="basically", attitude="satisfied")
    assert outcome(Suggestion.objects.get(pk=answered_d.pk)) == NOT_SOLVED

    promised, _lead = replied(world, people, category="B")
    casework.rate(actor=actor(world.deputy), case=promised.case, value="satisfied", attitude="satisfied")
    assert outcome(Suggestion.objects.get(pk=promised.pk)) == CARRYING_OUT
    promise = promised.case.promises.get()
    casework.report_promise(actor=actor(world.clerk), promise=promise, report="已完成。")
    casework.confirm_promise(actor=actor(world.deputy), promise=promise, done=True)
    assert outcome(Suggestion.objects.get(pk=promised.pk)) == SOLVED


# ---------------------------------------------------------------- S18 a new term


def test_a_new_term_keeps_an_unfinished_suggestion_with_its_term_and_its_clock(world, people, client):
    suggestion, lead, _co = handled(world, people)
    old_term, due = suggestion.term, lead.due_date
    Term.objects.filter(pk=old_term.pk).update(end_date=DAY(2026, 12, 31))
    Term.objects.create(
        congress=world.county_congress, number=old_term.number + 1, start_date=DAY(2027, 1, 1)
    )
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    lead = Assignment.objects.get(pk=lead.pk)
    # Bound to the term it was made in, not archived, and the reply still falls due on the same day.
    assert (suggestion.term, suggestion.case.state, lead.due_date) == (old_term, Case.State.HANDLING, due)
    client.force_login(world.staff)
    assert suggestion.title in client.get(reverse("suggestions:list")).content.decode()
    casework.log_contact(
        actor=actor(world.clerk),
        assignment=lead,
        way="visit",
        happened_on=timezone.localdate(lead.assigned_at),
        people="周经办、王建国代表",
        content="当面商定办理方案。",
    )
    casework.reply(
        actor=actor(world.clerk),
        assignment=lead,
        text="已完成整改。",
        category="A",
        signed_off_by="局长",
        attachments=[pdf()],
    )
    assert Suggestion.objects.get(pk=suggestion.pk).case.state == Case.State.REPLIED
