"""A handling unit's clerk registers a new contact person; the phone number is then shown masked."""

import pytest
from playwright.sync_api import expect

from lianxin.units.models import UnitContact
from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_clerk_adds_a_contact_whose_phone_is_then_masked(page, world):
    sign_in(page, "clerk")
    expect_heading(page, "承办单位工作台")
    expect(page.get_by_role("heading", name="连心县教育局")).to_have_count(0)

    page.get_by_role("link", name="查看与维护联系人").click()
    expect_heading(page, "连心县交通运输局")
    page.get_by_role("link", name="新增联系人").click()
    page.get_by_label("姓名").fill("钱科长")
    page.get_by_label("职务").fill("建议办理科科长")
    page.get_by_label("电话").fill("13955556666")
    page.get_by_role("button", name="保存").click()

    expect_heading(page, "连心县交通运输局")
    row = page.get_by_role("region", name="联系人").get_by_role("row").filter(has_text="钱科长")
    expect(row).to_contain_text("建议办理科科长")
    expect(row).to_contain_text("139****6666")
    expect(page.get_by_text("13955556666")).to_have_count(0)
    contact = UnitContact.objects.get(name="钱科长")
    assert contact.unit == world.unit
    assert contact.phone.reveal() == "13955556666"
