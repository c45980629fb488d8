"""A deputy on a phone signs in from the public home and sees their seats and stations."""

import pytest
from playwright.sync_api import expect

from lianxin.conftest import PASSWORD
from lianxin.workbench.tests.browser.steps import expect_heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deputy_signs_in_on_a_phone_and_sees_seats_and_stations(phone_page, world):
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill("deputy")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect_heading(page, "代表工作台")
    seats = page.get_by_role("region", name="王建国代表的代表资格")
    expect(seats.get_by_role("listitem")).to_have_count(2)
    expect(seats).to_contain_text("连心县人民代表大会第十八届")
    expect(seats).to_contain_text("东城镇人民代表大会第十八届")
    expect(seats).to_contain_text("第1选区")
    stations = page.get_by_role("region", name="我进驻的履职阵地")
    expect(stations).to_contain_text("东城镇人大代表联络站")
    expect(stations).not_to_contain_text("西山乡代表之家")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    page.get_by_role("button", name="展开导航").click()
    expect(page.get_by_role("button", name="王建国")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
