"""Who is told about a case: the units' clerks, the staff who decide, the submitters."""

from lianxin.accounts.models import Membership, User
from lianxin.accounts.permissions import user_holds
from lianxin.accounts.roles import Role
from lianxin.casework.models import Assignment, Case

DECIDE = "casework.assign_case"


def clerks(unit) -> list[User]:
    return list(User.objects.filter(handling_units=unit, is_active=True).order_by("pk"))


def _covering_paths(path: str) -> list[str]:
    """ "/99/9901/990101/" -> ["/99/", "/99/9901/", "/99/9901/990101/"]."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: depth + 1]) + "/" for depth in range(len(codes))]


def deciders(case: Case) -> list[User]:
    """Staff who may assign the case and decide its requests, at the level nearest to it.

    Staff of a city or province hold the same permission over every county below them; they
    are told only when no office nearer to the case can decide it.
    """
    memberships = (
        Membership.objects.filter(
            role=Role.STAFF,
            is_active=True,
            user__is_active=True,
            region__path__in=_covering_paths(case.region.path),
        )
        .select_related("user", "region")
        .order_by("pk")
    )
    by_depth: dict[int, dict[int, User]] = {}
    for membership in memberships:
        by_depth.setdefault(len(membership.region.path), {})[membership.user_id] = membership.user
    for depth in sorted(by_depth, reverse=True):
        users = [user for user in by_depth[depth].values() if user_holds(user, DECIDE, case)]
        if users:
            return users
    return []


def assigners(case: Case, assignments) -> list[User]:
    """Whoever assigned these, if they may still decide the case; else the nearest deciders."""
    people = {}
    for assignment in assignments:
        user = assignment.assigned_by
        if user is not None and user_holds(user, DECIDE, case):
            people[user.pk] = user
    return list(people.values()) or deciders(case)


def answering(case: Case, round_: int) -> list[Assignment]:
    """The units that answered in a round (lead or separate), for ratings and closure."""
    return list(
        case.assignments.filter(
            round=round_, kind__in=Assignment.ANSWERING, state=Assignment.State.REPLIED
        ).select_related("unit", "assigned_by")
    )


def direct_answerer(case: Case, round_: int):
    """Who answered a case directly (a deputy, a liaison…) in a round, if nobody was assigned."""
    reply = case.replies.filter(round=round_, assignment=None).select_related("replied_by").last()
    return reply.replied_by if reply is not None else None
