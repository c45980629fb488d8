"""Load test of 民意直通车 on two million opinions: the public submission and the 回音壁.

A harness, not a test: it measures and prints. Run from the repository root after
bench/opinions_data.py has filled the database (see docs/performance.md):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_wall_bench .venv/bin/python bench/run_opinions.py

Serving is bench/run_web.py's: production settings, gunicorn with (2 × cores + 1) sync workers,
the database cache table, BENCH_CLIENTS concurrent keep-alive clients for BENCH_DURATION
seconds after BENCH_WARMUP seconds, p50/p95/p99 per endpoint. The same environment variables
apply (BENCH_ONLY, BENCH_JSON, …).

The submission is the real form POST with a verified SMS code: before the run the harness stores
one code per phone number the way ``intake.send_code`` does (a keyed hash, valid for ten minutes),
so each POST checks a code, creates an opinion and answers 302 to the 提交成功 page. The form's
anti-bot guard is kept (a signed start time and an idempotency key per submission, made here with
the server's key) but its minimum fill time is set to 0 and the per-address limit raised, as
everything comes from 127.0.0.1. Each client fetches the form once for its CSRF cookie.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_web import (  # noqa: E402
    GUNICORN,
    HOST,
    Browser,
    Config,
    Result,
    drive,
    ensure_database,
    machine,
    manage,
    print_table,
    run_clients,
    server_environment,
    wait_until_up,
)

SUBMIT_LABEL = "submit: public form POST"
PHONES = 40_000


def environment(config: Config, var_dir: str) -> dict[str, str]:
    env = server_environment(config, var_dir)
    env.update(
        LIANXIN_OPINION_MIN_FILL_SECONDS="0",
        LIANXIN_RATE_OPINION_PER_ADDRESS="1000000/h",
        LIANXIN_RATE_OPINION_PER_PHONE="1000/d",
    )
    return env


def facts() -> dict:
    """What the pages will be asked for: a recent entry, a county and a category, a village."""
    from lianxin.opinions.models import Category, Opinion
    from lianxin.regions.models import Region

    entries = Opinion.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")
    newest = entries.only("pk", "published_at", "region_id").first()
    fiftieth_page = entries.only("pk", "published_at")[20 * 50]
    county = Region.objects.filter(level=Region.Level.COUNTY).order_by("path")[17]
    village = Region.objects.filter(level=Region.Level.VILLAGE, path__startswith=county.path).first()
    category = Category.objects.get(name="城乡建设")
    cursor = urllib.parse.quote(f"{fiftieth_page.published_at.isoformat()}~{fiftieth_page.pk}")
    return {
        "endpoints": [
            ("wall: list, first page", "/huiyinbi/", None, "回音壁"),
            (
                "wall: list, county + category",
                f"/huiyinbi/?region={county.code}&category={category.pk}",
                None,
                "回音壁",
            ),
            ("wall: list, page 51", f"/huiyinbi/?before={cursor}", None, "回音壁"),
            ("wall: entry", f"/huiyinbi/{newest.pk}/", None, "群众评价"),
            ("wall: figures", "/huiyinbi/stats/", None, "满意率"),
        ],
        "township": village.parent.code,
        "village": village.code,
    }


def store_codes(count: int) -> list[str]:
    """One valid SMS code ("246810") per phone number, stored as send_code stores it."""
    from django.utils import timezone

    from lianxin.opinions import intake
    from lianxin.opinions.models import SmsCode
    from lianxin.privacy.fields import digest_for
    from lianxin.privacy.masking import PHONE

    now = timezone.now()
    phones = [f"1990{n:07d}" for n in range(count)]
    SmsCode.objects.bulk_create(
        [
            SmsCode(
                phone_digest=digest_for(phone, PHONE),
                code_digest=intake._code_digest(phone, "246810"),
                purpose=intake.CODE_PURPOSE,
                created_at=now,
                expires_at=now + datetime.timedelta(hours=2),
            )
            for phone in phones
        ],
        batch_size=5000,
    )
    return phones


def drive_submissions(config: Config, phones: list[str], form: dict) -> Result:
    """Each client posts the form again and again, each time as another citizen with a fresh code."""
    from lianxin.opinions.public_forms import guard_initial

    lock = threading.Lock()
    queue = iter(phones)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://{HOST}:{config.port}/yijian/",
    }

    def new_client():
        browser = Browser(config.port)
        _status, _headers, page = browser.request("GET", "/yijian/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

        def attempt() -> bool | None:
            with lock:
                phone = next(queue, None)
            if phone is None:
                return None
            fields = {
                "csrfmiddlewaretoken": token,
                **form,
                "phone": phone,
                "code": "246810",
                **guard_initial(),
            }
            status, answer, _body = browser.request(
                "POST", "/yijian/", urllib.parse.urlencode(fields), headers
            )
            return status == 302 and "/yijian/done/" in answer.get("Location", "")

        return attempt

    latencies, errors = run_clients(config, new_client)
    return Result(SUBMIT_LABEL, "/yijian/ (POST)", "", latencies, errors, config.duration)


def main() -> None:
    config = Config()
    var_dir = tempfile.mkdtemp(prefix="lianxin-bench-opinions-")
    env = environment(config, var_dir)
    ensure_database(config.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from lianxin.opinions.models import Opinion

    plan = facts()
    phones = store_codes(PHONES)
    sizes = {
        "opinions": Opinion.objects.count(),
        "published": Opinion.objects.filter(published_at__isnull=False).count(),
    }
    machine_facts = machine()
    connections.close_all()
    form = {
        "title": "小区门口路灯不亮",
        "content": "小区门口的三盏路灯一个月没亮，晚上行人看不清路。",
        "township": plan["township"],
        "village": plan["village"],
        "place": "小区门口",
        "name": "张三",
        "hide_name": "on",
        "consent": "on",
        "website": "",
        "action": "submit",
    }
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
        for label, path, _account, marker in endpoints:
            status, _headers, body = Browser(config.port).request("GET", path)
            if status != 200 or marker.encode() not in body:
                raise RuntimeError(f"{label}: HTTP {status}, expected page not shown")
        for label, path, account, _marker in endpoints:
            rows.append(drive(config, label, path, {}, account or "").summary())
            print(
                f"{label:34} p50 {rows[-1]['p50_ms']:6.0f} ms  p95 {rows[-1]['p95_ms']:6.0f} ms", flush=True
            )
        if not config.only or SUBMIT_LABEL in config.only:
            rows.append(drive_submissions(config, phones, form).summary())
            print(f"{SUBMIT_LABEL:34} p50 {rows[-1]['p50_ms']:6.0f} ms  p95 {rows[-1]['p95_ms']:6.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)
    machine_facts["load_after"] = os.getloadavg()
    report = {
        "machine": machine_facts,
        "data": sizes,
        "settings": {"workers": config.workers, "clients": config.clients, "duration_s": config.duration},
        "results": rows,
    }
    print(json.dumps({k: report[k] for k in ("machine", "data", "settings")}, ensure_ascii=False, indent=2))
    print_table(rows)
    if config.json_path:
        Path(config.json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
