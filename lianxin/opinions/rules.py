from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def is_station_liaison(user, opinion) -> bool:
    """The liaison of the station the opinion came through, or of a station where the deputy it
    was brought to (by their 代表码) is stationed: the liaison registers what deputies receive."""
    stations = user.liaison_stations.all()
    if opinion.station_id is not None:
        return stations.filter(pk=opinion.station_id).exists()
    return opinion.deputy_id is not None and stations.filter(deputies=opinion.deputy_id).exists()


def is_opinions_deputy(user, opinion) -> bool:
    # The deputy the opinion was brought to (by their 代表码 or at their reception) answers it.
    return opinion.deputy_id is not None and opinion.deputy.user_id == user.pk


_STAFF = grant(Role.STAFF)

declare(
    {
        # Staff and leaders see every opinion in scope; a liaison sees those of their own station,
        # a deputy those brought to them.
        "opinions.view_opinion": (
            _STAFF,
            grant(Role.LEADER),
            grant(Role.LIAISON, condition=is_station_liaison),
            grant(Role.DEPUTY, condition=is_opinions_deputy),
        ),
        # 登记受理: accept, refuse, merge, route.
        "opinions.handle_opinion": (_STAFF, grant(Role.LIAISON, condition=is_station_liaison)),
        # Entering what was received at a station, by phone, by letter or from a grid worker.
        "opinions.enter_opinion": (_STAFF, grant(Role.LIAISON)),
        # Turning an opinion into a deputy's suggestion takes it out of the opinions' own
        # handling (its case is withdrawn), which only the congress's offices may do.
        "opinions.convert_opinion": _STAFF,
        "opinions.publish_opinion": _STAFF,
        "opinions.export_opinion": (_STAFF, grant(Role.LEADER)),
        "opinions.reveal_opinion": _STAFF,
        "opinions.manage_category": (
            grant(Role.ADMIN),
            grant(Role.STAFF, working_bodies=[WorkingBody.OFFICE]),
        ),
    }
)
