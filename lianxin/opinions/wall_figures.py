"""The 回音壁's public figures: received, answered, answered on time, satisfaction.

Three grouped queries read the whole table once (a few seconds on two million opinions) and
give each county its counts; the site and any city or county are sums of those, so every
region filter is served from the one cached table. It is recomputed when ten minutes old by one
request while the others keep reading the previous table, so no visitor waits behind another and
the database never computes it twice at once.

Definitions (shown on the page): answered = accepted opinions whose case has been answered
(已答复, 办结 or handled again after a rating); on time = first-round replies that reached the
citizen on or before their unit's due date, out of all first-round replies that reached the
citizen (a direct answer without a unit counts as on time); satisfaction = 满意 + 基本满意 out of
all ratings. A reply the quality review holds counts from the day it is released: these are the
public's figures, so what counts is when the citizen had the answer (the unit's own timeliness,
by the day it replied, is in the office's statistics).
"""

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from lianxin.casework.models import Case, Rating, Reply
from lianxin.opinions.models import Opinion
from lianxin.regions.models import Region

FRESH_SECONDS = 600
KEEP_SECONDS = 7 * 24 * 3600
KEY = "opinions:wall-figures"
LOCK = "opinions:wall-figures:computing"
FIELDS = ("received", "answered", "replies", "on_time", "ratings", "content")
ANSWERED = (Case.State.REPLIED, Case.State.CLOSED, Case.State.REHANDLING)


def _county_of() -> dict[int, int]:
    """Every region's county (a region above county level counts as itself)."""
    paths = dict(Region.objects.values_list("pk", "path"))
    counties = {
        path: pk for pk, path in Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", "path")
    }
    result = {}
    for pk, path in paths.items():
        parts = path.strip("/").split("/")
        prefixes = ("/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
        result[pk] = next((counties[p] for p in prefixes if p in counties), pk)
    return result


def _add(table: dict, county: int, values: dict) -> None:
    row = table.setdefault(county, dict.fromkeys(FIELDS, 0))
    for field, value in values.items():
        row[field] += value


def compute() -> dict:
    """One pass per table. Replies and ratings group by their case's region, which is the
    opinion's (a case is opened in the opinion's region), sparing a join with two million rows."""
    county_of = _county_of()
    table: dict[int, dict] = {}
    cases = Case.objects.filter(source="opinions").order_by()
    groups = [
        (Opinion.objects.order_by().values("region_id").annotate(received=Count("pk")), "region_id"),
        (cases.filter(state__in=ANSWERED).values("region_id").annotate(answered=Count("pk")), "region_id"),
        (
            Reply.objects.filter(round=1, case__source="opinions", shown_at__isnull=False)
            .annotate(day=TruncDate("shown_at"))
            .order_by()
            .values("case__region_id")
            .annotate(
                replies=Count("pk"),
                on_time=Count("pk", filter=Q(assignment=None) | Q(day__lte=F("assignment__due_date"))),
            ),
            "case__region_id",
        ),
        (
            Rating.objects.filter(case__source="opinions")
            .order_by()
            .values("case__region_id")
            .annotate(
                ratings=Count("pk"),
                content=Count("pk", filter=Q(value__in=(Rating.Value.SATISFIED, Rating.Value.BASICALLY))),
            ),
            "case__region_id",
        ),
    ]
    for rows, region_key in groups:
        for row in rows:
            region = row.pop(region_key)
            _add(table, county_of.get(region, region), row)
    return {"counties": table, "computed_at": timezone.now()}


def table() -> dict:
    found = cache.get(KEY)
    if found is not None and (timezone.now() - found["computed_at"]).total_seconds() < FRESH_SECONDS:
        return found
    if found is not None and not cache.add(LOCK, True, 120):
        return found  # someone else is computing: the previous table will do for now
    try:
        return refresh()
    finally:
        cache.delete(LOCK)


def refresh() -> dict:
    """Compute the table now and keep it. Run every few minutes (manage.py refresh_wall_figures),
    it spares visitors the computation: on two million opinions it takes seconds."""
    fresh = compute()
    cache.set(KEY, fresh, KEEP_SECONDS)
    return fresh


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(region: Region | None = None) -> dict:
    current = table()
    if region is None:
        rows = current["counties"].values()
    else:
        inside = set(
            Region.objects.filter(path__startswith=region.path, level=Region.Level.COUNTY).values_list(
                "pk", flat=True
            )
        ) or {region.pk}
        rows = [row for county, row in current["counties"].items() if county in inside]
    total = dict.fromkeys(FIELDS, 0)
    for row in rows:
        for field in FIELDS:
            total[field] += row[field]
    return {
        "received": total["received"],
        "answered": total["answered"],
        "on_time_rate": round(100 * total["on_time"] / total["replies"], 1) if total["replies"] else None,
        "satisfaction_rate": round(100 * total["content"] / total["ratings"], 1)
        if total["ratings"]
        else None,
        "computed_at": current["computed_at"],
        "region": region,
    }
