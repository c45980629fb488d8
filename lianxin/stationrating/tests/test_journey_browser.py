"""A star-rating round in Chromium, from the template to the published grade, each person on
their own screen:

staff write the template (a first try with overlapping grade bands is refused) and open a
round → the station's liaison applies with self-scores, evidence and a photo (a first try with
a self-score out of range is refused) → two assessors score, the photo at hand →
staff combine the scores and publish → the public listing shows the station's grade.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lianxin.opinions.tests.intake_fixtures import png_bytes
from lianxin.stationrating import grades
from lianxin.stationrating.models import Application, Round, Template
from lianxin.stationrating.tests.helpers import DIMENSIONS
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE = "联络站星级评定标准（2025年版）"
ROUND = "2025—2026年度代表联络站星级评定"
STATION = "东城镇人大代表联络站"
DIMENSION_LINES = "\n".join(f"{d.name}｜{d.max_points}｜{d.criteria}" for d in DIMENSIONS)


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    signed_in_as(page, live_server, user)


def staff_write_the_template(page, world) -> None:
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="星级评定").first.click()
    expect_heading(page, "星级评定")
    page.get_by_role("link", name="评定标准").click()
    page.get_by_role("link", name="新增").click()
    expect_heading(page, "新增评定标准")
    page.get_by_label("名称").fill(TEMPLATE)
    page.get_by_label("适用区域").select_option(str(world.county.pk))
    page.get_by_label("评定项目").fill(DIMENSION_LINES)
    # A slip: 样板站 starts below where 出色站 ends.
    page.get_by_label("评定等级").fill("样板站｜85｜100\n出色站｜80｜90\n合格站｜60｜80")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("「出色站」（80–90 分）与「样板站」（85–100 分）的分数段重叠。")).to_be_visible()
    assert Template.objects.count() == 0
    expect_accessible(page)
    page.get_by_label("评定等级").fill("样板站｜90｜100\n出色站｜80｜90\n合格站｜60｜80")
    page.get_by_role("button", name="保存").click()
    expect_heading(page, TEMPLATE)
    expect(page.get_by_role("cell", name="样板站")).to_be_visible()


def staff_open_the_round(page, world) -> None:
    page.goto(reverse("stationrating:list"))
    page.get_by_role("link", name="发起评定").click()
    page.get_by_label("名称").fill(ROUND)
    page.get_by_label("评定标准").select_option(label=TEMPLATE)
    page.get_by_label("评定范围").select_option(str(world.county.pk))
    page.get_by_label("申报截止日期").fill(f"{timezone.localdate().year + 1}-03-31")
    page.get_by_label("评审人").select_option(label=["孙办公", "郑主任"])
    page.get_by_label("每份申报至少评分人数").fill("2")
    page.get_by_role("button", name="保存").click()
    expect_heading(page, ROUND)


def liaison_applies(page) -> None:
    page.goto(reverse("stationrating:list"))
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("link", name="申报", exact=True).click()
    expect_heading(page, f"申报：{ROUND}")
    page.get_by_label("申报阵地").select_option(label=STATION)
    page.get_by_label("申报说明").fill("本站每月10日集中接待，全年接待群众 320 人次，办结意见 86 件。")
    self_scores = {
        "阵地建设": "19",
        "制度建设": "14",
        "活动开展": "18",
        "意见办理": "19",
        "台账管理": "9",
        "工作成效": "14",
    }
    # First a self-score above the dimension's points: refused, with the reason beside it.
    page.get_by_label("阵地建设 自评分（满分 20）").fill("25")
    for name, points in list(self_scores.items())[1:]:
        page.get_by_label(f"{name} 自评分", exact=False).fill(points)
    page.get_by_label("阵地建设 佐证材料", exact=True).fill("场所 120 平方米，照片见台账第 1 册。")
    photo = {"name": "场所照片.png", "mimeType": "image/png", "buffer": png_bytes()}
    page.get_by_label("佐证材料文件").set_input_files(files=[photo])
    page.get_by_role("button", name="提交申报").click()
    expect(page.get_by_text("「阵地建设」的自评分应在 0 到 20 分之间。")).to_be_visible()
    expect(page.get_by_text("已选择的佐证材料文件没有保存，请重新选择。")).to_be_visible()
    assert Application.objects.count() == 0
    expect_accessible(page)
    page.get_by_label("阵地建设 自评分（满分 20）").fill(self_scores["阵地建设"])
    page.get_by_label("佐证材料文件").set_input_files(files=[photo])
    page.get_by_role("button", name="提交申报").click()
    expect_heading(page, f"{STATION} · {ROUND}")
    expect(page.get_by_text("场所 120 平方米，照片见台账第 1 册。")).to_be_visible()
    expect(page.get_by_role("link", name="场所照片.png")).to_be_visible()


def assessor_scores(page, live_server, user, marks: list[str]) -> None:
    sign_in_as(page, live_server, user)
    page.goto(reverse("stationrating:list"))
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("link", name=f"为{STATION}评分").click()
    expect_heading(page, f"评分：{STATION}")
    expect(page.get_by_text("场所 120 平方米，照片见台账第 1 册。")).to_be_visible()
    expect(page.get_by_role("link", name="场所照片.png")).to_be_visible()
    for dimension, points in zip(DIMENSIONS, marks, strict=True):
        page.get_by_label(f"{dimension.name} 得分", exact=False).fill(points)
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("评分已保存。")).to_be_visible()


def test_a_round_from_the_template_to_the_published_grade(
    browser, live_server, page, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    sign_in_as(page, live_server, world.staff)
    staff_write_the_template(page, world)
    staff_open_the_round(page, world)

    sign_in_as(page, live_server, world.liaison)
    liaison_applies(page)

    # 样板站 needs 90: the two assessors give 92 and 90, so 91.
    assessor_scores(page, live_server, world.office, ["19", "14", "19", "19", "9", "12"])
    assessor_scores(page, live_server, world.leader, ["18", "14", "18", "19", "9", "12"])

    # Nothing is public yet.
    page.context.clear_cookies()
    page.goto(reverse("stationrating_public:results"))
    expect(page.get_by_text("暂无公布的评定结果。")).to_be_visible()

    sign_in_as(page, live_server, world.staff)
    page.goto(reverse("stationrating:list"))
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("button", name="合成得分并评定等级").click()
    expect(page.get_by_text("已合成得分并评定等级，请核对后公布。")).to_be_visible()
    expect(page.get_by_role("cell", name="91", exact=True)).to_be_visible()
    expect_accessible(page)
    page.get_by_role("button", name="公布结果").click()
    expect(page.get_by_text("评定结果已公布。")).to_be_visible()
    assert Round.objects.get().status == Round.Status.PUBLISHED

    # Anyone, signed out: the listing shows the station and its grade.
    page.context.clear_cookies()
    page.goto(reverse("stationrating_public:results"))
    expect_heading(page, "联络站星级评定结果")
    row = page.get_by_role("row").filter(has_text=STATION)
    expect(row).to_contain_text("样板站")
    expect(row).to_contain_text("91")
    expect_accessible(page)
    assert grades.current_grade(world.east_station).grade == "样板站"
