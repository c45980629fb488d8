import base64

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.accounts import services
from lianxin.accounts.actor import ACTIVE_MEMBERSHIP_KEY, Actor
from lianxin.accounts.decorators import public, signed_in
from lianxin.accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from lianxin.audit.recorder import record

PENDING_USER_KEY = "lianxin_pending_user"
PENDING_NEXT_KEY = "lianxin_pending_next"
PENDING_FAILURES_KEY = "lianxin_pending_failures"
MAX_TOKEN_FAILURES = 5


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("workbench:home")


def _confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@public
@never_cache
@sensitive_post_parameters("password")
def login_view(request):
    if request.user.is_authenticated:
        return redirect("workbench:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            record(
                actor=Actor.from_request(request),
                action="accounts.login.failed",
                data={"username": form.cleaned_data["username"][:150]},
            )
            form.add_error(None, _("用户名或密码不正确。连续失败多次后账户将被临时锁定。"))
        elif _confirmed_totp(user) is not None:
            # Password accepted; the session is not signed in until the second factor is checked.
            request.session[PENDING_USER_KEY] = user.pk
            request.session[PENDING_NEXT_KEY] = request.POST.get("next", "")
            request.session[PENDING_FAILURES_KEY] = 0
            return redirect("accounts:login_verify")
        else:
            login(request, user)
            record(actor=Actor.from_request(request), action="accounts.login.succeeded", target=user)
            return redirect(_safe_next(request, request.POST.get("next")))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@public
@never_cache
def login_verify(request):
    from lianxin.accounts.models import User

    user = User.objects.filter(pk=request.session.get(PENDING_USER_KEY), is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    device = _confirmed_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, details = device.verify_is_allowed() if device is not None else (False, {})
        if device is not None and not allowed and details.get("locked_until"):
            # django-otp doubles the wait after each wrong code, which stops guessing.
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            form.add_error("token", _("尝试过于频繁，请 %(n)d 秒后再试。") % {"n": wait})
            return render(request, "accounts/login_verify.html", {"form": form})
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            next_url = request.session.pop(PENDING_NEXT_KEY, "")
            request.session.pop(PENDING_USER_KEY, None)
            request.session.pop(PENDING_FAILURES_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            record(
                actor=Actor.from_request(request),
                action="accounts.login.succeeded",
                target=user,
                data={"second_factor": "totp"},
            )
            return redirect(_safe_next(request, next_url))
        failures = request.session.get(PENDING_FAILURES_KEY, 0) + 1
        request.session[PENDING_FAILURES_KEY] = failures
        record(
            actor=Actor(user=user, role="", ip=Actor.from_request(request).ip),
            action="accounts.login.second_factor_failed",
            target=user,
        )
        if failures >= MAX_TOKEN_FAILURES:
            request.session.flush()
            messages.error(request, _("动态口令错误次数过多，请重新登录。"))
            return redirect("accounts:login")
        form.add_error("token", _("动态口令不正确或已过期。"))
    return render(request, "accounts/login_verify.html", {"form": form})


@signed_in
@require_POST
def logout_view(request):
    record(actor=Actor.from_request(request), action="accounts.session.signed_out", target=request.user)
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("accounts:login")


@signed_in
@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            actor=Actor.from_request(request),
            user=request.user,
            new_password=form.cleaned_data["new_password1"],
            request=request,
        )
        messages.success(request, _("密码已修改。"))
        return redirect("workbench:home")
    return render(request, "accounts/password_change.html", {"form": form})


@signed_in
@never_cache
def totp_setup(request):
    """Bind a TOTP authenticator: show the secret as a QR code, confirm with a first code."""
    confirmed = _confirmed_totp(request.user)
    if confirmed is not None:
        return render(request, "accounts/totp_setup.html", {"confirmed": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "totp"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.enroll_totp(actor=Actor.from_request(request), device=device)
            otp_login(request, device)
            messages.success(request, _("动态口令已绑定，今后登录时需要输入。"))
            return redirect("workbench:home")
        form.add_error("token", _("动态口令不正确，请确认手机时间准确后重试。"))
    qr = segno.make(device.config_url, error="m")
    qr_data_uri = "data:image/svg+xml;base64," + base64.b64encode(qr.svg_inline(scale=4).encode()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/totp_setup.html", {"form": form, "qr": qr_data_uri, "secret": secret})


@signed_in
@require_POST
def switch_role(request):
    wanted = request.POST.get("membership", "")
    for membership in request.user.active_memberships():
        if str(membership.pk) == wanted:
            request.session[ACTIVE_MEMBERSHIP_KEY] = membership.pk
            record(
                actor=Actor.from_request(request),
                action="accounts.role.switched",
                target=request.user,
                data={"role": membership.role},
            )
            break
    return redirect("workbench:home")
