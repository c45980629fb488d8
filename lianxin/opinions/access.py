from django.db.models import Q, QuerySet

from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import REGISTRY
from lianxin.opinions.models import Opinion

VIEW = "opinions.view_opinion"


def opinion_for(user, pk, action: str | None = None) -> Opinion:
    return fetch_for_user(
        Opinion.objects.select_related("region", "category", "deputy", "station", "case"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def opinion_for_reveal(user, pk) -> Opinion:
    return opinion_for(user, pk, action="opinions.reveal_opinion")


def _condition_filters(user) -> dict:
    # The list-side twin of each object condition in rules.py: the same rule as a filter.
    from lianxin.opinions import rules

    return {
        None: Q(),
        rules.is_station_liaison: Q(station__in=user.liaison_stations.values("pk"))
        # A subquery, not a join: a deputy stationed at two of the liaison's stations is one row.
        | Q(station=None, deputy__in=user.liaison_stations.values("deputies")),
        rules.is_opinions_deputy: Q(deputy__user=user),
    }


def visible_opinions(user, permission: str = VIEW) -> QuerySet:
    """Opinions ``user`` holds ``permission`` on: by region, narrowed by each grant's condition
    (a liaison gets their station's, a deputy those brought to them)."""
    conditions = _condition_filters(user)
    query = Q(pk__in=[])
    for grant_ in REGISTRY.get(permission, ()):
        for membership in user.active_memberships():
            if grant_.admits(membership):
                query |= Q(region__path__startswith=membership.region.path) & conditions[grant_.condition]
    return Opinion.objects.filter(query)
