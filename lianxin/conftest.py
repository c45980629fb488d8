"""Shared test fixtures: a small county with one persona per role, and a browser.

The county 连心县 has two townships, 东城镇 and 西山乡. Personas are named after what they
do; ``west_*`` personas work in 西山乡 and must never see 东城镇's records.
"""

import datetime
import os
import shutil
from types import SimpleNamespace

import pytest
from django.test import Client

from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role, WorkingBody
from lianxin.congresses.models import Congress, Constituency, Term
from lianxin.deputies.models import Deputy, Seat
from lianxin.regions.models import Region
from lianxin.stations.models import Station
from lianxin.units.models import HandlingUnit, UnitContact

PASSWORD = "Lianxin@2026"  # noqa: S105 - the demo and test password, printed by make demo.


def _region(name, code, level, parent=None):
    return Region.objects.create(name=name, code=code, level=level, parent=parent)


def _user(username, name, role, region, **membership):
    user = User.objects.create_user(username=username, password=PASSWORD, name=name)
    Membership.objects.create(user=user, role=role, region=region, **membership)
    return user


@pytest.fixture
def world(db):
    province = _region("连心省", "99", Region.Level.PROVINCE)
    city = _region("同心市", "9901", Region.Level.CITY, province)
    county = _region("连心县", "990101", Region.Level.COUNTY, city)
    east = _region("东城镇", "990101001", Region.Level.TOWNSHIP, county)
    west = _region("西山乡", "990101002", Region.Level.TOWNSHIP, county)
    east_village = _region("东城社区", "990101001001", Region.Level.VILLAGE, east)
    west_village = _region("西山村", "990101002001", Region.Level.VILLAGE, west)

    county_congress = Congress.objects.create(region=county, name="连心县人民代表大会")
    east_congress = Congress.objects.create(region=east, name="东城镇人民代表大会")
    west_congress = Congress.objects.create(region=west, name="西山乡人民代表大会")
    county_term = Term.objects.create(
        congress=county_congress, number=18, start_date=datetime.date(2021, 10, 1)
    )
    east_term = Term.objects.create(congress=east_congress, number=18, start_date=datetime.date(2021, 10, 1))
    west_term = Term.objects.create(congress=west_congress, number=18, start_date=datetime.date(2021, 10, 1))
    constituency = Constituency.objects.create(term=county_term, name="第1选区", region=east)

    east_deputy = Deputy.objects.create(
        name="王建国", gender="male", region=east_village, phone="13812345678", id_number="11010519491231002X"
    )
    Seat.objects.create(deputy=east_deputy, term=county_term, constituency=constituency)
    Seat.objects.create(deputy=east_deputy, term=east_term)
    west_deputy = Deputy.objects.create(
        name="李秀英", gender="female", region=west_village, phone="13987654321"
    )
    Seat.objects.create(deputy=west_deputy, term=west_term)

    east_station = Station.objects.create(name="东城镇人大代表联络站", kind=Station.Kind.STATION, region=east)
    east_station.deputies.add(east_deputy)
    west_station = Station.objects.create(name="西山乡代表之家", kind=Station.Kind.HOME, region=west)
    west_station.deputies.add(west_deputy)

    unit = HandlingUnit.objects.create(
        name="连心县交通运输局", kind=HandlingUnit.Kind.DEPARTMENT, region=county
    )
    UnitContact.objects.create(unit=unit, name="赵主任", phone="13700001111", is_primary=True)
    other_unit = HandlingUnit.objects.create(
        name="连心县教育局", kind=HandlingUnit.Kind.DEPARTMENT, region=county
    )

    citizen = _user("citizen", "张群众", Role.CITIZEN, county)
    deputy = _user("deputy", "王建国", Role.DEPUTY, east)
    east_deputy.user = deputy
    east_deputy.save(update_fields=["user"])
    liaison = _user("liaison", "陈联络", Role.LIAISON, east)
    east_station.liaisons.add(liaison)
    clerk = _user("clerk", "周经办", Role.UNIT_CLERK, county)
    unit.clerks.add(clerk)
    staff = _user("staff", "刘工委", Role.STAFF, county, working_body=WorkingBody.DEPUTY_AFFAIRS)
    office = _user("office", "孙办公", Role.STAFF, county, working_body=WorkingBody.OFFICE)
    committee = _user("committee", "吴财经", Role.STAFF, county, working_body=WorkingBody.FINANCE_ECONOMY)
    leader = _user("leader", "郑主任", Role.LEADER, county)
    admin = _user("admin", "冯管理", Role.ADMIN, county)
    auditor = _user("auditor", "何审计", Role.AUDITOR, county)
    west_staff = _user("west_staff", "钱乡干", Role.STAFF, west, working_body=WorkingBody.DEPUTY_AFFAIRS)
    west_liaison = _user("west_liaison", "马联络", Role.LIAISON, west)
    west_station.liaisons.add(west_liaison)
    west_clerk = _user("west_clerk", "罗经办", Role.UNIT_CLERK, county)
    other_unit.clerks.add(west_clerk)

    return SimpleNamespace(
        province=province,
        city=city,
        county=county,
        east=east,
        west=west,
        east_village=east_village,
        west_village=west_village,
        county_congress=county_congress,
        county_term=county_term,
        east_term=east_term,
        west_term=west_term,
        constituency=constituency,
        east_deputy=east_deputy,
        west_deputy=west_deputy,
        east_station=east_station,
        west_station=west_station,
        unit=unit,
        other_unit=other_unit,
        citizen=citizen,
        deputy=deputy,
        liaison=liaison,
        clerk=clerk,
        staff=staff,
        office=office,
        committee=committee,
        leader=leader,
        admin=admin,
        auditor=auditor,
        west_staff=west_staff,
        west_liaison=west_liaison,
        west_clerk=west_clerk,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache outlives each test's rolled-back transaction: holiday years and public figures
    # cached by one test must not leak into the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for


# ---------------------------------------------------------------- browser

CHROMIUM = os.environ.get("LIANXIN_CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # Browser tests run last (after pytest-django's own ordering): while Chromium is open,
    # Playwright keeps an event loop running on this thread, see the `browser` fixture.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    # They are skipped with a reason where no Chromium is installed, except in CI, where a
    # browser test that cannot run is a failure (see pytest_sessionfinish).
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    reason = f"未找到 Chromium（{CHROMIUM}）：浏览器测试未运行。安装 Debian 的 chromium 包后重试。"
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


# Tests that may be skipped on a developer's machine but must run in CI (CI=true): browser
# tests need Chromium, PostgreSQL tests need DATABASE_URL.
MUST_RUN_IN_CI = {"browser": "浏览器测试", "postgres": "PostgreSQL 测试"}
_outcomes = {marker: {"passed": 0, "skipped": 0} for marker in MUST_RUN_IN_CI}


def pytest_runtest_logreport(report):
    for marker, counts in _outcomes.items():
        if marker not in report.keywords:
            continue
        if report.when == "call" and report.passed:
            counts["passed"] += 1
        if report.skipped:
            counts["skipped"] += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") != "true" or not session.testscollected:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for marker, label in MUST_RUN_IN_CI.items():
        counts = _outcomes[marker]
        if counts["skipped"] or counts["passed"] == 0:
            reporter.ensure_newline()
            reporter.write_line(
                f"CI: {label}未全部运行（通过 {counts['passed']}，跳过 {counts['skipped']}），按失败处理。",
                red=True,
            )
            session.exitstatus = 1


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a media URL its handler can read.

    Django's live server also serves MEDIA_URL, and its handler cannot parse our None (uploads
    are only ever reached through permission-checked views). A URL on another host is Django's
    way of saying: serve no media here.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    with override_settings(MEDIA_URL="http://uploads.invalid/"):
        server = LiveServer(address or "localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; the browser tests run last (pytest_collection_modifyitems).

    While Playwright's sync API is open it keeps an asyncio loop running on this thread, and
    Django refuses database calls under a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    The variable lives no longer than the browser, so no other test, nor a subprocess such as
    `manage.py check --deploy`, sees it.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield instance
            instance.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_problems():
    """What the browser reported while the test ran: console errors (which include CSP
    violations and failed loads) and uncaught script errors, each with the page's address."""
    return []


def watched_page(browser, live_server, problems, **options):
    """A new browser context and page whose console errors and script errors go to ``problems``."""
    # Reduced motion: Bootstrap then drops its transitions, so the accessibility checks never
    # measure a button half-way between two colours.
    options.setdefault("reduced_motion", "reduce")
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **options)

    def watch(page):
        def on_console(message):
            if message.type == "error":
                source = message.location.get("url", "")
                problems.append(f"{page.url} 控制台错误：{message.text}（{source}）")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{page.url} 脚本异常：{error}"))

    context.on("page", watch)
    return context, context.new_page()


def close_and_check(context, problems):
    # Closing delivers every event the browser sent before it, so nothing goes unchecked.
    context.close()
    if problems:
        pytest.fail("浏览器报告了问题：\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(browser, live_server, browser_problems):
    context, page = watched_page(browser, live_server, browser_problems)
    yield page
    close_and_check(context, browser_problems)


@pytest.fixture
def phone_page(browser, live_server, browser_problems):
    context, page = watched_page(
        browser,
        live_server,
        browser_problems,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    close_and_check(context, browser_problems)
