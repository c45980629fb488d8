"""The demo county's stations at work: 接待日 rules from their opening hours, the last three
months' 接待日 with who came, the coming months' rota, receptions and activities at the
liaison persona's station. Hand-written matters, invented people.

Receptions and activities go through the stations' services on a clock moved back to their
day (time-machine), like the opinion stories, so that the intake, timelines and figures are
what the platform would have produced; past 接待日 are written directly, since the rota
service rightly refuses days in the past.
"""

import datetime
import random
import re

import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.accounts.roles import Role
from lianxin.demo.identity import IdentityIssuer
from lianxin.opinions.models import Category
from lianxin.regions.models import Region
from lianxin.stations import rota, services
from lianxin.stations.models import Activity, ReceptionDay, Station

_MONTHLY = re.compile(r"每月(\d{1,2})日")

# (category, matter, what was said, an answer given on the spot or "")
RECEPTIONS = (
    (
        "城乡建设",
        "{village}菜市场门口雨天积水",
        "一下雨菜市场门口就积水，老人买菜要绕很远，希望疏通下水口、把路面垫高。",
        "",
    ),
    (
        "社会保障",
        "咨询城乡居民医保缴费档次",
        "家里两位老人想知道明年医保缴费档次和报销比例有什么变化。",
        "代表当场讲解了本县明年城乡居民医保的缴费标准和报销比例，并留下乡镇社保所电话。",
    ),
    (
        "交通运输",
        "{village}村口公交站没有候车亭",
        "村口公交站只有一块站牌，下雨天等车没地方躲，希望建一个候车亭。",
        "",
    ),
    (
        "民政",
        "高龄津贴申请需要哪些材料",
        "父亲今年满八十岁，想申请高龄津贴，不知道要准备什么材料、到哪里办。",
        "联络员当场说明了申请材料，并帮助在线预约了村便民服务点代办。",
    ),
)

ACTIVITIES = (
    (
        Activity.Kind.COUNCIL,
        "老旧小区加装电梯议事会",
        "居民代表、物业和人大代表商议加装电梯的费用分摊，议定按楼层分摊。",
    ),
    (
        Activity.Kind.ACTIVITY,
        "“代表在身边”主题接待活动",
        "代表集中听取群众对农村道路养护和公交线路的意见，共收集意见 6 条。",
    ),
)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 20)))


def _past_dates(day_of_month: int, today: datetime.date, months: int) -> list[datetime.date]:
    dates = []
    year, month = today.year, today.month
    for _ in range(months + 1):
        date = rota.day_in_month(year, month, day_of_month)
        if date < today:
            dates.append(date)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(dates)[-months:]


def seed_reception_rota(county: Region, *, rng: random.Random, issuer: IdentityIssuer) -> int:
    """Returns the number of receptions logged."""
    stations = list(Station.objects.filter(region__path__startswith=county.path).prefetch_related("deputies"))
    for station in stations:
        found = _MONTHLY.search(station.opening_hours)
        if found:
            station.reception_day_of_month = int(found.group(1))
            station.reception_hours = "9:00–11:30"
    Station.objects.bulk_update(stations, ["reception_day_of_month", "reception_hours"])

    liaison_user = User.objects.get(username="lianluoyuan")
    liaison = Actor(user=liaison_user, role=Role.LIAISON)
    staff = Actor(user=User.objects.get(username="gongwei"), role=Role.STAFF)
    home = liaison_user.liaison_stations.select_related("region").first()
    if not home.reception_day_of_month:
        home.reception_day_of_month = 10
        home.save(update_fields=["reception_day_of_month"])
    deputies = list(home.deputies.order_by("name", "pk"))
    today = timezone.localdate()

    # The last three months: days held, most deputies on duty came.
    past = []
    for number, date in enumerate(_past_dates(home.reception_day_of_month, today, 3)):
        held = ReceptionDay.objects.create(station=home, date=date, hours="9:00–11:30")
        on_duty = [deputies[(number * 2 + i) % len(deputies)] for i in range(min(2, len(deputies)))]
        held.on_duty.set(on_duty)
        held.present.set(on_duty[:1] if number == 0 else on_duty)
        past.append(held)

    # The coming months' rota, for every station with a rule and deputies.
    for station in stations:
        if station.reception_day_of_month and station.deputies.exists():
            try:
                services.plan_days(actor=staff, station=station, months=3, per_day=2)
            except ValidationError:
                continue

    villages = list(Region.objects.filter(parent=home.region).order_by("code")) or [home.region]
    logged = 0
    for index, (category, title, content, answer) in enumerate(RECEPTIONS):
        held = past[index % len(past)] if past else None
        if held is None:
            break
        village = villages[index % len(villages)]
        with time_machine.travel(_at(held.date, 9 + index), tick=False):
            services.log_reception(
                actor=liaison,
                station=home,
                day=held,
                received_on=held.date,
                deputy=held.on_duty.order_by("name", "pk").first(),
                title=title.format(village=village.name),
                content=content,
                region=village,
                phone=issuer.mobile(),
                name=rng.choice("王李张刘陈杨黄赵") + rng.choice(("大伯", "阿姨", "师傅", "女士")),
                category=Category.objects.filter(name=category).first(),
                answer=answer,
            )
        logged += 1

    for index, (kind, title, minutes) in enumerate(ACTIVITIES):
        held_on = today - datetime.timedelta(days=12 + 20 * index)
        with time_machine.travel(_at(held_on, 15), tick=False):
            services.activity_create(
                actor=liaison,
                station=home,
                values={
                    "kind": kind,
                    "title": title,
                    "held_on": held_on,
                    "place": home.address,
                    "deputies": deputies[:3],
                    "attendance": rng.randint(15, 40),
                    "minutes": minutes,
                    "is_public": True,
                },
            )
    return logged
