"""A citizen on a phone finds the nearest contact station: where it is and when it is open."""

import re

import pytest
from playwright.sync_api import expect

from lianxin.stations.models import Station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stations_with_hours(world):
    Station.objects.filter(pk=world.east_station.pk).update(
        address="东城镇人民路 8 号", opening_hours="周一至周五 9:00–17:00"
    )
    Station.objects.filter(pk=world.west_station.pk).update(
        address="西山乡政府院内", opening_hours="每月 15 日 9:00–12:00"
    )
    return world


def test_a_citizen_on_a_phone_finds_a_station_in_their_township(phone_page, stations_with_hours):
    page = phone_page
    page.goto("/")

    expect(page.get_by_role("heading", name="找联络站")).to_be_visible()
    expect(page.get_by_role("heading", name="东城镇人大代表联络站")).to_be_visible()
    expect(page.get_by_role("heading", name="西山乡代表之家")).to_be_visible()

    page.get_by_label("所在乡镇（街道）").select_option(label="西山乡")

    expect(page).to_have_url(re.compile(r"region=990101002"))
    west = page.get_by_role("article").filter(has_text="西山乡代表之家")
    expect(west).to_contain_text("地址：西山乡政府院内")
    expect(west).to_contain_text("开放时间：每月 15 日 9:00–12:00")
    expect(page.get_by_role("heading", name="东城镇人大代表联络站")).to_have_count(0)
    expect(page.get_by_label("所在乡镇（街道）")).to_have_value("990101002")


def test_the_public_home_fits_a_phone_screen_without_sideways_scrolling(phone_page, stations_with_hours):
    page = phone_page
    page.goto("/")
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
