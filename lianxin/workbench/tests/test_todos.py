"""The 待办 panel: each role's home counts what waits for that user, in their scope only."""

import datetime
import re

import time_machine
from django.urls import reverse

from lianxin.accounts.actor import Actor
from lianxin.analysis import services as reply_reviews
from lianxin.analysis.tests.fixtures import WEAK_REPLY, answered
from lianxin.casework import services
from lianxin.conftest import client_for
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import accepted, make_opinion


def todos_on_home(user) -> dict[str, tuple[int, str]]:
    page = client_for(user).get(reverse("workbench:home")).content.decode()
    panel = page.split('id="todos-heading"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'href="([^"]+)">\s*<span[^>]*>([^<]+)</span>\s*<span[^>]*>(\d+)</span>', panel)
    return {label: (int(count), url.replace("&amp;", "&")) for url, label, count in found}


def test_staff_see_what_waits_for_acceptance_and_for_routing_in_their_scope(world):
    make_opinion(world)
    make_opinion(world, region=world.west_village)
    accepted(world, make_opinion(world, title="已受理"))
    assert todos_on_home(world.staff) == {
        "待受理意见": (2, reverse("opinions:office_queue")),
        "已受理待交办": (1, reverse("opinions:office_list") + "?status=accepted&state=registered"),
    }
    # The west township's staff count only the one raised in their township.
    assert todos_on_home(world.west_staff) == {"待受理意见": (1, reverse("opinions:office_queue"))}


def test_a_liaison_counts_their_own_stations_opinions_only(world):
    make_opinion(world, station=world.east_station, channel=Opinion.Channel.STATION_CODE)
    make_opinion(world)  # raised in the township, not at the station
    assert todos_on_home(world.liaison) == {"待受理意见": (1, reverse("opinions:office_queue"))}
    assert todos_on_home(world.west_liaison) == {}


def test_a_deputy_counts_accepted_opinions_brought_to_them_that_wait_for_an_answer(world):
    accepted(world, make_opinion(world, deputy=world.east_deputy, channel=Opinion.Channel.DEPUTY_CODE))
    make_opinion(world, deputy=world.east_deputy, channel=Opinion.Channel.DEPUTY_CODE)  # not yet accepted
    assert todos_on_home(world.deputy) == {
        "群众向我反映待答复": (1, reverse("opinions:office_list") + "?status=accepted&state=registered")
    }


def test_with_nothing_waiting_the_panel_says_so_and_the_public_home_has_none(world, client):
    assert "眼下没有待办事项" in client_for(world.staff).get(reverse("workbench:home")).content.decode()
    assert 'id="todos-heading"' not in client.get(reverse("workbench:home")).content.decode()


def test_the_public_home_leads_to_the_form_the_tracking_page_the_wall_and_each_stations_form(world, client):
    page = client.get(reverse("workbench:home")).content.decode()
    for url in (reverse("opinions_public:form"), reverse("opinions_public:track"), reverse("wall:list")):
        assert f'href="{url}"' in page
    assert reverse("opinions_public:station_form", args=[world.east_station.public_code]) in page


def test_a_units_clerk_counts_items_to_sign_and_overdue_and_staff_count_requests_to_decide(world):
    staff = Actor(user=world.staff, role="staff")
    clerk = Actor(user=world.clerk, role="unit_clerk")
    items = reverse("casework:unit_items")
    first = accepted(world, make_opinion(world, title="路灯"))
    second = accepted(world, make_opinion(world, title="井盖"))
    services.assign(actor=staff, case=first.case, lead=world.unit)
    (signed,) = services.assign(actor=staff, case=second.case, lead=world.unit)
    services.sign(actor=clerk, assignment=signed)
    assert todos_on_home(world.clerk) == {"待签收": (1, items + "?state=pending")}
    assert todos_on_home(world.west_clerk) == {}

    services.request_extension(
        actor=clerk, assignment=signed, reason="需要协调资金。", new_date=signed.cap_date
    )
    assert todos_on_home(world.staff)["退回、延期待审批"] == (1, reverse("casework:pending_decisions"))
    assert "退回、延期待审批" not in todos_on_home(world.west_staff)

    # A day past the due date both items are overdue, in red, for the unit and for staff.
    with time_machine.travel(
        datetime.datetime.combine(signed.due_date, datetime.time(9)) + datetime.timedelta(days=1)
    ):
        clerk_panel = todos_on_home(world.clerk)
        staff_panel = todos_on_home(world.staff)
    assert clerk_panel["逾期"] == (2, items + "?state=active&light=red")
    assert staff_panel["逾期未办结"] == (2, reverse("casework:overview") + "?light=red")


def test_held_replies_count_for_the_unit_and_for_the_staff_who_review_them(world):
    reply = answered(world, text=WEAK_REPLY)
    items = reverse("casework:unit_items")

    assert todos_on_home(world.clerk)["答复暂未送达"] == (1, items + "?state=held")
    assert todos_on_home(world.staff)["答复待审核"] == (1, reverse("analysis:reply_queue"))
    assert "答复待审核" not in todos_on_home(world.west_staff)
    page = client_for(world.clerk).get(items, {"state": "held"}).content.decode()
    assert reply.case.title in page
    assert "已答复（暂未送达）" in page

    reply_reviews.release(actor=Actor(user=world.staff, role="staff"), review=reply.quality_review)
    assert "答复暂未送达" not in todos_on_home(world.clerk)
    assert "答复待审核" not in todos_on_home(world.staff)
    assert reply.case.title not in client_for(world.clerk).get(items, {"state": "held"}).content.decode()
