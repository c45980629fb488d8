from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def _station_of(obj):
    return getattr(obj, "station", obj)


def is_station_liaison(user, obj) -> bool:
    """For a station or an application: the user is one of the station's liaisons."""
    # all(): a list that prefetched the stations' liaisons asks no query per row.
    return any(liaison.pk == user.pk for liaison in _station_of(obj).liaisons.all())


def is_assessor(user, application) -> bool:
    # Remembered on the round: a round's page asks this for every application it lists.
    round_ = application.round
    if not hasattr(round_, "assessor_ids"):
        round_.assessor_ids = set(round_.assessors.values_list("pk", flat=True))
    return user.pk in round_.assessor_ids


_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])
# Assessors are chosen per round among staff, leaders and deputies.
_ASSESSORS = grant(Role.STAFF, Role.LEADER, Role.DEPUTY, condition=is_assessor)

declare(
    {
        "stationrating.view_template": (_KEEPERS, grant(Role.LEADER)),
        "stationrating.manage_template": _KEEPERS,
        "stationrating.view_round": grant(Role.STAFF, Role.LEADER, Role.LIAISON, Role.DEPUTY),
        "stationrating.manage_round": _KEEPERS,
        "stationrating.apply_rating": grant(Role.LIAISON, condition=is_station_liaison),
        "stationrating.view_application": (
            _KEEPERS,
            grant(Role.LEADER),
            grant(Role.LIAISON, condition=is_station_liaison),
            _ASSESSORS,
        ),
        "stationrating.score_application": _ASSESSORS,
    }
)
