"""A citizen on a phone opens /jianyi/, reads a published suggestion with its reply, and follows the
lead deputy's link to the profile, which lists the suggestion and how it ended."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.opinions.tests.intake_fixtures import _uploads_in_a_temporary_folder  # noqa: F401
from lianxin.suggestions.tests.test_publication import answered, published
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_reads_a_published_suggestion_and_the_deputys_profile_lists_it(
    live_server, phone_page, world, people
):
    entry = published(world, answered(world, people))
    phone_page.goto(reverse("suggestions_public:list"))
    expect_heading(phone_page, "代表建议公开")
    expect_accessible(phone_page)
    phone_page.get_by_role("link", name=entry.title).click()
    expect_heading(phone_page, entry.title)
    expect(phone_page.locator("#outcome")).to_have_text("已办成")
    expect(phone_page.locator("#units")).to_contain_text("连心县交通运输局（主办）")
    expect(phone_page.get_by_text("13700001111")).to_have_count(0)
    expect_accessible(phone_page)
    phone_page.get_by_role("link", name="王建国").click()
    expect_heading(phone_page, "王建国代表")
    listed = phone_page.locator("#published-suggestions")
    expect(listed).to_contain_text("已办成")
    listed.get_by_role("link", name=entry.title).click()
    expect_heading(phone_page, entry.title)
