from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody


def _station(obj):
    session = getattr(obj, "session", obj)
    return getattr(session, "station", session)


def is_station_liaison(user, obj) -> bool:
    """For a station, a session or a question: the user is one of the station's liaisons."""
    return _station(obj).liaisons.filter(pk=user.pk).exists()


def is_on_duty(user, obj) -> bool:
    """For a session or a question: the user is a deputy on duty in that session."""
    session = getattr(obj, "session", obj)
    return session.deputies.filter(user=user).exists()


_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])

declare(
    {
        "onlinestation.view_session": (
            _KEEPERS,
            grant(Role.LEADER),
            grant(Role.LIAISON, condition=is_station_liaison),
            grant(Role.DEPUTY, condition=is_on_duty),
        ),
        # Liaisons schedule their own station's sessions; the office schedules any.
        "onlinestation.manage_session": (_KEEPERS, grant(Role.LIAISON, condition=is_station_liaison)),
        "onlinestation.answer_question": grant(Role.DEPUTY, condition=is_on_duty),
        "onlinestation.reveal_question": _KEEPERS,
    }
)
