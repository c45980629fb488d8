"""建议办理台账 and 办理情况统计 at county-year scale on PostgreSQL. A harness, not a test: it
measures and prints.

Run from the repository root (PostgreSQL must be reachable):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_bench_docs \\
        .venv/bin/python bench/run_suggestion_reports.py

The database is created, migrated and seeded once with the demo county (``seed_demo --scale
county --if-empty``); the county congress's current term is given BENCH_DEPUTIES (default
1,900) serving deputies; then, once, BENCH_SUGGESTIONS (default 15,000) accepted suggestions of
the county congress for this year, led by those deputies, are bulk-written with their engine
rows (a bench fixture, not the services): every one assigned to a lead unit (a third also to
a co-handling unit), 70 % answered (A/B/C/D 40/30/20/10, B and C with a promise), 60 % rated,
the rated ones closed, half the promises confirmed. Then, in this process (no web server: the views are called
through RequestFactory as a county staff member, so the figures are the view's own work):

- the statistics page for the year and its Excel download (the same tables), with the number
  of queries, which must not depend on the number of suggestions;
- the ledger: every suggestion of the year as one Excel file, with the peak Python memory
  (tracemalloc) while writing it;
- the staff's 建议办理台账 list (first page, a deep page, a filter, a search) and the ledger's
  filter page, each requested BENCH_PAGE_REQUESTS times (default 40): median, p95 and queries.

Each is run BENCH_REPEAT times (default 3); the median and the fastest are printed.
Drop the database afterwards with ``dropdb lianxin_bench_docs`` (the harness does not).
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_web import Config, ensure_database, machine, manage, server_environment  # noqa: E402

TITLE_PREFIX = "【基准】"


def county_congress():
    """The demo county's congress: a county year is the scale the ledger and statistics serve."""
    from lianxin.congresses.models import Congress
    from lianxin.regions.models import Region

    return (
        Congress.objects.select_related("region")
        .filter(region__level=Region.Level.COUNTY)
        .order_by("pk")
        .first()
    )


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def ensure_deputies(wanted: int) -> int:
    """Give the county congress's current term ``wanted`` serving deputies, once (the demo county
    has a few hundred; the benchmark's suggestions come from 1,900)."""
    from lianxin.congresses.models import Term
    from lianxin.demo.identity import IdentityIssuer
    from lianxin.deputies.choices import Gender
    from lianxin.deputies.models import Deputy, Seat
    from lianxin.regions.models import Region

    congress = county_congress()
    term = Term.objects.filter(congress=congress).order_by("-start_date").first()
    missing = wanted - Seat.objects.filter(term=term).count()
    if missing <= 0:
        return 0
    rng = random.Random(11)
    issuer = IdentityIssuer(rng)
    townships = list(Region.objects.filter(parent=congress.region))
    deputies = []
    for n in range(missing):
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 30))
        female = n % 2 == 0
        deputies.append(
            Deputy(
                name=f"基准代表{n}",
                gender=Gender.FEMALE if female else Gender.MALE,
                birth_date=born,
                region=rng.choice(townships),
                phone=issuer.mobile(),
                id_number=issuer.id_number(area_code=congress.region.code, birth_date=born, female=female),
            )
        )
    Deputy.objects.bulk_create(deputies, batch_size=1000)
    Seat.objects.bulk_create([Seat(deputy=d, term=term) for d in deputies], batch_size=2000)
    return missing


def fill(count: int) -> int:
    """Bulk-write ``count`` handled suggestions of the county congress for this year, once."""
    from django.db import transaction
    from django.utils import timezone

    from lianxin.accounts.models import User
    from lianxin.casework.models import Assignment, Case, Promise, Rating, Reply
    from lianxin.deputies.models import Seat
    from lianxin.suggestions import config
    from lianxin.suggestions.models import Suggestion, SuggestionSigner
    from lianxin.units.models import HandlingUnit

    congress = county_congress()
    if Suggestion.objects.filter(congress=congress, title__startswith=TITLE_PREFIX).exists():
        return 0
    rng = random.Random(7)
    today = timezone.localdate()
    year = today.year
    term = congress.terms.order_by("-start_date").first()
    seats = list(Seat.objects.filter(term=term).values_list("deputy_id", "term_id"))
    units = list(
        HandlingUnit.objects.filter(region__path__startswith=congress.region.path).values_list(
            "pk", flat=True
        )
    )
    staff = User.objects.order_by("pk").first()
    categories = config.categories()
    start = datetime.datetime(year, 1, 5, 9, tzinfo=datetime.UTC)
    span = max((timezone.now() - start).days - 100, 1)
    with transaction.atomic():
        cases, suggestions = [], []
        for n in range(count):
            opened = start + datetime.timedelta(days=rng.randrange(span), minutes=rng.randrange(600))
            cases.append(
                Case(
                    source="suggestions",
                    title=f"{TITLE_PREFIX}{n}",
                    region=congress.region,
                    state=Case.State.ASSIGNED,
                    opened_at=opened,
                    due_date=(opened + datetime.timedelta(days=90)).date(),
                    cap_date=(opened + datetime.timedelta(days=180)).date(),
                )
            )
        Case.objects.bulk_create(cases, batch_size=2000)
        for n, case in enumerate(cases):
            deputy_id, term_id = rng.choice(seats)
            suggestions.append(
                Suggestion(
                    deputy_id=deputy_id,
                    congress=congress,
                    term_id=term_id,
                    region=congress.region,
                    title=case.title,
                    content="基准数据。" * 10,
                    category=rng.choice(categories),
                    status=Suggestion.Status.ACCEPTED,
                    submitted_at=case.opened_at - datetime.timedelta(days=2),
                    year=year,
                    number=100000 + n,
                    case=case,
                    created_by=staff,
                )
            )
        Suggestion.objects.bulk_create(suggestions, batch_size=2000)
        SuggestionSigner.objects.bulk_create(
            [SuggestionSigner(suggestion=s, deputy_id=s.deputy_id, is_lead=True) for s in suggestions],
            batch_size=5000,
        )
        assignments, leads = [], []
        for case in cases:
            lead_unit, co_unit = rng.sample(units, 2)
            lead = Assignment(
                case=case,
                unit_id=lead_unit,
                kind=Assignment.Kind.LEAD,
                state=Assignment.State.SIGNED,
                assigned_at=case.opened_at + datetime.timedelta(days=5),
                due_date=case.due_date,
                cap_date=case.cap_date,
                return_window_end=case.due_date,
            )
            assignments.append(lead)
            leads.append(lead)
            if rng.random() < 0.33:
                assignments.append(
                    Assignment(
                        case=case,
                        unit_id=co_unit,
                        kind=Assignment.Kind.CO,
                        state=Assignment.State.OPINION_GIVEN,
                        assigned_at=lead.assigned_at,
                        due_date=lead.assigned_at.date() + datetime.timedelta(days=30),
                        cap_date=case.cap_date,
                        return_window_end=case.due_date,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        replies, ratings, promises, closed = [], [], [], []
        for case, lead in zip(cases, leads, strict=True):
            if rng.random() >= 0.7:
                continue
            category = rng.choices("ABCD", weights=(40, 30, 20, 10))[0]
            replied_at = lead.assigned_at + datetime.timedelta(days=rng.randrange(20, 110))
            replies.append(
                Reply(
                    case=case,
                    assignment=lead,
                    round=1,
                    text="答复。",
                    category=category,
                    signed_off_by="局长",
                    replied_at=replied_at,
                    replied_by=staff,
                    shown_at=replied_at,
                )
            )
            case.state = Case.State.REPLIED
            if rng.random() < 0.6 / 0.7:
                value = rng.choices(["satisfied", "basically", "unsatisfied"], weights=(60, 30, 10))[0]
                ratings.append(
                    Rating(
                        case=case,
                        round=1,
                        rater=f"deputy:{case.pk}",
                        value=value,
                        attitude="satisfied",
                        rated_at=replied_at + datetime.timedelta(days=7),
                    )
                )
                case.state, case.closed_at = Case.State.CLOSED, replied_at + datetime.timedelta(days=7)
            closed.append(case)
        Reply.objects.bulk_create(replies, batch_size=5000)
        Rating.objects.bulk_create(ratings, batch_size=5000)
        for reply in replies:
            if reply.category in ("B", "C"):
                done = rng.random() < 0.5
                promises.append(
                    Promise(
                        case=reply.case,
                        reply=reply,
                        text="承诺事项。",
                        due_date=reply.replied_at.date() + datetime.timedelta(days=60),
                        state=Promise.State.CONFIRMED if done else Promise.State.OPEN,
                        confirmed_at=reply.replied_at + datetime.timedelta(days=50) if done else None,
                    )
                )
        Promise.objects.bulk_create(promises, batch_size=5000)
        Case.objects.bulk_update(closed, ["state", "closed_at"], batch_size=2000)
    return count


def timed(repeat: int, work) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def main() -> None:
    config = Config()
    count = env_int("BENCH_SUGGESTIONS", 15000)
    repeat = env_int("BENCH_REPEAT", 3)
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/lianxin_bench_docs")
    config.database_url = url
    env = server_environment(config, tempfile.mkdtemp(prefix="lianxin-bench-reports-"))
    ensure_database(url)
    print("migrating …")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    started = time.monotonic()
    manage(env, "seed_demo", "--scale", "county", "--if-empty")
    print(f"seed_demo step: {time.monotonic() - started:.0f} s")
    # Production settings hash static file names: the pages need the manifest.
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_htmx.middleware import HtmxDetails

    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role, WorkingBody
    from lianxin.suggestions import report_views, views
    from lianxin.suggestions.models import Suggestion

    started = time.monotonic()
    added = ensure_deputies(env_int("BENCH_DEPUTIES", 1900))
    made = fill(count)
    print(f"added {added} deputies")
    print(f"bulk-wrote {made} suggestions in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    congress = county_congress()
    user, _created = User.objects.get_or_create(username="bench_reports", defaults={"name": "基准工委"})
    Membership.objects.get_or_create(
        user=user,
        role=Role.STAFF,
        region=congress.region,
        defaults={"working_body": WorkingBody.DEPUTY_AFFAIRS},
    )
    user = User.objects.get(pk=user.pk)
    year = timezone.localdate().year
    rows_in_year = Suggestion.objects.filter(congress=congress, year=year).count()
    factory = RequestFactory()

    def call(view, query):
        request = factory.get("/", query, secure=True)
        request.user = user
        request.session = {}  # no middleware here: the pages read the chosen role from it
        request.htmx = HtmxDetails(request)
        response = view(request)
        assert response.status_code == 200, response.status_code
        return response

    results = []
    stats_query = {"congress": congress.pk, "year": year, "period": "yearend"}
    for label, view, query in (
        ("statistics page (year)", report_views.statistics_view, stats_query),
        ("statistics page (mid-year)", report_views.statistics_view, {**stats_query, "period": "midyear"}),
        ("statistics Excel (year)", report_views.statistics_view, {**stats_query, "format": "xlsx"}),
        (
            "ledger Excel (all of the year)",
            report_views.ledger_view,
            {"congress": congress.pk, "year": year, "format": "xlsx"},
        ),
    ):
        with CaptureQueriesContext(connection) as captured:
            call(view, query)
        queries = len(captured.captured_queries)
        median, fastest, response = timed(repeat, lambda view=view, query=query: call(view, query))
        # Memory in a separate run: tracing slows Python several times over.
        tracemalloc.start()
        call(view, query)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results.append((label, median, fastest, queries, len(response.content), peak))
        print(f"{label:34} median {median:6.2f} s  fastest {fastest:6.2f} s  {queries} queries", flush=True)
    # The staff's 建议办理台账 list (priority first, 25 a page) and the ledger's filter page, as a
    # person opens them: each BENCH_PAGE_REQUESTS times, one after another.
    pages = env_int("BENCH_PAGE_REQUESTS", 40)
    list_view = views.SuggestionListView.as_view()
    page_results = []
    for label, view, query in (
        ("staff ledger list, page 1", list_view, {}),
        ("staff ledger list, page 300", list_view, {"page": 300}),
        ("staff ledger list, status filter", list_view, {"status": Suggestion.Status.ACCEPTED}),
        ("staff ledger list, search a deputy", list_view, {"q": "基准代表12"}),
        ("ledger filter page (count)", report_views.ledger_view, {"congress": congress.pk, "year": year}),
    ):
        with CaptureQueriesContext(connection) as captured:
            call(view, query)
        times = []
        for _ in range(pages):
            started = time.perf_counter()
            call(view, query)
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[18]
        page_results.append(
            (label, statistics.median(times), p95, max(times), len(captured.captured_queries))
        )
        print(f"{label:34} median {statistics.median(times):6.0f} ms  p95 {p95:6.0f} ms", flush=True)
    deputies = Suggestion.objects.filter(congress=congress, year=year).values("deputy").distinct().count()
    facts = machine()
    print(
        f"\n{rows_in_year} suggestions of {congress.name} in {year} from {deputies} deputies; repeat {repeat}"
    )
    print(f"load before {facts['load_before']}; {facts['cpu']}, {facts['cores']} cores, {facts['memory']}")
    print("\n| what | median s | fastest s | queries | bytes | peak Python memory MiB |")
    print("|---|--:|--:|--:|--:|--:|")
    for label, median, fastest, queries, size, peak in results:
        print(f"| {label} | {median:.2f} | {fastest:.2f} | {queries} | {size:,} | {peak / 1024 / 1024:.0f} |")
    print(f"\n| page ({pages} requests) | median ms | p95 ms | max ms | queries |")
    print("|---|--:|--:|--:|--:|")
    for label, median, p95, slowest, queries in page_results:
        print(f"| {label} | {median:.0f} | {p95:.0f} | {slowest:.0f} | {queries} |")


if __name__ == "__main__":
    main()
