"""The security baseline of 等保 8.1.4.1 and ASVS L2 that every account gets."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.audit.models import Event
from lianxin.conftest import PASSWORD


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(5):
        _login(client, "staff", "wrong-password")
    response = _login(client, "staff")
    assert response.status_code == 429
    assert "账户已临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, "staff", "wrong-password")
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert _login(client, "staff").status_code == 302


def test_another_account_is_not_locked_by_someone_elses_failures(client, world):
    # Offices share NAT addresses: one person's typos must not lock their colleagues out.
    for _ in range(5):
        _login(client, "staff", "wrong-password")
    assert _login(client, "office").status_code == 302


def test_an_idle_session_ends_after_30_minutes(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _login(client, "staff")
        assert client.get(reverse("workbench:home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(reverse("workbench:home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("deputies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Event.objects.filter(action="accounts.session.expired", actor=world.staff).exists()


def test_an_active_session_still_ends_after_12_hours(client, world):
    start = timezone.now()
    for minutes in range(0, 12 * 60, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            if minutes == 0:
                _login(client, "staff")
            assert client.get(reverse("workbench:home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=5), tick=False):
        response = client.get(reverse("deputies:list"))
    assert response["Location"].startswith(reverse("accounts:login"))


def _bind_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _wrong(device: TOTPDevice) -> str:
    return "000000" if _code(device) != "000000" else "111111"


def test_a_bound_authenticator_is_asked_for_after_the_password(client, world):
    device = _bind_totp(world.staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = _login(client, "staff")
        assert response["Location"] == reverse("accounts:login_verify")
        assert "_auth_user_id" not in client.session
        wrong = client.post(reverse("accounts:login_verify"), {"token": _wrong(device)})
        assert "动态口令不正确" in wrong.content.decode()
        assert "_auth_user_id" not in client.session
        # Straight after a wrong code, even the right one has to wait.
        throttled = client.post(reverse("accounts:login_verify"), {"token": _code(device)})
        assert "尝试过于频繁" in throttled.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=3), tick=False):
        right = client.post(reverse("accounts:login_verify"), {"token": _code(device)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(world.staff.pk)


def test_five_wrong_codes_send_the_user_back_to_the_password(client, world):
    device = _bind_totp(world.staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _login(client, "staff")
    for attempt in range(5):
        # Wait out django-otp's growing delay so that each attempt is really checked.
        with time_machine.travel(start + datetime.timedelta(seconds=60 * (attempt + 1)), tick=False):
            response = client.post(reverse("accounts:login_verify"), {"token": _wrong(device)})
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:login_verify"))["Location"] == reverse("accounts:login")
    assert Event.objects.filter(action="accounts.login.second_factor_failed").count() == 5


def test_when_enforced_staff_must_bind_an_authenticator_before_anything_else(client, world, settings):
    settings.LIANXIN_REQUIRE_TOTP = True
    _login(client, "staff")
    response = client.get(reverse("deputies:list"))
    assert response["Location"] == reverse("accounts:totp_setup")
    page = client.get(reverse("accounts:totp_setup"))
    assert "完成绑定" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.staff, confirmed=False)
    client.post(reverse("accounts:totp_setup"), {"token": _code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("deputies:list")).status_code == 200
    assert Event.objects.filter(action="accounts.totp.enrolled", actor=world.staff).exists()


def test_enforcement_leaves_citizens_and_deputies_alone(client, world, settings):
    settings.LIANXIN_REQUIRE_TOTP = True
    _login(client, "deputy")
    assert client.get(reverse("workbench:home")).status_code == 200


def test_an_old_password_must_be_changed_first(client, world):
    world.staff.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    world.staff.save(update_fields=["password_changed_at"])
    _login(client, "staff")
    assert client.get(reverse("deputies:list"))["Location"] == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Xin-Mima#2027", "new_password2": "Xin-Mima#2027"},
    )
    assert response.status_code == 302
    assert client.get(reverse("deputies:list")).status_code == 200
    assert Event.objects.filter(action="accounts.password.changed", actor=world.staff).exists()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short1A", "太短"),
        ("alllowercase", "至少 3 类"),
        ("12345678901", "只包含数字"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(client, world, new, message):
    client.force_login(world.staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert message in response.content.decode()
    world.staff.refresh_from_db()
    assert world.staff.check_password(PASSWORD)


def test_pages_carry_a_strict_content_security_policy(client, world):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_errors_are_chinese_pages_without_traces(client, world):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_server_error_shows_a_chinese_page_and_no_trace(rf):
    from lianxin.workbench.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统繁忙" in body
    assert "Traceback" not in body


def test_a_stale_form_gets_a_chinese_csrf_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_the_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lianxin.settings.production",
        "DJANGO_SECRET_KEY": "a-production-grade-secret-key-that-is-long-enough-0123456789-abcdef",
        "LIANXIN_DATA_KEYS": "p1:MDEyMzQ1Njc4OWFiY2RlZg==",
        "LIANXIN_LOOKUP_KEY": "cHJvZHVjdGlvbi1sb29rdXAta2V5",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1/lianxin",
        "DJANGO_ALLOWED_HOSTS": "lianxin.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
