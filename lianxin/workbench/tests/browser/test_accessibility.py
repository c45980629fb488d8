"""axe-core finds no WCAG 2.1 A/AA problem on the screens every role starts from."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.stations.models import Station
from lianxin.workbench.tests.browser.steps import expect_accessible, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_home_is_accessible(page, world):
    Station.objects.filter(pk=world.east_station.pk).update(
        address="东城镇人民路 8 号", opening_hours="周一至周五"
    )
    page.goto("/")
    expect(page.get_by_role("heading", name="东城镇人大代表联络站")).to_be_visible()
    expect_accessible(page)


def test_the_public_home_on_a_phone_is_accessible(phone_page, world):
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", name="找联络站")).to_be_visible()
    expect_accessible(phone_page)


def test_the_login_page_is_accessible_also_with_its_error(page, world):
    page.goto(reverse("accounts:login"))
    expect_accessible(page)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect_accessible(page)


@pytest.mark.parametrize("persona", ["staff", "deputy", "liaison", "clerk", "leader", "admin", "auditor"])
def test_each_workbench_is_accessible(page, live_server, world, persona):
    signed_in_as(page, live_server, getattr(world, persona))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect_accessible(page)


def test_the_deputy_list_is_accessible(page, live_server, world):
    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("deputies:list"))
    expect(page.get_by_role("link", name="王建国")).to_be_visible()
    expect_accessible(page)


def test_a_deputy_detail_page_is_accessible_also_with_the_phone_revealed(page, live_server, world):
    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("deputies:detail", args=[world.east_deputy.pk]))
    expect_accessible(page)
    page.get_by_role("button", name="查看明文").first.click()
    expect(page.get_by_text("13812345678")).to_be_visible()
    expect_accessible(page)


def test_the_deputy_form_is_accessible_also_with_errors_beside_its_fields(page, live_server, world):
    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("deputies:create"))
    expect_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect_accessible(page)
