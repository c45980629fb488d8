"""SQL queries of the 回音壁 pages with 10 and with 1,000 published opinions: a count that grows is an N+1.

A harness, not a test. Run from the repository root:

    .venv/bin/python bench/opinions_query_counts.py
    DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_wall_bench \
        .venv/bin/python bench/opinions_query_counts.py

Like bench/query_counts.py (whose county and accounts it reuses) it works in a throw-away test
database. It gives the county N published opinions, each with a case, a lead unit's
assignment, a reply and a rating, plus N answered opinions waiting for publication, and counts
the queries of the public list (plain, filtered, a later page), an entry, the figures (cache
emptied first) and the staff's list of candidates.
"""

import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.query_counts import SIZES, County, setup  # noqa: E402


def grow(county: County, n: int) -> None:
    from django.utils import timezone

    from lianxin.casework.models import Assignment, Case, Rating, Reply
    from lianxin.opinions.models import Category, Opinion
    from lianxin.units.models import HandlingUnit

    category = Category.objects.order_by("pk").first()
    unit = HandlingUnit.objects.order_by("pk").first() or HandlingUnit.objects.create(
        name="县交通运输局", kind=HandlingUnit.Kind.DEPARTMENT, region=county.county
    )
    staff = county.accounts["gongwei"]
    now = timezone.now()
    for published in (True, False):
        have = Opinion.objects.filter(published_at__isnull=not published).count()
        missing = n - have
        if missing <= 0:
            continue
        state = Case.State.CLOSED if published else Case.State.REPLIED
        cases = Case.objects.bulk_create(
            [
                Case(source="opinions", title=f"路灯{i}", region=county.township, state=state)
                for i in range(missing)
            ]
        )
        due = (now + datetime.timedelta(days=10)).date()
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(
                    case=c, unit=unit, kind="lead", state="replied", due_date=due, cap_date=due,
                    return_window_end=due, assigned_by=staff,
                )
                for c in cases
            ]
        )  # fmt: skip
        Reply.objects.bulk_create(
            [
                Reply(
                    case=a.case,
                    assignment=a,
                    round=1,
                    text="已修复。",
                    category="已解决",
                    replied_by=staff,
                    shown_at=now,
                )
                for a in assignments
            ]
        )
        Rating.objects.bulk_create(
            [Rating(case=c, round=1, rater=f"opinion:x{c.pk}", value="satisfied") for c in cases]
        )
        public = (
            {
                "published_at": now,
                "published_by": staff,
                "public_content": "路灯不亮。",
                "public_reply": "已修复。",
            }
            if published
            else {}
        )
        Opinion.objects.bulk_create(
            [
                Opinion(
                    channel="web", title=f"路灯{i}", content="路灯不亮。", region=county.township,
                    category=category, submitter_phone="13812345678", submitter_name="张三",
                    status="accepted", case=c, public_title=f"路灯{i}" if published else "", **public,
                )
                for i, c in enumerate(cases)
            ]
        )  # fmt: skip


def pages(county: County) -> list[tuple[str, str, str | None]]:
    from lianxin.opinions.models import Category, Opinion

    newest = Opinion.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk").first()
    tenth = Opinion.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")[9]
    category = Category.objects.order_by("pk").first()
    cursor = f"{tenth.published_at.isoformat()}~{tenth.pk}".replace("+", "%2B")
    return [
        ("回音壁列表", "/huiyinbi/", None),
        ("回音壁列表（地区+分类）", f"/huiyinbi/?region={county.county.code}&category={category.pk}", None),
        ("回音壁列表（下一页）", f"/huiyinbi/?before={cursor}", None),
        ("回音壁详情", f"/huiyinbi/{newest.pk}/", None),
        ("回音壁统计", "/huiyinbi/stats/", None),
        ("待公开列表", "/office/huiyinbi/", "gongwei"),
    ]


def main() -> None:
    old_name = setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    county = County()
    counts: dict[str, list[int]] = {}
    for size in SIZES:
        grow(county, size)
        for label, path, account in pages(county):
            client = Client()
            if account:
                client.force_login(county.accounts[account])
            client.get(path)  # warm: sessions, content types, the calendar
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{label}: HTTP {response.status_code}")
            counts.setdefault(label, []).append(len(queries))
    print("| page | " + " | ".join(f"{size} rows" for size in SIZES) + " |")
    print("|---|" + "--:|" * len(SIZES))
    grew = False
    for label, found in counts.items():
        print(f"| {label} | " + " | ".join(str(n) for n in found) + " |")
        grew = grew or len(set(found)) > 1
    connection.creation.destroy_test_db(old_name, verbosity=0)
    if grew:
        sys.exit("a query count grew with the rows")


if __name__ == "__main__":
    main()
