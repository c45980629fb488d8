"""Session rules from 等保 8.1.4.1: idle timeout, second factor for privileged roles, password age."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.accounts.actor import Actor

LAST_ACTIVITY_KEY = "lianxin_last_activity"
STARTED_KEY = "lianxin_session_started"
# However active, a session ends after 12 hours (ASVS 3.3.2 L2) and the user signs in again.
MAX_SESSION_SECONDS = 12 * 60 * 60
# Writing the session on every request costs a query; a minute's precision is enough.
_TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            started = request.session.setdefault(STARTED_KEY, now)
            idle = last is not None and now - last > settings.LIANXIN_IDLE_TIMEOUT_MINUTES * 60
            if idle or now - started > MAX_SESSION_SECONDS:
                from lianxin.audit.recorder import record

                record(actor=Actor.from_request(request), action="accounts.session.expired")
                logout(request)
                messages.info(request, _("长时间未操作或登录已超过 12 小时，已自动退出，请重新登录。"))
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if last is None or now - last > _TOUCH_EVERY_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def _exempt(path: str) -> bool:
    exempt = (
        reverse("accounts:password_change"),
        reverse("accounts:totp_setup"),
        reverse("accounts:logout"),
        reverse("accounts:login"),
        settings.STATIC_URL,
    )
    return path.startswith(exempt)


def needs_second_factor(user) -> bool:
    if not settings.LIANXIN_REQUIRE_TOTP:
        return False
    return any(m.role in settings.LIANXIN_TOTP_ROLES for m in user.active_memberships())


class SecurityRequirementsMiddleware:
    """Sends a signed-in user to fix their account before anything else, when they must."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not _exempt(request.path):
            if needs_second_factor(user) and not user.is_verified():
                messages.warning(request, _("您的角色须使用动态口令登录，请先绑定动态口令。"))
                return redirect("accounts:totp_setup")
            max_age = settings.LIANXIN_PASSWORD_MAX_AGE_DAYS
            changed = user.password_changed_at
            if changed is None:
                # Set by an administrator (new account or reset): only its owner may know the password.
                messages.warning(request, _("您正在使用管理员设置的一次性密码，请先设置自己的密码。"))
                return redirect("accounts:password_change")
            if max_age and timezone.now() - changed > timedelta(days=max_age):
                messages.warning(
                    request, _("密码已超过 %(days)d 天未修改，请先修改密码。") % {"days": max_age}
                )
                return redirect("accounts:password_change")
        return self.get_response(request)
