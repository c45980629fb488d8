from django.db.models import Q

from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import REGISTRY
from lianxin.stations.models import Activity, Reception, ReceptionDay, Station
from lianxin.stations.rules import is_station_liaison

VIEW = "stations.view_station"
MANAGE_ROTA = "stations.manage_rota"
VIEW_RECEPTION = "stations.view_reception"
LOG_RECEPTION = "stations.log_reception"
MANAGE_ACTIVITY = "stations.manage_activity"
EXPORT_LEDGER = "stations.export_ledger"
VIEW_STATISTICS = "stations.view_statistics"


def station_filter(user, permission: str, station_field: str = "") -> Q:
    """Rows whose station the user holds ``permission`` on, conditions included: a liaison's
    grant covers only the stations they keep, not their whole township (lists and choices)."""
    prefix = f"{station_field}__" if station_field else ""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    query = Q(pk__in=[])
    for grant_ in REGISTRY.get(permission, ()):
        for membership in user.active_memberships():
            if not grant_.admits(membership):
                continue
            in_region = Q(**{f"{prefix}region__path__startswith": membership.region.path})
            if grant_.condition is None:
                query |= in_region
            elif grant_.condition is is_station_liaison:
                query |= in_region & Q(**{f"{prefix}liaisons": user})
    return query


def stations_for(user, permission: str):
    return Station.objects.filter(station_filter(user, permission)).select_related("region")


def station_for(user, pk, action: str | None = None) -> Station:
    return fetch_for_user(
        Station.objects.select_related("region"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def day_for(user, pk, action: str | None = None) -> ReceptionDay:
    return fetch_for_user(
        ReceptionDay.objects.select_related("station__region"),
        user,
        pk,
        view=VIEW,
        path_field="station__region__path",
        action=action,
    )


def reception_for(user, pk) -> Reception:
    return fetch_for_user(
        Reception.objects.select_related("station__region", "deputy", "day", "opinion__case", "logged_by"),
        user,
        pk,
        view=VIEW_RECEPTION,
        path_field="station__region__path",
    )


def activity_for(user, pk, action: str | None = None) -> Activity:
    return fetch_for_user(
        Activity.objects.select_related("station__region", "created_by"),
        user,
        pk,
        view=VIEW,
        path_field="station__region__path",
        action=action,
    )
