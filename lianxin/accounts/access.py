"""The shared shape of every app's access helper: 404 outside the scope, 403 for a refused action."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from lianxin.accounts.permissions import scope_filter


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
