"""SQL queries per page of 星级评定 and 云接待 with 10 and with 200 stations: a count that grows
with the rows is an N+1.

A harness, not a test. Run from the repository root:

    .venv/bin/python bench/station_work_query_counts.py
    DATABASE_URL=postgres://postgres@127.0.0.1/lianxin_bench \
        .venv/bin/python bench/station_work_query_counts.py

One county, one township, an account per role; N stations in the township, all kept by the
liaison and all with the deputy. A published round and an open round, each with an
application from every station (two assessors' scores in the first, one in the second); a
session under way with N questions, half of them answered in public. Everything is written
through the services except the questions (bulk-loaded, as the demo does).
"""

import datetime
import sys
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.query_counts import _shape, setup  # noqa: E402

SIZES = (10, 200)


class County:
    def __init__(self):
        from lianxin.accounts.models import Membership, User
        from lianxin.accounts.roles import Role, WorkingBody
        from lianxin.deputies.models import Deputy
        from lianxin.regions.models import Region

        province = Region.objects.create(name="连心省", code="99", level=Region.Level.PROVINCE)
        city = Region.objects.create(name="同心市", code="9901", level=Region.Level.CITY, parent=province)
        self.county = Region.objects.create(
            name="连心县", code="990101", level=Region.Level.COUNTY, parent=city
        )
        self.township = Region.objects.create(
            name="东城镇", code="990101001", level=Region.Level.TOWNSHIP, parent=self.county
        )
        self.accounts = {}
        for username, role, body, region in (
            ("gongwei", Role.STAFF, WorkingBody.DEPUTY_AFFAIRS, self.county),
            ("bangongshi", Role.STAFF, WorkingBody.OFFICE, self.county),
            ("lingdao", Role.LEADER, "", self.county),
            ("lianluoyuan", Role.LIAISON, "", self.township),
            ("daibiao", Role.DEPUTY, "", self.township),
        ):
            user = User.objects.create_user(username=username, password=None, name=username)
            Membership.objects.create(user=user, role=role, region=region, working_body=body)
            self.accounts[username] = user
        self.deputy = Deputy.objects.create(
            name="王建国",
            gender="male",
            region=self.township,
            phone="13812345678",
            user=self.accounts["daibiao"],
        )
        self.stations = []

    def actor(self, username):
        from lianxin.accounts.actor import Actor

        user = self.accounts[username]
        return Actor(user=user, role=user.active_memberships()[0].role)

    def build(self, n: int) -> None:
        """Rounds and a session for N stations (those of the smaller size stay, as other rows)."""
        from django.utils import timezone

        from lianxin.onlinestation import services as online
        from lianxin.onlinestation.models import Question
        from lianxin.stationrating import services as rating
        from lianxin.stationrating.services import DimensionSpec, GradeSpec
        from lianxin.stations.models import Station

        for i in range(len(self.stations), n):
            station = Station.objects.create(
                name=f"第{i}联系点", kind=Station.Kind.POINT, region=self.township
            )
            station.liaisons.add(self.accounts["lianluoyuan"])
            station.deputies.add(self.deputy)
            self.stations.append(station)
        template = rating.template_create(
            actor=self.actor("gongwei"),
            name=f"标准{n}",
            region=self.county,
            total_points=100,
            dimensions=[DimensionSpec(f"项目{k}", Decimal(20)) for k in range(5)],
            grades=[
                GradeSpec("样板站", Decimal(90), Decimal(100)),
                GradeSpec("合格站", Decimal(60), Decimal(90)),
            ],
        )
        self.rounds = {}
        for status in ("published", "open"):
            round_ = rating.round_create(
                actor=self.actor("gongwei"),
                name=f"{n} 个阵地 · {status}",
                template=template,
                region=self.county,
                apply_until=timezone.localdate() + datetime.timedelta(days=30),
                assessors=[self.accounts["bangongshi"], self.accounts["lingdao"]],
            )
            marks = {d.pk: Decimal(18) for d in template.dimensions.all()}
            for station in self.stations:
                application = rating.apply(
                    actor=self.actor("lianluoyuan"),
                    round=round_,
                    station=station,
                    statement="说明",
                    points=marks,
                    evidence={},
                )
                rating.score(actor=self.actor("bangongshi"), application=application, points=marks)
                if status == "published":
                    rating.score(actor=self.actor("lingdao"), application=application, points=marks)
            if status == "published":
                rating.combine(actor=self.actor("gongwei"), round=round_)
                rating.publish(actor=self.actor("gongwei"), round=round_)
            self.rounds[status] = round_
        self.application = application
        now = timezone.now()
        self.session = online.session_create(
            actor=self.actor("lianluoyuan"),
            station=self.stations[0],
            title=f"{n} 条留言",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=2),
            deputies=[self.deputy],
        )
        Question.objects.bulk_create(
            [
                Question(
                    session=self.session,
                    content=f"第{i}个问题",
                    asker_phone="13912345678",
                    idempotency_key=uuid.uuid4(),
                    answer="答复" if i % 2 else "",
                    visibility="public" if i % 2 else "",
                    public_content=f"第{i}个问题" if i % 2 else "",
                    answered_by=self.deputy if i % 2 else None,
                    answered_at=now if i % 2 else None,
                )
                for i in range(n)
            ]
        )

    def pages(self):
        published, open_ = self.rounds["published"], self.rounds["open"]
        return [
            ("星级评定公示", "/xingji/", None),
            ("星级评定列表", "/office/stationrating/", "lianluoyuan"),
            ("评定轮次：工作人员", f"/office/stationrating/{open_.pk}/", "gongwei"),
            ("评定轮次：评审人", f"/office/stationrating/{open_.pk}/", "lingdao"),
            ("评定轮次：联络员", f"/office/stationrating/{published.pk}/", "lianluoyuan"),
            ("申报详情", f"/office/stationrating/applications/{self.application.pk}/", "gongwei"),
            ("云接待日程", "/yunjiedai/", None),
            ("云接待页面", f"/yunjiedai/{self.session.pk}/", None),
            ("云接待列表", "/office/online/", "gongwei"),
            ("云接待：值班代表", f"/office/online/{self.session.pk}/", "daibiao"),
        ]


def measure(county: County) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for label, path, username in county.pages():
        client = Client()
        if username:
            client.force_login(county.accounts[username])
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{label}: HTTP {response.status_code}")
        results[label] = (
            path,
            username or "（未登录）",
            len(queries),
            [q["sql"] for q in queries.captured_queries],
        )
    return results


def main() -> None:
    setup()
    from django.db import connection

    county = County()
    runs = {}
    for n in SIZES:
        county.build(n)
        runs[n] = measure(county)
    print(f"database: {connection.vendor}\n")
    print(f"| page | account | queries @ {SIZES[0]} | queries @ {SIZES[1]} |")
    print("|---|---|--:|--:|")
    for label, (_path, account, small, _sql) in runs[SIZES[0]].items():
        large = runs[SIZES[1]][label][2]
        print(f"| {label} | {account} | {small} | {large} |")
        if large != small:
            print(f"\n{label}: statements run more than once at {SIZES[1]}")
            for shape, times in Counter(_shape(s) for s in runs[SIZES[1]][label][3]).most_common(5):
                if times > 1:
                    print(f"  ×{times}  {shape[:160]}")


if __name__ == "__main__":
    main()
