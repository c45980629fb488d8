"""云接待 in Chromium: the liaison schedules a session, a citizen asks on a phone during it,
the deputy on duty finds the question on the workbench and answers in public, and the public
page shows the answer with the asker's phone and name masked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lianxin.onlinestation.models import Question, Session
from lianxin.opinions.tests.intake_fixtures import _empty_outbox, last_code  # noqa: F401
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "老旧小区改造，代表在线听您说"
PHONE = "13912345678"
NAME = "赵红梅"


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    signed_in_as(page, live_server, user)


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_question_asked_on_a_phone_is_answered_in_public(
    browser, live_server, page, phone_page, world, settings
):
    settings.LIANXIN_OPINION_MIN_FILL_SECONDS = 0  # Playwright types faster than any person.
    now = timezone.now()

    # 1. The liaison schedules the session for their station, the deputy on duty.
    sign_in_as(page, live_server, world.liaison)
    page.goto(reverse("onlinestation:list"))
    page.get_by_role("link", name="新增").click()
    expect_heading(page, "安排云接待")
    page.get_by_label("履职阵地").select_option(label="东城镇人大代表联络站")
    page.get_by_label("主题").fill(TITLE)
    page.get_by_label("开始时间").fill(_local(now - datetime.timedelta(minutes=5)))
    page.get_by_label("结束时间").fill(_local(now + datetime.timedelta(hours=2)))
    page.get_by_label("值班代表").select_option(label="王建国")
    expect_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect_heading(page, TITLE)
    assert Session.objects.get().is_open()

    # 2. A citizen, on a phone, asks during the window.
    phone_page.goto(reverse("onlinestation_public:schedule"))
    phone_page.get_by_role("link", name=TITLE).click()
    expect_heading(phone_page, TITLE)
    phone_page.get_by_label("您的问题").fill(f"小区楼道灯坏了半年，什么时候改造？我叫{NAME}，电话{PHONE}。")
    phone_page.get_by_label("称呼（可不填）").fill(NAME)
    phone_page.get_by_label("手机号").fill(PHONE)
    phone_page.get_by_label("图形验证码").fill("PASSED")
    phone_page.get_by_role("button", name="获取验证码").click()
    expect(phone_page.get_by_text("验证码已发送")).to_be_visible()
    phone_page.get_by_label("短信验证码").fill(last_code(PHONE))
    phone_page.get_by_label("我已阅读并同意").check()
    expect_accessible(phone_page)
    phone_page.get_by_role("button", name="提交留言").click()
    expect(phone_page.get_by_text("已收到，等待代表答复。")).to_be_visible()
    assert Question.objects.count() == 1

    # 3. The deputy on duty finds it on the workbench and answers in public.
    sign_in_as(page, live_server, world.deputy)
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="云接待待答复留言").click()
    page.get_by_role("link", name=TITLE).click()
    expect_heading(page, TITLE)
    page.get_by_label("答复内容").fill("已列入今年老旧小区改造计划，楼道灯本周先由物业修好。")
    page.get_by_label("公开答复", exact=False).check()
    expect_accessible(page)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("已答复，并已短信告知留言人。")).to_be_visible()

    # 4. Anyone sees the answer; the asker's name and phone are masked in the question.
    phone_page.context.clear_cookies()
    phone_page.goto(reverse("onlinestation_public:session", args=[Session.objects.get().pk]))
    expect(phone_page.get_by_text("楼道灯本周先由物业修好")).to_be_visible()
    expect(phone_page.get_by_text("小区楼道灯坏了半年")).to_be_visible()
    expect_accessible(phone_page)
    html = phone_page.content()
    for secret in (PHONE, NAME):
        assert secret not in html
