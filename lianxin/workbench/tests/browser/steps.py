"""Steps the browser journeys share: signing in, and checking a page with axe-core."""

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from lianxin.conftest import PASSWORD, client_for

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in the login form as a person would and submit it."""
    page.goto(reverse("accounts:login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A and AA rules on the page as it is now."""
    # The script is served from the page's own origin, so the Content-Security-Policy
    # (script-src 'self') stays switched on while axe runs; an inline tag would be refused.
    page.route("**/__axe-core.js", lambda route: route.fulfill(path=AXE_SCRIPT))
    page.add_script_tag(url="/__axe-core.js")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return result["violations"]


def readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}")
            lines.append(f"      {node['failureSummary'].replace(chr(10), ' ')}")
    return "\n".join(lines)


def expect_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url} 不符合 WCAG 2.1 AA：\n{readable(violations)}"


def expect_heading(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def signed_in_as(page: Page, live_server, user) -> None:
    """Give the page a session for ``user`` without going through the login form."""
    session_cookie = client_for(user).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": session_cookie.key, "value": session_cookie.value, "url": live_server.url}]
    )
