"""The handling engine's transitions, deadlines and refusals (with a test source)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.casework import services
from lianxin.casework.models import Assignment, Case, Light, Rating
from lianxin.casework.policy import Period
from lianxin.casework.services import CaseworkError
from lianxin.units.models import HandlingUnit

D = datetime.date


def at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


def actor(user) -> Actor:
    return Actor(user=user, role="", ip=None)


@pytest.fixture
def third_unit(world):
    unit = HandlingUnit.objects.create(
        name="连心县住房和城乡建设局", kind=HandlingUnit.Kind.DEPARTMENT, region=world.county
    )
    return unit


def _open(world, title="路灯不亮") -> Case:
    return services.open_case(actor=actor(world.staff), source="test", title=title, region=world.east)


def _refresh(obj):
    obj.refresh_from_db()
    return obj


def test_assigning_sets_the_statutory_deadlines_on_month_ends_and_rest_days(world):
    case = _open(world)
    with at(D(2026, 11, 30)):
        lead, co = services.assign(
            actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit]
        )
    # 3 months from 2026-11-30 is 2027-02-28, a Sunday: due the next working day.
    assert lead.due_date == D(2027, 3, 1)
    assert co.due_date == D(2026, 12, 30)
    # The 6-month cap ends 2027-05-30, a Sunday.
    assert lead.cap_date == D(2027, 5, 31)
    # 7 working days to ask for a send-back.
    assert lead.return_window_end == D(2026, 12, 9)
    case = _refresh(case)
    assert (case.state, case.due_date) == (Case.State.ASSIGNED, D(2027, 3, 1))
    assert case.state_label() == "已交办"


def test_a_reply_period_past_the_cap_is_refused_and_nothing_is_assigned(world):
    case = _open(world)
    with pytest.raises(CaseworkError, match="超过了最迟期限"):
        services.assign(actor=actor(world.staff), case=case, lead=world.unit, reply_period=Period(months=7))
    assert not Assignment.objects.exists()
    assert _refresh(case).state == Case.State.REGISTERED


def test_only_staff_assign(world):
    case = _open(world)
    for user in (world.clerk, world.leader, world.citizen, world.west_staff):
        with pytest.raises(PermissionDenied):
            services.assign(actor=actor(user), case=case, lead=world.unit)
    assert not Assignment.objects.exists()
    assert Event.objects.filter(action="casework.case.assigned").count() == 0


def test_the_full_loop_with_a_co_handler_rehandling_and_satisfaction(world):
    case = _open(world)
    with at(D(2026, 3, 2)):
        lead, co = services.assign(
            actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit]
        )
        services.sign(actor=actor(world.clerk), assignment=lead)
        assert _refresh(case).state == Case.State.HANDLING
        services.give_co_opinion(
            actor=actor(world.west_clerk), assignment=co, text="建议由交通局统一安排维修。"
        )
    with at(D(2026, 4, 1)):
        services.reply(
            actor=actor(world.clerk), assignment=lead, text="已修复。", category="A", signed_off_by="赵局长"
        )
    case = _refresh(case)
    assert case.state == Case.State.REPLIED
    # 15 working days from 2026-04-01, across the Qingming holiday (04-04…04-06).
    assert case.rating_due == D(2026, 4, 23)
    with at(D(2026, 4, 3)):
        services.rate(actor=actor(world.citizen), case=case, value="unsatisfied", comment="只修好了一盏。")
    case = _refresh(case)
    assert (case.state, case.round) == (Case.State.REHANDLING, 2)
    # Re-handling is due in one month: 2026-05-03 falls in the Labour Day break (05-01…05-05).
    assert case.due_date == D(2026, 5, 6)
    second = case.assignments.get(round=2)
    assert (second.unit, second.state) == (world.unit, Assignment.State.SIGNED)
    with at(D(2026, 4, 20)):
        services.reply(
            actor=actor(world.clerk),
            assignment=second,
            text="全部修复。",
            category="A",
            signed_off_by="赵局长",
        )
        services.rate(actor=actor(world.citizen), case=case, value="satisfied")
    case = _refresh(case)
    assert case.state == Case.State.CLOSED
    assert list(case.ratings.values_list("round", "value")) == [(1, "unsatisfied"), (2, "satisfied")]


def test_a_unit_never_passes_an_item_on_by_itself(world, third_unit):
    case = _open(world)
    (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.request_return(actor=actor(world.clerk), assignment=lead, reason="不属于本单位职责。")
    # The unit's clerk cannot decide its own send-back or choose the next unit.
    with pytest.raises(PermissionDenied):
        services.decide_return(
            actor=actor(world.clerk), assignment=lead, approve=True, reassign_to=third_unit
        )
    successor = services.decide_return(
        actor=actor(world.staff), assignment=lead, approve=True, reassign_to=third_unit
    )
    assert _refresh(lead).state == Assignment.State.RETURNED
    assert (successor.unit, successor.kind, successor.state) == (third_unit, "lead", "pending")
    assert _refresh(case).state == Case.State.ASSIGNED


def test_a_refused_send_back_restores_the_assignment(world):
    case = _open(world)
    (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.sign(actor=actor(world.clerk), assignment=lead)
    services.request_return(actor=actor(world.clerk), assignment=lead, reason="不属于本单位。")
    services.decide_return(actor=actor(world.staff), assignment=lead, approve=False, note="属于职责范围。")
    assert _refresh(lead).state == Assignment.State.SIGNED


def test_an_approved_send_back_without_a_new_unit_returns_the_item_to_staff(world):
    case = _open(world)
    (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.request_return(actor=actor(world.clerk), assignment=lead, reason="不属于本单位。")
    services.decide_return(actor=actor(world.staff), assignment=lead, approve=True)
    case = _refresh(case)
    assert (case.state, case.due_date) == (Case.State.REGISTERED, None)


def test_a_co_handlers_send_back_decided_after_the_case_closed_leaves_it_closed(world):
    # Found by the state machine: the lead answered and the citizen was satisfied while the
    # co-handler's request to send the item back still waited for staff.
    case = _open(world)
    lead, co = services.assign(actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit])
    services.request_return(actor=actor(world.west_clerk), assignment=co, reason="不属于本单位。")
    services.sign(actor=actor(world.clerk), assignment=lead)
    services.reply(
        actor=actor(world.clerk), assignment=lead, text="已修复。", category="A", signed_off_by="赵主任"
    )
    services.rate(actor=actor(world.citizen), case=case, value=Rating.Value.SATISFIED)
    assert _refresh(case).state == Case.State.CLOSED
    services.decide_return(actor=actor(world.staff), assignment=co, approve=True)
    case = _refresh(case)
    assert case.state == Case.State.CLOSED
    assert _refresh(co).state == Assignment.State.RETURNED


def test_a_send_back_after_its_window_is_refused(world):
    case = _open(world)
    with at(D(2026, 9, 28)):
        (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    # 7 working days from 2026-09-28 run across National Day and its make-up Saturday to 2026-10-13.
    assert lead.return_window_end == D(2026, 10, 13)
    with at(D(2026, 10, 14)), pytest.raises(CaseworkError, match="已超过申请退回的期限"):
        services.request_return(actor=actor(world.clerk), assignment=lead, reason="不属于本单位。")
    assert _refresh(lead).state == Assignment.State.PENDING


def test_extensions_stop_at_the_cap_and_need_staff_approval(world):
    case = _open(world)
    with at(D(2026, 11, 30)):
        (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
        services.sign(actor=actor(world.clerk), assignment=lead)
        with pytest.raises(CaseworkError, match="不能超过最迟期限 2027-05-31"):
            services.request_extension(
                actor=actor(world.clerk), assignment=lead, new_date=D(2027, 6, 1), reason="涉及面广"
            )
        extension = services.request_extension(
            actor=actor(world.clerk), assignment=lead, new_date=D(2027, 5, 31), reason="涉及面广"
        )
        with pytest.raises(CaseworkError, match="已有一项延期申请"):
            services.request_extension(
                actor=actor(world.clerk), assignment=lead, new_date=D(2027, 4, 1), reason="再延"
            )
        assert _refresh(lead).due_date == D(2027, 3, 1)
        with pytest.raises(PermissionDenied):
            services.decide_extension(actor=actor(world.clerk), extension=extension, approve=True)
        services.decide_extension(actor=actor(world.staff), extension=extension, approve=True)
    assert _refresh(lead).due_date == D(2027, 5, 31)
    assert _refresh(case).due_date == D(2027, 5, 31)


@pytest.mark.parametrize(
    ("who", "kind", "error"),
    [
        ("west_clerk", "lead", PermissionDenied),  # a unit replying to an item it does not lead
        ("clerk", "co", CaseworkError),  # a co-handler cannot reply
    ],
)
def test_only_the_lead_unit_replies(world, who, kind, error):
    case = _open(world)
    lead, co = services.assign(actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit])
    if kind == "co":
        # The clerk of the lead unit is made clerk of the co unit too, to prove kind is checked.
        world.other_unit.clerks.add(world.clerk)
        target = co
    else:
        services.sign(actor=actor(world.clerk), assignment=lead)
        target = lead
    with pytest.raises(error):
        services.reply(
            actor=actor(getattr(world, who)), assignment=target, text="答复", category="A", signed_off_by="某"
        )
    assert not case.replies.exists()


def test_a_reply_needs_text_a_known_category_and_a_signer(world):
    case = _open(world)
    (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.sign(actor=actor(world.clerk), assignment=lead)
    with pytest.raises(CaseworkError) as caught:
        services.reply(actor=actor(world.clerk), assignment=lead, text=" ", category="E", signed_off_by="")
    assert set(caught.value.message_dict) == {"text", "category", "signed_off_by"}
    assert _refresh(lead).state == Assignment.State.SIGNED


def test_separate_handling_waits_for_every_unit(world, third_unit):
    case = _open(world)
    first, second = services.assign(
        actor=actor(world.staff), case=case, separate=[world.unit, world.other_unit]
    )
    for assignment, clerk in ((first, world.clerk), (second, world.west_clerk)):
        services.sign(actor=actor(clerk), assignment=assignment)
    services.reply(
        actor=actor(world.clerk), assignment=first, text="本局部分已办。", category="B", signed_off_by="甲"
    )
    assert _refresh(case).state == Case.State.HANDLING
    services.reply(
        actor=actor(world.west_clerk),
        assignment=second,
        text="本局部分已办。",
        category="A",
        signed_off_by="乙",
    )
    assert _refresh(case).state == Case.State.REPLIED


def test_when_the_last_unit_still_holding_an_item_sends_it_back_the_others_answers_go_to_rating(world):
    case = _open(world)
    first, second = services.assign(
        actor=actor(world.staff), case=case, separate=[world.unit, world.other_unit]
    )
    services.sign(actor=actor(world.clerk), assignment=first)
    services.sign(actor=actor(world.west_clerk), assignment=second)
    services.reply(
        actor=actor(world.clerk), assignment=first, text="本局部分已办。", category="A", signed_off_by="甲"
    )
    services.request_return(actor=actor(world.west_clerk), assignment=second, reason="不属于本单位。")
    services.decide_return(actor=actor(world.staff), assignment=second, approve=True)
    case = _refresh(case)
    assert case.state == Case.State.REPLIED
    assert case.rating_due is not None


def test_rating_rules(world):
    case = _open(world)
    with at(D(2026, 6, 1)):
        services.answer(actor=actor(world.deputy), case=case, text="已与社区沟通，本周修复。")
        with pytest.raises(PermissionDenied):
            services.rate(actor=actor(world.staff), case=case, value="satisfied")
        with pytest.raises(CaseworkError) as caught:
            services.rate(actor=actor(world.citizen), case=case, value="unsatisfied", comment="")
        assert "comment" in caught.value.message_dict
    due = _refresh(case).rating_due
    with at(due + datetime.timedelta(days=1)), pytest.raises(CaseworkError, match="评价期限已过"):
        services.rate(actor=actor(world.citizen), case=case, value="satisfied")
    assert not Rating.objects.exists()
    assert _refresh(case).rating_lapsed(due + datetime.timedelta(days=1))
    with at(due + datetime.timedelta(days=1)):
        services.close_unrated(actor=actor(world.staff), case=case)
    assert _refresh(case).state == Case.State.CLOSED


def test_rating_twice_is_refused(world):
    case = _open(world)
    services.answer(actor=actor(world.deputy), case=case, text="答复")
    services.rate(actor=actor(world.citizen), case=case, value="basically")
    assert _refresh(case).state == Case.State.CLOSED
    with pytest.raises(CaseworkError, match="已经评价过这一轮答复"):
        services.rate(actor=actor(world.citizen), case=case, value="satisfied")


def test_an_unsatisfied_direct_answer_goes_back_to_be_routed(world):
    case = _open(world)
    services.answer(actor=actor(world.deputy), case=case, text="答复")
    services.rate(actor=actor(world.citizen), case=case, value="unsatisfied", comment="没有解决")
    case = _refresh(case)
    assert (case.state, case.round) == (Case.State.REGISTERED, 2)


def test_urging_is_counted_and_leaders_may_urge(world):
    case = _open(world)
    services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.urge(actor=actor(world.leader), case=case, message="请加快办理。")
    services.urge(actor=actor(world.staff), case=case, message="再催。")
    with pytest.raises(PermissionDenied):
        services.urge(actor=actor(world.clerk), case=case, message="我也催")
    assert _refresh(case).urge_count == 2


def test_lights_are_computed_from_the_due_date_when_read(world, settings):
    settings.LIANXIN_DUE_SOON_DAYS = 3
    case = _open(world)
    with at(D(2026, 3, 2)):
        (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    case = _refresh(case)
    assert case.due_date == D(2026, 6, 2)
    assert case.light(D(2026, 5, 1)) == Light.GREEN
    assert case.light(D(2026, 5, 30)) == Light.YELLOW
    assert case.light(D(2026, 6, 3)) == Light.RED
    assert list(Case.objects.overdue(D(2026, 6, 3))) == [case]
    assert list(Case.objects.due_soon(D(2026, 5, 30))) == [case]
    assert lead.light(D(2026, 6, 3)) == Light.RED


def test_every_transition_is_audited_with_its_states(world):
    case = _open(world)
    (lead,) = services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    services.sign(actor=actor(world.clerk), assignment=lead)
    events = Event.objects.filter(target_id=str(case.pk), action__startswith="casework.").order_by("at", "pk")
    assert [(e.action, e.data["from"], e.data["to"]) for e in events] == [
        ("casework.case.opened", "", "registered"),
        ("casework.case.assigned", "registered", "assigned"),
        ("casework.assignment.signed", "assigned", "handling"),
    ]


def test_notifications_are_announced_only_after_commit(world, django_capture_on_commit_callbacks):
    from lianxin.casework import announcements

    heard = []
    announcements.listen(heard.append)
    try:
        case = _open(world)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.assign(actor=actor(world.staff), case=case, lead=world.unit)
        assert heard == []
        for callback in callbacks:
            callback()
        assert [a.kind for a in heard] == ["assigned"]
    finally:
        announcements._LISTENERS.remove(heard.append)
