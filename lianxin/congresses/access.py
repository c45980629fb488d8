"""Fetching congresses and what is organised in their terms.

Terms, sessions, delegations, groups and constituencies are reached through their congress:
whoever may see or keep the congress may see or keep them, whatever township a
constituency lies in.
"""

from lianxin.accounts.access import fetch_for_user
from lianxin.congresses.models import Congress, Session, Term

VIEW = "congresses.view_congress"
CHANGE = "congresses.change_congress"


def congress_for(user, pk, action: str | None = None) -> Congress:
    return fetch_for_user(
        Congress.objects.select_related("region"),
        user,
        pk,
        view=VIEW,
        path_field="region__path",
        action=action,
    )


def term_for(user, pk, action: str | None = None) -> Term:
    return fetch_for_user(
        Term.objects.select_related("congress__region"),
        user,
        pk,
        view=VIEW,
        path_field="congress__region__path",
        action=action,
    )


def session_for(user, pk, action: str | None = None) -> Session:
    return fetch_for_user(
        Session.objects.select_related("term__congress__region"),
        user,
        pk,
        view=VIEW,
        path_field="term__congress__region__path",
        action=action,
    )


def term_part_for(model, user, pk, action: str | None = None):
    """A delegation, deputies' group or constituency (``model``) of a congress the user may see."""
    return fetch_for_user(
        model.objects.select_related("term__congress__region", "region"),
        user,
        pk,
        view=VIEW,
        path_field="term__congress__region__path",
        action=action,
    )
