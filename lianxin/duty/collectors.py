"""The duty record's collectors: one small function per source of activities.

Each collector reads its source and yields ``Fact``s; ``refresh`` makes the source's
``DutyActivity`` rows equal to them (insert new, update changed, delete gone), for every
deputy or for some. Adding a source (deputies' suggestions, station receptions) is one
function here and one line in ``SOURCES``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from lianxin.duty.models import Attendance, DutyActivity, Kind, Meeting, SelfReport, VoterReport


@dataclass(frozen=True)
class Fact:
    deputy_id: int
    kind: str
    occurred_on: datetime.date
    title: str
    source_key: str


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _only(queryset, deputy_ids, field: str = "deputy_id"):
    return queryset if deputy_ids is None else queryset.filter(**{f"{field}__in": deputy_ids})


def opinion_facts(deputy_ids=None) -> Iterable[Fact]:
    """Citizens' opinions brought to a deputy (代表码, receptions…), and those the deputy answered."""
    from lianxin.casework.models import Reply
    from lianxin.opinions.models import Opinion

    opinions = _only(Opinion.objects.filter(deputy__isnull=False), deputy_ids)
    for pk, deputy_id, title, submitted_at in opinions.values_list(
        "pk", "deputy_id", "title", "submitted_at"
    ):
        yield Fact(deputy_id, Kind.OPINION_RECEIVED, _local_date(submitted_at), title[:200], f"opinion:{pk}")
    # A direct answer is a reply without an assignment on an opinion routed to its deputy.
    answers = _only(
        Reply.objects.filter(
            assignment__isnull=True,
            case__opinion__route=Opinion.Route.DEPUTY,
            case__opinion__deputy__isnull=False,
        ),
        deputy_ids,
        "case__opinion__deputy_id",
    )
    for opinion_pk, deputy_id, title, first in (
        answers.values_list("case__opinion__pk", "case__opinion__deputy_id", "case__opinion__title")
        .annotate(first=Min("replied_at"))
        .order_by()
    ):
        yield Fact(deputy_id, Kind.OPINION_ANSWERED, _local_date(first), title[:200], f"answer:{opinion_pk}")


_ATTENDANCE_KINDS = {
    Attendance.Status.PRESENT: Kind.MEETING_ATTENDED,
    Attendance.Status.LEAVE: Kind.MEETING_LEAVE,
    Attendance.Status.ABSENT: Kind.MEETING_ABSENT,
}


def attendance_facts(deputy_ids=None) -> Iterable[Fact]:
    """Meetings attended (出席 / 列席), leave and absence; trainings attended."""
    rows = _only(Attendance.objects.exclude(status=Attendance.Status.EXPECTED), deputy_ids).values_list(
        "pk", "deputy_id", "status", "meeting__type", "meeting__title", "meeting__held_on"
    )
    for pk, deputy_id, status, meeting_type, title, held_on in rows:
        if meeting_type == Meeting.Type.TRAINING:
            if status != Attendance.Status.PRESENT:
                continue
            kind = Kind.TRAINING
        else:
            kind = _ATTENDANCE_KINDS[status]
        yield Fact(deputy_id, kind, held_on, title, f"attendance:{pk}")


def self_report_facts(deputy_ids=None) -> Iterable[Fact]:
    rows = _only(SelfReport.objects.filter(status=SelfReport.Status.APPROVED), deputy_ids).values_list(
        "pk", "deputy_id", "kind", "occurred_on", "title"
    )
    for pk, deputy_id, kind, occurred_on, title in rows:
        yield Fact(deputy_id, kind, occurred_on, title, f"self_report:{pk}")


def voter_report_facts(deputy_ids=None) -> Iterable[Fact]:
    for pk, deputy_id, held_on, place in _only(VoterReport.objects.all(), deputy_ids).values_list(
        "pk", "deputy_id", "held_on", "place"
    ):
        yield Fact(deputy_id, Kind.REPORT, held_on, f"在{place}向选民述职"[:200], f"voter_report:{pk}")


SOURCES: dict[str, Callable[..., Iterable[Fact]]] = {
    "opinions": opinion_facts,
    "attendance": attendance_facts,
    "self_reports": self_report_facts,
    "voter_reports": voter_report_facts,
}

_BATCH = 5000


@transaction.atomic
def refresh(source: str, *, deputy_ids=None) -> dict:
    """Make ``source``'s activity rows match what its collector finds now; returns the counts."""
    facts = {(f.deputy_id, f.source_key): f for f in SOURCES[source](deputy_ids)}
    existing = _only(DutyActivity.objects.filter(source=source), deputy_ids).values_list(
        "pk", "deputy_id", "source_key", "kind", "occurred_on", "title"
    )
    gone, changed, seen = [], [], set()
    for pk, deputy_id, key, kind, occurred_on, title in existing.iterator(chunk_size=_BATCH):
        fact = facts.get((deputy_id, key))
        if fact is None:
            gone.append(pk)
            continue
        seen.add((deputy_id, key))
        if (fact.kind, fact.occurred_on, fact.title) != (kind, occurred_on, title):
            changed.append(
                DutyActivity(
                    pk=pk,
                    kind=fact.kind,
                    occurred_on=fact.occurred_on,
                    year=fact.occurred_on.year,
                    title=fact.title,
                    collected_at=timezone.now(),
                )
            )
    for start in range(0, len(gone), _BATCH):
        DutyActivity.objects.filter(pk__in=gone[start : start + _BATCH]).delete()
    DutyActivity.objects.bulk_update(
        changed, ["kind", "occurred_on", "year", "title", "collected_at"], batch_size=_BATCH
    )
    now = timezone.now()
    DutyActivity.objects.bulk_create(
        (
            DutyActivity(
                deputy_id=f.deputy_id,
                kind=f.kind,
                occurred_on=f.occurred_on,
                year=f.occurred_on.year,
                title=f.title,
                source=source,
                source_key=f.source_key,
                collected_at=now,
            )
            for key, f in facts.items()
            if key not in seen
        ),
        batch_size=_BATCH,
    )
    return {"added": len(facts) - len(seen), "changed": len(changed), "removed": len(gone)}


def refresh_all(*, deputy_ids=None) -> dict:
    return {source: refresh(source, deputy_ids=deputy_ids) for source in SOURCES}
