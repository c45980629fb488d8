"""账户与角色: administrators manage the accounts of their scope."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user

from lianxin.accounts import access, services
from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.accounts.forms import MembershipForm, UserCreateForm, UserEditForm, UserFilterForm
from lianxin.accounts.models import Membership, User
from lianxin.accounts.permissions import scope_filter
from lianxin.audit.models import Event
from lianxin.audit.presentation import describe
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import PHONE

CHANGE = access.CHANGE_USER


def _roles(account: User) -> str:
    # current_memberships is prefetched by the list.
    return "、".join(f"{m.get_role_display()}·{m.region.name}" for m in account.current_memberships)


class UserListView(ScopedListView):
    model = User
    view_permission = access.VIEW_USER
    title = _("账户与角色")
    columns = [
        Column(_("用户名"), "username"),
        Column(_("姓名"), "name"),
        Column(_("手机号"), "phone"),
        Column(_("角色"), _roles),
        Column(_("状态"), lambda account: _("启用") if account.is_active else _("停用")),
    ]
    filter_form_class = UserFilterForm
    detail_url_name = "accounts_office:user_detail"
    create_url_name = "accounts_office:user_create"
    create_permission = "accounts.add_user"

    def get_queryset(self, search, filters):
        user = self.request.user
        queryset = access.users_for(user)
        term = search.cleaned_data.get("q") if search.is_valid() else ""
        if term:
            matches = Q(username__icontains=term) | Q(name__icontains=term)
            # Phone numbers are stored encrypted: an exact number is found through its keyed digest.
            digest = digest_for(term, PHONE)
            if digest:
                matches |= Q(phone_digest=digest)
            queryset = queryset.filter(matches)
        if filters is not None and filters.is_valid():
            role = filters.cleaned_data["role"]
            if role:
                holding = Membership.objects.filter(
                    scope_filter(user, access.VIEW_USER, "region__path"), role=role, is_active=True
                )
                queryset = queryset.filter(pk__in=holding.values("user"))
            active = filters.cleaned_data["active"]
            if active:
                queryset = queryset.filter(is_active=active == "yes")
        current = Membership.objects.filter(is_active=True).select_related("region").order_by("pk")
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships")
        ).order_by("username")


def locked_out(username: str) -> bool:
    """Whether django-axes refuses this username now (failures within the cool-off period)."""
    attempts = AccessAttempt.objects.filter(username=username)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT


def _timeline(account: User) -> list[dict]:
    """Events about the account and about each of its roles, newest first."""
    membership_ids = [str(pk) for pk in account.memberships.values_list("pk", flat=True)]
    events = (
        Event.objects.filter(
            Q(target_type=ContentType.objects.get_for_model(User), target_id=str(account.pk))
            | Q(target_type=ContentType.objects.get_for_model(Membership), target_id__in=membership_ids)
        )
        .select_related("target_type")
        .order_by("-at", "-pk")[:50]
    )
    entries = []
    for event in events:
        entry = describe(event)
        if event.target_type.model_class() is Membership:
            # Say which role an event was about; the page is already about the account.
            entry["label"] = f"{entry['label']}：{entry['target']}"
        entries.append(entry)
    return entries


class UserDetailView(RecordDetailView):
    view_permission = access.VIEW_USER
    change_permission = CHANGE
    template_name = "accounts/office/detail.html"
    list_url_name = "accounts_office:user_list"
    list_title = _("账户与角色")

    def get_object(self, pk):
        return access.user_for(self.request.user, pk)

    def facts(self, account):
        changed = account.password_changed_at
        return [
            (_("用户名"), account.username),
            (_("姓名"), account.name),
            (_("状态"), _("启用") if account.is_active else _("停用")),
            (_("创建时间"), timezone.localtime(account.date_joined).strftime("%Y-%m-%d %H:%M")),
            (
                _("密码"),
                _("下次登录时须修改密码")
                if changed is None
                else _("%(when)s 修改") % {"when": timezone.localtime(changed).strftime("%Y-%m-%d %H:%M")},
            ),
        ]

    def extra_context(self, account):
        user = self.request.user
        can_manage = access.may_manage(user, account)
        memberships = account.memberships.select_related("region").order_by("-is_active", "pk")
        return {
            "can_manage": can_manage,
            "outside": access.memberships_outside_scope(user, account, CHANGE),
            "edit_url": reverse("accounts_office:user_edit", args=[account.pk]) if can_manage else "",
            "grant_url": reverse("accounts_office:membership_grant", args=[account.pk])
            if user.has_perm(CHANGE)
            else "",
            "memberships": [
                {"membership": m, "can_revoke": m.is_active and user.has_perm(CHANGE, m)} for m in memberships
            ],
            "phone": {
                "value": account.phone,
                "dom_id": f"pv-accounts-user-{account.pk}-phone",
                "can_reveal": access.may_manage(user, account, "accounts.reveal_user"),
                "reveal_url": reverse("privacy:reveal", args=["accounts.user", account.pk, "phone"]),
            },
            "has_totp": any(True for _device in devices_for_user(account, confirmed=True)),
            "locked": locked_out(account.username),
            "timeline": _timeline(account),
        }


class UserCreateView(RecordFormView):
    permission_name = "accounts.add_user"
    form_class = UserCreateForm
    title = _("新增账户")

    def get_form(self, obj):
        return UserCreateForm(self.request.POST or None, user=self.request.user)

    def post(self, request, **kwargs):
        form = self.get_form(None)
        if form.is_valid():
            try:
                account, password = services.user_create(
                    actor=Actor.from_request(request), values=form.values(), **form.membership()
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                return _password_issued(request, account, password, created=True)
        messages.error(request, gettext("请根据提示修改后再保存，未保存任何内容。"))
        return render(request, self.template_name, self.context(form, None))


class UserEditView(RecordFormView):
    permission_name = CHANGE
    form_class = UserEditForm

    def get_object(self):
        return access.user_for(self.request.user, self.kwargs["pk"], action=CHANGE)

    def get_title(self, obj):
        return _("编辑账户：%(username)s") % {"username": obj.username}

    def save(self, form, actor, obj):
        return services.user_update(actor=actor, account=obj, values=form.values())


class MembershipGrantView(RecordFormView):
    permission_name = CHANGE
    form_class = MembershipForm
    success_message = _("已授予角色。")

    def get_object(self):
        return access.user_for(self.request.user, self.kwargs["pk"])

    def get_form(self, obj):
        return MembershipForm(self.request.POST or None, user=self.request.user)

    def get_title(self, obj):
        return _("授予角色：%(user)s") % {"user": obj}

    def save(self, form, actor, obj):
        services.membership_grant(actor=actor, account=obj, **form.membership())
        return obj


def _password_issued(request, account: User, password: str, *, created: bool):
    """Shows a one-time password once; it is stored nowhere in clear and never cached."""
    response = render(
        request,
        "accounts/office/password_issued.html",
        {"account": account, "password": password, "created": created, "title": account},
    )
    response["Cache-Control"] = "no-store"
    return response


def _refuse(request, account: User, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(account)


@permission(CHANGE)
@require_POST
def membership_revoke(request, pk):
    membership = access.membership_for(request.user, pk, action=CHANGE)
    try:
        services.membership_revoke(actor=Actor.from_request(request), membership=membership)
    except ValidationError as error:
        return _refuse(request, membership.user, error)
    messages.success(request, gettext("已撤销角色：%(m)s。") % {"m": membership})
    return redirect(membership.user)


@permission(CHANGE)
@require_POST
@never_cache
def password_reset(request, pk):
    account = access.user_for(request.user, pk, action=CHANGE)
    try:
        password = services.password_reset(actor=Actor.from_request(request), account=account)
    except ValidationError as error:
        return _refuse(request, account, error)
    return _password_issued(request, account, password, created=False)


@permission(CHANGE)
@require_POST
def totp_reset(request, pk):
    account = access.user_for(request.user, pk, action=CHANGE)
    services.totp_reset(actor=Actor.from_request(request), account=account)
    messages.success(request, gettext("已重置动态口令，该用户下次登录时需要重新绑定。"))
    return redirect(account)


@permission(CHANGE)
@require_POST
def unlock(request, pk):
    account = access.user_for(request.user, pk, action=CHANGE)
    services.account_unlock(actor=Actor.from_request(request), account=account)
    messages.success(request, gettext("已解除登录锁定。"))
    return redirect(account)
