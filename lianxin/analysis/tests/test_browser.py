"""In Chromium: a leader opens 民意热点 and its chart draws (the page's ECharts runs under the
CSP); a weak reply is held from the citizen until staff have sent it back, the unit rewritten it
and staff released it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.analysis.tests.fixtures import GOOD_REPLY, WEAK_REPLY, answered
from lianxin.analysis.tests.test_hot_topics import _mixer_and_lamps
from lianxin.opinions.models import Opinion
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, sign_in, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_hot_topics_chart_drawn(page, world):
    _mixer_and_lamps(world)
    sign_in(page, "leader")

    page.goto(reverse("analysis:hot_topics"))

    expect_heading(page, "民意热点")
    chart = page.get_by_role("img", name="热点话题热度")
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart).to_contain_text("搅拌站")
    expect(page.get_by_role("heading", name=re.compile(r"^1\. .*搅拌站"))).to_be_visible()
    expect_accessible(page)


def test_a_weak_reply_is_sent_back_rewritten_released_and_only_then_read_by_the_citizen(
    page, live_server, world
):
    reply = answered(world, text=WEAK_REPLY)
    opinion = Opinion.objects.get(case=reply.case_id)
    citizen = page.context.browser.new_page()

    def citizen_reads_progress():
        citizen.goto(live_server.url + reverse("opinions_public:track"))
        citizen.get_by_label("查询码").fill(opinion.tracking_code)
        citizen.get_by_role("button", name="查询").click()
        expect(citizen.locator("#current-status")).to_be_visible()

    citizen_reads_progress()
    expect(citizen.get_by_text(WEAK_REPLY)).to_have_count(0)

    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("analysis:reply_queue"))
    expect_heading(page, "答复质量审核")
    expect(page.get_by_text(WEAK_REPLY)).to_be_visible()
    expect_accessible(page)
    page.get_by_label("需要补充的内容").fill("请写明何时修复、联系电话。")
    page.get_by_role("button", name="退回补充").click()
    expect(page.get_by_text("已退回承办单位补充，答复暂不送达群众。")).to_be_visible()

    page.context.clear_cookies()
    signed_in_as(page, live_server, world.clerk)
    page.goto(reverse("casework:detail", args=[reply.case_id]))
    expect(page.get_by_text("暂未送达提出人")).to_be_visible()
    page.get_by_role("link", name="修改答复").click()
    expect(page.get_by_text("请写明何时修复、联系电话。")).to_be_visible()
    expect_accessible(page)
    page.get_by_label("答复内容").fill(GOOD_REPLY)
    page.get_by_role("button", name="重新提交答复").click()
    expect(page.get_by_text("答复已重新提交。")).to_be_visible()

    page.context.clear_cookies()
    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("analysis:reply_queue"))
    expect(page.get_by_text("上次退回补充的意见：请写明何时修复、联系电话。")).to_be_visible()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过，答复已送达群众。")).to_be_visible()

    citizen_reads_progress()
    expect(citizen.get_by_text("人民路东段现场核查")).to_be_visible()
    expect(citizen.get_by_role("button", name="提交评价")).to_be_visible()
    citizen.close()
