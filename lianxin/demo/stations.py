"""履职阵地 of a county: a 代表之家 in every 乡镇 (a 代表联络站 in every 街道), 联系点 in villages,
联络室 in urban communities, sector stations, a station for migrants working far away and an
online station, about fifty in all, each with the deputies who live or work in its area."""

import random

from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.names import road_address
from lianxin.demo.people import Person
from lianxin.demo.regions import STREET, County
from lianxin.deputies.choices import SeatStatus
from lianxin.regions.models import Region
from lianxin.stations.models import Station

Kind = Station.Kind

_RECEPTION_DAYS = (5, 10, 15, 20, 25)
# Cities where many people of an inland county go to work; the county keeps a station there.
_MIGRANT_CITIES = (
    "深圳市宝安区",
    "广州市白云区",
    "东莞市长安镇",
    "苏州市昆山市",
    "宁波市北仑区",
    "厦门市集美区",
)
_SECTORS = (
    ("教育系统", ("教育",), "{county}第一中学行政楼二楼"),
    ("医疗卫生行业", ("医疗卫生",), "{county}人民医院门诊楼五楼"),
    ("经济开发区企业", ("企业负责人", "工人", "科技"), "{county}经济开发区管委会一楼"),
)


def _hours(rng: random.Random, kind: str) -> str:
    day = rng.choice(_RECEPTION_DAYS)
    if kind == Kind.ONLINE:
        return "全天在线受理，工作日内回复"
    if kind in (Kind.POINT, Kind.ROOM):
        return rng.choice((f"每月{day}日 9:00–11:30 代表接待", "每周三上午 9:00–11:30 代表接待"))
    return rng.choice(
        (
            f"工作日 8:30–17:30，每月{day}日为接待日",
            f"周一至周五 9:00–12:00、14:30–17:30，每月{day}日为代表接待日",
        )
    )


def _serving(people: list[Person]) -> list[Person]:
    return [p for p in people if any(s.status == SeatStatus.SERVING for s in p.seats)]


def create_stations(
    rng: random.Random, issuer: IdentityIssuer, county: County, people: list[Person], area_code: str
) -> list[Station]:
    county_name = county.region.name
    serving = _serving(people)
    stations: list[tuple[Station, list[Person]]] = []

    def add(name: str, kind: str, region, address: str, members: list[Person]) -> None:
        station = Station(
            name=name,
            kind=kind,
            region=region,
            address=address,
            opening_hours=_hours(rng, kind),
            public_phone="" if kind == Kind.ONLINE else issuer.landline(area_code),
        )
        stations.append((station, members))

    for township in county.townships:
        name = township.region.name
        local = [p for p in serving if p.township is township]
        if township.kind == STREET:
            add(
                f"{name}人大代表联络站",
                Kind.STATION,
                township.region,
                road_address(rng, county_name + name),
                local,
            )
            communities = rng.sample(township.villages, k=min(2, len(township.villages)))
            for community in communities:
                members = [p for p in local if p.deputy.region is community]
                add(
                    f"{community.name}人大代表联络室",
                    Kind.ROOM,
                    community,
                    f"{name}{community.name}党群服务中心",
                    members,
                )
        else:
            add(f"{name}人大代表之家", Kind.HOME, township.region, f"{county_name}{name}人民政府院内", local)
            # The two or three villages with most resident deputies host a 联系点.
            villages = sorted(township.villages, key=lambda v: -sum(p.deputy.region is v for p in local))
            for village in villages[: rng.randint(2, 3)]:
                members = [p for p in local if p.deputy.region is village]
                add(
                    f"{village.name}人大代表联系点",
                    Kind.POINT,
                    village,
                    f"{name}{village.name}党群服务中心",
                    members,
                )

    above_township = [
        p for p in serving if any(s.term.congress.region.level <= Region.Level.COUNTY for s in p.seats)
    ]
    for sector, industries, address in _SECTORS:
        members = [p for p in above_township if p.deputy.industry in industries][:15]
        add(
            f"{county_name}{sector}人大代表工作站",
            Kind.INDUSTRY,
            county.region,
            address.format(county=county_name),
            members,
        )
    entrepreneurs = [p for p in above_township if p.deputy.industry == "企业负责人"][:3]
    migrant_city = rng.choice(_MIGRANT_CITIES)
    add(
        f"{county_name}人大驻{migrant_city[:2]}代表联络站",
        Kind.OUTPOST,
        county.region,
        f"{migrant_city}{county_name}商会",
        entrepreneurs,
    )
    add(f"{county_name}网上人大代表联络站", Kind.ONLINE, county.region, "", above_township)

    Station.objects.bulk_create([station for station, _members in stations])
    Station.deputies.through.objects.bulk_create(
        [
            Station.deputies.through(station_id=station.pk, deputy_id=person.deputy.pk)
            for station, members in stations
            for person in members
        ],
        batch_size=5000,
    )
    return [station for station, _members in stations]
