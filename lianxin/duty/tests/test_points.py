"""Points: rules that contradict are refused; scoring applies caps and deductions; ranks within a
congress, a delegation and a group; recomputing is explicit and audited; quarters are published."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lianxin.audit.models import Event
from lianxin.congresses.models import Delegation, DeputyGroup
from lianxin.deputies.models import Deputy, Seat
from lianxin.duty import services
from lianxin.duty.models import DutyActivity, Kind, PointComputation, PointRule, PointTotal, Publication
from lianxin.duty.tests.test_record import actor

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 7, 15, 10, 0, tzinfo=datetime.UTC)


def activity(deputy, kind, day, n=1):
    for i in range(n):
        DutyActivity.objects.create(
            deputy=deputy,
            kind=kind,
            occurred_on=day,
            title=f"{kind}-{i}",
            source="test",
            source_key=f"{kind}:{day}:{i}",
        )


def rules(world, **table):
    for kind, (points, cap) in table.items():
        PointRule.objects.create(congress=world.county_congress, kind=kind, points=points, yearly_cap=cap)


@pytest.fixture
def county(world):
    """Four serving county deputies in two delegations and two groups."""
    term = world.county_term
    east_delegation = Delegation.objects.create(term=term, name="东城镇代表团", region=world.east)
    west_delegation = Delegation.objects.create(term=term, name="西山乡代表团", region=world.west)
    group = DeputyGroup.objects.create(term=term, name="第一代表小组", region=world.east)
    Seat.objects.filter(deputy=world.east_deputy, term=term).update(delegation=east_delegation, group=group)
    people = {"王建国": world.east_deputy}
    for name, delegation, in_group in (("张三", east_delegation, True), ("李四", west_delegation, False)):
        person = Deputy.objects.create(name=name, gender="male", region=world.east_village)
        Seat.objects.create(
            deputy=person, term=term, delegation=delegation, group=group if in_group else None
        )
        people[name] = person
    Seat.objects.create(deputy=world.west_deputy, term=term, delegation=west_delegation)
    people["李秀英"] = world.west_deputy
    return people


def refused_rule(world, **values) -> dict:
    before = (list(PointRule.objects.values()), Event.objects.count())
    with pytest.raises(ValidationError) as raised:
        services.rule_create(actor=actor(world.staff), congress=world.county_congress, values=values)
    assert (list(PointRule.objects.values()), Event.objects.count()) == before
    return raised.value.message_dict


def test_contradicting_rules_are_refused_with_reasons(world):
    assert refused_rule(world, kind=Kind.INSPECTION, points=3, yearly_cap=-10) == {
        "yearly_cap": ["年度上限不能为负数；扣分项的上限也填正数，表示最多扣多少分。"]
    }
    assert refused_rule(world, kind=Kind.INSPECTION, points=5, yearly_cap=3) == {
        "yearly_cap": ["年度上限小于每项分值，与规则矛盾：一项活动就会超过上限。"]
    }
    assert refused_rule(world, kind=Kind.MEETING_ABSENT, points=5, yearly_cap=None) == {
        "points": ["“会议缺席”是扣分项，分值应为负数或零。"]
    }
    assert refused_rule(world, kind=Kind.SURVEY, points=-2, yearly_cap=None) == {
        "points": ["“调研”是加分项，分值不能为负数。"]
    }
    services.rule_create(
        actor=actor(world.staff),
        congress=world.county_congress,
        values={"kind": Kind.INSPECTION, "points": 3},
    )
    assert refused_rule(world, kind=Kind.INSPECTION, points=4) == {
        "__all__": ["这类活动已有积分规则，一类活动只能有一条规则，请修改原规则。"]
    }


@time_machine.travel(TODAY)
def test_scoring_applies_caps_and_deductions_and_ranks_in_each_circle(world, county):
    rules(
        world,
        **{Kind.INSPECTION: (3, 9), Kind.MEETING_ATTENDED: (2, None), Kind.MEETING_ABSENT: (-5, 8)},
    )
    day = datetime.date(2026, 3, 1)
    activity(county["王建国"], Kind.INSPECTION, day, n=5)  # 15, capped at 9
    activity(county["王建国"], Kind.MEETING_ATTENDED, day, n=2)  # 4
    activity(county["张三"], Kind.MEETING_ATTENDED, day, n=3)  # 6
    activity(county["张三"], Kind.MEETING_ABSENT, day, n=1)  # -5
    activity(county["李四"], Kind.MEETING_ABSENT, day, n=3)  # -15, capped at -8
    activity(county["李秀英"], Kind.SURVEY, day, n=4)  # no rule: 0
    activity(county["李秀英"], Kind.INSPECTION, datetime.date(2025, 12, 30), n=2)  # last year: not counted
    computation = services.recompute_points(
        actor=actor(world.staff), congress=world.county_congress, year=2026
    )
    assert computation.deputies == 4
    totals = {
        t.deputy.name: (t.points, t.rank_congress, t.rank_delegation, t.rank_group)
        for t in PointTotal.objects.filter(year=2026).select_related("deputy")
    }
    assert totals == {
        "王建国": (13, 1, 1, 1),
        "张三": (1, 2, 2, 2),
        "李秀英": (0, 3, 1, None),
        "李四": (-8, 4, 2, None),
    }
    event = Event.objects.get(action="duty.points.recomputed")
    assert event.data["year"] == 2026
    assert event.data["deputies"] == 4
    assert [r["kind"] for r in event.data["rules"]] == sorted(
        [Kind.INSPECTION, Kind.MEETING_ATTENDED, Kind.MEETING_ABSENT]
    )


@time_machine.travel(TODAY)
def test_a_rule_change_takes_effect_only_when_recomputed(world, as_user, county):
    rules(world, **{Kind.INSPECTION: (3, None)})
    activity(county["王建国"], Kind.INSPECTION, datetime.date(2026, 5, 1), n=2)
    services.recompute_points(actor=actor(world.staff), congress=world.county_congress, year=2026)
    rule = PointRule.objects.get()
    services.rule_update(actor=actor(world.staff), rule=rule, values={"points": 5})
    total = PointTotal.objects.get(deputy=county["王建国"], year=2026)
    assert total.points == 6
    page = as_user(world.staff).get(f"/office/duty/points/?congress={world.county_congress.pk}&year=2026")
    assert "积分规则在上次计算后有修改，新规则要在重新计算后才生效。" in page.content.decode()
    # Publishing figures computed under other rules is refused.
    with pytest.raises(ValidationError) as raised:
        services.publish_points(
            actor=actor(world.staff), congress=world.county_congress, year=2026, quarter=2
        )
    assert raised.value.messages == [
        "积分规则在上次计算后有修改，新规则要在重新计算后才生效。请先重新计算积分，再公布。"
    ]
    assert not Publication.objects.exists()
    services.recompute_points(actor=actor(world.staff), congress=world.county_congress, year=2026)
    assert PointTotal.objects.get(deputy=county["王建国"], year=2026).points == 10
    assert PointComputation.objects.count() == 2


@time_machine.travel(TODAY)
def test_a_published_quarter_keeps_its_figures_and_rules(world, county):
    rules(world, **{Kind.INSPECTION: (3, None)})
    activity(county["王建国"], Kind.INSPECTION, datetime.date(2026, 5, 1), n=2)
    services.recompute_points(actor=actor(world.staff), congress=world.county_congress, year=2026)
    publication = services.publish_points(
        actor=actor(world.staff), congress=world.county_congress, year=2026, quarter=2
    )
    assert publication.rules == [
        {"kind": "inspection", "label": "视察", "points": 3, "yearly_cap": None, "requires_evidence": True}
    ]
    assert publication.points.get(deputy=county["王建国"]).points == 6
    # Later computations do not change what was published.
    activity(county["王建国"], Kind.INSPECTION, datetime.date(2026, 7, 1), n=1)
    services.recompute_points(actor=actor(world.staff), congress=world.county_congress, year=2026)
    assert publication.points.get(deputy=county["王建国"]).points == 6
    with pytest.raises(ValidationError) as raised:
        services.publish_points(
            actor=actor(world.staff), congress=world.county_congress, year=2026, quarter=2
        )
    assert raised.value.messages == ["这个季度的积分已经公布过。"]
    with pytest.raises(ValidationError) as raised:
        services.publish_points(
            actor=actor(world.staff), congress=world.county_congress, year=2026, quarter=4
        )
    assert raised.value.messages == ["不能公布尚未开始的季度。"]
    assert Publication.objects.count() == 1


@time_machine.travel(TODAY)
def test_a_whole_region_is_recomputed_in_one_run_by_the_command(world, county):
    from django.core.management import call_command

    rules(world, **{Kind.INSPECTION: (3, None)})
    PointRule.objects.create(congress=world.west_term.congress, kind=Kind.SURVEY, points=2)
    activity(county["王建国"], Kind.INSPECTION, datetime.date(2026, 5, 1), n=2)
    activity(county["李秀英"], Kind.SURVEY, datetime.date(2026, 5, 1), n=1)
    call_command("recompute_duty_points", region=world.county.code, year=2026, stdout=io.StringIO())
    assert PointTotal.objects.get(congress=world.county_congress, deputy=county["王建国"]).points == 6
    # Each congress scores by its own rules: 西山乡 counts surveys, the county does not.
    assert PointTotal.objects.get(congress=world.west_term.congress, deputy=county["李秀英"]).points == 2
    assert PointTotal.objects.get(congress=world.county_congress, deputy=county["李秀英"]).points == 0
    assert PointComputation.objects.count() == 3
    event = Event.objects.get(action="duty.points.recomputed")
    assert (event.data["congresses"], event.data["seats"]) == (3, 6)
