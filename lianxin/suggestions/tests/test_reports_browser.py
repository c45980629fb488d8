"""The statistics page in a browser: its charts draw from json_script data under the strict CSP
(ECharts served locally), and axe finds no WCAG 2.1 A/AA problem."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.suggestions.tests.handled import replied_suggestion
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_statistics_drawn_and_accessible(page, world):
    replied_suggestion(world, category="A")
    sign_in(page, "leader")
    page.goto(
        f"{reverse('suggestions:statistics')}?congress={world.county_congress.pk}&year=2026&period=yearend"
    )
    expect_heading(page, "建议办理情况统计")
    charts = page.locator(".chart")
    expect(charts).to_have_count(3)
    for chart in charts.all():
        expect(chart.locator("svg")).to_have_count(1)
    expect(page.get_by_role("img", name="各承办单位件数与办成情况")).to_contain_text("连心县交通运输局")
    expect_accessible(page)
