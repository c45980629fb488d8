"""SQL queries per page with 10 and with 1,000 rows: a count that grows with the rows is an N+1.

A harness, not a test. Run from the repository root:

    .venv/bin/python bench/query_counts.py
    DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_bench .venv/bin/python bench/query_counts.py

It works in a throw-away test database (SQLite in memory, or ``test_<name>`` next to the
PostgreSQL database named by DATABASE_URL). It builds one county with one account per role,
then gives every register N rows inside the county: deputies (two seats and two expertise
tags each), stations (three deputies each), handling units (two contacts each), regions,
congresses, accounts and audit events. It opens each list page and each role's home page
with CaptureQueriesContext, grows N from 10 to 1,000 and opens them again. For any page whose
count grew it prints the statements that repeat.
"""

import datetime
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 1000)


def setup() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return old_name


class County:
    """One county, an account per role, and registers that can be grown to N rows."""

    def __init__(self):
        from lianxin.accounts.models import Membership, User
        from lianxin.accounts.roles import Role, WorkingBody
        from lianxin.congresses.models import Congress, Term
        from lianxin.demo.identity import IdentityIssuer
        from lianxin.deputies.models import ExpertiseTag
        from lianxin.regions.models import Region

        self.rng = random.Random(1)
        self.issuer = IdentityIssuer(self.rng)

        def region(name, code, level, parent=None):
            return Region.objects.create(name=name, code=code, level=level, parent=parent)

        province = region("示范省", "99", Region.Level.PROVINCE)
        city = region("同心市", "9901", Region.Level.CITY, province)
        self.county = region("连心县", "990121", Region.Level.COUNTY, city)
        self.township = region("东城镇", "990121101", Region.Level.TOWNSHIP, self.county)
        start = datetime.date(2021, 10, 1)
        self.county_term = Term.objects.create(
            congress=Congress.objects.create(region=self.county, name="连心县人民代表大会"),
            number=18,
            start_date=start,
        )
        self.township_term = Term.objects.create(
            congress=Congress.objects.create(region=self.township, name="东城镇人民代表大会"),
            number=18,
            start_date=start,
        )
        self.tags = [ExpertiseTag.objects.create(name=name) for name in ("法律", "教育", "农业技术")]
        self.accounts = {}
        for username, role, body in (
            ("qunzhong", Role.CITIZEN, ""),
            ("daibiao", Role.DEPUTY, ""),
            ("lianluoyuan", Role.LIAISON, ""),
            ("chengban", Role.UNIT_CLERK, ""),
            ("gongwei", Role.STAFF, WorkingBody.DEPUTY_AFFAIRS),
            ("lingdao", Role.LEADER, ""),
            ("guanliyuan", Role.ADMIN, ""),
            ("shenji", Role.AUDITOR, ""),
        ):
            user = User.objects.create_user(username=username, password="Lianxin@2026", name=username)
            Membership.objects.create(user=user, role=role, region=self.county, working_body=body)
            self.accounts[username] = user
        self.villages = 0

    def grow(self, n: int) -> None:
        """Top every register up to ``n`` rows (the county's own few rows included)."""
        from lianxin.accounts.models import Membership, User
        from lianxin.accounts.roles import Role
        from lianxin.audit.models import Event
        from lianxin.congresses.models import Congress
        from lianxin.deputies.models import Deputy, Seat
        from lianxin.regions.models import Region
        from lianxin.stations.models import Station
        from lianxin.units.models import HandlingUnit, UnitContact

        issuer = self.issuer
        while Region.objects.count() < n:
            self.villages += 1
            code = f"{self.township.code}{self.villages:03d}"
            Region.objects.create(
                name=f"第{self.villages}村", code=code, level=Region.Level.VILLAGE, parent=self.township
            )
        while Congress.objects.count() < n:
            # A congress needs a township of its own.
            number = Congress.objects.count() + 200
            town = Region.objects.create(
                name=f"第{number}乡",
                code=f"{self.county.code}{number:03d}",
                level=Region.Level.TOWNSHIP,
                parent=self.county,
            )
            Congress.objects.create(region=town, name=f"{town.name}人民代表大会")

        missing = n - Deputy.objects.count()
        deputies = []
        for index in range(missing):
            female = index % 3 == 0
            born = datetime.date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
            deputies.append(
                Deputy(
                    name=f"王{index}",
                    gender="female" if female else "male",
                    birth_date=born,
                    region=self.township,
                    workplace="连心县第一中学",
                    phone=issuer.mobile(),
                    id_number=issuer.id_number(area_code=self.county.code, birth_date=born, female=female),
                )
            )
        Deputy.objects.bulk_create(deputies)
        Seat.objects.bulk_create(
            [Seat(deputy=d, term=term) for d in deputies for term in (self.county_term, self.township_term)]
        )
        Deputy.expertise.through.objects.bulk_create(
            [
                Deputy.expertise.through(deputy_id=d.pk, expertisetag_id=t.pk)
                for d in deputies
                for t in self.tags[:2]
            ]
        )
        if not hasattr(self.accounts["daibiao"], "deputy"):
            first = Deputy.objects.order_by("pk").first()
            first.user = self.accounts["daibiao"]
            first.save(update_fields=["user"])

        some = list(Deputy.objects.order_by("pk")[:3])
        stations = [
            Station(
                name=f"第{i}联系点", kind=Station.Kind.POINT, region=self.township, opening_hours="工作日"
            )
            for i in range(Station.objects.count(), n)
        ]
        Station.objects.bulk_create(stations)
        Station.deputies.through.objects.bulk_create(
            [Station.deputies.through(station_id=s.pk, deputy_id=d.pk) for s in stations for d in some]
        )
        Station.liaisons.through.objects.bulk_create(
            [
                Station.liaisons.through(station_id=s.pk, user_id=self.accounts["lianluoyuan"].pk)
                for s in stations
            ]
        )

        units = [
            HandlingUnit(name=f"第{i}局", kind=HandlingUnit.Kind.DEPARTMENT, region=self.county)
            for i in range(HandlingUnit.objects.count(), n)
        ]
        HandlingUnit.objects.bulk_create(units)
        UnitContact.objects.bulk_create(
            [
                UnitContact(unit=u, name=f"联系人{k}", phone=issuer.mobile(), is_primary=k == 0)
                for u in units
                for k in (0, 1)
            ]
        )
        HandlingUnit.clerks.through.objects.bulk_create(
            [
                HandlingUnit.clerks.through(handlingunit_id=u.pk, user_id=self.accounts["chengban"].pk)
                for u in units
            ]
        )

        users = [User(username=f"user{i}", name=f"用户{i}") for i in range(User.objects.count(), n)]
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(user=u, role=Role.CITIZEN, region=self.county) for u in users]
        )

        Event.objects.bulk_create(
            [
                Event(
                    action="deputies.deputy.updated",
                    actor=self.accounts["gongwei"],
                    scope_path=self.township.path,
                )
                for _ in range(Event.objects.count(), n)
            ]
        )


PAGES = [
    ("人大代表列表", "/office/deputies/", "gongwei"),
    ("人大代表搜索", "/office/deputies/?q=%E7%8E%8B", "gongwei"),
    ("履职阵地列表", "/office/stations/", "gongwei"),
    ("承办单位列表", "/office/units/", "gongwei"),
    ("行政区划列表", "/office/regions/", "gongwei"),
    ("人大与届次列表", "/office/congresses/", "gongwei"),
    ("账户列表", "/office/users/", "guanliyuan"),
    ("审计日志", "/office/audit/", "shenji"),
    ("首页：群众", "/", "qunzhong"),
    ("首页：代表", "/", "daibiao"),
    ("首页：联络员", "/", "lianluoyuan"),
    ("首页：承办单位", "/", "chengban"),
    ("首页：常委会工作人员", "/", "gongwei"),
    ("首页：领导", "/", "lingdao"),
    ("首页：系统管理员", "/", "guanliyuan"),
    ("首页：审计管理员", "/", "shenji"),
]


def _shape(sql: str) -> str:
    """A statement with its literals blanked, so that the same query with other ids compares equal."""
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"IN \([?, ]+\)", "IN (…)", sql)


def measure(county: County) -> dict[str, tuple[int, list[str]]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for label, path, username in PAGES:
        client = Client()
        client.force_login(county.accounts[username])
        client.get(path)  # first request warms per-process caches (content types, calendar)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{label}: HTTP {response.status_code}")
        results[label] = (len(queries), [q["sql"] for q in queries.captured_queries])
    return results


def main() -> None:
    old_name = setup()
    from django.db import connection

    try:
        county = County()
        runs = {}
        for n in SIZES:
            county.grow(n)
            runs[n] = measure(county)
        print(f"database: {connection.vendor}")
        print()
        print(f"| page | path | account | queries @ {SIZES[0]} rows | queries @ {SIZES[1]} rows |")
        print("|---|---|---|--:|--:|")
        grown = []
        for label, path, username in PAGES:
            small, large = runs[SIZES[0]][label][0], runs[SIZES[1]][label][0]
            print(f"| {label} | `{path}` | {username} | {small} | {large} |")
            if large != small:
                grown.append(label)
        for label in grown:
            print(f"\n{label}: statements run more than once at {SIZES[1]} rows")
            for shape, times in Counter(_shape(s) for s in runs[SIZES[1]][label][1]).most_common():
                if times > 1:
                    print(f"  {times} × {shape[:300]}")
        if not grown:
            print("\nNo page's query count grows with the number of rows.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
