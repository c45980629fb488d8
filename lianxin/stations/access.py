from lianxin.accounts.access import fetch_for_user
from lianxin.stations.models import Station

VIEW = "stations.view_station"


def station_for(user, pk, action: str | None = None) -> Station:
    return fetch_for_user(
        Station.objects.select_related("region"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )
