"""Which opinions are candidates for 并案: open, recent, in the same county, and alike."""

from lianxin.casework.models import Case
from lianxin.opinions.models import Opinion
from lianxin.regions.models import Region
from lianxin.routing import duplicates
from lianxin.routing.tests.conftest import open_case, opinion

LAMP = "东城社区人民路路灯不亮，晚上出行很不方便，希望尽快维修"


def _found(world, item):
    return [s.item for s in duplicates.similar_opinions(item, visible=Opinion.objects.all())]


def test_only_open_recent_items_of_the_same_county_are_candidates(world, settings):
    settings.LIANXIN_DUPLICATE_DAYS = 90
    other_county = Region.objects.create(
        name="邻县", code="990102", level=Region.Level.COUNTY, parent=world.city
    )
    recent = open_case(world, opinion(world, "路灯不亮", LAMP, days_ago=80))
    waiting = opinion(world, "路灯不亮", LAMP, days_ago=1, region=world.west)
    old = open_case(world, opinion(world, "路灯不亮", LAMP, days_ago=100))
    closed = open_case(world, opinion(world, "路灯不亮", LAMP), state=Case.State.CLOSED)
    elsewhere = open_case(world, opinion(world, "路灯不亮", LAMP, region=other_county))
    refused = opinion(world, "路灯不亮", LAMP, status=Opinion.Status.REFUSED)
    item = opinion(world, "路灯坏了", LAMP)
    found = _found(world, item)
    assert recent in found
    assert waiting in found
    for excluded in (old, closed, elsewhere, refused, item):
        assert excluded not in found


def test_a_different_matter_in_the_same_words_of_the_domain_is_not_a_duplicate(world):
    open_case(world, opinion(world, "小区噪音扰民", "东城社区广场舞音响太大，晚上十点还在跳，影响休息"))
    item = opinion(world, "路灯坏了", LAMP)
    assert _found(world, item) == []


def test_similarity_is_between_zero_and_one_best_first(world):
    near = open_case(world, opinion(world, "路灯不亮", LAMP))
    less = open_case(world, opinion(world, "路灯", "东城社区人民路路灯不亮，晚上出行很不方便，已经一个月了"))
    found = duplicates.similar_opinions(opinion(world, "路灯不亮", LAMP), visible=Opinion.objects.all())
    assert [s.item for s in found][:2] == [near, less]
    assert 1 >= found[0].similarity > found[1].similarity >= duplicates.MIN_SIMILARITY


def test_empty_text_finds_nothing_and_does_not_fail(world):
    open_case(world, opinion(world, "路灯不亮", LAMP))
    assert _found(world, opinion(world, "", "")) == []
