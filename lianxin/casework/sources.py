"""Source modules hand their items to the engine; the engine knows them only through this.

A source says who may answer an item directly (a deputy, a liaison…), who may rate it (the
citizen, the deputy…), how many ratings close a round, and its policy. The engine never
imports a source module.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from lianxin.casework.policy import Policy, effective


@dataclass(frozen=True)
class Contact:
    """Someone to tell about a case: an account, or a phone number for people without one."""

    user: object | None = None
    phone: object | None = None  # a PersonalValue
    name: str = ""


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    policy: Policy
    # (actor, case) -> bool
    can_answer: Callable = lambda actor, case: False
    # (actor, case) -> str | None: who is rating (a stable label such as "opinion:12"), or None if not allowed
    rater_for: Callable = lambda actor, case: None
    # case -> set of rater labels expected each round; the round closes when all have rated
    raters: Callable = lambda case: set()
    # case -> [Contact]: who raised the item and is told of extensions, replies and closure
    submitters: Callable = field(default=lambda case: [])
    # case -> str: where staff open the item (the source's own page)
    office_url: Callable = field(default=lambda case: "")
    # case -> [(label, value)]: what a unit needs to handle the item (its content, place…), shown
    # on the engine's case page to staff and to the units it was assigned to. Never the
    # submitter's phone or, when they asked, their name.
    facts: Callable = field(default=lambda case: [])
    # (actor, case) -> bool: who besides staff may withdraw the item (the source checks consent)
    can_withdraw: Callable = field(default=lambda actor, case: False)

    @property
    def effective_policy(self) -> Policy:
        return effective(self.key, self.policy)


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    _REGISTRY[source.key] = source
    return source


def get(key: str) -> Source:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"no casework source {key!r} is registered") from None


def registered() -> list[Source]:
    return list(_REGISTRY.values())
