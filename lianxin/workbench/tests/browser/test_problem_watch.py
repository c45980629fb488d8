"""The page fixtures fail a test on what a person would never notice: CSP refusals, script errors."""

import pytest
from playwright.sync_api import expect

from lianxin.conftest import close_and_check, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_style_refused_by_the_csp_is_reported(browser, live_server):
    problems = []
    context, page = watched_page(browser, live_server, problems)
    page.goto("/")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")

    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        close_and_check(context, problems)


def test_an_uncaught_script_error_is_reported(browser, live_server):
    problems = []
    context, page = watched_page(browser, live_server, problems)
    page.goto("/")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('坏了') })")

    with pytest.raises(pytest.fail.Exception, match="脚本异常：坏了"):
        close_and_check(context, problems)


def test_a_clean_page_passes(browser, live_server, world):
    problems = []
    context, page = watched_page(browser, live_server, problems)
    page.goto("/")
    expect(page.get_by_role("heading", name="找联络站")).to_be_visible()

    close_and_check(context, problems)

    assert problems == []
