from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def _station_of(obj):
    # Rota days, receptions and activities are judged by the station they belong to.
    return getattr(obj, "station", obj)


def is_station_liaison(user, obj) -> bool:
    return _station_of(obj).liaisons.filter(pk=user.pk).exists()


_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])
_LIAISON = grant(Role.LIAISON, condition=is_station_liaison)

declare(
    {
        "stations.view_station": grant(Role.STAFF, Role.LEADER, Role.ADMIN, Role.LIAISON, Role.DEPUTY),
        "stations.add_station": _KEEPERS,
        # A liaison keeps their own station's details (address, hours, deputies) up to date.
        "stations.change_station": (_KEEPERS, _LIAISON),
        "stations.import_station": _KEEPERS,
        "stations.export_station": (_KEEPERS, grant(Role.LEADER)),
        # 接待排班: the keepers of deputies' affairs, and each station's liaison for their own.
        "stations.manage_rota": (_KEEPERS, _LIAISON),
        # 接待登记: whoever may enter opinions at all (opinions.enter_opinion) for the station.
        "stations.view_reception": (grant(Role.STAFF, Role.LEADER), _LIAISON),
        "stations.log_reception": (grant(Role.STAFF), _LIAISON),
        "stations.manage_activity": (_KEEPERS, _LIAISON),
        # 台账 and 统计: the offices and leaders of the region; a liaison for their own station.
        "stations.export_ledger": (_KEEPERS, grant(Role.LEADER), _LIAISON),
        "stations.view_statistics": (grant(Role.STAFF, Role.LEADER), _LIAISON),
    }
)
