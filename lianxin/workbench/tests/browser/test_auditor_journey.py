"""The audit administrator signs in and sees the recent operations, their own sign-in first."""

import pytest
from playwright.sync_api import expect

from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_lands_on_the_audit_workbench(page, world):
    sign_in(page, "auditor")

    expect_heading(page, "审计工作台")
    recent = page.get_by_role("region", name="最近的操作")
    expect(recent.get_by_role("row").nth(1)).to_contain_text("何审计")
    expect(page.get_by_role("link", name="查询审计日志")).to_be_visible()
