"""What the ledger and the statistics need to know about each suggestion's handling, read in a
fixed number of queries per batch of suggestions (never one query per row).

``facts(queryset, until=…)`` reads the engine's rows as they stood at ``until`` (a reply,
rating, confirmation or closing after it has not happened yet), so a mid-year report made in
August still says what was true on 30 June. ``until=None`` is now.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from lianxin.casework.models import Assignment, Case, Promise, Rating, Reply
from lianxin.deputies.models import Seat

BATCH = 2000
SATISFIED = (Rating.Value.SATISFIED, Rating.Value.BASICALLY)


@dataclass
class Facts:
    pk: int
    year: int | None
    number: int | None
    title: str
    status: str
    deputy: str
    delegation: str
    category: str
    priority: bool
    case_state: str = ""
    accepted_on: datetime.date | None = None
    due_date: datetime.date | None = None
    closed: bool = False
    lead_units: list = field(default_factory=list)  # (unit id, name): lead or separate (分办)
    co_units: list = field(default_factory=list)
    assigned_on: datetime.date | None = None
    first_reply_on: datetime.date | None = None
    first_reply_due: datetime.date | None = None
    reply_category: str = ""
    attitude: str = ""
    result: str = ""
    promises_open: int = 0
    promises_done: int = 0

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}号" if self.number is not None else ""

    @property
    def assigned(self) -> bool:
        return self.assigned_on is not None

    @property
    def replied(self) -> bool:
        return self.first_reply_on is not None

    @property
    def on_time(self) -> bool | None:
        """First reply by its assignment's due date (extensions included); None before a reply."""
        if not self.replied:
            return None
        due = self.first_reply_due or self.due_date
        return due is None or self.first_reply_on <= due

    @property
    def rated(self) -> bool:
        return bool(self.result)

    @property
    def satisfied(self) -> bool:
        return self.result in SATISFIED

    @property
    def solved(self) -> bool:
        """办成, as ``outcomes.outcome`` says: closed, and every promise confirmed done, or — with
        no promises — the last reply was A."""
        if not self.closed:
            return False
        if self.promises_open or self.promises_done:
            return self.promises_open == 0
        return self.reply_category == "A"


def _by(moment, until) -> bool:
    """It happened, and by ``until`` (None: by now)."""
    return moment is not None and (until is None or moment <= until)


def _day(value, zone=None):
    # The zone is looked up once per batch by callers with many rows: the lookup is not free.
    return value.astimezone(zone or timezone.get_current_timezone()).date() if value is not None else None


def facts(queryset, *, until: datetime.datetime | None = None, batch: int | None = BATCH) -> Iterator[Facts]:
    """One Facts per suggestion of ``queryset`` (ordered by its number), batch by batch.

    ``batch=None`` reads them all at once, each table in one query joined to ``queryset`` as a
    subquery (no id lists to send): quicker for figures over one congress's year, while the
    ledger's batches keep a province-wide export's memory bounded.
    """
    if batch is None:
        yield from _batch(queryset.model, queryset.values("pk"), until, whole=queryset)
        return
    ids = list(queryset.order_by("year", "number", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        yield from _batch(queryset.model, ids[start : start + batch], until)


def _batch(model, ids, until, whole=None) -> list[Facts]:
    zone = timezone.get_current_timezone()
    rows = (
        model.objects.filter(pk__in=ids)
        .order_by("year", "number", "pk")
        .values_list(
            "pk",
            "year",
            "number",
            "title",
            "status",
            "deputy_id",
            "term_id",
            "deputy__name",
            "category",
            "priority__pk",
            "case_id",
            "case__state",
            "case__opened_at",
            "case__due_date",
            "case__closed_at",
        )
    )
    result, by_case, wanted_seats = [], {}, set()
    for (pk, year, number, title, status, deputy_id, term_id, deputy, category, prio, case_id, state,
         opened_at, due, closed_at) in rows:  # fmt: skip
        item = Facts(
            pk=pk,
            year=year,
            number=number,
            title=title,
            status=status,
            deputy=deputy,
            delegation="",
            category=category,
            priority=prio is not None,
            case_state=state or "",
            accepted_on=_day(opened_at, zone),
            due_date=due,
            closed=state == Case.State.CLOSED
            and (until is None or (closed_at is not None and closed_at <= until)),
        )
        item._seat = (deputy_id, term_id)
        wanted_seats.add((deputy_id, term_id))
        result.append(item)
        if case_id is not None:
            by_case[case_id] = item
    _delegations(result, wanted_seats)
    if not by_case:
        return result
    cases = list(by_case) if whole is None else whole.filter(case__isnull=False).values("case_id")
    _assignments(by_case, cases, until)
    _replies(by_case, cases, until)
    _ratings(by_case, cases, until)
    _promises(by_case, cases, until)
    return result


def _delegations(items, wanted):
    deputies = {d for d, _t in wanted}
    names = {}
    for deputy_id, term_id, name in Seat.objects.filter(
        deputy_id__in=deputies, delegation__isnull=False
    ).values_list("deputy_id", "term_id", "delegation__name"):
        names[(deputy_id, term_id)] = name
    for item in items:
        item.delegation = names.get(item._seat, "")


def _assignments(by_case, cases, until):
    zone = timezone.get_current_timezone()
    rows = Assignment.objects.filter(case_id__in=cases)
    if until is not None:
        rows = rows.filter(assigned_at__lte=until)
    seen = defaultdict(set)
    for case_id, kind, state, unit_id, unit, assigned_at in rows.order_by("assigned_at", "pk").values_list(
        "case_id", "kind", "state", "unit_id", "unit__name", "assigned_at"
    ):
        item = by_case[case_id]
        if item.assigned_on is None:
            item.assigned_on = _day(assigned_at, zone)
        # A unit that sent the item back is not one of its handlers; each unit is listed once.
        if state == Assignment.State.RETURNED or unit_id in seen[case_id]:
            continue
        seen[case_id].add(unit_id)
        (item.co_units if kind == Assignment.Kind.CO else item.lead_units).append((unit_id, unit))


def _replies(by_case, cases, until):
    zone = timezone.get_current_timezone()
    rows = Reply.objects.filter(case_id__in=cases)
    if until is not None:
        rows = rows.filter(replied_at__lte=until)
    for case_id, category, replied_at, due in rows.order_by("round", "replied_at", "pk").values_list(
        "case_id", "category", "replied_at", "assignment__due_date"
    ):
        item = by_case[case_id]
        if item.first_reply_on is None:
            item.first_reply_on, item.first_reply_due = _day(replied_at, zone), due
        item.reply_category = category  # the latest reply's, as rows come in order


def _ratings(by_case, cases, until):
    rows = Rating.objects.filter(case_id__in=cases)
    if until is not None:
        rows = rows.filter(rated_at__lte=until)
    for case_id, value, attitude in rows.order_by("round", "rated_at", "pk").values_list(
        "case_id", "value", "attitude"
    ):
        item = by_case[case_id]
        item.result, item.attitude = value, attitude


def _promises(by_case, cases, until):
    rows = Promise.objects.filter(case_id__in=cases)
    if until is not None:
        rows = rows.filter(reply__replied_at__lte=until)
    for case_id, state, confirmed_at in rows.values_list("case_id", "state", "confirmed_at"):
        item = by_case[case_id]
        done = state == Promise.State.CONFIRMED and (
            until is None or (confirmed_at and confirmed_at <= until)
        )
        if done:
            item.promises_done += 1
        else:
            item.promises_open += 1
