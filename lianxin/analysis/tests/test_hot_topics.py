import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lianxin.analysis import hot
from lianxin.insight.topics import HEAT_DEFINITION
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import make_opinion


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


def _mixer_and_lamps(world):
    """Three messages about one batching plant, two about one street's lamps, one alone."""
    for days, content in (
        (5, "河边搅拌站夜里噪音扰民，粉尘很大。"),
        (4, "搅拌站每天夜里噪音扰民，粉尘污染。"),
        (3, "河边搅拌站噪音粉尘扰民，睡不着。"),
    ):
        make_opinion(
            world,
            title="搅拌站噪音扰民",
            content=content + "我是张三丰，电话13912345678。",
            submitter_name="张三丰",
            submitted_at=_ago(days),
        )
    make_opinion(
        world,
        title="人民路路灯不亮",
        content="人民路路灯坏了一个月，路灯不亮很危险。",
        region=world.west,
        submitted_at=_ago(20),
    )
    make_opinion(
        world, title="人民路路灯坏了", content="人民路路灯不亮，晚上出门摔倒。", submitted_at=_ago(10)
    )
    make_opinion(world, title="图书馆开放时间", content="希望图书馆周末延长开放时间。", submitted_at=_ago(2))


def test_staff_see_the_top_topics_with_heat_its_definition_and_a_chart(world, client):
    _mixer_and_lamps(world)
    client.force_login(world.staff)

    response = client.get(reverse("analysis:hot_topics"))

    page = response.content.decode()
    assert response.status_code == 200
    assert HEAT_DEFINITION in page
    assert page.index("搅拌站") < page.index("路灯")  # hotter first
    assert "3 条" in page
    assert "东城镇 3 条" in page or f"{world.east.name} 3 条" in page
    option = json.loads(
        re.search(r'<script id="hot-topics-data" type="application/json">(.*?)</script>', page).group(1)
    )
    assert option["series"][0]["type"] == "bar"
    assert len(option["series"][0]["data"]) == 2
    # No inline script beyond the JSON data block (the CSP forbids it).
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", page)


def test_leaders_see_topics_but_never_a_submitters_name_or_phone(world, client):
    _mixer_and_lamps(world)
    client.force_login(world.leader)

    page = client.get(reverse("analysis:hot_topics")).content.decode()

    assert "搅拌站" in page
    assert "张三丰" not in page
    assert "13912345678" not in page


def test_a_region_narrows_the_topics_and_one_outside_the_scope_is_not_found(world, client):
    _mixer_and_lamps(world)
    client.force_login(world.west_staff)
    today = timezone.localdate()
    period = {"start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()}

    west = client.get(reverse("analysis:hot_topics"), {"region": world.west.pk, **period})
    assert west.status_code == 200
    assert "搅拌站" not in west.content.decode()
    assert client.get(reverse("analysis:hot_topics"), {"region": world.east.pk, **period}).status_code == 404
    assert client.get(reverse("analysis:hot_topics"), {"region": "abc", **period}).status_code == 404


def test_a_bad_period_is_explained_beside_the_field(world, client):
    client.force_login(world.staff)
    today = timezone.localdate()

    backwards = client.get(
        reverse("analysis:hot_topics"),
        {
            "region": world.county.pk,
            "start": today.isoformat(),
            "end": (today - datetime.timedelta(days=1)).isoformat(),
        },
    ).content.decode()
    too_long = client.get(
        reverse("analysis:hot_topics"),
        {"region": world.county.pk, "start": "2024-01-01", "end": "2025-06-01"},
    ).content.decode()

    assert "结束日期不能早于开始日期" in backwards
    assert "一次最多分析一年" in too_long


def test_the_result_is_cached_per_region_and_period_until_a_new_opinion_arrives(world, monkeypatch):
    _mixer_and_lamps(world)
    calls = []
    real = hot.compute
    monkeypatch.setattr(hot, "compute", lambda *a: calls.append(a) or real(*a))
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)

    first = hot.hot_topics(world.county, start, today)
    again = hot.hot_topics(world.county, start, today)
    assert len(calls) == 1
    assert again.computed_at == first.computed_at

    hot.hot_topics(world.east, start, today)  # another region: its own entry
    assert len(calls) == 2
    make_opinion(world, title="搅拌站夜间施工", content="搅拌站夜里施工噪音扰民。", submitted_at=_ago(1))
    assert hot.hot_topics(world.county, start, today).topics[0].count == 4
    assert len(calls) == 3


def test_merged_and_refused_opinions_are_not_counted(world):
    _mixer_and_lamps(world)
    Opinion.objects.filter(title="搅拌站噪音扰民").exclude(
        pk=Opinion.objects.filter(title="搅拌站噪音扰民").first().pk
    ).update(status=Opinion.Status.REFUSED)
    today = timezone.localdate()

    found = hot.compute(world.county, today - datetime.timedelta(days=30), today)

    assert [t.count for t in found.topics] == [2]
    assert found.opinions == 4


def test_a_cached_page_asks_the_same_few_queries_whatever_the_number_of_opinions(
    world, client, django_assert_max_num_queries
):
    _mixer_and_lamps(world)
    client.force_login(world.leader)
    client.get(reverse("analysis:hot_topics"))  # computes and caches
    for number in range(30):
        make_opinion(
            world, title=f"其他事项{number}", content=f"各不相同的内容{number}号。", submitted_at=_ago(1)
        )
    client.get(reverse("analysis:hot_topics"))  # a new key: computed again, then cached

    with django_assert_max_num_queries(12):
        response = client.get(reverse("analysis:hot_topics"))

    assert "搅拌站" in response.content.decode()
