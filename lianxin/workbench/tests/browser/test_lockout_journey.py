"""Five wrong passwords lock the account: even the right one is then refused, in Chinese."""

import pytest
from playwright.sync_api import expect

from lianxin.conftest import PASSWORD
from lianxin.workbench.tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCKED = "登录失败次数过多，账户已临时锁定"


def test_five_wrong_passwords_lock_the_account_against_the_right_one(page, world, browser_problems):
    for _attempt in range(4):
        sign_in(page, "staff", password="not-the-password")
        expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    sign_in(page, "staff", password="not-the-password")
    expect(page.get_by_role("heading", name=LOCKED)).to_be_visible()

    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        sign_in(page, "staff", password=PASSWORD)

    assert answer.value.status == 429
    expect(page.get_by_role("heading", name=LOCKED)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("请稍后再试或联系系统管理员解锁")
    page.goto("/")
    expect(page.get_by_role("heading", name="找联络站")).to_be_visible()
    # Chromium logs every refused sign-in (HTTP 429) as a console error; those are the point here.
    browser_problems[:] = [problem for problem in browser_problems if "status of 429" not in problem]
