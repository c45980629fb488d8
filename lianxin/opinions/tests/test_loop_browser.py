"""The whole 民意直通车 loop in Chromium, each person on their own screen:

a citizen opens a deputy's QR link on a phone and submits → the station's liaison accepts →
staff assign it to a lead and a co-handling unit → the co-handler gives its opinion → the lead
replies in one line, which the quality check holds until staff have read it and released it →
the citizen rates it 不满意 → the lead handles it again and replies anew, fully enough to reach
the citizen at once → the citizen rates it 满意 → staff publish it on the 回音壁, where the
citizen's phone and name do not appear.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.casework.models import Assignment, Case, Rating
from lianxin.opinions.models import Opinion
from lianxin.opinions.tests.intake_fixtures import (  # noqa: F401
    PHONE,
    _empty_outbox,
    _uploads_in_a_temporary_folder,
    last_code,
)
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "东城镇人民路路灯不亮"
NAME = "赵小红"


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    signed_in_as(page, live_server, user)


def citizen_submits_through_the_deputys_code(page, world) -> str:
    page.goto(reverse("opinions_public:deputy_form", args=[world.east_deputy.public_code]))
    expect_heading(page, "向王建国代表反映意见")
    page.get_by_label("标题").fill(TITLE)
    # What people write: their name and number in the text too, which publication must mask.
    page.get_by_label("意见内容").fill(f"人民路东段三盏路灯坏了一个月，晚上很黑。我叫{NAME}，电话{PHONE}。")
    page.get_by_label("所在乡镇（街道）").select_option(label="东城镇")
    page.get_by_label("姓名（可不填）").fill(NAME)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_label("图形验证码").fill("PASSED")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("验证码已发送")).to_be_visible()
    page.get_by_label("短信验证码").fill(last_code())
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交意见").click()
    expect_heading(page, "您的意见已提交")
    return page.locator("#tracking-code").inner_text()


def citizen_rates(page, code: str, value: str, comment: str = "") -> None:
    page.goto(reverse("opinions_public:track"))
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.get_by_label(value, exact=True).check()
    if comment:
        page.get_by_label("具体意见").fill(comment)
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价，已记录。")).to_be_visible()


def clerk_opens_the_item(page, live_server, clerk) -> None:
    sign_in_as(page, live_server, clerk)
    page.goto(reverse("casework:unit_items"))
    expect_heading(page, "待办事项")
    page.get_by_role("link", name=TITLE).first.click()
    expect_heading(page, TITLE)


def lead_replies(page, text: str) -> None:
    page.get_by_role("link", name="答复", exact=True).click()
    expect_heading(page, "答复")
    page.get_by_label("答复内容").fill(text)
    page.get_by_label("答复类别").select_option("已解决")
    page.get_by_label("签发人").fill("赵局长")
    page.get_by_role("button", name="提交答复").click()
    expect_heading(page, TITLE)


def test_the_whole_loop_from_a_deputys_code_to_the_echo_wall(
    browser, live_server, phone_page, page, world, settings
):
    settings.LIANXIN_OPINION_MIN_FILL_SECONDS = 0  # Playwright types faster than any person.

    # 1. The citizen, on a phone, through the deputy's 代表码.
    code = citizen_submits_through_the_deputys_code(phone_page, world)
    opinion = Opinion.objects.get(tracking_code=code)
    assert (opinion.channel, opinion.deputy) == (Opinion.Channel.DEPUTY_CODE, world.east_deputy)

    # 2. The liaison of the deputy's station finds it on the workbench and accepts it.
    sign_in_as(page, live_server, world.liaison)
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="待受理意见").first.click()
    page.get_by_role("link", name=TITLE).click()
    expect_heading(page, TITLE)
    expect_accessible(page)
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_text("已受理").first).to_be_visible()

    # 3. Staff assign it: the transport bureau leads, the education bureau co-handles.
    sign_in_as(page, live_server, world.staff)
    page.goto(reverse("opinions:office_detail", args=[opinion.pk]))
    page.get_by_label("主办单位").select_option(label="连心县交通运输局")
    page.get_by_label("会办单位").select_option(label="连心县教育局")
    expect_accessible(page)
    page.get_by_role("button", name="交办", exact=True).click()
    expect(page.get_by_text("已交办").first).to_be_visible()

    # 4. The co-handling unit signs and sends its opinion to the lead.
    clerk_opens_the_item(page, live_server, world.west_clerk)
    page.get_by_role("button", name="签收").click()
    page.get_by_role("link", name="会办意见").click()
    page.get_by_label("会办意见").fill("学校门口一段由我局负责协调，同意一并更换。")
    page.get_by_role("button", name="提交").click()
    expect_heading(page, TITLE)

    # 5. The lead signs, reads the co-handler's opinion on the reply form and replies.
    clerk_opens_the_item(page, live_server, world.clerk)
    page.get_by_role("button", name="签收").click()
    page.get_by_role("link", name="答复", exact=True).click()
    expect(page.get_by_text("学校门口一段由我局负责协调")).to_be_visible()
    page.go_back()
    lead_replies(page, "已安排路灯维护单位一周内修复。")
    expect(page.get_by_text("暂未送达提出人")).to_be_visible()

    # 5b. Too short to reach the citizen unread: staff review it and let it through.
    sign_in_as(page, live_server, world.staff)
    page.goto(reverse("analysis:reply_queue"))
    expect(page.get_by_text("已安排路灯维护单位一周内修复。")).to_be_visible()
    expect(page.get_by_text("答复过短")).to_be_visible()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过，答复已送达群众。")).to_be_visible()

    # 6. The citizen is not satisfied: the case goes back to the lead for another round.
    citizen_rates(phone_page, code, "不满意", "一周过去了，路灯还是不亮。")
    case = Case.objects.get(opinion=opinion)
    assert (case.state, case.round) == (Case.State.REHANDLING, 2)

    # 7. Re-handling: the lead replies again.
    clerk_opens_the_item(page, live_server, world.clerk)
    lead_replies(
        page,
        "人民路东段三盏路灯已于本周二全部更换为 LED 灯，经夜间复查正常照明。"
        "今后如再有路灯不亮，请拨打路灯维护热线 0731-84561234。",
    )

    # 8. Satisfied this time.
    citizen_rates(phone_page, code, "满意")
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
    assert [r.value for r in case.ratings.order_by("round")] == [
        Rating.Value.UNSATISFIED,
        Rating.Value.SATISFIED,
    ]
    co_handler = case.assignments.get(kind=Assignment.Kind.CO)
    assert co_handler.co_opinion.text.startswith("学校门口一段由我局负责协调")

    # 9. Staff review the de-identified text and publish it on the 回音壁.
    sign_in_as(page, live_server, world.staff)
    page.goto(reverse("wall_office:candidates"))
    page.get_by_role("link", name=TITLE).click()
    expect_heading(page, f"公开到回音壁：{TITLE}")
    expect_accessible(page)
    page.get_by_role("button", name="公开到回音壁").click()

    # The public page, as anyone sees it on a phone: the answer, and neither phone nor name.
    phone_page.context.clear_cookies()
    phone_page.goto(reverse("wall:list"))
    phone_page.get_by_role("link", name=TITLE).click()
    expect_heading(phone_page, TITLE)
    expect(phone_page.get_by_text("全部更换为 LED 灯")).to_be_visible()
    expect_accessible(phone_page)
    html = phone_page.content()
    for secret in (PHONE, PHONE[:3] + "****" + PHONE[-4:], NAME, NAME[1:]):
        assert secret not in html
