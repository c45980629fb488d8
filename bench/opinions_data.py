"""Fill the bench database with citizens' opinions (2,000,000 by default) and their handling.

A harness, not a test. Run from the repository root (see docs/performance.md):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_wall_bench \\
        .venv/bin/python bench/opinions_data.py --count 2000000

It prepares the database as bench/run_web.py does (create, migrate, ``seed_demo --scale
province --if-empty``, with the bench's fixed keys), then writes opinions with PostgreSQL COPY in
batches, one transaction per batch: titles and texts from templates per category, in the
province's villages and townships, some through a deputy's or a station's code, spread over three
years. Accepted opinions get a case in the engine with a lead unit of their county, older ones a
reply (some late), most of those a rating, and about a third of the answered ones are on the
回音壁. It adds opinions until the table holds ``--count`` rows, so a second run does nothing.
Phone numbers are encrypted once for a pool of 1,000 numbers and reused: the bench measures pages,
not the cipher.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_web import Config, ensure_database, manage, server_environment  # noqa: E402

BATCH = 50_000

ISSUES = {
    "城乡建设": ["路灯不亮", "道路破损坑洼", "老旧小区加装电梯", "违章搭建", "下水道堵塞", "小区停车难"],
    "环境保护": ["餐馆油烟扰民", "河道垃圾堆积", "工地夜间施工噪音", "养殖场臭气", "焚烧秸秆"],
    "交通运输": ["公交线路调整", "红绿灯时长不合理", "农村客运班次太少", "学校门口拥堵", "渡口安全"],
    "教育文体": ["学位紧张", "校车安全", "健身器材损坏", "幼儿园收费", "图书馆开放时间"],
    "劳动和社会保障": ["拖欠农民工工资", "养老金认证", "医保异地报销", "灵活就业参保", "失业金发放"],
    "商贸旅游": ["农贸市场秩序", "景区收费", "预付卡退费难", "菜价波动", "商户占道经营"],
    "卫生计生": ["村卫生室缺医生", "看病排队时间长", "疫苗接种预约", "药店价格", "乡镇医院设备"],
    "其他": ["政务服务窗口", "办证材料繁琐", "公共厕所不足", "网格员联系方式", "村务公开"],
}
REPLIES = [
    "经现场核实，已安排相关单位于近期处理完毕，感谢您的监督。",
    "您反映的问题已列入今年民生实事项目，预计年底前完成。",
    "经调查，该问题涉及多个部门，已建立联合工作机制，正在推进解决。",
    "关于您咨询的政策，现答复如下：符合条件的可到当地服务中心办理。",
]
PLACES = ["人民路", "建设路", "解放路", "新华街", "幸福路", "中山路", "文化路", "滨江路", "东风路", "民主街"]


def prepare(config: Config) -> None:
    var_dir = os.environ.get("LIANXIN_VAR_DIR") or "/tmp/lianxin-bench-opinions"
    os.makedirs(var_dir, exist_ok=True)
    env = server_environment(config, var_dir)
    ensure_database(config.database_url)
    print("migrating …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    started = time.monotonic()
    print(manage(env, "seed_demo", "--scale", config.scale, "--if-empty").split("演示账户")[0].rstrip())
    print(f"seed_demo step: {time.monotonic() - started:.0f} s", flush=True)
    os.environ.update(env)
    import django

    django.setup()


class World:
    """What the opinions refer to, loaded once: regions, units, stations, deputies, a staff user."""

    def __init__(self, rng: random.Random):
        from django.db import connection

        from lianxin.opinions.models import Category, Opinion
        from lianxin.privacy.fields import digest_for
        from lianxin.privacy.masking import PHONE

        self.rng = rng
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, path FROM regions_region WHERE level = 3")
            counties = dict(cursor.fetchall())
            self.county_of_path = {path: pk for pk, path in counties.items()}
            cursor.execute("SELECT id, path FROM regions_region WHERE level IN (4, 5)")
            self.places = []  # (region id, county id)
            for pk, path in cursor.fetchall():
                county_path = "/".join(path.split("/")[:4]) + "/"
                if county_path in self.county_of_path:
                    self.places.append((pk, self.county_of_path[county_path]))

            def by_county(sql):
                cursor.execute(sql)
                out: dict[int, list[int]] = {}
                for pk, path in cursor.fetchall():
                    county = self.county_of_path.get("/".join(path.split("/")[:4]) + "/")
                    if county is not None:
                        out.setdefault(county, []).append(pk)
                return out

            self.units = by_county(
                "SELECT u.id, r.path FROM units_handlingunit u JOIN regions_region r ON r.id = u.region_id"
            )
            self.stations = by_county(
                "SELECT s.id, r.path FROM stations_station s JOIN regions_region r ON r.id = s.region_id"
            )
            self.deputies = by_county(
                "SELECT d.id, r.path FROM deputies_deputy d JOIN regions_region r ON r.id = d.region_id"
            )
            cursor.execute("SELECT id FROM accounts_user WHERE username = 'gongwei'")
            self.staff = cursor.fetchone()[0]
        self.categories = list(Category.objects.values_list("id", "name"))
        field = Opinion._meta.get_field("submitter_phone")
        self.phones = []
        for _ in range(1000):
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            self.phones.append((field.get_prep_value(phone), digest_for(phone, PHONE)))


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


OPINION_COLUMNS = [
    "id", "tracking_code", "channel", "title", "content", "place", "submitter_name", "submitter_phone",
    "submitter_phone_digest", "phone_verified", "hide_name", "consent_version", "consented_at",
    "submitted_at", "status", "status_reason", "decided_at", "route", "published_at", "public_title",
    "public_content", "public_reply", "case_id", "category_id", "deputy_id", "station_id", "region_id",
    "published_by_id",
]  # fmt: skip
CASE_COLUMNS = [
    "id", "source", "title", "state", "round", "due_date", "cap_date", "rating_due", "urge_count",
    "opened_at", "closed_at", "region_id",
]  # fmt: skip
ASSIGNMENT_COLUMNS = [
    "id", "kind", "round", "state", "state_before_return", "assigned_at", "signed_at", "due_date",
    "cap_date", "return_window_end", "return_reason", "assigned_by_id", "unit_id", "case_id",
]  # fmt: skip
REPLY_COLUMNS = [
    "id", "round", "text", "category", "signed_off_by", "replied_at", "assignment_id", "case_id",
    "replied_by_id", "shown_at",
]  # fmt: skip
RATING_COLUMNS = ["id", "round", "rater", "value", "comment", "rated_at", "case_id"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def batch(world: World, start_id: int, count: int, now: datetime.datetime, ids: dict) -> dict:
    """Rows for ``count`` opinions from ``start_id`` on, oldest first."""
    rng = world.rng
    span = datetime.timedelta(days=3 * 365)
    rows = {"opinion": [], "case": [], "assignment": [], "reply": [], "rating": []}
    for n in range(count):
        pk = start_id + n
        submitted = (
            now
            - span
            + span * ((pk % 2_000_000) / 2_000_000)
            + datetime.timedelta(seconds=rng.randrange(600))
        )
        age = (now - submitted).days
        category_id, category = rng.choice(world.categories)
        region_id, county = rng.choice(world.places)
        place = rng.choice(PLACES)
        issue = rng.choice(ISSUES.get(category, ISSUES["其他"]))
        title = f"{place}{issue}"
        content = f"{place}一带{issue}，已经持续一段时间，影响周边居民生活，希望有关部门尽快处理。"
        channel, deputy, station = "web", None, None
        roll = rng.random()
        if roll < 0.1 and world.deputies.get(county):
            channel, deputy = "deputy_code", rng.choice(world.deputies[county])
        elif roll < 0.3 and world.stations.get(county):
            channel, station = "station_code", rng.choice(world.stations[county])
        phone, digest = rng.choice(world.phones)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        status, decided, case_id, route = "submitted", None, None, ""
        published = None
        public = ("", "", "")
        if age > 3 or rng.random() < 0.5:
            roll = rng.random()
            decided = submitted + datetime.timedelta(hours=rng.randrange(2, 72))
            if roll < 0.04:
                status = "refused"
            elif roll < 0.06:
                status = "merged"
            else:
                status, route = "accepted", "units"
        if status == "accepted":
            case_id = ids["case"]
            ids["case"] += 1
            if age > 30:
                state = rng.choices(["closed", "replied", "handling", "withdrawn"], [75, 15, 7, 3])[0]
            else:
                state = rng.choices(["registered", "assigned", "handling", "replied"], [20, 30, 30, 20])[0]
            assigned = decided + datetime.timedelta(hours=rng.randrange(1, 48))
            due = (assigned + datetime.timedelta(days=21)).date()
            cap = (assigned + datetime.timedelta(days=42)).date()
            replied_at = assigned + datetime.timedelta(days=rng.randrange(2, 27), hours=rng.randrange(9))
            replied_at = min(replied_at, now - datetime.timedelta(hours=1))
            rating_due = (replied_at + datetime.timedelta(days=14)).date()
            closed = replied_at + datetime.timedelta(days=rng.randrange(1, 10)) if state == "closed" else None
            rows["case"].append(
                (case_id, "opinions", title, state, 1, due if state != "registered" else None,
                 cap if state != "registered" else None,
                 rating_due if state in ("replied", "closed") else None, 0, decided, closed, region_id)
            )  # fmt: skip
            units = world.units.get(county)
            if state not in ("registered", "withdrawn") and units:
                assignment_id = ids["assignment"]
                ids["assignment"] += 1
                answered = state in ("replied", "closed")
                rows["assignment"].append(
                    (assignment_id, "lead", 1, "replied" if answered else "signed", "", assigned,
                     assigned + datetime.timedelta(hours=5), due, cap,
                     (assigned + datetime.timedelta(days=4)).date(), "", world.staff, rng.choice(units),
                     case_id)
                )  # fmt: skip
                if answered:
                    reply_text = rng.choice(REPLIES)
                    rows["reply"].append(
                        (ids["reply"], 1, reply_text, rng.choice(["已解决", "正在解决", "解释说明"]),
                         "李主任", replied_at, assignment_id, case_id, world.staff, replied_at)
                    )  # fmt: skip
                    ids["reply"] += 1
                    if state == "closed":
                        value = rng.choices(["satisfied", "basically", "unsatisfied"], [70, 23, 7])[0]
                        comment = "问题没有解决" if value == "unsatisfied" else ""
                        rows["rating"].append(
                            (ids["rating"], 1, f"opinion:{pk}", value, comment, closed, case_id)
                        )
                        ids["rating"] += 1
                    if rng.random() < 0.35:
                        published = min(replied_at + datetime.timedelta(days=rng.randrange(1, 6)), now)
                        public = (title, content, reply_text)
        rows["opinion"].append(
            (pk, f"B{pk:09d}", channel, title, content, place, name, phone, digest, True, rng.random() < 0.8,
             "2026-1", submitted, submitted, status, "不属于受理范围" if status == "refused" else "", decided,
             route, published, *public, case_id, category_id, deputy, station, region_id,
             world.staff if published else None)
        )  # fmt: skip
    return rows


def fill(target: int, seed: int = 2026) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM opinions_opinion")
        have = cursor.fetchone()[0]
    if have >= target:
        print(f"{have} opinions already, nothing to add")
        return
    world = World(random.Random(seed + have))
    now = timezone.now()
    started = time.monotonic()
    with connection.cursor() as cursor:
        ids = {
            "case": _next_id(cursor, "casework_case"),
            "assignment": _next_id(cursor, "casework_assignment"),
            "reply": _next_id(cursor, "casework_reply"),
            "rating": _next_id(cursor, "casework_rating"),
        }
        next_opinion = _next_id(cursor, "opinions_opinion")
    while have < target:
        size = min(BATCH, target - have)
        rows = batch(world, next_opinion, size, now, ids)
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            _copy(raw, "casework_case", CASE_COLUMNS, rows["case"])
            _copy(raw, "casework_assignment", ASSIGNMENT_COLUMNS, rows["assignment"])
            _copy(raw, "casework_reply", REPLY_COLUMNS, rows["reply"])
            _copy(raw, "casework_rating", RATING_COLUMNS, rows["rating"])
            _copy(raw, "opinions_opinion", OPINION_COLUMNS, rows["opinion"])
        have += size
        next_opinion += size
        rate = have / max(time.monotonic() - started, 0.001)
        print(f"{have:>9,} opinions  ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        for table in (
            "opinions_opinion",
            "casework_case",
            "casework_assignment",
            "casework_reply",
            "casework_rating",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    print(f"done in {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2_000_000, help="opinions the table should hold")
    args = parser.parse_args()
    prepare(Config())
    fill(args.count)


if __name__ == "__main__":
    main()
