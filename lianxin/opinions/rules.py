from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def is_station_liaison(user, opinion) -> bool:
    return opinion.station_id is not None and opinion.station.liaisons.filter(pk=user.pk).exists()


_STAFF = grant(Role.STAFF)

declare(
    {
        # Staff and leaders see every opinion in scope; a liaison sees those of their own station.
        "opinions.view_opinion": (
            _STAFF,
            grant(Role.LEADER),
            grant(Role.LIAISON, condition=is_station_liaison),
        ),
        # 登记受理: accept, refuse, merge, route.
        "opinions.handle_opinion": (_STAFF, grant(Role.LIAISON, condition=is_station_liaison)),
        # Entering what was received at a station, by phone, by letter or from a grid worker.
        "opinions.enter_opinion": (_STAFF, grant(Role.LIAISON)),
        "opinions.publish_opinion": _STAFF,
        "opinions.export_opinion": (_STAFF, grant(Role.LEADER)),
        "opinions.reveal_opinion": _STAFF,
        "opinions.manage_category": (
            grant(Role.ADMIN),
            grant(Role.STAFF, working_bodies=[WorkingBody.OFFICE]),
        ),
    }
)
