from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def is_station_liaison(user, station) -> bool:
    return station.liaisons.filter(pk=user.pk).exists()


_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])

declare(
    {
        "stations.view_station": grant(Role.STAFF, Role.LEADER, Role.ADMIN, Role.LIAISON, Role.DEPUTY),
        "stations.add_station": _KEEPERS,
        # A liaison keeps their own station's details (address, hours, deputies) up to date.
        "stations.change_station": (_KEEPERS, grant(Role.LIAISON, condition=is_station_liaison)),
        "stations.import_station": _KEEPERS,
        "stations.export_station": (_KEEPERS, grant(Role.LEADER)),
    }
)
