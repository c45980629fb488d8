"""A deputy's suggestion from draft to 办成 in Chromium, each person on their own screen:

the deputy drafts it on a phone with two co-signers → both confirm in their own accounts →
staff accept it and assign it to a lead and a co-handling unit → the co-handler gives its
opinion → the lead logs a visit to the deputy and replies with category B and a promise →
the deputy rates 办理态度 基本满意, 办理结果 不满意 → the lead handles it again → the deputy is
satisfied → the lead reports the promise kept → the deputy confirms: 办成.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lianxin.casework.models import Case, Promise
from lianxin.opinions.tests.intake_fixtures import _uploads_in_a_temporary_folder  # noqa: F401
from lianxin.suggestions.models import Suggestion
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于东城路小学门口增设人行横道的建议"
LETTER = {"name": "答复函.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\ntrailer<<>>\n%%EOF\n"}
PROMISE_DUE = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()


def as_user(page, live_server, user) -> None:
    page.context.clear_cookies()
    signed_in_as(page, live_server, user)


def open_from_my_list(page, live_server, user) -> None:
    as_user(page, live_server, user)
    page.goto(reverse("suggestions:mine"))
    page.get_by_role("link", name=TITLE).first.click()
    expect_heading(page, TITLE)


def open_case_as_clerk(page, live_server, clerk) -> None:
    as_user(page, live_server, clerk)
    page.goto(reverse("casework:unit_items"))
    page.get_by_role("link", name=TITLE).first.click()
    expect_heading(page, TITLE)


def lead_replies_with_a_promise(page, text: str, promise: str) -> None:
    page.get_by_role("link", name="答复", exact=True).click()
    expect_heading(page, "答复")
    page.get_by_label("答复内容").fill(text)
    page.get_by_label("答复类别").select_option("B")
    page.get_by_label("签发人").fill("赵局长")
    page.get_by_label("附件").set_input_files([LETTER])
    page.get_by_label("承诺事项 1").fill(promise)
    page.get_by_label("承诺时限 1").fill(PROMISE_DUE)
    page.get_by_role("button", name="提交答复").click()
    expect_heading(page, TITLE)


def deputy_rates(page, attitude: str, result: str, comment: str = "") -> None:
    page.get_by_role("group", name="办理态度").get_by_label(attitude, exact=True).check()
    page.get_by_role("group", name="办理结果").get_by_label(result, exact=True).check()
    if comment:
        page.get_by_label("意见").fill(comment)
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("评价已提交，谢谢。")).to_be_visible()


def test_a_suggestion_from_the_deputys_phone_to_done(browser, live_server, phone_page, page, world, people):
    # 1. The deputy drafts it on a phone, with two co-signers, and submits it.
    as_user(phone_page, live_server, world.deputy)
    phone_page.goto(reverse("suggestions:mine"))
    expect_heading(phone_page, "我的议案建议")
    phone_page.get_by_role("link", name="提出建议").click()
    phone_page.get_by_label("提交给").select_option(label="连心县人民代表大会")
    phone_page.get_by_label("标题").fill(TITLE)
    phone_page.get_by_label("内容").fill(
        "东城路小学门口车流量大，学生过马路危险。建议增设人行横道和信号灯，上下学时段安排交警值守。"
    )
    phone_page.get_by_label("类别").select_option("交通运输")
    phone_page.get_by_label("闭会期间").check()
    phone_page.get_by_label("所涉区域").select_option(label="东城镇")
    phone_page.get_by_label("李联名").check()
    phone_page.get_by_label("赵联名").check()
    expect_accessible(phone_page)
    phone_page.get_by_role("button", name="保存").click()
    expect_heading(phone_page, TITLE)
    phone_page.get_by_role("button", name="提交建议").click()
    expect(phone_page.get_by_test_id("state")).to_have_text("待联名确认")

    # 2. Each co-signer confirms in their own account.
    for cosigner in (people.li, people.zhao):
        open_from_my_list(page, live_server, cosigner.user)
        page.get_by_role("button", name="确认联名").click()
        expect(page.get_by_text("已确认联名。")).to_be_visible()
    suggestion = Suggestion.objects.get(title=TITLE)
    assert suggestion.status == Suggestion.Status.SUBMITTED

    # 3. Staff accept it and assign it: the transport bureau leads, the education bureau co-handles.
    as_user(page, live_server, world.staff)
    page.goto(reverse("suggestions:list"))
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="立案").click()
    expect(page.get_by_text("已立案").first).to_be_visible()
    page.get_by_role("link", name="交办", exact=True).click()
    page.get_by_label("主办单位").select_option(label="连心县交通运输局")
    page.get_by_role("group", name="会办单位").get_by_label("连心县教育局").check()
    page.get_by_role("button", name="交办", exact=True).click()
    expect(page.get_by_text("已交办").first).to_be_visible()

    # 4. The co-handler signs and sends its opinion to the lead.
    open_case_as_clerk(page, live_server, world.west_clerk)
    page.get_by_role("button", name="签收").click()
    page.get_by_role("link", name="提交会办意见").click()
    page.get_by_label("会办意见").fill("学校周边交通组织由我局配合，同意增设。")
    page.get_by_role("button", name="提交").click()
    expect_heading(page, TITLE)

    # 5. The lead signs, is warned that nobody has talked to the deputy yet, logs a visit, replies B.
    open_case_as_clerk(page, live_server, world.clerk)
    page.get_by_role("button", name="签收").click()
    page.get_by_role("link", name="答复", exact=True).click()
    expect(page.get_by_text("尚无与提出人沟通的记录")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="登记沟通情况").click()
    page.get_by_label("方式").select_option(label="走访")
    page.get_by_label("时间").fill(timezone.localdate().isoformat())
    page.get_by_label("参加人员").fill("周经办、王建国代表")
    page.get_by_label("沟通内容").fill("当面听取意见，商定先施划人行横道，明年安装信号灯。")
    page.get_by_role("button", name="提交").click()
    expect_heading(page, TITLE)
    lead_replies_with_a_promise(page, "已列入年度计划，先行施划人行横道。", "施划东城路小学门口人行横道")

    # 6. The deputy: attitude 基本满意, result 不满意 — it goes back to be handled again.
    phone_page.goto(reverse("suggestions:mine_detail", args=[suggestion.pk]))
    expect(phone_page.get_by_text("B", exact=True)).to_be_visible()
    deputy_rates(phone_page, "基本满意", "不满意", "只有计划没有时间表。")
    expect(phone_page.get_by_test_id("state")).to_have_text("重新办理")

    # 7. The lead replies again; the deputy is satisfied.
    open_case_as_clerk(page, live_server, world.clerk)
    lead_replies_with_a_promise(page, "已明确施工时间：两个月内完成施划。", "两个月内完成人行横道施划")
    phone_page.reload()
    deputy_rates(phone_page, "满意", "满意")
    expect(phone_page.get_by_test_id("state")).to_have_text("已办结")
    expect(phone_page.get_by_test_id("outcome")).to_have_text("承诺事项落实中")

    # 8. The lead reports each promise kept (二次答复); the deputy confirms: 办成.
    open_case_as_clerk(page, live_server, world.clerk)
    for _promise in range(2):
        page.get_by_role("link", name="报告落实情况").first.click()
        page.get_by_label("落实情况（二次答复）").fill("人行横道已施划完成，并设置了警示标志。")
        page.get_by_role("button", name="提交").click()
        expect_heading(page, TITLE)
    phone_page.reload()
    for _promise in range(2):
        phone_page.get_by_label("确认已落实").first.check()
        phone_page.get_by_role("button", name="提交", exact=True).first.click()
        expect(phone_page.get_by_text("已反馈承诺事项的落实情况。")).to_be_visible()
    expect(phone_page.get_by_test_id("outcome")).to_have_text("已办成")
    expect_accessible(phone_page)

    case = Case.objects.get(suggestion=suggestion)
    assert case.state == Case.State.CLOSED
    assert case.ratings.count() == 2
    assert set(case.promises.values_list("state", flat=True)) == {Promise.State.CONFIRMED}
