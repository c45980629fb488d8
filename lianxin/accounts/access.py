"""The shared shape of every app's access helper: 404 outside the scope, 403 for a refused action."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from lianxin.accounts.models import Membership, User
from lianxin.accounts.permissions import scope_filter, scope_paths


def in_scope(queryset: QuerySet, user, *, view: str, path_field: str) -> QuerySet:
    return queryset.filter(scope_filter(user, view, path_field))


def fetch_for_user(queryset: QuerySet, user, pk, *, view: str, path_field: str, action: str | None = None):
    """The object with ``pk`` if the user may see it (else 404) and do ``action`` on it (else 403)."""
    obj = get_object_or_404(in_scope(queryset, user, view=view, path_field=path_field), pk=pk)
    # Seeing it needs the view permission on the object itself too (conditions may narrow it).
    if not user.has_perm(view, obj):
        raise Http404
    if action is not None and not user.has_perm(action, obj):
        raise PermissionDenied
    return obj


# ---------------------------------------------------------------- accounts
#
# An account has no single region: its scope is the set of its memberships. An administrator
# sees an account that holds any membership (current or revoked) inside the administrator's
# scope, and may act on the whole account — name, password, second factor, lock — only when
# every current membership lies inside that scope, so that a township administrator cannot
# take over a county account by resetting its password.

VIEW_USER = "accounts.view_user"
CHANGE_USER = "accounts.change_user"


def users_for(user, permission: str = VIEW_USER) -> QuerySet:
    memberships = Membership.objects.filter(scope_filter(user, permission, "region__path"))
    return User.objects.filter(pk__in=memberships.values("user"))


def memberships_outside_scope(user, account, permission: str) -> list:
    paths = scope_paths(user, permission)
    return [
        membership
        for membership in account.active_memberships()
        if not any(membership.region.path.startswith(path) for path in paths)
    ]


def may_manage(user, account, permission: str = CHANGE_USER) -> bool:
    return user.has_perm(permission) and not memberships_outside_scope(user, account, permission)


def user_for(user, pk, action: str | None = None):
    """The account with ``pk`` if the user may see it (else 404) and act on all of it (else 403)."""
    account = get_object_or_404(users_for(user), pk=pk)
    if action is not None and not may_manage(user, account, action):
        raise PermissionDenied
    return account


def user_for_reveal(user, pk):
    return user_for(user, pk, action="accounts.reveal_user")


def membership_for(user, pk, action: str | None = None):
    """One role of an account; acting on it needs only that role's region inside the scope."""
    membership = get_object_or_404(
        Membership.objects.select_related("user", "region").filter(
            scope_filter(user, VIEW_USER, "region__path")
        ),
        pk=pk,
    )
    if action is not None and not user.has_perm(action, membership):
        raise PermissionDenied
    return membership
