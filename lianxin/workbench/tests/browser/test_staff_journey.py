"""A member of staff in 代表工委 looks a deputy up, reads and corrects the record, and adds a deputy."""

import pytest
from playwright.sync_api import expect

from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy
from lianxin.workbench.tests.browser.steps import expect_heading, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_find_a_deputy_reveal_the_phone_and_correct_the_workplace(page, world):
    sign_in(page, "staff")
    expect_heading(page, "常委会工作台")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="人大代表").click()
    expect_heading(page, "人大代表")
    expect(page.get_by_role("link", name="李秀英")).to_be_visible()

    page.get_by_label("搜索").fill("王建国")
    expect(page.get_by_role("link", name="李秀英")).to_have_count(0)
    page.get_by_role("link", name="王建国").click()

    expect_heading(page, "王建国")
    phone = page.locator(f"#pv-deputies-deputy-{world.east_deputy.pk}-phone")
    expect(phone).to_contain_text("138****5678")
    expect(page.get_by_text("13812345678")).to_have_count(0)
    phone.get_by_role("button", name="查看明文").click()
    expect(phone).to_contain_text("13812345678")
    expect(phone).to_contain_text("已记录查看")

    page.get_by_role("link", name="编辑").first.click()
    expect_heading(page, "编辑代表：王建国")
    page.get_by_label("工作单位").fill("东城镇人民政府")
    page.get_by_role("button", name="保存").click()

    expect_heading(page, "王建国")
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    timeline = page.get_by_role("region", name="操作记录")
    expect(timeline).to_contain_text("工作单位：— → 东城镇人民政府")
    world.east_deputy.refresh_from_db()
    assert world.east_deputy.workplace == "东城镇人民政府"
    assert Event.objects.filter(action="privacy.personal_data.revealed", actor=world.staff).count() == 1


def test_staff_add_a_deputy_after_correcting_a_wrong_id_number(page, world):
    sign_in(page, "staff")
    page.goto("/office/deputies/")
    page.get_by_role("link", name="新增").click()
    expect_heading(page, "新增人大代表")

    page.get_by_label("姓名").fill("赵小红")
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("所在区域").select_option(label="东城社区")
    id_number = page.get_by_label("身份证号")
    id_number.fill("110105198001010017")
    page.get_by_role("button", name="保存").click()

    expect(page.locator("#id_id_number + .errorlist")).to_have_text("身份证号校验位不正确，请核对。")
    expect(id_number).to_have_attribute("aria-invalid", "true")
    expect(id_number).to_have_accessible_description("身份证号校验位不正确，请核对。")
    expect(page.get_by_label("姓名")).to_have_value("赵小红")
    assert not Deputy.objects.filter(name="赵小红").exists()

    id_number.fill("110105198001010016")
    page.get_by_role("button", name="保存").click()

    expect_heading(page, "赵小红")
    expect(page.get_by_role("region", name="个人信息（受保护）")).to_contain_text("110***********0016")
    assert Deputy.objects.get(name="赵小红").id_number.reveal() == "110105198001010016"
