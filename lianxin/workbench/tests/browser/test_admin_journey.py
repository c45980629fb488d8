"""The system administrator signs in to their own workbench."""

import pytest
from playwright.sync_api import expect

from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_lands_on_system_management(page, world):
    sign_in(page, "admin")

    expect_heading(page, "系统管理")
    expect(page.get_by_role("region", name="账户")).to_contain_text("管辖范围内共有账户")
    expect(page.get_by_role("link", name="管理账户与角色")).to_be_visible()
