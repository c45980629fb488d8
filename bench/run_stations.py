"""Load test of the public station finder (找代表联络站, /zhandian/) and a station's page on
province-scale data. A harness, not a test: it measures and prints.

Run from the repository root (PostgreSQL must be reachable):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_bench .venv/bin/python bench/run_stations.py

Serving and measuring are bench/run_web.py's: the database is created, migrated and seeded once
(``seed_demo --scale province --if-empty``), gunicorn runs with production settings and
(2 × cores + 1) sync workers, BENCH_CLIENTS concurrent keep-alive clients request each page
for BENCH_DURATION seconds after BENCH_WARMUP seconds; p50/p95/p99 per endpoint. The same
environment variables apply (BENCH_ONLY, BENCH_JSON, …).

The demo plans 接待日 in its first county only; before measuring, the harness gives every
station in the province with a monthly rule in its opening hours that rule and, once, the
coming three months' 接待日 with two deputies on duty (bulk-written: a bench fixture, not
the rota service), so that every finder row looks up a real next 接待日.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_web import (  # noqa: E402
    GUNICORN,
    HOST,
    Browser,
    Config,
    drive,
    ensure_database,
    machine,
    manage,
    print_table,
    server_environment,
    wait_until_up,
)

_MONTHLY = re.compile(r"每月(\d{1,2})日")


def plan_every_station() -> int:
    """Each station's rule from its opening hours, and three months of 接待日 where none is planned."""
    from django.db import transaction
    from django.utils import timezone

    from lianxin.stations import rota
    from lianxin.stations.models import ReceptionDay, Station

    today = timezone.localdate()
    with transaction.atomic():
        stations = list(Station.objects.filter(reception_day_of_month__isnull=True))
        for station in stations:
            found = _MONTHLY.search(station.opening_hours)
            station.reception_day_of_month = int(found.group(1)) if found else 15
        Station.objects.bulk_update(stations, ["reception_day_of_month"], batch_size=2000)
        planned = set(ReceptionDay.objects.filter(date__gte=today).values_list("station_id", flat=True))
        deputies: dict[int, list[int]] = {}
        for station_id, deputy_id in Station.deputies.through.objects.values_list("station_id", "deputy_id"):
            deputies.setdefault(station_id, []).append(deputy_id)
        days = []
        for station in Station.objects.exclude(pk__in=planned).only("pk", "reception_day_of_month"):
            for date in rota.planned_dates(station.reception_day_of_month, start=today, months=3):
                days.append(ReceptionDay(station_id=station.pk, date=date, hours="9:00–11:30"))
        made = ReceptionDay.objects.bulk_create(days, batch_size=5000)
        duty = ReceptionDay.on_duty.through
        rows = [
            duty(receptionday_id=day.pk, deputy_id=deputy_id)
            for day in made
            for deputy_id in deputies.get(day.station_id, [])[:2]
        ]
        duty.objects.bulk_create(rows, batch_size=5000)
    return len(made)


def facts() -> dict:
    from lianxin.regions.models import Region
    from lianxin.stations.models import Station

    county = Region.objects.filter(level=Region.Level.COUNTY).order_by("path")[17]
    township = Region.objects.filter(level=Region.Level.TOWNSHIP, path__startswith=county.path).order_by(
        "path"
    )[3]
    station = Station.objects.filter(region__path__startswith=township.path, is_active=True).first()
    word = urllib.parse.quote("代表之家")
    return {
        "endpoints": [
            ("finder: whole province", "/zhandian/", "找代表联络站"),
            ("finder: province, page 50", "/zhandian/?page=50", "找代表联络站"),
            ("finder: one county", f"/zhandian/?county={county.code}", "下一个接待日"),
            (
                "finder: one township",
                f"/zhandian/?county={county.code}&region={township.code}",
                "下一个接待日",
            ),
            ("finder: county + words", f"/zhandian/?county={county.code}&q={word}", "下一个接待日"),
            ("station page", f"/zhandian/{station.public_code}/", "接待选民日"),
        ],
    }


def main() -> None:
    config = Config()
    var_dir = tempfile.mkdtemp(prefix="lianxin-bench-stations-")
    env = server_environment(config, var_dir)
    ensure_database(config.database_url)
    print("migrating …")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    started = time.monotonic()
    print(manage(env, "seed_demo", "--scale", config.scale, "--if-empty").split("演示账户")[0].rstrip())
    print(f"seed_demo step: {time.monotonic() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from lianxin.stations.models import ReceptionDay, Station

    print(f"planned {plan_every_station()} 接待日")
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
    plan = facts()
    sizes = {"stations": Station.objects.count(), "reception_days": ReceptionDay.objects.count()}
    machine_facts = machine()
    connections.close_all()
    command = [
        GUNICORN,
        "lianxin.wsgi:application",
        "--workers",
        str(config.workers),
        "--worker-class",
        "sync",
    ]
    command += ["--bind", f"{HOST}:{config.port}", "--chdir", str(ROOT), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    rows = []
    try:
        wait_until_up(config.port, server)
        endpoints = [e for e in plan["endpoints"] if not config.only or e[0] in config.only]
        for label, path, marker in endpoints:
            status, _headers, body = Browser(config.port).request("GET", path)
            if status != 200 or marker.encode() not in body:
                raise RuntimeError(f"{label}: HTTP {status}, expected page not shown")
        for label, path, _marker in endpoints:
            rows.append(drive(config, label, path, {}, "").summary())
            print(
                f"{label:30} p50 {rows[-1]['p50_ms']:6.0f} ms  p95 {rows[-1]['p95_ms']:6.0f} ms", flush=True
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{sizes}  clients {config.clients}, workers {config.workers}, "
        f"load before {machine_facts['load_before']}"
    )
    print_table(rows)
    if config.json_path:
        Path(config.json_path).write_text(
            json.dumps(
                {
                    "when": datetime.datetime.now(datetime.UTC).isoformat(),
                    "machine": machine_facts,
                    "sizes": sizes,
                    "settings": {
                        "clients": config.clients,
                        "workers": config.workers,
                        "duration": config.duration,
                    },
                    "results": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
