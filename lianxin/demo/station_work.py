"""The demo county's 星级评定 and 云接待, so that both can be seen on the first morning.

星级评定: two published rounds (the persona liaison's 代表之家 was 样板站, then 出色站: a
downgrade on re-assessment) and a round open now, where the liaison can still apply and
郑国栋 (lingdao) still has an application to score. 云接待: a session that ended last week
(answered in public, answered in private, and one question that the first run of
``close_online_sessions`` hands to 民意直通车), one open now with questions waiting for
代表 daibiao, and one next week.

Every step runs through the owning service on a clock moved back to its day. Citizens'
questions are written as the public form writes them: the form's own path asks for the SMS
code sent to the phone, which a loader cannot read back (as in ``demo.opinions``).
"""

import datetime
import random
from decimal import Decimal

import time_machine
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.audit.recorder import record
from lianxin.demo.identity import IdentityIssuer
from lianxin.onlinestation import services as online
from lianxin.onlinestation.models import Question
from lianxin.opinions.intake import citizen_label
from lianxin.stationrating import services as rating
from lianxin.stationrating.services import DimensionSpec, GradeSpec
from lianxin.stations.models import Station

DIMENSIONS = [
    DimensionSpec("阵地建设", Decimal(20), "有固定场所和醒目标识，面积、设施满足接待需要"),
    DimensionSpec("制度建设", Decimal(15), "接待、登记、转办、反馈、归档制度健全并上墙"),
    DimensionSpec("活动开展", Decimal(20), "每月至少一次集中接待，代表进站有记录"),
    DimensionSpec("意见办理", Decimal(20), "群众意见及时登记、转办、反馈，办结率高"),
    DimensionSpec("台账管理", Decimal(10), "台账完整规范，资料及时归档"),
    DimensionSpec("工作成效", Decimal(15), "群众满意度高，有典型案例"),
]
GRADES = [
    GradeSpec("样板站", Decimal(90), Decimal(100)),
    GradeSpec("出色站", Decimal(80), Decimal(90)),
    GradeSpec("合格站", Decimal(60), Decimal(80)),
]
# Each assessor's marks per dimension, by station, by round.
_MARKS = {
    "2022": ((19, 14, 19, 19, 9, 14), (17, 13, 17, 17, 8, 13), (14, 11, 14, 14, 7, 10)),
    "2024": ((17, 13, 17, 18, 8, 12), (19, 14, 19, 19, 9, 14), (15, 11, 15, 15, 7, 11)),
}

QUESTIONS_LAST_WEEK = (
    (
        "小区二期的电梯加装什么时候开始报名？",
        "public",
        "电梯加装今年分两批，二期报名下月初在社区居委会开始，届时会张贴通知。",
    ),
    (
        "我母亲的高龄补贴这两个月没发，想私下问问怎么回事。",
        "private",
        "已帮您联系乡民政办，系银行卡信息变更所致，本周内补发。",
    ),
    ("村口垃圾中转站夏天味道很大，能不能挪个地方？", "", ""),
)
QUESTIONS_NOW = (
    "学校门口早上堵车，能不能安排人疏导？",
    "农村医保今年缴费标准是多少？在哪里交？",
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _clock(day: datetime.date, hour: int = 10):
    return time_machine.travel(_at(day, hour), tick=False)


def _actor(user) -> Actor:
    return Actor(user=user, role=user.active_memberships()[0].role)


def seed_station_work(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["gongwei", "bangongshi", "lingdao", "lianluoyuan", "daibiao"]
        )
    }
    if len(users) < 5:
        return  # no personas (a bare database): nothing to show them
    liaison = users["lianluoyuan"]
    home = liaison.liaison_stations.select_related("region").first()
    # Two more stations of the township take part, each through its own liaison: accounts
    # without a password (nobody signs in as them), so that the listing has more than one row.
    others = list(
        Station.objects.filter(region__path__startswith=home.region.path, is_active=True)
        .exclude(pk=home.pk)
        .order_by("region__path", "name")[:2]
    )
    county = users["gongwei"].active_memberships()[0].region
    liaisons = {home.pk: _actor(liaison)}
    for number, (station, name) in enumerate(zip(others, ("吴春燕", "黄志明"), strict=False), start=1):
        keeper = User.objects.create_user(username=f"demo-liaison-{number}", password=None, name=name)
        # Scoped like every other demo account, to the county; the station binds them.
        Membership.objects.create(user=keeper, role=Role.LIAISON, region=county)
        station.liaisons.add(keeper)
        liaisons[station.pk] = _actor(keeper)
    _seed_rating(users, [home, *others], liaisons, today)
    _seed_online(users, home, today)


def _seed_rating(users, stations, liaisons: dict, today: datetime.date) -> None:
    staff, office, leader = (_actor(users[n]) for n in ("gongwei", "bangongshi", "lingdao"))
    county = users["gongwei"].active_memberships()[0].region
    with _clock(today - datetime.timedelta(days=3 * 365)):
        template = rating.template_create(
            actor=staff,
            name="代表联络站星级评定标准",
            region=county,
            total_points=100,
            description="每两年评定一次；样板站 90 分以上，出色站 80 分以上，合格站 60 分以上。",
            dimensions=DIMENSIONS,
            grades=GRADES,
        )
    for year, years_ago in (("2022", 3), ("2024", 1)):
        start = today - datetime.timedelta(days=years_ago * 365)
        with _clock(start):
            round_ = rating.round_create(
                actor=staff,
                name=f"{year}—{int(year) + 1}年度代表联络站星级评定",
                template=template,
                region=county,
                apply_until=start + datetime.timedelta(days=30),
                assessors=[users["bangongshi"], users["lingdao"]],
            )
        for station, marks in zip(stations, _MARKS[year], strict=False):
            with _clock(start + datetime.timedelta(days=10)):
                application = _apply(liaisons[station.pk], round_, station, marks)
            with _clock(start + datetime.timedelta(days=40)):
                _score(office, application, marks, 0)
                _score(leader, application, marks, -1)
        with _clock(start + datetime.timedelta(days=50)):
            rating.combine(actor=staff, round=round_)
            rating.publish(actor=staff, round=round_)
    with _clock(today - datetime.timedelta(days=7)):
        current = rating.round_create(
            actor=staff,
            name=f"{today.year}—{today.year + 1}年度代表联络站星级评定",
            template=template,
            region=county,
            apply_until=today + datetime.timedelta(days=60),
            assessors=[users["bangongshi"], users["lingdao"]],
        )
    if len(stations) > 1:
        with _clock(today - datetime.timedelta(days=3)):
            application = _apply(liaisons[stations[1].pk], current, stations[1], _MARKS["2024"][1])
        with _clock(today - datetime.timedelta(days=1)):
            _score(office, application, _MARKS["2024"][1], 0)


def _points(round_, marks, shift: int = 0) -> dict:
    dimensions = round_.template.dimensions.all()
    return {
        d.pk: max(Decimal(0), Decimal(m + (shift if i % 2 else 0)))
        for i, (d, m) in enumerate(zip(dimensions, marks, strict=True))
    }


def _apply(liaison: Actor, round_, station, marks):
    return rating.apply(
        actor=liaison,
        round=round_,
        station=station,
        statement=f"{station.name}每月固定接待日集中接待，群众意见登记、转办、反馈台账齐全。",
        points=_points(round_, marks),
        evidence={round_.template.dimensions.first().pk: "场所照片、制度牌见台账第 1 册。"},
    )


def _score(assessor: Actor, application, marks, shift: int) -> None:
    rating.score(actor=assessor, application=application, points=_points(application.round, marks, shift))


def _ask(session, content: str, issuer: IdentityIssuer) -> Question:
    """A question as the public form writes it, for a citizen the demo invented."""
    phone = issuer.mobile()
    question = Question(session=session, content=content, asker_phone=phone, consent_version="2026-1")
    question.full_clean(validate_unique=False, validate_constraints=False)
    question.save()
    record(
        actor=Actor(user=None, role="citizen", label=citizen_label(phone)),
        action="onlinestation.question.asked",
        target=question,
        data={"session": session.title, "keep_private": False},
    )
    return question


def _seed_online(users, home, today: datetime.date) -> None:
    liaison, deputy_user = _actor(users["lianluoyuan"]), users["daibiao"]
    deputy = deputy_user.deputy
    if not home.deputies.filter(pk=deputy.pk).exists():
        return  # the demo deputy is stationed elsewhere: nobody could answer here
    issuer = IdentityIssuer(random.Random(2026))
    on_duty = _actor(deputy_user)

    last_week = today - datetime.timedelta(days=7)
    with _clock(last_week - datetime.timedelta(days=5)):
        ended = online.session_create(
            actor=liaison,
            station=home,
            title="家门口的民生事，代表在线听您说",
            starts_at=_at(last_week, 9),
            ends_at=_at(last_week, 11),
            deputies=[deputy],
            note="本场由进站代表在线值班，接待时间内未能答复的留言将转入“民意直通车”办理。",
        )
    for minute, (content, visibility, answer) in enumerate(QUESTIONS_LAST_WEEK):
        with _clock(last_week, 9):
            question = _ask(ended, content, issuer)
        if visibility:
            with time_machine.travel(_at(last_week, 10, minute * 10), tick=False):
                online.answer(actor=on_duty, question=question, text=answer, visibility=visibility)
    # Left for cron: the first `manage.py close_online_sessions` hands the unanswered question
    # to 民意直通车 (the demo's opinions are its stories, one per stage, and nothing else).

    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=2), tick=False):
        current = online.session_create(
            actor=liaison,
            station=home,
            title="本周云接待：教育、医保和出行",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(days=2),
            deputies=[deputy],
        )
    for content in QUESTIONS_NOW:
        with time_machine.travel(now - datetime.timedelta(minutes=30), tick=False):
            _ask(current, content, issuer)

    next_week = today + datetime.timedelta(days=7)
    with _clock(today - datetime.timedelta(days=1)):
        online.session_create(
            actor=liaison,
            station=home,
            title="农村人居环境整治，代表在线答",
            starts_at=_at(next_week, 9),
            ends_at=_at(next_week, 11),
            deputies=[deputy],
        )
