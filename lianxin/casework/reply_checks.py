"""Checks that may hold a unit's reply back from the submitter until staff have read it.

A module built on the engine (the quality review of replies to citizens' opinions) registers a
check for a source; the engine runs it inside the reply's own transaction, so a reply is never
visible to the submitter, even for a moment, before it has been checked. The engine cannot
import those modules (they build on it), hence a registry, as for sources.

A check returns the reason to hold the reply (shown to staff and to the unit), or "" to let it
through. A check that fails holds nothing: the analysis must never stop a unit from replying.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

_CHECKS: dict[str, Callable] = {}


def register(source: str, check: Callable) -> None:
    _CHECKS[source] = check


def unregister(source: str) -> None:
    _CHECKS.pop(source, None)


def hold_reason(reply) -> str:
    check = _CHECKS.get(reply.case.source)
    if check is None:
        return ""
    try:
        # A savepoint: a check that fails half-way leaves nothing of itself in the reply's
        # transaction, and the reply goes on as if no check were registered.
        with transaction.atomic():
            return check(reply) or ""
    except Exception:
        logger.exception("答复检查失败，答复照常送达：办理件 %s", reply.case_id)
        return ""
