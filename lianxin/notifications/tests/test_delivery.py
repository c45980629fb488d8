"""Who is told what, for each of the engine's announcements, through real transitions."""

import datetime

import pytest

from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.casework import reply_checks, services
from lianxin.casework.models import Assignment, Reply
from lianxin.notifications.models import Kind, Notification, PhoneMessage
from lianxin.notifications.tests.conftest import CITIZEN_PHONE, SOURCE, actor, at
from lianxin.units.models import HandlingUnit

D = datetime.date


def told(kind, **filters) -> set[str]:
    rows = Notification.objects.filter(kind=kind, **filters).select_related("recipient")
    return {row.recipient.username for row in rows}


@pytest.fixture
def third_unit(world):
    unit = HandlingUnit.objects.create(
        name="连心县住房和城乡建设局", kind=HandlingUnit.Kind.DEPARTMENT, region=world.county
    )
    unit.clerks.add(User.objects.create_user(username="third_clerk", name="韩经办"))
    return unit


@pytest.fixture
def assigned(world, committed, open_case):
    """A case assigned on 2026-03-02 to 交通运输局 (lead) and 教育局 (co-handler)."""
    case = open_case()
    with at(D(2026, 3, 2)):
        lead, co = committed(
            services.assign, actor=actor(world.staff), case=case, lead=world.unit, co=[world.other_unit]
        )
    return case, lead, co


def test_assigning_tells_the_clerks_of_each_unit_about_their_own_assignment(world, assigned):
    case, lead, co = assigned
    to_lead = Notification.objects.get(kind=Kind.ASSIGNED, recipient=world.clerk)
    to_co = Notification.objects.get(kind=Kind.ASSIGNED, recipient=world.west_clerk)
    assert (to_lead.case, to_lead.assignment, to_co.assignment) == (case, lead, co)
    assert to_lead.title == "新交办：“东城路路灯不亮”"
    assert "连心县交通运输局收到主办事项“东城路路灯不亮”，请在 2026-06-02 前答复" in to_lead.body
    assert "可在 2026-03-11 前申请退回" in to_lead.body
    assert "请在 2026-04-02 前向主办单位提交会办意见" in to_co.body
    assert Notification.objects.count() == 2


def test_nothing_is_told_before_the_transition_commits(world, open_case, django_capture_on_commit_callbacks):
    case = open_case()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.assign(actor=actor(world.staff), case=case, lead=world.unit)
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert told(Kind.ASSIGNED) == {"clerk"}


def test_a_refused_transition_tells_nobody(world, open_case, committed):
    case = open_case()
    with pytest.raises(services.PermissionDenied):
        committed(services.assign, actor=actor(world.clerk), case=case, lead=world.unit)
    assert not Notification.objects.exists()


def test_signing_tells_the_staff_member_who_assigned_it(world, assigned, committed):
    _case, lead, _co = assigned
    committed(services.sign, actor=actor(world.clerk), assignment=lead)
    assert told(Kind.SIGNED) == {"staff"}
    assert Notification.objects.get(kind=Kind.SIGNED).url == f"/office/test/{lead.case_id}/"


def test_a_send_back_request_goes_to_the_staff_nearest_to_the_case(world, assigned, committed):
    # A city office may decide too, but the county's offices are nearer to a township's case.
    city_staff = User.objects.create_user(username="city_staff", name="市工委")
    Membership.objects.create(user=city_staff, role=Role.STAFF, region=world.city)
    _case, lead, _co = assigned
    with at(D(2026, 3, 3)):
        committed(services.request_return, actor=actor(world.clerk), assignment=lead, reason="属教育局职责")
    assert told(Kind.RETURN_REQUESTED) == {"staff", "office", "committee"}
    body = Notification.objects.filter(kind=Kind.RETURN_REQUESTED).first().body
    assert body == "连心县交通运输局申请退回“东城路路灯不亮”，理由：属教育局职责"


def test_a_township_case_goes_to_the_township_staff(world, open_case, committed):
    case = open_case(region=world.west_village)
    with at(D(2026, 3, 2)):
        (lead,) = committed(services.assign, actor=actor(world.west_staff), case=case, lead=world.unit)
        committed(services.request_return, actor=actor(world.clerk), assignment=lead, reason="不属本局")
    assert told(Kind.RETURN_REQUESTED) == {"west_staff"}


def test_an_approved_send_back_tells_the_unit_and_the_unit_it_is_passed_on_to(
    world, assigned, committed, third_unit
):
    _case, lead, _co = assigned
    with at(D(2026, 3, 3)):
        committed(services.request_return, actor=actor(world.clerk), assignment=lead, reason="属住建局职责")
        successor = committed(
            services.decide_return,
            actor=actor(world.office),
            assignment=lead,
            approve=True,
            reassign_to=third_unit,
        )
    assert told(Kind.RETURNED) == {"clerk"}
    assert (
        Notification.objects.get(kind=Kind.ASSIGNED, recipient__username="third_clerk").assignment
        == successor
    )
    # The units told at the first 交办 are not told again.
    assert Notification.objects.filter(kind=Kind.ASSIGNED).count() == 3


def test_a_refused_send_back_tells_the_unit_to_carry_on(world, assigned, committed):
    _case, lead, _co = assigned
    with at(D(2026, 3, 3)):
        committed(services.request_return, actor=actor(world.clerk), assignment=lead, reason="不属本局")
        committed(services.decide_return, actor=actor(world.staff), assignment=lead, approve=False)
    assert told(Kind.RETURN_REFUSED) == {"clerk"}
    assert "未获同意，请继续办理" in Notification.objects.get(kind=Kind.RETURN_REFUSED).body


def test_extensions_go_to_staff_and_an_approved_one_to_the_unit_and_the_submitters(
    world, assigned, committed, sms_outbox
):
    _case, lead, _co = assigned
    with at(D(2026, 3, 3)):
        committed(services.sign, actor=actor(world.clerk), assignment=lead)
        first = committed(
            services.request_extension,
            actor=actor(world.clerk),
            assignment=lead,
            new_date=D(2026, 7, 1),
            reason="需协调电力部门",
        )
    assert told(Kind.EXTENSION_REQUESTED) == {"staff", "office", "committee"}
    assert "申请将“东城路路灯不亮”的答复期限延至 2026-07-01" in (
        Notification.objects.filter(kind=Kind.EXTENSION_REQUESTED).first().body
    )
    committed(services.decide_extension, actor=actor(world.staff), extension=first, approve=False)
    assert told(Kind.EXTENSION_REFUSED) == {"clerk"}
    assert not PhoneMessage.objects.exists()

    second = committed(
        services.request_extension,
        actor=actor(world.clerk),
        assignment=lead,
        new_date=D(2026, 7, 1),
        reason="电力部门排期",
    )
    committed(services.decide_extension, actor=actor(world.staff), extension=second, approve=True)
    assert told(Kind.EXTENDED) == {"clerk", "citizen"}
    # A second request is a new message to each of the staff, not swallowed as a duplicate.
    assert Notification.objects.filter(kind=Kind.EXTENSION_REQUESTED).count() == 6
    assert sms_outbox == [
        (CITIZEN_PHONE, "您反映的“东城路路灯不亮”办理期限延至 2026-07-01，可凭查询码查看进展。")
    ]


def test_a_co_opinion_goes_to_the_lead_units_clerks(world, assigned, committed):
    _case, _lead, co = assigned
    committed(services.give_co_opinion, actor=actor(world.west_clerk), assignment=co, text="建议统一维修。")
    assert told(Kind.CO_OPINION_GIVEN) == {"clerk"}
    assert "会办单位连心县教育局已就“东城路路灯不亮”提交会办意见" in (
        Notification.objects.get(kind=Kind.CO_OPINION_GIVEN).body
    )


def _reply(committed, world, lead):
    committed(services.sign, actor=actor(world.clerk), assignment=lead)
    committed(
        services.reply,
        actor=actor(world.clerk),
        assignment=lead,
        text="已修复。",
        category="A",
        signed_off_by="赵局长",
    )


def test_a_reply_goes_to_the_assigning_staff_and_the_submitters_without_a_link(
    world, assigned, committed, sms_outbox
):
    case, lead, _co = assigned
    with at(D(2026, 4, 1)):
        _reply(committed, world, lead)
    assert told(Kind.REPLIED) == {"staff", "citizen"}
    to_citizen = Notification.objects.get(kind=Kind.REPLIED, recipient=world.citizen)
    assert to_citizen.url == ""
    assert to_citizen.body == "您反映的“东城路路灯不亮”已有答复，请凭查询码查看并评价。"
    assert sms_outbox == [(CITIZEN_PHONE, to_citizen.body)]
    assert PhoneMessage.objects.get(kind=Kind.REPLIED).case == case


@pytest.fixture
def replies_held(notify_source):
    reply_checks.register(SOURCE, lambda reply: "答复质量待审核：答复过短。")
    yield
    reply_checks.unregister(SOURCE)


def test_a_held_reply_is_told_to_staff_and_reaches_the_submitters_only_when_shown(
    world, assigned, committed, sms_outbox, replies_held
):
    _case, lead, _co = assigned
    with at(D(2026, 4, 1)):
        _reply(committed, world, lead)
    assert told(Kind.REPLIED) == {"staff"}
    assert sms_outbox == []

    reply = Reply.objects.get(assignment=lead)
    with at(D(2026, 4, 2)):
        committed(services.show_reply, actor=actor(world.staff), reply=reply)

    assert told(Kind.REPLIED) == {"staff", "citizen"}
    body = "您反映的“东城路路灯不亮”已有答复，请凭查询码查看并评价。"
    assert Notification.objects.get(kind=Kind.REPLIED, recipient=world.citizen).body == body
    assert sms_outbox == [(CITIZEN_PHONE, body)]


def test_a_returned_reply_tells_the_unit_what_to_add(world, assigned, committed, sms_outbox, replies_held):
    _case, lead, _co = assigned
    with at(D(2026, 4, 1)):
        _reply(committed, world, lead)
        reply = Reply.objects.get(assignment=lead)
        committed(
            services.return_reply,
            actor=actor(world.staff),
            reply=reply,
            note=f"请写明维修时间，回电{CITIZEN_PHONE}。",
        )

    returned = Notification.objects.get(kind=Kind.REPLY_RETURNED)
    assert returned.recipient == world.clerk
    assert "尚未送达提出人" in returned.body
    assert "请写明维修时间" in returned.body
    assert CITIZEN_PHONE not in returned.body  # a message travels far: numbers are masked
    assert sms_outbox == []


def test_an_unsatisfied_rating_tells_the_unit_to_handle_it_again_and_the_staff(world, assigned, committed):
    case, lead, _co = assigned
    with at(D(2026, 4, 1)):
        _reply(committed, world, lead)
        committed(services.rate, actor=actor(world.citizen), case=case, value="unsatisfied", comment="没修好")
    again = case.assignments.get(round=2)
    reopened = Notification.objects.get(kind=Kind.REOPENED, recipient=world.clerk)
    assert reopened.assignment == again
    assert f"请在 {again.due_date} 前再次答复" in reopened.body
    assert told(Kind.REOPENED) == {"clerk", "staff"}


def test_closing_tells_the_unit_the_staff_and_the_submitters(world, assigned, committed, sms_outbox):
    case, lead, _co = assigned
    with at(D(2026, 4, 1)):
        _reply(committed, world, lead)
        committed(services.rate, actor=actor(world.citizen), case=case, value="satisfied")
    assert told(Kind.CLOSED) == {"clerk", "staff", "citizen"}
    assert Notification.objects.get(kind=Kind.CLOSED, recipient=world.clerk).body == (
        "“东城路路灯不亮”已办结，评价：满意。"
    )
    assert sms_outbox[-1] == (CITIZEN_PHONE, "您反映的“东城路路灯不亮”已办结，感谢您的参与。")


def test_a_direct_answer_goes_to_the_submitters_and_its_rating_to_the_deputy(world, open_case, committed):
    case = open_case()
    with at(D(2026, 4, 1)):
        committed(services.answer, actor=actor(world.deputy), case=case, text="已联系社区处理。")
        assert told(Kind.REPLIED) == {"citizen"}
        committed(services.rate, actor=actor(world.citizen), case=case, value="basically")
    assert told(Kind.CLOSED) == {"deputy", "citizen"}


def test_an_unsatisfied_direct_answer_goes_back_to_the_deputy_and_the_staff(world, open_case, committed):
    case = open_case()
    with at(D(2026, 4, 1)):
        committed(services.answer, actor=actor(world.deputy), case=case, text="已联系社区处理。")
        committed(
            services.rate, actor=actor(world.citizen), case=case, value="unsatisfied", comment="没有处理"
        )
    assert told(Kind.REOPENED) == {"deputy", "staff", "office", "committee"}


def test_urging_tells_the_units_still_handling_it_and_each_urging_counts(world, assigned, committed):
    case, _lead, co = assigned
    committed(services.give_co_opinion, actor=actor(world.west_clerk), assignment=co, text="同意。")
    committed(services.urge, actor=actor(world.leader), case=case, message="请加快办理。")
    committed(services.urge, actor=actor(world.staff), case=case, message="再次督办。")
    # The co-handler has given its opinion and is no longer handling the item.
    assert told(Kind.URGED) == {"clerk"}
    assert [n.body for n in Notification.objects.filter(kind=Kind.URGED).order_by("pk")] == [
        "“东城路路灯不亮”收到督办意见：请加快办理。",
        "“东城路路灯不亮”收到督办意见：再次督办。",
    ]


def test_urging_an_item_not_yet_assigned_tells_the_staff(world, open_case, committed):
    case = open_case()
    committed(services.urge, actor=actor(world.leader), case=case, message="请尽快交办。")
    assert told(Kind.URGED) == {"staff", "office", "committee"}


def test_withdrawing_tells_the_units(world, assigned, committed):
    case, _lead, _co = assigned
    committed(services.withdraw, actor=actor(world.staff), case=case, reason="重复事项")
    assert told(Kind.WITHDRAWN) == {"clerk", "west_clerk"}


def test_personal_numbers_in_titles_and_reasons_are_masked_in_messages(world, open_case, committed):
    case = open_case(title="13812345678反映路灯不亮")
    with at(D(2026, 3, 2)):
        (lead,) = committed(services.assign, actor=actor(world.staff), case=case, lead=world.unit)
        committed(
            services.request_return, actor=actor(world.clerk), assignment=lead, reason="请联系13812345678"
        )
    texts = " ".join(f"{n.title} {n.body}" for n in Notification.objects.all())
    assert "13812345678" not in texts
    assert "138****5678" in texts


def test_separate_units_are_each_told_of_their_own_assignment(world, open_case, committed):
    case = open_case()
    first, second = committed(
        services.assign, actor=actor(world.staff), case=case, separate=[world.unit, world.other_unit]
    )
    assert {(n.recipient.username, n.assignment_id) for n in Notification.objects.all()} == {
        ("clerk", first.pk),
        ("west_clerk", second.pk),
    }
    assert {first.kind, second.kind} == {Assignment.Kind.SEPARATE}
