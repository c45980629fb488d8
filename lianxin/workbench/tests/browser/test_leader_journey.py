"""A leader opens the dashboard and its charts draw, which also proves ECharts loads under the CSP."""

import pytest
from playwright.sync_api import expect

from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_every_dashboard_chart_drawn(page, world):
    sign_in(page, "leader")
    expect_heading(page, "领导驾驶舱")

    charts = page.locator(".chart")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart.locator("svg")).to_have_count(1)
    expect(page.get_by_role("img", name="代表性别构成")).to_contain_text("男")
