"""Permissions declared as data.

Each app's ``rules.py`` calls ``declare({...})`` with, for every permission, the roles that
hold it and optionally a condition on the object (for example "is this station's liaison").
A role holds a permission on an object when one of the user's active memberships has that
role and its region covers the object's ``scope_path``.

The same declarations drive list filtering (``scope_filter``), so what a list shows and
what a detail page allows cannot drift apart.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.db.models import Q

from lianxin.accounts.roles import Role, WorkingBody


@dataclass(frozen=True)
class Grant:
    roles: frozenset[str]
    working_bodies: frozenset[str] = frozenset()
    # Extra test on (user, obj) for object checks; lists are filtered by region alone.
    condition: Callable[[object, object], bool] | None = None

    def admits(self, membership) -> bool:
        if membership.role not in self.roles:
            return False
        return not self.working_bodies or membership.working_body in self.working_bodies


def grant(*roles: Role, working_bodies: Iterable[WorkingBody] = (), condition=None) -> Grant:
    return Grant(frozenset(roles), frozenset(working_bodies), condition)


REGISTRY: dict[str, tuple[Grant, ...]] = {}


def declare(permissions: dict[str, Grant | tuple[Grant, ...]]) -> None:
    for name, grants in permissions.items():
        grants = grants if isinstance(grants, tuple) else (grants,)
        REGISTRY[name] = grants
        rules.set_perm(name, _predicate_for(name))


def _predicate_for(name: str) -> rules.Predicate:
    @rules.predicate(name=name)
    def holds(user, obj=None) -> bool:
        return user_holds(user, name, obj)

    return holds


def user_holds(user, name: str, obj=None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    path = getattr(obj, "scope_path", None) if obj is not None else None
    for grant_ in REGISTRY.get(name, ()):
        for membership in user.active_memberships():
            if not grant_.admits(membership):
                continue
            if obj is not None:
                if path is None or not path.startswith(membership.region.path):
                    continue
                if grant_.condition is not None and not grant_.condition(user, obj):
                    continue
            return True
    return False


def scope_paths(user, name: str) -> list[str]:
    """Region paths under which ``user`` holds ``name`` (before object conditions)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    paths = {
        membership.region.path
        for grant_ in REGISTRY.get(name, ())
        for membership in user.active_memberships()
        if grant_.admits(membership)
    }
    # A path inside another adds nothing to the filter.
    return sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))


def scope_filter(user, name: str, path_field: str) -> Q:
    """A filter for objects whose region path (``path_field``) lies in the user's scope."""
    paths = scope_paths(user, name)
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{path_field}__startswith": path})
    return query


def roles_holding(name: str) -> set[str]:
    return {role for grant_ in REGISTRY.get(name, ()) for role in grant_.roles}
