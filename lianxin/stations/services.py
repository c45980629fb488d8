from lianxin.accounts.actor import Actor
from lianxin.audit.writes import create_recorded, update_recorded
from lianxin.stations.models import Station


def station_create(*, actor: Actor, values: dict) -> Station:
    return create_recorded(Station, actor=actor, action="stations.station.created", values=values)


def station_update(*, actor: Actor, station: Station, values: dict) -> Station:
    return update_recorded(station, actor=actor, action="stations.station.updated", values=values)
