"""The duty record at province scale: recomputing points and ranks, and the public profile under load.

A harness, not a test. Run from the repository root (see docs/performance.md):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_duty_bench \\
        .venv/bin/python bench/run_duty.py

It prepares the database as bench/run_web.py does (create, migrate, ``seed_demo --scale
province --if-empty``), then, once, gives every congress the demo's rule table and every
deputy BENCH_ACTIVITIES activities this year (PostgreSQL ``INSERT … SELECT``, source ``bench``,
so no collector rewrites them). Then:

1. ``recompute_duty_points --region <province>`` as staff would run it: collect every source,
   score and rank each congress in SQL; timed BENCH_ROUNDS times, with a count of serving seats;
2. publishes the current quarter (copying the totals), and starts gunicorn as run_web.py does;
3. BENCH_CLIENTS clients open public profiles (``/daibiao/<code>/``) of deputies picked at random,
   keep-alive, for BENCH_DURATION seconds; p50/p95/p99 — after the ping ceiling and the public
   home page, measured the same way in the same run, so that a busy machine shows as such.
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_web import (  # noqa: E402
    GUNICORN,
    HOST,
    Browser,
    Config,
    ensure_database,
    machine,
    manage,
    run_clients,
    server_environment,
    wait_until_up,
)

ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", 20))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
# Kinds the bench spreads over, about as often as a county's records show them.
KINDS = [
    "meeting_attended",
    "meeting_attended",
    "meeting_attended",
    "meeting_leave",
    "meeting_absent",
    "training",
    "reception",
    "reception",
    "opinion_received",
    "opinion_received",
    "opinion_answered",
    "inspection",
    "survey",
    "law_check",
    "suggestion_led",
    "suggestion_cosigned",
]


def fill(year: int) -> None:
    from django.db import connection

    from lianxin.duty.demo import RULES

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM duty_pointrule")
        if cursor.fetchone()[0] < 1000:
            print("rules for every congress …")
            cursor.execute("DELETE FROM duty_pointrule")
            # Our own constants, written out as SQL literals.
            values = ", ".join(
                f"('{kind}', {points}, {'NULL' if cap is None else cap}, {'TRUE' if evidence else 'FALSE'})"
                for kind, points, cap, evidence in RULES
            )
            cursor.execute(
                "INSERT INTO duty_pointrule "
                "(congress_id, kind, points, yearly_cap, requires_evidence, updated_at) "
                "SELECT c.id, r.kind, r.points, r.cap, r.evidence, now() FROM congresses_congress c "
                f"CROSS JOIN (VALUES {values}) AS r(kind, points, cap, evidence)"
            )
        cursor.execute("SELECT count(*) FROM duty_dutyactivity WHERE source = 'bench'")
        if cursor.fetchone()[0] == 0:
            started = time.monotonic()
            print(f"{ACTIVITIES} activities per deputy …")
            kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in KINDS) + "]"
            cursor.execute(
                "INSERT INTO duty_dutyactivity "
                "(deputy_id, kind, occurred_on, year, title, source, source_key, collected_at) "
                f"SELECT d.id, ({kinds})[1 + (abs(hashtext(d.id || ':' || g)) %% {len(KINDS)})], "
                "make_date(%s, 1, 1) + (abs(hashtext(g || '/' || d.id)) %% 300), %s, "
                "'基准测试活动', 'bench', "
                "d.id || ':' || g, now() - interval '1 day' "
                "FROM deputies_deputy d CROSS JOIN generate_series(1, %s) AS g",
                [year, year, ACTIVITIES],
            )
            cursor.execute("ANALYZE")
            print(f"  {time.monotonic() - started:.0f} s")


def main() -> None:
    config = Config()
    config.database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/lianxin_duty_bench"
    )
    var_dir = tempfile.mkdtemp(prefix="lianxin-bench-")
    env = server_environment(config, var_dir)
    ensure_database(config.database_url)
    print("migrating …")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    started = time.monotonic()
    manage(env, "seed_demo", "--scale", config.scale, "--if-empty")
    print(f"seed_demo step: {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v0")

    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    from lianxin.accounts.actor import Actor
    from lianxin.congresses.models import Congress
    from lianxin.deputies.models import Deputy, Seat
    from lianxin.duty import services
    from lianxin.duty.models import DutyActivity, Publication
    from lianxin.regions.models import Region

    year = timezone.localdate().year
    fill(year)
    province = Region.objects.get(level=Region.Level.PROVINCE)
    sizes = {
        "deputies": Deputy.objects.count(),
        "serving seats": Seat.objects.filter(status="serving").count(),
        "congresses": Congress.objects.count(),
        "activities": DutyActivity.objects.count(),
    }
    print(sizes)

    from lianxin.duty import collectors, scoring

    started = time.monotonic()
    collectors.refresh_all()
    collect = time.monotonic() - started
    congresses = list(Congress.objects.filter(region__path__startswith=province.path))
    started = time.monotonic()
    scoring.score_many(congresses=congresses, year=year)
    print(f"parts: collect every source {collect:.1f} s, score and rank {time.monotonic() - started:.1f} s")
    timings = []
    for _round in range(ROUNDS):
        started = time.monotonic()
        summary = services.recompute_region(actor=Actor.system(), region=province, year=year)
        timings.append(time.monotonic() - started)
        print(
            f"recompute: {timings[-1]:.1f} s ({summary['congresses']} congresses, {summary['seats']} seats)"
        )
    print(f"recompute median of {ROUNDS}: {statistics.median(timings):.1f} s")

    quarter = services.quarter_of(timezone.localdate())
    if not Publication.objects.filter(year=year, quarter=quarter).exists():
        started = time.monotonic()
        for congress in Congress.objects.all():
            services.publish_points(actor=Actor.system(), congress=congress, year=year, quarter=quarter)
        print(f"publish all congresses: {time.monotonic() - started:.1f} s")

    codes = list(
        Deputy.objects.filter(seats__status="serving").values_list("public_code", flat=True).distinct()
    )
    facts = machine()
    connections.close_all()

    command = [
        GUNICORN,
        "lianxin.wsgi:application",
        "--workers",
        str(config.workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{config.port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(config.port, server)
        status, _headers, body = Browser(config.port).request("GET", f"/daibiao/{codes[0]}/")
        if status != 200 or "履职积分".encode() not in body:
            raise RuntimeError(f"profile: HTTP {status}")

        def profiles():
            browser = Browser(config.port)
            rng = random.Random()
            return lambda: browser.request("GET", f"/daibiao/{rng.choice(codes)}/")[0] == 200

        def fixed(path):
            def new_client():
                browser = Browser(config.port)
                return lambda: browser.request("GET", path)[0] == 200

            return new_client

        # The ceiling and the public home page, measured in the same run for comparison.
        for label, new_client in (
            ("ping (ceiling)", fixed("/bench/ping/")),
            ("home: anonymous", fixed("/")),
            ("public profile (random deputy)", profiles),
        ):
            latencies, errors = run_clients(config, new_client)
            lat = sorted(latencies)

            def pct(p: float, lat=lat) -> float:
                return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000

            print(
                f"{label}: {len(lat)} requests, {len(lat) / config.duration:.1f} req/s, "
                f"p50 {pct(50):.0f} ms, p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms, errors {errors}"
            )
        print(facts)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
