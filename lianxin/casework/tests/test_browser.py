"""The engine's office screens in Chromium: staff assign an item, the unit's clerk signs and
replies with a scanned letter, staff see the answer. Each page is checked with axe-core
(WCAG 2.1 A/AA) under the strict CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.accounts.actor import Actor
from lianxin.casework import services
from lianxin.casework.models import Assignment, Case, Reply
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def test_staff_assign_and_the_unit_signs_and_replies(page, live_server, world, tmp_path):
    case = services.open_case(
        actor=Actor(user=world.staff, role="staff"), source="test", title="东城路路灯不亮", region=world.east
    )

    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("casework:detail", args=[case.pk]))
    expect_heading(page, "东城路路灯不亮")
    expect_accessible(page)
    page.get_by_role("link", name="交办", exact=True).click()
    expect_heading(page, "交办")
    page.get_by_label("主办单位").select_option(label="连心县交通运输局")
    page.get_by_role("group", name="会办单位").get_by_label("连心县教育局").check()
    expect_accessible(page)
    page.get_by_role("button", name="交办").click()
    expect_heading(page, "东城路路灯不亮")
    expect(page.get_by_role("status").filter(has_text="已交办")).to_be_visible()
    assert Case.objects.get().state == Case.State.ASSIGNED
    page.context.clear_cookies()

    signed_in_as(page, live_server, world.clerk)
    page.goto(reverse("casework:unit_items"))
    expect_heading(page, "待办事项")
    expect_accessible(page)
    page.get_by_role("link", name="东城路路灯不亮").click()
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_role("status").filter(has_text="已签收")).to_be_visible()
    page.get_by_role("link", name="答复").click()
    expect_heading(page, "答复")
    page.get_by_label("答复内容").fill("已更换路灯三盏。")
    page.get_by_label("答复类别").select_option("A")
    page.get_by_label("签发人").fill("赵局长")
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(PDF)
    page.get_by_label("附件").set_input_files(str(letter))
    expect_accessible(page)
    page.get_by_role("button", name="提交答复").click()
    expect_heading(page, "东城路路灯不亮")
    expect(page.get_by_role("link", name="答复函.pdf")).to_be_visible()
    expect_accessible(page)

    reply = Reply.objects.get()
    assert (reply.text, reply.attachments.get().name) == ("已更换路灯三盏。", "答复函.pdf")
    assert Assignment.objects.get(unit=world.unit).state == Assignment.State.REPLIED


def test_an_extension_past_the_cap_is_refused_beside_the_date_and_staff_decide(page, live_server, world):
    case = services.open_case(
        actor=Actor(user=world.staff, role="staff"), source="test", title="西山路积水", region=world.east
    )
    (lead,) = services.assign(actor=Actor(user=world.staff, role="staff"), case=case, lead=world.unit)
    services.sign(actor=Actor(user=world.clerk, role="unit_clerk"), assignment=lead)

    signed_in_as(page, live_server, world.clerk)
    page.goto(reverse("casework:request_extension", args=[lead.pk]))
    expect_heading(page, "申请延期")
    page.get_by_label("申请延至").fill(lead.cap_date.replace(year=lead.cap_date.year + 1).isoformat())
    page.get_by_label("延期理由").fill("需协调供电公司。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(f"延期不能超过最迟期限 {lead.cap_date}。")).to_be_visible()
    expect_accessible(page)
    page.get_by_label("申请延至").fill(lead.cap_date.isoformat())
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status").filter(has_text="延期申请已提交")).to_be_visible()
    page.context.clear_cookies()

    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("casework:pending_decisions"))
    expect_heading(page, "待审批")
    expect_accessible(page)
    page.get_by_role("link", name=re.compile(r"^审批\s*：西山路积水")).click()
    expect_heading(page, "审批延期申请")
    page.get_by_label("同意延期", exact=True).check()
    expect_accessible(page)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status").filter(has_text="已审批延期申请")).to_be_visible()
    lead.refresh_from_db()
    assert lead.due_date == lead.cap_date
    page.goto(reverse("casework:overview"))
    expect_heading(page, "办理件")
    expect_accessible(page)
