"""A unit's clerk on a phone sees new messages in the header, reads them and sets SMS off."""

import pytest
from playwright.sync_api import expect

from lianxin.notifications.models import Kind, Notification, NotificationPreference
from lianxin.workbench.tests.browser.steps import expect_accessible, expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_on_a_phone_reads_new_messages_and_turns_sms_off(phone_page, live_server, world):
    for number, title in enumerate(("新交办：“东城路路灯不亮”", "督办：“西街积水”"), start=1):
        Notification.objects.create(
            recipient=world.clerk,
            kind=Kind.ASSIGNED,
            title=title,
            body=f"{title}，请及时办理。",
            key=str(number),
        )
    page = phone_page
    signed_in_as(page, live_server, world.clerk)
    page.goto("/")
    # Visible without opening the collapsed menu.
    inbox_link = page.get_by_role("link", name="消息 2 条未读")
    expect(inbox_link).to_be_visible()
    inbox_link.click()

    expect_heading(page, "消息")
    expect(page.get_by_text("未读 2 条")).to_be_visible()
    expect_accessible(page)
    page.get_by_role("button", name="标为已读", description="督办：“西街积水”").click()
    expect(page.get_by_role("link", name="消息 1 条未读")).to_be_visible()
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_text("已将 1 条消息标为已读。")).to_be_visible()
    expect(page.get_by_role("link", name="消息", exact=True)).to_be_visible()

    page.get_by_role("link", name="通知设置").click()
    expect_heading(page, "通知设置")
    expect_accessible(page)
    page.get_by_label("短信提醒").uncheck()
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("通知设置已保存。")).to_be_visible()
    assert NotificationPreference.objects.get(user=world.clerk).sms is False
