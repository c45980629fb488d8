"""The 回音壁: publication services, the staff screens and the public pages."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.accounts.actor import Actor
from lianxin.analysis import services as reply_reviews
from lianxin.audit.models import Event
from lianxin.casework import services as casework
from lianxin.opinions import wall
from lianxin.opinions.models import Category, Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    accepted,
    make_opinion,
    replied,
    staff_actor,
)

CONTENT = "我叫张三丰，电话13912345678，住人民路18号3栋2单元501室，门口路灯一个月没亮。"
REPLY = (
    "东城社区人民路东段路灯不亮的问题，我局已到现场核查，已安排维修。"
    "张三丰反映的路灯三日内修复，可拨打0731-84123456查询。"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def answered(world, **values) -> Opinion:
    values = {"content": CONTENT, "submitter_name": "张三丰", **values}
    opinion = accepted(world, make_opinion(world, **values))
    replied(world, opinion, text=REPLY)
    opinion.refresh_from_db()
    return opinion


def published(world, **values) -> Opinion:
    opinion = answered(world, **values)
    return wall.publish(
        actor=staff_actor(world.staff),
        opinion=opinion,
        title=opinion.title,
        content="住人民路**号，门口路灯一个月没亮。",
        reply="已安排维修，路灯三日内修复。",
    )


def snapshot(opinion: Opinion) -> tuple:
    opinion.refresh_from_db()
    return (opinion.published_at, opinion.public_title, opinion.public_content, opinion.public_reply)


# ---------------------------------------------------------------- services


def test_prepare_masks_the_submitters_name_numbers_and_address_and_names_the_unit(world):
    draft = wall.prepare(answered(world))
    assert draft.content.text == "我叫张**，电话***********，住人民路**号，门口路灯一个月没亮。"
    assert "张三丰" not in draft.reply.text
    assert "84123456" not in draft.reply.text
    assert draft.unit == world.unit.name
    assert draft.findings == 5


def test_publish_puts_the_reviewed_texts_on_the_wall_with_an_audit_event(world):
    opinion = published(world)
    assert opinion.published_at is not None
    assert opinion.published_by == world.staff
    assert opinion.public_content == "住人民路**号，门口路灯一个月没亮。"
    event = Event.objects.get(action="opinions.opinion.published")
    assert event.target_id == str(opinion.pk)
    assert event.actor == world.staff


def test_publish_refuses_a_phone_or_id_number_left_in_the_reviewed_text(world):
    opinion = answered(world)
    before = snapshot(opinion)
    with pytest.raises(wall.WallError) as refused:
        wall.publish(
            actor=staff_actor(world.staff),
            opinion=opinion,
            title="路灯不亮",
            content="联系电话 139 1234 5678",
            reply="身份证43010219900101123X的住户",
        )
    assert "电话号码" in refused.value.message_dict["content"][0]
    assert "身份证号" in refused.value.message_dict["reply"][0]
    assert snapshot(opinion) == before
    assert not Event.objects.filter(action="opinions.opinion.published").exists()


def test_publish_refuses_the_submitters_name(world):
    opinion = answered(world)
    with pytest.raises(wall.WallError) as refused:
        wall.publish(
            actor=staff_actor(world.staff),
            opinion=opinion,
            title="路灯",
            content="张三丰反映路灯",
            reply="好",
        )
    assert "姓名" in refused.value.message_dict["content"][0]
    assert snapshot(opinion)[0] is None


def test_only_answered_accepted_opinions_can_be_published(world):
    waiting = accepted(world, make_opinion(world))
    fresh = make_opinion(world)
    for opinion in (waiting, fresh):
        with pytest.raises(wall.WallError):
            wall.publish(actor=staff_actor(world.staff), opinion=opinion, title="t", content="c", reply="r")
        assert snapshot(opinion)[0] is None


def test_an_opinion_is_published_once(world):
    opinion = published(world)
    with pytest.raises(wall.WallError, match="已在回音壁公开"):
        wall.publish(actor=staff_actor(world.staff), opinion=opinion, title="新", content="新", reply="新")


@pytest.mark.parametrize("persona", ["leader", "west_staff", "liaison"])
def test_publishing_needs_the_permission_over_the_opinion(world, persona):
    opinion = answered(world)
    actor = Actor(user=getattr(world, persona), role="x")
    with pytest.raises(PermissionDenied):
        wall.publish(actor=actor, opinion=opinion, title="t", content="c", reply="r")
    assert snapshot(opinion)[0] is None


def test_unpublish_needs_a_reason_and_takes_the_public_texts_away(world):
    opinion = published(world)
    with pytest.raises(wall.WallError):
        wall.unpublish(actor=staff_actor(world.staff), opinion=opinion, reason=" ")
    assert snapshot(opinion)[0] is not None
    wall.unpublish(actor=staff_actor(world.staff), opinion=opinion, reason="群众要求撤下")
    assert snapshot(opinion) == (None, "", "", "")
    event = Event.objects.get(action="opinions.opinion.unpublished")
    assert event.data["reason"] == "群众要求撤下"


# ---------------------------------------------------------------- staff screens


def test_candidates_list_answered_opinions_not_yet_published_in_scope(client, world):
    waiting = answered(world, title="东城待公开")
    published(world, title="东城已公开")
    accepted(world, make_opinion(world, title="东城未答复"))
    client.force_login(world.staff)
    page = client.get(reverse("wall_office:candidates")).content.decode()
    assert "东城待公开" in page
    assert "东城已公开" not in page
    assert "东城未答复" not in page
    assert reverse("wall_office:publish", args=[waiting.pk]) in page
    client.force_login(world.west_staff)
    assert "东城待公开" not in client.get(reverse("wall_office:candidates")).content.decode()


def test_candidates_show_the_reply_date_in_beijing_time(client, world):
    # 04:00 on 6 December in Beijing is 20:00 on the 5th in UTC, as the database gives it back.
    with time_machine.travel(datetime.datetime(2026, 12, 5, 20, 0, tzinfo=datetime.UTC), tick=False):
        answered(world, title="东城凌晨答复")
    client.force_login(world.staff)
    row = next(
        line
        for line in client.get(reverse("wall_office:candidates")).content.decode().split("</tr>")
        if "东城凌晨答复" in line
    )
    assert "2026年12月6日" in row


def test_the_publish_page_shows_original_and_draft_side_by_side_with_findings_marked(client, world):
    opinion = answered(world)
    client.force_login(world.staff)
    page = client.get(reverse("wall_office:publish", args=[opinion.pk])).content.decode()
    assert CONTENT in page
    assert '<mark title="电话号码">***********</mark>' in page
    assert '<mark title="详细地址">**号</mark>' in page
    assert 'name="content"' in page


def test_publishing_from_the_page(client, world):
    opinion = answered(world)
    client.force_login(world.staff)
    url = reverse("wall_office:publish", args=[opinion.pk])
    response = client.post(url, {"title": "路灯不亮", "content": "路灯一个月没亮。", "reply": "三日内修复。"})
    assert response.status_code == 302
    assert snapshot(opinion)[1:] == ("路灯不亮", "路灯一个月没亮。", "三日内修复。")


def test_a_phone_left_in_shows_an_error_beside_the_field_and_nothing_is_published(client, world):
    opinion = answered(world)
    client.force_login(world.staff)
    url = reverse("wall_office:publish", args=[opinion.pk])
    response = client.post(url, {"title": "路灯不亮", "content": f"电话{PHONE}", "reply": "三日内修复。"})
    assert response.status_code == 200
    assert "公开内容中仍有电话号码" in response.content.decode()
    assert response.context["form"].errors["content"]
    assert snapshot(opinion)[0] is None


def test_unpublishing_from_the_page(client, world):
    opinion = published(world)
    client.force_login(world.staff)
    client.post(reverse("wall_office:unpublish", args=[opinion.pk]), {"reason": "内容有误"})
    assert snapshot(opinion)[0] is None


# ---------------------------------------------------------------- public pages


def _no_personal_data(html: str, opinion: Opinion) -> None:
    phone = opinion.submitter_phone.reveal() if hasattr(opinion.submitter_phone, "reveal") else PHONE
    digits = re.sub(r"\D", "", html)
    assert phone not in html
    assert phone not in digits
    assert phone[-4:] + "" not in re.findall(r"\d{3}\*{4}(\d{4})", html)
    assert opinion.submitter_name not in html


@pytest.mark.parametrize("hide_name", [True, False])
def test_public_pages_never_show_the_citizens_phone_or_name(client, world, hide_name):
    opinion = published(world, hide_name=hide_name)
    for url in (reverse("wall:list"), reverse("wall:detail", args=[opinion.pk]), reverse("wall:stats")):
        html = client.get(url).content.decode()
        _no_personal_data(html, opinion)
    detail = client.get(reverse("wall:detail", args=[opinion.pk])).content.decode()
    assert ("张**" in detail) is not hide_name


def test_the_detail_shows_the_public_texts_the_unit_the_rating_and_the_dates(client, world):
    opinion = published(world)
    casework.rate(
        actor=Actor(user=None, role="citizen", subject=opinion.rater_label()),
        case=opinion.case,
        value="satisfied",
    )
    html = client.get(reverse("wall:detail", args=[opinion.pk])).content.decode()
    assert "住人民路**号，门口路灯一个月没亮。" in html
    assert "已安排维修，路灯三日内修复。" in html
    assert world.unit.name in html
    assert "满意" in html
    for step in ("收到", "受理", "交办", "答复", "评价"):
        assert step in html
    assert world.staff.name not in html
    assert world.clerk.name not in html
    assert "赵主任" not in html  # who signed the reply off is not shown


def test_unpublished_opinions_are_not_on_the_wall(client, world):
    opinion = answered(world, title="还没公开的")
    assert client.get(reverse("wall:detail", args=[opinion.pk])).status_code == 404
    assert "还没公开的" not in client.get(reverse("wall:list")).content.decode()


def test_the_list_filters_by_region_category_status_station_and_deputy(client, world):
    road = Category.objects.get(name="交通运输")
    east = published(
        world, title="东城的路灯", category=road, station=world.east_station, deputy=world.east_deputy
    )
    published(world, title="西山的水渠", region=world.west_village)
    url = reverse("wall:list")

    def titles(**query):
        return client.get(url, query).content.decode()

    assert "东城的路灯" in titles()
    assert "西山的水渠" in titles()
    assert "西山的水渠" not in titles(category=road.pk)
    assert "西山的水渠" not in titles(station=world.east_station.pk)
    assert "西山的水渠" not in titles(deputy=world.east_deputy.pk)
    assert "东城的路灯" not in titles(status="closed")
    assert "东城的路灯" in titles(status=east.case.state)
    county = world.east.parent
    assert "西山的水渠" in titles(region=county.code)


def test_the_list_pages_newest_first_by_keyset(client, world, settings):
    from lianxin.opinions import wall_views

    for n in range(3):
        published(world, title=f"第{n}条意见")
    original = wall_views.PAGE_SIZE
    wall_views.PAGE_SIZE = 2
    try:
        first = client.get(reverse("wall:list"))
        html = first.content.decode()
        assert "第2条意见" in html
        assert "第1条意见" in html
        assert "第0条意见" not in html
        assert first.context["next_query"]
        second = client.get(reverse("wall:list") + "?" + first.context["next_query"]).content.decode()
        assert "第0条意见" in second
        assert "第1条意见" not in second
    finally:
        wall_views.PAGE_SIZE = original


def test_statistics_count_received_answered_on_time_and_satisfaction_and_are_cached(client, world):
    opinion = published(world)
    make_opinion(world, title="刚收到")
    casework.rate(
        actor=Actor(user=None, role="citizen", subject=opinion.rater_label()),
        case=opinion.case,
        value="basically",
    )
    stats = client.get(reverse("wall:stats")).context["stats"]
    assert (stats["received"], stats["answered"], stats["on_time_rate"], stats["satisfaction_rate"]) == (
        2,
        1,
        100.0,
        100.0,
    )
    make_opinion(world, title="又收到")
    assert client.get(reverse("wall:stats")).context["stats"]["received"] == 2
    cache.clear()
    county = client.get(reverse("wall:stats"), {"region": world.east.parent.code}).context["stats"]
    assert county["received"] == 3


def test_a_reply_held_for_review_counts_from_the_day_the_citizen_has_it(client, world):
    answered(world)  # replied and shown at once: on time
    held_one = accepted(world, make_opinion(world, title="答复待审核"))
    boilerplate = "您好！您的留言已收悉，已转交有关部门处理，感谢您的关注。"
    case = replied(world, held_one, text=boilerplate, release=False)
    reply = case.replies.get()
    assert reply.held

    def stats():
        cache.clear()
        return client.get(reverse("wall:stats")).context["stats"]

    # Held: the citizen has no answer yet, so the public figures do not count one.
    assert (stats()["answered"], stats()["on_time_rate"]) == (1, 100.0)
    due = reply.assignment.due_date
    assert reply.replied_at.date() <= due  # the unit answered in time
    # Released the day after the due date: the citizen had the answer late.
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    day_after = datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(10), tzinfo=beijing)
    with time_machine.travel(day_after, tick=False):
        reply_reviews.release(actor=staff_actor(world.staff), review=reply.quality_review)
    assert (stats()["answered"], stats()["on_time_rate"]) == (2, 50.0)


@pytest.mark.parametrize("name", ["wall:list", "wall:detail"])
def test_public_pages_run_the_same_queries_for_few_and_many_entries(client, world, name):
    first = published(world)
    args = [first.pk] if name == "wall:detail" else []

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        return len(queries)

    few = count()
    for n in range(6):
        published(world, title=f"更多{n}")
    assert count() == few


def test_stale_figures_are_served_while_another_request_recomputes_them(world, monkeypatch):
    import datetime

    from lianxin.opinions import wall_figures

    published(world)
    first = wall_figures.figures()
    old = cache.get(wall_figures.KEY)
    old["computed_at"] -= datetime.timedelta(seconds=wall_figures.FRESH_SECONDS + 1)
    cache.set(wall_figures.KEY, old)
    make_opinion(world, title="又收到")
    cache.add(wall_figures.LOCK, True)
    monkeypatch.setattr(wall_figures, "compute", lambda: pytest.fail("computed twice at once"))
    assert wall_figures.figures()["received"] == first["received"]
    monkeypatch.undo()
    cache.delete(wall_figures.LOCK)
    assert wall_figures.figures()["received"] == first["received"] + 1


def test_the_scheduled_refresh_computes_the_figures_so_visitors_do_not(world, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from lianxin.opinions import wall_figures

    published(world)
    make_opinion(world, title="又收到")
    out = StringIO()
    call_command("refresh_wall_figures", stdout=out)
    assert "已更新回音壁统计" in out.getvalue()
    monkeypatch.setattr(wall_figures, "compute", lambda: pytest.fail("a visitor computed the figures"))
    assert wall_figures.figures()["received"] == 2
