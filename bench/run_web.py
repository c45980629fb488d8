"""Load test of the web tier on province-scale data. A harness, not a test: it asserts nothing
about speed, it measures and prints.

Run from the repository root (PostgreSQL must be reachable; see bench/README.md):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_bench .venv/bin/python bench/run_web.py

It creates the database if it is missing, migrates it, seeds it once (``seed_demo --scale
province --if-empty``), collects static files into a temporary LIANXIN_VAR_DIR, starts gunicorn
with production settings (bench/settings.py adds /bench/ping/) and (2 × cores + 1) sync
workers, signs in every demo account (with its TOTP second factor, as production requires),
then, endpoint by endpoint, drives BENCH_CLIENTS concurrent keep-alive clients for
BENCH_DURATION seconds and prints p50/p95/p99 latency, requests per second and errors.

Environment (all optional):
  BENCH_DATABASE_URL  database to use (default postgres://postgres@127.0.0.1/lianxin_bench)
  BENCH_SCALE         seed_demo scale when the database is empty (default province)
  BENCH_CLIENTS       concurrent clients (default 20)
  BENCH_DURATION      measured seconds per endpoint (default 20)
  BENCH_WARMUP        unmeasured seconds of load before each endpoint (default 3)
  BENCH_WORKERS       gunicorn sync workers (default 2 × cores + 1)
  BENCH_PORT          gunicorn port on 127.0.0.1 (default 8765)
  BENCH_REDIS_URL     use this Redis as the cache (default: the database cache table)
  BENCH_ONLY          comma-separated endpoint labels to run (default: all)
  BENCH_JSON          also write the results to this file
"""

import base64
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "Lianxin@2026"
HOST = "127.0.0.1"

# Bench-only keys. The bench database holds generated people only; the keys are fixed so that
# a database seeded once stays readable run after run. Never use them anywhere else.
BENCH_SECRETS = {
    "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
    "LIANXIN_DATA_KEYS": "bench1:" + base64.b64encode(b"bench-data-key16").decode(),
    "LIANXIN_LOOKUP_KEY": base64.b64encode(b"bench-lookup-key-not-secret").decode(),
}

# (label, path, account or None for anonymous, text the page must contain)
ENDPOINTS = [
    ("ping (ceiling)", "/bench/ping/", None, "ok"),
    ("home: anonymous", "/", None, "找联络站"),
    ("home: qunzhong 群众", "/", "qunzhong", "找联络站"),
    ("home: daibiao 代表", "/", "daibiao", "代表工作台"),
    ("home: lianluoyuan 联络员", "/", "lianluoyuan", "联络员工作台"),
    ("home: chengban 承办单位", "/", "chengban", "承办单位工作台"),
    ("home: gongwei 代表工委", "/", "gongwei", "常委会工作台"),
    ("home: bangongshi 办公室", "/", "bangongshi", "常委会工作台"),
    ("home: lingdao 领导", "/", "lingdao", "领导驾驶舱"),
    ("home: guanliyuan 管理员", "/", "guanliyuan", "系统管理"),
    ("home: shenji 审计", "/", "shenji", "审计工作台"),
    ("deputies: county list", "/office/deputies/", "gongwei", "人大代表"),
    ("deputies: county search", "/office/deputies/?q=%E7%8E%8B", "gongwei", "人大代表"),
    ("deputies: province list", "/office/deputies/", "bench_province", "人大代表"),
    ("deputies: province search", "/office/deputies/?q=%E7%8E%8B", "bench_province", "人大代表"),
]
# A bench-only account of the deputy-affairs committee of the whole province: the worst case
# for every scoped list, since it sees all 100 counties.
PROVINCE_ACCOUNT = "bench_province"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Config:
    database_url: str = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/lianxin_bench")
    scale: str = os.environ.get("BENCH_SCALE", "province")
    clients: int = env_int("BENCH_CLIENTS", 20)
    duration: float = float(os.environ.get("BENCH_DURATION", 20))
    warmup: float = float(os.environ.get("BENCH_WARMUP", 3))
    workers: int = env_int("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1)
    port: int = env_int("BENCH_PORT", 8765)
    redis_url: str = os.environ.get("BENCH_REDIS_URL", "")
    only: list[str] = field(
        default_factory=lambda: [s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()]
    )
    json_path: str = os.environ.get("BENCH_JSON", "")


def server_environment(config: Config, var_dir: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(BENCH_SECRETS)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=config.database_url,
        DJANGO_ALLOWED_HOSTS=HOST,
        LIANXIN_VAR_DIR=var_dir,
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    if config.redis_url:
        env["REDIS_URL"] = config.redis_url
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_accounts() -> dict[str, str]:
    """Bench fixtures: a TOTP device for every account whose role needs one, and the
    province-wide account. Returns each account's TOTP key (hex) where it has one."""
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lianxin.accounts.models import Membership, User
    from lianxin.accounts.roles import Role, WorkingBody
    from lianxin.regions.models import Region

    province = Region.objects.get(level=Region.Level.PROVINCE)
    account, created = User.objects.get_or_create(
        username=PROVINCE_ACCOUNT, defaults={"name": "省代表工委压测"}
    )
    if created:
        account.set_password(PASSWORD)
        account.save()
        Membership.objects.create(
            user=account, role=Role.STAFF, region=province, working_body=WorkingBody.DEPUTY_AFFAIRS
        )
    keys = {}
    usernames = {account for _label, _path, account, _marker in ENDPOINTS if account}
    for user in User.objects.filter(username__in=usernames):
        if user.password_changed_at is None or user.password_changed_at < _days_ago(30):
            # The seeded database may be older than the password age limit.
            user.set_password(PASSWORD)
            user.save(update_fields=["password", "password_changed_at"])
        if any(m.role in settings.LIANXIN_TOTP_ROLES for m in user.active_memberships()):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench", defaults={"confirmed": True}
            )
            keys[user.username] = device.key
    return keys


def _days_ago(days: int):
    import datetime

    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days)


def data_sizes() -> dict:
    from django.db import connection

    from lianxin.demo.seeding import counts

    sizes = counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
        size, version = cursor.fetchone()
    sizes["database_size"] = size
    sizes["postgresql"] = version.split(",")[0]
    return sizes


# ---------------------------------------------------------------- HTTP


class Browser:
    """One keep-alive connection with a cookie jar, speaking to the app as nginx would."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {
            "Host": f"{HOST}:{self.port}",
            # TLS ends at the reverse proxy in production; it says so with this header.
            "X-Forwarded-Proto": "https",
            "Accept-Language": "zh-CN",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        try:
            self.connection.request(method, path, body=body, headers=self._headers(headers))
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        if response.will_close:
            self.connection.close()  # gunicorn's sync workers close after each response
        return response.status, response.headers, content

    def post_form(self, path: str, fields: dict[str, str]):
        status, _headers, page = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path} (HTTP {status})")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1).decode(), **fields})
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}:{self.port}{path}",
            },
        )


def sign_in(port: int, username: str, totp_key: str | None) -> dict[str, str]:
    from django_otp.oath import totp

    browser = Browser(port)
    status, headers, _page = browser.post_form(
        "/accounts/login/", {"username": username, "password": PASSWORD}
    )
    if status != 302:
        raise RuntimeError(f"{username}: login answered HTTP {status}")
    if headers["Location"].endswith("/accounts/login/verify/"):
        for _attempt in range(3):
            code = f"{totp(bytes.fromhex(totp_key)):06d}"
            status, headers, _page = browser.post_form("/accounts/login/verify/", {"token": code})
            if status == 302:
                break
            time.sleep(31)  # a code is accepted once; wait for the next one
        else:
            raise RuntimeError(f"{username}: second factor refused")
    return browser.cookies


@dataclass
class Result:
    label: str
    path: str
    account: str
    latencies: list[float]
    errors: int
    duration: float

    def summary(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")

        return {
            "endpoint": self.label,
            "path": self.path,
            "account": self.account or "",
            "requests": len(lat),
            "rps": len(lat) / self.duration,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": statistics.fmean(lat) * 1000 if lat else float("nan"),
            "errors": self.errors,
        }


def run_clients(
    config: Config, new_client: Callable[[], Callable[[], bool | None]]
) -> tuple[list[float], int]:
    """BENCH_CLIENTS threads, each making its own ``attempt`` (one request: True if it succeeded,
    None when the client has nothing left to send) and calling it back to back. Only attempts
    begun inside the measured window count. Returns the latencies of the successes and the failures."""
    start = time.monotonic()
    measure_from = start + config.warmup
    stop = measure_from + config.duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        attempt = new_client()
        mine, failed = [], 0
        while True:
            began = time.monotonic()
            if began >= stop:
                break
            try:
                ok = attempt()
            except (http.client.HTTPException, OSError):
                ok = False
            if ok is None:
                break
            if began >= measure_from:
                if ok:
                    mine.append(time.monotonic() - began)
                else:
                    failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(config.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def drive(config: Config, label: str, path: str, cookies: dict[str, str], account: str) -> Result:
    """BENCH_CLIENTS clients request ``path`` back to back; only the measured window counts."""

    def new_client():
        browser = Browser(config.port, cookies)
        return lambda: browser.request("GET", path)[0] == 200

    latencies, errors = run_clients(config, new_client)
    return Result(label, path, account, latencies, errors, config.duration)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if Browser(port).request("GET", "/bench/ping/")[0] == 200:
                return
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 60 seconds")


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    import django

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load_before": os.getloadavg(),
    }


def print_table(rows: list[dict]) -> None:
    print()
    print("| endpoint | account | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(
            f"| {r['endpoint']} | {r['account'] or '—'} | {r['requests']} | {r['rps']:.1f} | "
            f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} |"
        )


def main() -> None:
    config = Config()
    var_dir = tempfile.mkdtemp(prefix="lianxin-bench-")
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
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    keys = prepare_accounts()
    with connections["default"].cursor() as cursor:
        # As autovacuum would have by now in production (it may be off on a test server).
        cursor.execute("ANALYZE")
    sizes = data_sizes()
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
    print("starting:", " ".join(command[1:]))
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(config.port, server)
        sessions: dict[str | None, dict[str, str]] = {None: {}}
        endpoints = [e for e in ENDPOINTS if not config.only or e[0] in config.only]
        for _label, _path, account, _marker in endpoints:
            if account not in sessions:
                sessions[account] = sign_in(config.port, account, keys.get(account))
        for label, path, account, marker in endpoints:
            status, _headers, body = Browser(config.port, sessions[account]).request("GET", path)
            if status != 200 or marker.encode() not in body:
                raise RuntimeError(f"{label}: HTTP {status}, expected page not shown")

        rows = []
        for label, path, account, _marker in endpoints:
            result = drive(config, label, path, sessions[account], account)
            row = result.summary()
            rows.append(row)
            print(
                f"{label:32} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:6.0f} ms  "
                f"p95 {row['p95_ms']:6.0f} ms  p99 {row['p99_ms']:6.0f} ms  errors {row['errors']}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)

    facts["load_after"] = os.getloadavg()
    report = {
        "machine": facts,
        "data": sizes,
        "settings": {
            "workers": config.workers,
            "clients": config.clients,
            "duration_s": config.duration,
            "warmup_s": config.warmup,
            "cache": "redis" if config.redis_url else "database",
        },
        "results": rows,
    }
    print()
    print(json.dumps({k: report[k] for k in ("machine", "data", "settings")}, ensure_ascii=False, indent=2))
    print_table(rows)
    if config.json_path:
        Path(config.json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
