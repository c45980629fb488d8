"""登记受理 and routing: each transition, and each refusal with its Chinese message and nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from lianxin.accounts.actor import Actor
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.casework.models import Assignment, Case, Rating
from lianxin.congresses.models import Congress
from lianxin.deputies.models import Deputy
from lianxin.opinions import handling
from lianxin.opinions.models import Category, Opinion
from lianxin.opinions.tests.intake_fixtures import SUBSTANTIVE_REPLY as REPAIRED
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    make_opinion,
    outbox,
    replied,
    track,
)
from lianxin.opinions.tests.test_public_tracking import STATUS_URL, rate, status_page
from lianxin.suggestions.models import Suggestion
from lianxin.units.models import HandlingUnit


def actor(user) -> Actor:
    membership = user.active_memberships()[0]
    return Actor(user=user, role=membership.role, ip="127.0.0.1")


def snapshot(opinion: Opinion):
    """Everything a refused transition must leave as it was."""
    opinion.refresh_from_db()
    return (
        opinion.status,
        opinion.route,
        opinion.case_id,
        opinion.merged_into_id,
        opinion.status_reason,
        Case.objects.count(),
        Assignment.objects.count(),
        Suggestion.objects.count(),
        Event.objects.count(),
    )


def refused(call, opinion, error=handling.HandlingError):
    """Run a refused transition; return its messages after checking nothing changed."""
    before = snapshot(opinion)
    with pytest.raises(error) as raised:
        call()
    assert snapshot(opinion) == before
    return getattr(raised.value, "messages", [])


@pytest.fixture
def opinion(world):
    return make_opinion(world, deputy=world.east_deputy, station=world.east_station)


@pytest.fixture
def accepted(world, opinion):
    return handling.accept(actor=actor(world.staff), opinion=opinion)


# ---------------------------------------------------------------- 受理


def test_accepting_opens_a_case_in_the_engine_and_tells_the_citizen(
    world, opinion, django_capture_on_commit_callbacks
):
    category = Category.objects.create(name="市政设施")
    with django_capture_on_commit_callbacks(execute=True):
        handling.accept(actor=actor(world.staff), opinion=opinion, category=category)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ACCEPTED
    assert opinion.category == category
    assert opinion.decided_at is not None
    case = opinion.case
    assert (case.source, case.state, case.region, case.title) == (
        "opinions",
        Case.State.REGISTERED,
        world.east,
        opinion.title,
    )
    assert Event.objects.filter(action="opinions.opinion.accepted", target_id=str(opinion.pk)).exists()
    assert any("已受理" in text and opinion.tracking_code in text for _phone, text in outbox())


def test_the_station_liaison_may_accept_but_not_another_townships_staff(world, opinion):
    messages = refused(
        lambda: handling.accept(actor=actor(world.west_staff), opinion=opinion), opinion, PermissionDenied
    )
    assert messages == []
    refused(lambda: handling.accept(actor=actor(world.leader), opinion=opinion), opinion, PermissionDenied)
    handling.accept(actor=actor(world.liaison), opinion=opinion)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ACCEPTED


def test_an_opinion_is_accepted_only_once(world, accepted):
    messages = refused(lambda: handling.accept(actor=actor(world.staff), opinion=accepted), accepted)
    assert messages == ["只有待受理的意见才能受理。"]


def test_refusing_needs_a_reason_which_the_citizen_then_reads(world, opinion, client):
    messages = refused(
        lambda: handling.refuse(actor=actor(world.staff), opinion=opinion, reason="  "), opinion
    )
    assert messages == ["请填写不予受理的理由，群众查询时会看到。"]
    handling.refuse(
        actor=actor(world.staff), opinion=opinion, reason="属于司法程序中的事项，请通过诉讼途径解决。"
    )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.REFUSED
    assert opinion.case is None
    track(client, opinion)
    page = status_page(client)
    assert "不予受理" in page
    assert "请通过诉讼途径解决" in page


def test_a_refused_opinion_cannot_then_be_accepted(world, opinion):
    handling.refuse(actor=actor(world.staff), opinion=opinion, reason="重复提交。")
    messages = refused(lambda: handling.accept(actor=actor(world.staff), opinion=opinion), opinion)
    assert messages == ["只有待受理的意见才能受理。"]


# ---------------------------------------------------------------- 并案


def test_merging_into_an_accepted_opinion(world, accepted):
    duplicate = make_opinion(world, title="人民路路灯坏了", submitter_phone="13700001234")
    handling.merge(actor=actor(world.staff), opinion=duplicate, into=accepted)
    duplicate.refresh_from_db()
    assert duplicate.status == Opinion.Status.MERGED
    assert duplicate.merged_into == accepted
    assert duplicate.case is None
    assert Event.objects.filter(action="opinions.opinion.merged", target_id=str(duplicate.pk)).exists()


def test_only_accepted_open_opinions_take_merged_ones(world, opinion, accepted):
    duplicate = make_opinion(world, title="路灯坏了", submitter_phone="13700001234")
    other_submitted = make_opinion(world, title="另一件", submitter_phone="13700005678")
    merge = handling.merge
    assert refused(
        lambda: merge(actor=actor(world.staff), opinion=duplicate, into=other_submitted), duplicate
    ) == ["只能并入已受理的意见。"]
    assert refused(lambda: merge(actor=actor(world.staff), opinion=duplicate, into=duplicate), duplicate) == [
        "不能并入意见本身。"
    ]
    Case.objects.filter(pk=accepted.case_id).update(state=Case.State.CLOSED)
    assert refused(lambda: merge(actor=actor(world.staff), opinion=duplicate, into=accepted), duplicate) == [
        "该意见已办结或已转为代表建议，不能再并入，请单独受理。"
    ]


def test_an_accepted_opinion_is_not_merged_again(world, accepted):
    target = handling.accept(actor=actor(world.staff), opinion=make_opinion(world, title="另一件"))
    messages = refused(
        lambda: handling.merge(actor=actor(world.staff), opinion=accepted, into=target), accepted
    )
    assert messages == ["只有待受理的意见才能并案。"]


def test_a_merge_target_the_user_cannot_see_is_not_found(world):
    west = make_opinion(world, region=world.west, station=world.west_station, title="西山村道路")
    west = handling.accept(actor=actor(world.west_staff), opinion=west)
    mine = make_opinion(world, station=world.east_station)
    messages = refused(lambda: handling.merge(actor=actor(world.liaison), opinion=mine, into=west), mine)
    assert messages == ["没有找到这个查询码对应的意见。"]


def test_the_merged_submitter_follows_and_rates_the_main_case_by_their_own_code(world, accepted):
    duplicate = make_opinion(world, title="人民路路灯坏了", submitter_phone="13700001234")
    handling.merge(actor=actor(world.staff), opinion=duplicate, into=accepted)
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    case = accepted.case
    clerk = Actor(user=world.clerk, role="unit_clerk")
    casework.sign(actor=clerk, assignment=case.assignments.get())
    casework.reply(
        actor=clerk,
        assignment=case.assignments.get(),
        text=REPAIRED,
        category="已解决",
        signed_off_by="赵主任",
    )
    client = Client()
    track(client, duplicate)
    page = status_page(client)
    assert REPAIRED in page
    assert accepted.tracking_code not in page  # the main opinion's code stays with its submitter
    response = rate(client, value=Rating.Value.SATISFIED)
    assert response["Location"] == STATUS_URL
    case.refresh_from_db()
    assert case.ratings.get().rater == duplicate.rater_label()


# ---------------------------------------------------------------- routes


def test_the_deputy_it_was_brought_to_answers_directly(world, accepted):
    handling.answer_directly(actor=actor(world.deputy), opinion=accepted, text="已与社区沟通，本周修复。")
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.DEPUTY
    assert accepted.case.state == Case.State.REPLIED
    assert accepted.case.replies.get().text == "已与社区沟通，本周修复。"


def test_the_station_liaison_answers_on_the_spot(world, accepted):
    handling.answer_directly(actor=actor(world.liaison), opinion=accepted, text="已当场解释政策。")
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.ON_THE_SPOT


def test_a_leader_may_not_answer_and_an_empty_answer_is_refused(world, accepted):
    refused(
        lambda: handling.answer_directly(actor=actor(world.leader), opinion=accepted, text="好的"),
        accepted,
        PermissionDenied,
    )
    messages = refused(
        lambda: handling.answer_directly(actor=actor(world.deputy), opinion=accepted, text=" "),
        accepted,
        ValidationError,
    )
    assert messages == ["答复内容不能为空。"]


def test_an_opinion_not_yet_accepted_cannot_be_routed(world, opinion):
    for call in (
        lambda: handling.answer_directly(actor=actor(world.deputy), opinion=opinion, text="答复"),
        lambda: handling.assign_units(actor=actor(world.staff), opinion=opinion, lead=world.unit),
        lambda: handling.escalate(actor=actor(world.liaison), opinion=opinion),
        lambda: handling.convert_to_suggestion(
            actor=actor(world.staff), opinion=opinion, deputy=world.east_deputy
        ),
    ):
        assert refused(call, opinion) == ["只有已受理的意见才能分流办理。"]


def test_staff_assign_a_lead_unit_with_a_co_handler(world, accepted):
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit, co=[world.other_unit])
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.UNITS
    assert accepted.case.state == Case.State.ASSIGNED
    kinds = {(a.unit, a.kind) for a in accepted.case.assignments.all()}
    assert kinds == {(world.unit, Assignment.Kind.LEAD), (world.other_unit, Assignment.Kind.CO)}


def test_staff_assign_units_separately(world, accepted):
    handling.assign_units(actor=actor(world.staff), opinion=accepted, separate=[world.unit, world.other_unit])
    kinds = set(accepted.case.assignments.values_list("kind", flat=True))
    assert kinds == {Assignment.Kind.SEPARATE}


def test_assignment_refusals_change_nothing(world, accepted):
    assert refused(lambda: handling.assign_units(actor=actor(world.staff), opinion=accepted), accepted) == [
        "请指定一个主办单位，或者两个以上分别办理的单位。"
    ]
    city_unit = HandlingUnit.objects.create(
        name="同心市住建局", kind=HandlingUnit.Kind.DEPARTMENT, region=world.city
    )
    assert refused(
        lambda: handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=city_unit), accepted
    ) == ["不能交办给您管辖范围以外的单位：同心市住建局。"]
    refused(
        lambda: handling.assign_units(actor=actor(world.liaison), opinion=accepted, lead=world.unit),
        accepted,
        PermissionDenied,
    )


def test_a_liaison_hands_up_and_staff_then_assign(world, accepted):
    handling.escalate(actor=actor(world.liaison), opinion=accepted, note="涉及县交通局，站里解决不了。")
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.ESCALATED
    assert refused(lambda: handling.escalate(actor=actor(world.liaison), opinion=accepted), accepted) == [
        "这件意见已经提交常委会。"
    ]
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.UNITS


def test_an_assigned_opinion_is_not_answered_directly_or_escalated(world, accepted):
    handling.assign_units(actor=actor(world.staff), opinion=accepted, lead=world.unit)
    assert refused(
        lambda: handling.answer_directly(actor=actor(world.deputy), opinion=accepted, text="答复"), accepted
    ) == ["已交办或已答复的意见不能再直接答复。"]
    assert refused(lambda: handling.escalate(actor=actor(world.liaison), opinion=accepted), accepted) == [
        "已交办或已答复的意见不能再提交常委会。"
    ]


def test_converting_drafts_a_suggestion_for_the_deputy_linked_both_ways(world, accepted, client):
    suggestion = handling.convert_to_suggestion(
        actor=actor(world.staff), opinion=accepted, deputy=world.east_deputy
    )
    accepted.refresh_from_db()
    assert accepted.route == Opinion.Route.SUGGESTION
    assert accepted.suggestion == suggestion
    assert suggestion.source_opinion == accepted
    assert (suggestion.status, suggestion.deputy, suggestion.title) == (
        Suggestion.Status.DRAFT,
        world.east_deputy,
        accepted.title,
    )
    # The east deputy serves in the township's congress and the county's; the township's is closer.
    assert suggestion.congress == Congress.objects.get(region=world.east)
    # Its own case leaves the opinions' loop: the suggestion is handled as a suggestion.
    assert accepted.case.state == Case.State.WITHDRAWN
    track(client, accepted)
    assert "已受理 · 转为代表建议" in status_page(client)


def test_converting_is_refused_for_a_deputy_without_a_seat_and_for_a_liaison(world, accepted):
    retired = Deputy.objects.create(name="赵退休", gender="male", region=world.east_village)
    assert refused(
        lambda: handling.convert_to_suggestion(actor=actor(world.staff), opinion=accepted, deputy=retired),
        accepted,
        ValidationError,
    ) == ["赵退休 目前没有在任的代表资格，不能提出建议。"]
    refused(
        lambda: handling.convert_to_suggestion(
            actor=actor(world.liaison), opinion=accepted, deputy=world.east_deputy
        ),
        accepted,
        PermissionDenied,
    )


# ---------------------------------------------------------------- entry


def _enter(user, **values):
    defaults = {
        "channel": Opinion.Channel.RECEPTION,
        "title": "东城社区停车难",
        "content": "小区周边停车位不足。",
        "phone": "13912345678",
    }
    return handling.enter_opinion(actor=actor(user), **{**defaults, **values})


def test_a_liaison_registers_a_reception_at_their_station(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion = _enter(world.liaison, region=world.east_village, station=world.east_station, name="李大爷")
    assert (opinion.channel, opinion.station, opinion.entered_by, opinion.status) == (
        Opinion.Channel.RECEPTION,
        world.east_station,
        world.liaison,
        Opinion.Status.SUBMITTED,
    )
    assert opinion.submitter_phone.masked == "139****5678"
    assert Event.objects.filter(action="opinions.opinion.entered", target_id=str(opinion.pk)).exists()
    assert any(opinion.tracking_code in text for _phone, text in outbox())


def test_entry_refusals(world):
    count = Opinion.objects.count()
    with pytest.raises(handling.HandlingError) as raised:
        _enter(world.staff, region=world.east, station=None)
    assert raised.value.message_dict == {"station": ["接待登记须选择接待的联络站。"]}
    with pytest.raises(handling.HandlingError) as raised:
        _enter(world.staff, region=world.east, channel=Opinion.Channel.PHONE, phone="")
    assert raised.value.message_dict == {"phone": ["请填写群众的手机号（来信没有电话的可以不填）。"]}
    # A liaison enters for their own station, not for the township at large.
    with pytest.raises(handling.HandlingError) as raised:
        _enter(world.liaison, region=world.east, channel=Opinion.Channel.GRID)
    assert raised.value.message_dict == {"station": ["请选择您担任联络员的联络站。"]}
    with pytest.raises(PermissionDenied):
        _enter(world.liaison, region=world.west, station=world.west_station)
    assert Opinion.objects.count() == count


def test_a_letter_may_come_without_a_phone(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion = _enter(
            world.staff, region=world.east, channel=Opinion.Channel.LETTER, phone="", station=None
        )
    assert not opinion.submitter_phone
    assert outbox() == []


def test_a_failed_entry_leaves_no_file_behind(world, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lianxin.opinions.tests.intake_fixtures import PDF_BYTES, stored_files

    def broken_record(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(handling, "record", broken_record)
    scan = SimpleUploadedFile("来信.pdf", PDF_BYTES, content_type="application/pdf")
    with pytest.raises(RuntimeError):
        _enter(world.staff, region=world.east, channel=Opinion.Channel.LETTER, phone="", attachments=[scan])
    assert stored_files() == []
    assert not Opinion.objects.filter(title="东城社区停车难").exists()
