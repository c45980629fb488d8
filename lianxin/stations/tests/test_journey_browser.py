"""A station's 接待日 in Chromium, each person on their own screen:

a citizen finds the station on a phone and sees its next 接待日 with the deputy on duty and its
站点码 → on that day the liaison logs the visitor's matter → it is in the opinion intake,
bound to the station and the deputy, waiting to be 受理 at /office/opinions/.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import _empty_outbox, _uploads_in_a_temporary_folder  # noqa: F401
from lianxin.stations.models import Reception
from lianxin.stations.tests.fixtures import day
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "东城社区菜市场门口雨天积水"


def test_a_citizen_finds_the_reception_day_and_the_liaison_logs_the_matter(
    phone_page, page, live_server, world
):
    world.east_station.address = "东城镇人民路 1 号"
    world.east_station.opening_hours = "工作日 8:30–17:30"
    world.east_station.save()
    today = day(world, days_from_today=0)

    # 1. The citizen, on a phone, looks for a station in their township.
    phone_page.goto(reverse("stations_public:finder"))
    expect_heading(phone_page, "找代表联络站")
    # Choosing the county reloads the page with its townships (app.js submits the form).
    phone_page.get_by_label("县（市、区）").select_option(label="连心县")
    expect(phone_page.get_by_label("乡镇（街道）").locator("option", has_text="东城镇")).to_be_attached()
    phone_page.get_by_label("乡镇（街道）").select_option(label="东城镇")
    expect(phone_page.locator("#stations li")).to_have_count(1)
    card = phone_page.locator("#stations li").filter(has_text="东城镇人大代表联络站")
    expect(card).to_contain_text(f"下一个接待日：{today.date:%Y}年{today.date.month}月{today.date.day}日")
    expect_accessible(phone_page)
    card.get_by_role("link", name="东城镇人大代表联络站").click()
    expect_heading(phone_page, "东城镇人大代表联络站")
    expect(phone_page.locator("#reception-days")).to_contain_text("值班代表：王建国")
    expect(
        phone_page.get_by_role("img", name="东城镇人大代表联络站的站点码：扫码向本站反映意见")
    ).to_be_visible()
    expect(phone_page.get_by_role("link", name="向本站反映意见")).to_be_visible()
    expect_accessible(phone_page)

    # 2. On the day, the liaison logs what the visitor raised with the deputy on duty.
    signed_in_as(page, live_server, world.liaison)
    page.goto(reverse("stations:days"))
    page.get_by_role("link", name=f"{today.date:%Y-%m-%d}").click()
    expect_heading(page, str(today))
    page.get_by_role("link", name="接待登记").click()
    expect_heading(page, "接待登记")
    page.get_by_label("接待代表").select_option(label="王建国（东城社区）")
    page.get_by_label("群众姓名").fill("钱大伯")
    page.get_by_label("手机号").fill("13912340000")
    page.get_by_label("所在区域").select_option(value=str(world.east_village.pk))
    page.get_by_label("反映事项").fill(TITLE)
    page.get_by_label("具体内容").fill("一下雨菜市场门口就积水，老人进出不便，希望疏通下水口。")
    expect_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect_heading(page, TITLE)
    expect(page.get_by_text("已登记，群众反映的事项已进入民意直通车。")).to_be_visible()

    reception = Reception.objects.get()
    assert (reception.station, reception.deputy, reception.day) == (
        world.east_station,
        world.east_deputy,
        today,
    )

    # 3. The matter is in the intake, waiting to be 受理.
    page.goto(reverse("opinions:office_list"))
    page.get_by_role("link", name=TITLE).click()
    expect_heading(page, TITLE)
    expect(page.get_by_text("接待登记").first).to_be_visible()
    opinion = Opinion.objects.get(title=TITLE)
    assert (opinion.channel, opinion.station, opinion.deputy, opinion.status) == (
        Opinion.Channel.RECEPTION,
        world.east_station,
        world.east_deputy,
        Opinion.Status.SUBMITTED,
    )
    assert list(today.present.all()) == [world.east_deputy]
