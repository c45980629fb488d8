import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.audit.models import Event
from lianxin.audit.recorder import record
from lianxin.conftest import PASSWORD
from lianxin.regions import services as region_services


@pytest.fixture
def events(world):
    """A rename in each township, one county-wide event and one platform-wide event."""
    actor = Actor(user=world.admin, role=Role.ADMIN, ip="10.0.0.8")
    for region, name in ((world.east, "东城街道"), (world.west, "西山镇")):
        region_services.region_update(
            actor=actor,
            region=region,
            values={"name": name, "code": region.code, "level": region.level, "parent": world.county},
        )
    record(actor=actor, action="congresses.congress.updated", target=world.county_congress)
    record(actor=Actor(user=None, role=""), action="accounts.login.failed", data={"username": "nobody"})
    return Event.objects.order_by("pk")


def _auditor_at(region, username="west_auditor"):
    user = User.objects.create_user(username=username, password=PASSWORD, name="乡审计")
    Membership.objects.create(user=user, role=Role.AUDITOR, region=region)
    return user


def _targets(response):
    return [entry["target"] for entry in response.context["entries"]]


def test_the_auditor_reads_events_in_scope_in_chinese(world, as_user, events):
    response = as_user(world.auditor).get(reverse("audit:list"))
    assert response.status_code == 200
    assert _targets(response) == ["", "连心县人民代表大会", "西山镇", "东城街道"]
    page = response.content.decode()
    assert "修改行政区划" in page
    assert "名称：东城镇 → 东城街道" in page
    assert "冯管理（admin）" in page
    assert "系统管理员" in page
    assert "10.0.0.8" in page
    assert "登录失败" in page


def test_a_township_auditor_sees_the_township_and_platform_wide_events_only(world, as_user, events):
    response = as_user(_auditor_at(world.west)).get(reverse("audit:list"))
    assert _targets(response) == ["", "西山镇"]


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ({"action": "regions.region.updated"}, ["西山镇", "东城街道"]),
        ({"target": "东城"}, ["东城街道"]),
        ({"actor": "admin"}, ["连心县人民代表大会", "西山镇", "东城街道"]),
        ({"actor": "冯管理", "action": "congresses.congress.updated"}, ["连心县人民代表大会"]),
    ],
)
def test_the_auditor_filters_by_action_actor_and_object(world, as_user, events, query, targets):
    assert _targets(as_user(world.auditor).get(reverse("audit:list"), query)) == targets


def test_the_auditor_filters_by_date_range(world, as_user, events):
    today = timezone.localdate()
    client = as_user(world.auditor)
    assert len(_targets(client.get(reverse("audit:list"), {"date_from": today, "date_to": today}))) == 4
    tomorrow = today + datetime.timedelta(days=1)
    assert _targets(client.get(reverse("audit:list"), {"date_from": tomorrow})) == []
    yesterday = today - datetime.timedelta(days=1)
    assert _targets(client.get(reverse("audit:list"), {"date_to": yesterday})) == []


def test_a_reversed_date_range_is_explained_beside_the_field(world, as_user, events):
    response = as_user(world.auditor).get(
        reverse("audit:list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.context["form"].errors["date_to"] == ["截止日期不能早于起始日期。"]
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_the_action_filter_offers_known_codes_with_chinese_names(world, as_user):
    form = as_user(world.auditor).get(reverse("audit:list")).context["form"]
    groups = dict(form.fields["action"].choices[1:])
    assert ("regions.region.updated", "修改行政区划") in groups["行政区划"]
    assert ("audit.events.exported", "导出审计日志") in groups["审计"]


def test_the_list_pages_with_a_constant_number_of_queries(world, as_user, events):
    client = as_user(world.auditor)
    client.get(reverse("audit:list"))  # Warm the session and content-type caches.
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit:list"))
    actor = Actor(user=world.admin, role=Role.ADMIN)
    for n in range(80):
        record(
            actor=actor, action="regions.region.updated", target=world.east, changes={"name": [str(n), "x"]}
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("audit:list"))
    assert len(response.context["entries"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert len(many) == len(few)


def test_the_export_follows_the_filter_and_is_itself_recorded(world, as_user, events):
    response = as_user(world.auditor).get(
        reverse("audit:list"), {"action": "regions.region.updated", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "角色", "客户端地址", "操作", "操作代码", "对象", "变更")
    assert [row[6] for row in rows[1:]] == ["西山镇", "东城街道"]
    assert rows[2][7] == "名称：东城镇 → 东城街道"
    exported = Event.objects.get(action="audit.events.exported")
    assert exported.actor == world.auditor
    assert exported.data == {"filters": {"action": "regions.region.updated"}, "rows": 2}


@pytest.mark.parametrize("persona", ["admin", "staff", "leader", "citizen", "west_staff"])
def test_only_auditors_read_or_export_the_log(world, as_user, events, persona):
    before = Event.objects.count()
    client = as_user(getattr(world, persona))
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:list"), {"format": "xlsx"}).status_code == 403
    assert Event.objects.count() == before
    assert not Event.objects.filter(action="audit.events.exported").exists()


def test_every_audit_view_declares_who_may_open_it():
    _prefix, resolver = get_resolver().namespace_dict["audit"]
    undeclared = [p.name for p in resolver.url_patterns if not getattr(p.callback, "access", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_audit(client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
