from lianxin.accounts.access import fetch_for_user, in_scope
from lianxin.deputies.models import Deputy, Seat

VIEW = "deputies.view_deputy"


def deputies_for(user):
    return in_scope(Deputy.objects.all(), user, view=VIEW, path_field="region__path")


def deputy_for(user, pk, action: str | None = None) -> Deputy:
    return fetch_for_user(
        Deputy.objects.select_related("region", "user"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def deputy_for_reveal(user, pk) -> Deputy:
    return deputy_for(user, pk, action="deputies.reveal_deputy")


def seat_for(user, pk, action: str | None = None) -> Seat:
    return fetch_for_user(
        Seat.objects.select_related("deputy__region", "term__congress__region"),
        user,
        pk,
        view=VIEW,
        path_field="deputy__region__path",
        action=action,
    )
