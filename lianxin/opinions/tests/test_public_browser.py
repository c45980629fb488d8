"""The public pages in Chromium: a phone-sized submission through a deputy's code, tracking and
rating, each page checked with axe-core (WCAG 2.1 A/AA) under the strict CSP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    accepted,
    last_code,
    make_opinion,
    outbox,
    replied,
)
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_submits_through_a_deputys_code_on_a_phone(phone_page, world, settings):
    # Playwright types faster than any person; the minimum fill time has its own tests.
    settings.LIANXIN_OPINION_MIN_FILL_SECONDS = 0
    page = phone_page
    page.goto(reverse("opinions_public:deputy_form", args=[world.east_deputy.public_code]))
    expect_heading(page, "向王建国代表反映意见")
    captcha = page.get_by_role("img", name="图形验证码：一道算式")
    expect(captcha).to_be_visible()
    assert captcha.evaluate("image => image.complete && image.naturalWidth > 0")
    assert fits_the_screen(page)
    expect_accessible(page)

    page.get_by_label("标题").fill("西山村村口水渠堵塞")
    page.get_by_label("意见内容").fill("村口水渠被垃圾堵住，下雨就漫到路上。")
    page.get_by_label("所在乡镇（街道）").select_option(label="西山乡")
    # htmx swaps in the villages of the township just chosen.
    expect(page.get_by_label("村（社区）").locator("option", has_text="西山村")).to_be_attached()
    page.get_by_label("村（社区）").select_option(label="西山村")
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_label("图形验证码").fill("PASSED")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("验证码已发送至 139****5678")).to_be_visible()
    expect_accessible(page)
    page.get_by_label("短信验证码").fill(last_code())
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交意见").click()

    expect_heading(page, "您的意见已提交")
    opinion = Opinion.objects.get()
    expect(page.locator("#tracking-code")).to_have_text(opinion.tracking_code)
    assert (opinion.channel, opinion.deputy, opinion.region) == (
        Opinion.Channel.DEPUTY_CODE,
        world.east_deputy,
        world.west_village,
    )
    assert fits_the_screen(page)
    expect_accessible(page)
    page.get_by_role("link", name="查看办理进度").click()
    expect_heading(page, "办理进度")
    expect(page.locator("#current-status")).to_have_text("待受理")
    assert fits_the_screen(page)
    expect_accessible(page)


def test_the_form_shows_its_errors_beside_the_fields_accessibly(phone_page, world):
    page = phone_page
    page.goto(reverse("opinions_public:form"))
    # Ask for a code with a wrong number: the error is said beside the phone field.
    page.get_by_label("手机号").fill("12345")
    page.get_by_label("图形验证码").fill("PASSED")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("手机号格式不正确")).to_be_visible()
    expect(page.get_by_label("手机号")).to_have_attribute("aria-invalid", "true")
    expect_accessible(page)


def test_the_tracking_page_and_its_error_are_accessible(phone_page, world):
    page = phone_page
    page.goto(reverse("opinions_public:track"))
    expect_heading(page, "查询办理进度")
    expect_accessible(page)
    page.get_by_label("查询码").fill("ABCDEFGHJK")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("没有找到这个查询码")).to_be_visible()
    expect_accessible(page)


def test_a_citizen_rates_a_reply_on_the_tracking_page(page, world):
    opinion = accepted(world, make_opinion(world))
    replied(world, opinion)
    page.goto(reverse("opinions_public:track"))
    page.get_by_label("查询码").fill(opinion.tracking_code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("已安排维修，三日内修复。")).to_be_visible()
    expect_accessible(page)
    page.get_by_label("不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("选择“不满意”时，请写明具体意见。")).to_be_visible()
    expect_accessible(page)
    page.get_by_label("具体意见").fill("路灯还是不亮。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价，已记录。")).to_be_visible()
    expect(page.locator("#current-status")).to_have_text("已受理 · 重新办理")
    expect_accessible(page)
