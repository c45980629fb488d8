from django.db.models import Q, QuerySet

from lianxin.accounts.access import fetch_for_user
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.onlinestation.models import Question, Session

VIEW = "onlinestation.view_session"
MANAGE = "onlinestation.manage_session"
ANSWER = "onlinestation.answer_question"
REVEAL = "onlinestation.reveal_question"


def sessions_for_list(user) -> QuerySet:
    """The sessions a user's list shows: the scope, narrowed for liaisons and deputies to their own."""
    sessions = Session.objects.filter(scope_filter(user, VIEW, "station__region__path"))
    roles = {m.role for m in user.active_memberships()}
    if roles <= {Role.LIAISON, Role.DEPUTY}:
        sessions = sessions.filter(Q(station__liaisons=user) | Q(deputies__user=user)).distinct()
    return sessions.select_related("station__region")


def session_for(user, pk, action: str | None = None) -> Session:
    return fetch_for_user(
        Session.objects.select_related("station__region"),
        user,
        pk,
        view=VIEW,
        path_field="station__region__path",
        action=action,
    )


def question_for(user, pk, action: str | None = None) -> Question:
    return fetch_for_user(
        Question.objects.select_related("session__station__region"),
        user,
        pk,
        view=VIEW,
        path_field="session__station__region__path",
        action=action,
    )


def question_for_reveal(user, pk) -> Question:
    return question_for(user, pk, action=REVEAL)
