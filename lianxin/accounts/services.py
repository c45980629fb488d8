import secrets

from axes.utils import reset as reset_login_failures
from django.contrib.auth import password_validation, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from lianxin.accounts import access
from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.permissions import scope_paths
from lianxin.accounts.roles import Role
from lianxin.audit.recorder import record
from lianxin.audit.snapshots import diff, snapshot
from lianxin.audit.writes import update_recorded

USER_FIELDS = ("username", "name", "phone", "is_active")
MEMBERSHIP_FIELDS = ("user", "role", "region", "working_body", "is_active")
# 等保 三员分立: whoever administers accounts does not also audit them, and the reverse.
_SEPARATED_ROLES = {Role.ADMIN: Role.AUDITOR, Role.AUDITOR: Role.ADMIN}


@transaction.atomic
def change_password(*, actor: Actor, user, new_password: str, request=None) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password", "password_changed_at"])
    record(actor=actor, action="accounts.password.changed", target=user)
    if request is not None:
        # Keep this session signed in; other sessions of the user end with the old hash.
        update_session_auth_hash(request, user)


@transaction.atomic
def enroll_totp(*, actor: Actor, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=actor, action="accounts.totp.enrolled", target=device.user)


# ---------------------------------------------------------------- administration

# Without look-alikes (0/O, 1/l/I) so that a password read out over the phone is typed right.
_PASSWORD_CLASSES = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "@#%+=?!")
_PASSWORD_LENGTH = 12


def one_time_password(user) -> str:
    """A random password that satisfies the password policy, to be changed at first sign-in."""
    alphabet = "".join(_PASSWORD_CLASSES)
    for _attempt in range(20):
        chars = [secrets.choice(group) for group in _PASSWORD_CLASSES]
        chars += [secrets.choice(alphabet) for _n in range(_PASSWORD_LENGTH - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        candidate = "".join(chars)
        try:
            password_validation.validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate
    raise RuntimeError("could not generate a password that satisfies the password validators")


def _issue_password(user) -> str:
    password = one_time_password(user)
    user.set_password(password)
    # No change date: SecurityRequirementsMiddleware sends the user to change it first.
    user.password_changed_at = None
    return password


def _created(instance, fields) -> dict:
    """A new record's values for its audit event, leaving out the empty ones, which say nothing."""
    return {
        name: [None, value]
        for name, value in snapshot(instance, fields).items()
        if value not in (None, "") and not (isinstance(value, dict) and not value.get("masked"))
    }


def _require_manage(actor: Actor, account: User) -> None:
    if actor.user is None or not access.may_manage(actor.user, account):
        raise PermissionDenied


def _membership_errors(*, actor: Actor, permission: str, account: User | None, role, region, working_body):
    errors: dict[str, list[str]] = {}
    if role == Role.STAFF and not working_body:
        errors["working_body"] = [_("常委会工作人员必须选择工作机构。")]
    elif role != Role.STAFF and working_body:
        errors["working_body"] = [_("只有常委会工作人员填写工作机构。")]
    if actor.user is None or not any(
        region.path.startswith(path) for path in scope_paths(actor.user, permission)
    ):
        errors["region"] = [_("管辖范围必须在您自己的管辖范围之内。")]
    separated = _SEPARATED_ROLES.get(role)
    if account is not None and separated and any(m.role == separated for m in account.active_memberships()):
        errors["role"] = [_("系统管理员和审计管理员不能由同一人担任（三员分立）。")]
    if errors:
        raise ValidationError(errors)


def _grant(*, actor: Actor, account: User, role, region, working_body) -> Membership:
    existing = Membership.objects.select_for_update().filter(user=account, role=role, region=region).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"role": _("该用户已在这个管辖范围内担任这个角色。")})
    if existing is not None:
        # A role once revoked comes back on the same row, so its history stays in one place.
        before = snapshot(existing, MEMBERSHIP_FIELDS)
        existing.is_active = True
        existing.working_body = working_body
        existing.save(update_fields=["is_active", "working_body"])
        membership, changes = existing, diff(before, snapshot(existing, MEMBERSHIP_FIELDS))
    else:
        membership = Membership(user=account, role=role, region=region, working_body=working_body)
        membership.full_clean()
        membership.save()
        changes = _created(membership, MEMBERSHIP_FIELDS)
    record(actor=actor, action="accounts.membership.granted", target=membership, changes=changes)
    account._active_memberships = None
    return membership


@transaction.atomic
def user_create(*, actor: Actor, values: dict, role, region, working_body: str = "") -> tuple[User, str]:
    """A new account with its first role; returns the account and its one-time password."""
    errors = {}
    if User.objects.filter(username__iexact=values["username"]).exists():
        errors["username"] = [_("该用户名已被使用。")]
    try:
        _membership_errors(
            actor=actor,
            permission="accounts.add_user",
            account=None,
            role=role,
            region=region,
            working_body=working_body,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    account = User(**values)
    password = _issue_password(account)
    account.full_clean()
    account.save()
    membership = Membership(user=account, role=role, region=region, working_body=working_body)
    membership.full_clean()
    membership.save()
    # Recorded once the first role exists, so the event falls in that role's audit scope.
    record(
        actor=actor,
        action="accounts.user.created",
        target=account,
        changes=_created(account, USER_FIELDS),
        data={"must_change_password": True},
    )
    record(
        actor=actor,
        action="accounts.membership.granted",
        target=membership,
        changes=_created(membership, MEMBERSHIP_FIELDS),
    )
    return account, password


@transaction.atomic
def user_update(*, actor: Actor, account: User, values: dict) -> User:
    """Name, phone and whether the account may sign in."""
    _require_manage(actor, account)
    if values.get("is_active") is False and account.pk == actor.user.pk:
        raise ValidationError({"is_active": _("不能停用自己正在使用的账户。")})
    return update_recorded(account, actor=actor, action="accounts.user.updated", values=values)


@transaction.atomic
def membership_grant(*, actor: Actor, account: User, role, region, working_body: str = "") -> Membership:
    if actor.user is None or not access.users_for(actor.user).filter(pk=account.pk).exists():
        raise PermissionDenied
    locked = User.objects.select_for_update().get(pk=account.pk)
    _membership_errors(
        actor=actor,
        permission=access.CHANGE_USER,
        account=locked,
        role=role,
        region=region,
        working_body=working_body,
    )
    return _grant(actor=actor, account=locked, role=role, region=region, working_body=working_body)


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if actor.user is None or not actor.user.has_perm(access.CHANGE_USER, locked):
        raise PermissionDenied
    if not locked.is_active:
        raise ValidationError(_("这个角色已经撤销。"))
    if (
        locked.user_id == actor.user.pk
        and locked.role == Role.ADMIN
        and not Membership.objects.filter(user_id=actor.user.pk, role=Role.ADMIN, is_active=True)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError(_("不能撤销您自己唯一的系统管理员角色，否则将无法再管理账户。"))
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    record(
        actor=actor,
        action="accounts.membership.revoked",
        target=locked,
        changes={"is_active": [True, False]},
        data={"user": locked.user.username},
    )
    return locked


@transaction.atomic
def password_reset(*, actor: Actor, account: User) -> str:
    """A new one-time password for someone who lost theirs; they must change it at sign-in."""
    _require_manage(actor, account)
    if account.pk == actor.user.pk:
        raise ValidationError(_("请在“修改密码”中修改自己的密码。"))
    locked = User.objects.select_for_update().get(pk=account.pk)
    password = _issue_password(locked)
    locked.save(update_fields=["password", "password_changed_at"])
    record(
        actor=actor, action="accounts.user.password_reset", target=locked, data={"must_change_password": True}
    )
    return password


@transaction.atomic
def totp_reset(*, actor: Actor, account: User) -> int:
    """Forget the account's authenticators (a lost phone); the user binds a new one at sign-in."""
    _require_manage(actor, account)
    devices = list(devices_for_user(account, confirmed=None))
    for device in devices:
        device.delete()
    record(actor=actor, action="accounts.totp.reset", target=account, data={"devices": len(devices)})
    return len(devices)


@transaction.atomic
def account_unlock(*, actor: Actor, account: User) -> int:
    """Clear the failed sign-ins that locked the account (django-axes)."""
    _require_manage(actor, account)
    cleared = reset_login_failures(username=account.username)
    record(actor=actor, action="accounts.user.unlocked", target=account, data={"attempts": cleared})
    return cleared
