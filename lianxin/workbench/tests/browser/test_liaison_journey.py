"""A station liaison keeps their own station's opening hours up to date."""

import pytest
from playwright.sync_api import expect

from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_changes_the_opening_hours_of_their_station(page, world):
    sign_in(page, "liaison")
    expect_heading(page, "联络员工作台")
    expect(page.get_by_role("heading", name="西山乡代表之家")).to_have_count(0)

    page.get_by_role("region", name="东城镇人大代表联络站").get_by_role("link", name="查看与维护").click()
    expect_heading(page, "东城镇人大代表联络站")
    page.get_by_role("link", name="编辑").click()
    expect_heading(page, "编辑履职阵地：东城镇人大代表联络站")
    page.get_by_label("开放时间").fill("每周二、周四 14:00–17:00")
    page.get_by_role("button", name="保存").click()

    expect_heading(page, "东城镇人大代表联络站")
    expect(page.get_by_role("region", name="基本信息")).to_contain_text("每周二、周四 14:00–17:00")
    expect(page.get_by_role("region", name="操作记录")).to_contain_text(
        "开放时间：— → 每周二、周四 14:00–17:00"
    )
    station = world.east_station
    station.refresh_from_db()
    assert station.opening_hours == "每周二、周四 14:00–17:00"
    assert list(station.deputies.all()) == [world.east_deputy]
    assert list(station.liaisons.all()) == [world.liaison]
