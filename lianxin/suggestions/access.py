from django.db.models import Q, QuerySet

from lianxin.accounts.access import fetch_for_user, in_scope
from lianxin.accounts.roles import Role
from lianxin.suggestions.models import Suggestion

VIEW = "suggestions.view_suggestion"


def suggestions_for(user) -> QuerySet:
    """Suggestions in the user's scope; a deputy (with no office role) only their own."""
    queryset = in_scope(Suggestion.objects.all(), user, view=VIEW, path_field="region__path")
    office = {Role.STAFF, Role.LEADER}
    if not any(m.role in office for m in user.active_memberships()):
        queryset = queryset.filter(Q(deputy__user=user))
    return queryset


def suggestion_for(user, pk, action: str | None = None) -> Suggestion:
    return fetch_for_user(
        Suggestion.objects.select_related("deputy", "congress", "region", "source_opinion"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )
