"""The duty record in Chromium: a deputy self-reports an inspection with a photo, staff approve
it in a batch, recompute the points (the deputy moves to the top of the ranking), publish the
quarter, and the public profile shows the inspection and the points."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lianxin.deputies.models import Deputy, Seat
from lianxin.duty import services
from lianxin.duty.models import DutyActivity, Kind, PointRule, PointTotal, SelfReport
from lianxin.duty.tests.fixtures import PDF_BYTES, make_meeting, make_report, make_voter_report
from lianxin.duty.tests.test_record import actor
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "视察东城镇污水处理厂"


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    signed_in_as(page, live_server, user)


@pytest.fixture
def county_points(world):
    """The county's rules, and a colleague who is ahead before the inspection counts."""
    PointRule.objects.create(
        congress=world.county_congress, kind=Kind.INSPECTION, points=3, requires_evidence=True
    )
    PointRule.objects.create(congress=world.county_congress, kind=Kind.MEETING_ATTENDED, points=2)
    colleague = Deputy.objects.create(name="张建华", gender="male", region=world.east_village)
    Seat.objects.create(deputy=colleague, term=world.county_term)
    DutyActivity.objects.create(
        deputy=colleague,
        kind=Kind.MEETING_ATTENDED,
        occurred_on=timezone.localdate(),
        title="县人大常委会会议",
        source="test",
        source_key="meeting:1",
    )
    services.recompute_points(
        actor=actor(world.staff), congress=world.county_congress, year=timezone.localdate().year
    )
    return colleague


def test_a_self_reported_inspection_reaches_the_ranking_and_the_public_profile(
    live_server, page, world, county_points, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    year = timezone.localdate().year
    ours = PointTotal.objects.get(deputy=world.east_deputy, year=year)
    assert (ours.points, ours.rank_congress) == (0, 2)

    # 1. The deputy reports the inspection with a photo of it.
    sign_in_as(page, live_server, world.deputy)
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="我的履职").first.click()
    expect_heading(page, "我的履职")
    page.get_by_role("link", name="填报履职活动").click()
    expect_heading(page, "填报履职活动")
    page.get_by_label("活动类型").select_option(label="视察")
    page.get_by_label("活动日期").fill(timezone.localdate().isoformat())
    page.get_by_label("活动名称").fill(TITLE)
    page.get_by_label("地点").fill("东城镇")
    page.get_by_label("活动情况").fill("随县人大常委会视察污水处理厂运行情况，提出管网改造建议。")
    photo = tmp_path / "现场照片.pdf"
    photo.write_bytes(PDF_BYTES)
    page.get_by_label("佐证材料").set_input_files(str(photo))
    expect_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已提交，等待人大常委会工作人员审核。")).to_be_visible()
    expect(page.get_by_role("cell", name="待审核")).to_be_visible()

    # 2. Staff find it in the review queue and approve it in a batch.
    sign_in_as(page, live_server, world.staff)
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="待审核履职填报").first.click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect_accessible(page)
    page.get_by_label(f"选择“{TITLE}”").check()
    page.get_by_role("button", name="批量审核通过").click()
    expect(page.get_by_text("已审核通过 1 项填报。")).to_be_visible()
    assert SelfReport.objects.get().status == SelfReport.Status.APPROVED

    # 3. The points screen says the figures are behind; recomputing moves the deputy to the top.
    page.get_by_role("link", name="履职积分").click()
    expect(page.locator("#points-stale")).to_contain_text("上次计算后有新的履职记录。")
    expect(page.locator("#ranking tbody tr").first).to_contain_text("张建华")
    page.get_by_role("button", name=f"重新计算{year}年积分").click()
    expect(page.get_by_text("已重新计算 2 位代表的积分和排名。")).to_be_visible()
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text("王建国")
    expect(first.locator("td").nth(2)).to_have_text("3")
    expect_accessible(page)
    page.get_by_role("button", name="公布季度积分").click()
    expect(page.get_by_text("已公布，群众可以在代表履职积分公示页看到。")).to_be_visible()

    # 4. Anyone, signed out, opens the deputy's profile from the 代表码's address.
    page.context.clear_cookies()
    page.goto(reverse("duty_public:profile", args=[world.east_deputy.public_code]))
    expect_heading(page, "王建国代表")
    expect(page.locator("#recent-activities")).to_contain_text(TITLE)
    expect(page.locator("#year-counts")).to_contain_text("视察：1")
    expect(page.locator("#published-points")).to_contain_text("3 分 · 第 1 名")
    expect(page.get_by_text("13812345678")).to_have_count(0)
    expect_accessible(page)
    page.get_by_role("link", name="积分规则和排名").click()
    expect(page.locator("#public-rules")).to_contain_text("视察")
    expect(page.locator("#public-ranking tbody tr").first).to_contain_text("王建国")
    expect_accessible(page)


def test_the_other_duty_screens_pass_the_accessibility_checks(live_server, page, world):
    meeting = make_meeting(world)
    services.invite(actor=actor(world.staff), meeting=meeting, deputies=[world.east_deputy])
    report = make_voter_report(world)
    services.approve_self_reports(
        actor=actor(world.staff), reports=[make_report(world, occurred_on=timezone.localdate())]
    )
    sign_in_as(page, live_server, world.staff)
    for url, heading in (
        (reverse("duty:record", args=[world.east_deputy.pk]), "王建国的履职档案"),
        (reverse("duty:meeting_detail", args=[meeting.pk]), meeting.title),
        (reverse("duty:meetings"), "代表履职"),
        (reverse("duty:voter_report_detail", args=[report.pk]), str(report)),
        (reverse("duty:rule_create", args=[world.county_congress.pk]), "新增积分规则"),
    ):
        page.goto(url)
        expect_heading(page, heading)
        expect_accessible(page)
    page.context.clear_cookies()
    page.goto(reverse("duty_public:find") + f"?region={world.east.pk}")
    expect(page.locator("#found-deputies")).to_contain_text("王建国")
    expect_accessible(page)
    page.goto(reverse("duty_public:vote"))
    expect_heading(page, "述职评议")
    expect_accessible(page)
