"""What the engine tells the outside world after a transition has committed.

Listeners (the notifications app) register here; the engine calls them with ids only, after
the transaction commits, so a failing listener can never undo or half-do a transition.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction


@dataclass(frozen=True)
class Announcement:
    kind: str  # "assigned", "signed", "return_requested", "returned", "extension_requested", "extended",
    # "extension_refused", "co_opinion_given", "replied", "reply_shown", "reply_returned", "rated",
    # "reopened", "closed", "urged"
    case_id: int
    assignment_id: int | None = None
    data: dict = field(default_factory=dict)


_LISTENERS: list[Callable[[Announcement], None]] = []


def listen(listener: Callable[[Announcement], None]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def announce(announcement: Announcement) -> None:
    def deliver():
        for listener in list(_LISTENERS):
            listener(announcement)

    transaction.on_commit(deliver)
