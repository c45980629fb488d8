import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.conftest import PASSWORD


def test_it_signs_in_and_lands_on_the_role_workbench(client, world):
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
    home = client.get(reverse("workbench:home"))
    assert "常委会工作台" in home.content.decode()
    assert Event.objects.filter(action="accounts.login.succeeded", actor=world.staff).exists()


def test_it_rejects_a_wrong_password_in_chinese_and_records_it(client, world):
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(action="accounts.login.failed", data__username="staff").count() == 1


@pytest.mark.parametrize(
    ("username", "marker"),
    [
        ("citizen", "找联络站"),
        ("deputy", "代表工作台"),
        ("liaison", "联络员工作台"),
        ("clerk", "承办单位工作台"),
        ("staff", "常委会工作台"),
        ("leader", "领导驾驶舱"),
        ("admin", "系统管理"),
        ("auditor", "审计工作台"),
    ],
)
def test_each_role_lands_on_its_own_workbench(client, world, username, marker):
    client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert marker in client.get(reverse("workbench:home")).content.decode()
