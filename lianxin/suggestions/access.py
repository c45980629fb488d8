from django.db.models import QuerySet

from lianxin.accounts.access import fetch_for_user, in_scope
from lianxin.accounts.roles import Role
from lianxin.suggestions.models import Motion, Suggestion

VIEW = "suggestions.view_suggestion"
VIEW_MOTION = "suggestions.view_motion"
OFFICE = {Role.STAFF, Role.LEADER}


def _is_office(user) -> bool:
    return any(m.role in OFFICE for m in user.active_memberships())


def suggestions_for(user) -> QuerySet:
    """Suggestions in the user's scope; a deputy (with no office role) only those they signed."""
    queryset = in_scope(Suggestion.objects.all(), user, view=VIEW, path_field="region__path")
    if not _is_office(user):
        queryset = queryset.filter(signers__deputy__user=user).distinct()
    return queryset


def mine(user) -> QuerySet:
    """What a deputy leads or was asked to sign, wherever it lies."""
    return Suggestion.objects.filter(signers__deputy__user=user).distinct()


def suggestion_for(user, pk, action: str | None = None) -> Suggestion:
    return fetch_for_user(
        Suggestion.objects.select_related("deputy", "congress", "region", "source_opinion", "case"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def motions_for(user) -> QuerySet:
    queryset = in_scope(Motion.objects.all(), user, view=VIEW_MOTION, path_field="region__path")
    if not _is_office(user):
        queryset = queryset.filter(signers__deputy__user=user).distinct()
    return queryset


def motion_for(user, pk, action: str | None = None) -> Motion:
    return fetch_for_user(
        Motion.objects.select_related("deputy", "congress__region", "region", "session"),
        user,
        pk,
        view=VIEW_MOTION,
        path_field="region__path",
        action=action,
    )
