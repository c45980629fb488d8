"""In Chromium: staff open a new opinion and see the suggested categories and the case it
probably duplicates, then merge it into that case with one click."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lianxin.opinions.models import Opinion
from lianxin.routing.tests.conftest import open_case, opinion
from lianxin.workbench.tests.browser.steps import expect_heading, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_suggestions_and_duplicates_and_merge(page, live_server, world, category_model):
    earlier = open_case(
        world,
        opinion(
            world,
            "关于小区路灯的问题",
            "我们这里路灯和下水道问题严重，物业也一样，希望尽快解决。",
            days_ago=5,
        ),
    )
    item = opinion(world, "关于小区路灯的问题", "我们小区路灯和下水道问题很严重，物业也一样，希望尽快解决。")
    signed_in_as(page, live_server, world.staff)
    page.goto(reverse("opinions:office_detail", args=[item.pk]))
    expect_heading(page, item.title)

    categories = page.get_by_test_id("category-suggestions")
    expect(categories).to_contain_text("城乡建设")
    expect(categories).to_contain_text("置信度")
    expect(categories).to_contain_text("分类模型版本")
    candidates = page.get_by_test_id("duplicate-candidates")
    expect(candidates).to_contain_text(earlier.tracking_code)
    expect(candidates).to_contain_text("相似度")

    candidates.get_by_role("button", name=f"并入 {earlier.tracking_code}").click()
    expect(page.get_by_text("已并案。")).to_be_visible()
    item.refresh_from_db()
    assert item.status == Opinion.Status.MERGED
    assert item.merged_into == earlier
