"""A leader opens 民意热点 and its chart draws, which proves the page's ECharts runs under the CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.analysis.tests.test_hot_topics import _mixer_and_lamps
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, sign_in

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
