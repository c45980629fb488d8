"""Deadlines and wording of the handling engine, per source module.

A source (opinions, suggestions, …) registers defaults in code; a deployment may change the
numbers per source in ``LIANXIN_CASEWORK_POLICIES`` (settings), e.g.
``{"opinions": {"reply": {"workdays": 10}}}``. Transitions are not configurable.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lianxin import calendar


@dataclass(frozen=True)
class Period:
    days: int | None = None
    workdays: int | None = None
    months: int | None = None

    def __post_init__(self):
        given = [v for v in (self.days, self.workdays, self.months) if v is not None]
        if len(given) != 1 or given[0] < 0:
            raise ValueError("a period is exactly one of days, workdays or months, not negative")

    def end(self, start: datetime.date) -> datetime.date:
        return calendar.due_date(start, days=self.days, workdays=self.workdays, months=self.months)

    def __str__(self) -> str:
        if self.days is not None:
            return _("%(n)d 日") % {"n": self.days}
        if self.workdays is not None:
            return _("%(n)d 个工作日") % {"n": self.workdays}
        return _("%(n)d 个月") % {"n": self.months}


@dataclass(frozen=True)
class Policy:
    reply: Period  # answer due, counted from assignment
    cap: Period  # no due date may pass this, counted from assignment (extensions included)
    co_opinion: Period  # co-handling units' opinions to the lead unit
    return_window: Period  # a unit may ask to send an item back within this
    rating_window: Period  # the submitter may rate within this, counted from the reply
    rehandle: Period  # new due date after an unsatisfied rating
    categories: tuple[str, ...] = ()  # reply categories (A/B/C/D, 已解决/…)
    state_labels: dict = field(default_factory=dict)  # Case.State value -> Chinese name for this source
    # Replies in these categories must list their promises with dates (承诺事项: 答复型 → 落实型).
    promise_categories: tuple[str, ...] = ()
    # The submitter rates 办理态度 as well as 办理结果 (two ratings per round).
    rate_attitude: bool = False
    # The unit must talk to the submitter before replying (代表法 第51条): a reply without any logged
    # contact is warned about, and the first contact is due within this period of assignment.
    first_contact: Period | None = None
    # A reply must carry the signed and sealed letter (盖章答复件) as a PDF.
    letter_required: bool = False


def _period(value) -> Period:
    return value if isinstance(value, Period) else Period(**value)


def effective(source_key: str, defaults: Policy) -> Policy:
    overrides = getattr(settings, "LIANXIN_CASEWORK_POLICIES", {}).get(source_key, {})
    changes = {}
    for name, value in overrides.items():
        if name in {"categories", "promise_categories"}:
            changes[name] = tuple(value)
        elif name in {"rate_attitude", "letter_required"}:
            changes[name] = bool(value)
        elif name == "state_labels":
            changes[name] = {**defaults.state_labels, **value}
        else:
            changes[name] = _period(value)
    return replace(defaults, **changes)
