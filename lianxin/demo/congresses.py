"""Congresses with their current term, sessions, delegations, deputies' groups and constituencies.

Terms follow the real election cycle: townships and counties elected their 第十八届 in
autumn 2021, cities at the turn of 2022, provinces in January 2023. Each constituency
(选区) carries the number of deputies it elects, which is how many seats people.py fills.
"""

import datetime
import random
from dataclasses import dataclass, field

from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Session, Term
from lianxin.congresses.numerals import chinese_number
from lianxin.demo.regions import County, Township
from lianxin.regions.models import Region

# County deputies per township: 连心县's 13 townships elect about 220.
COUNTY_DEPUTIES_PER_TOWNSHIP = 17


@dataclass
class Electing:
    """A constituency and how many deputies it elects."""

    constituency: Constituency
    village: Region
    quota: int


@dataclass
class TermPlaces:
    """Where a seat in one term sits: its term and, for indirect elections, its electing body."""

    term: Term
    delegation: Delegation | None = None
    group: DeputyGroup | None = None
    electoral_unit: str = ""


@dataclass
class UpperBodies:
    province_term: Term
    city_terms: dict[str, Term]
    # The province congress seats each city's deputies in a delegation and a group of its own.
    province_places: dict[str, TermPlaces]


@dataclass
class TownshipBodies:
    term: Term | None
    groups: list[DeputyGroup] = field(default_factory=list)
    electing: list[Electing] = field(default_factory=list)


@dataclass
class CountyBodies:
    county_term: Term
    county_places: dict[str, TermPlaces]  # by township code
    county_electing: dict[str, list[Electing]]  # by township code
    townships: dict[str, TownshipBodies]  # by township code
    city_places: TermPlaces
    province_places: TermPlaces


def _date(rng: random.Random, year: int, month: int, first_day: int = 5, last_day: int = 25):
    return datetime.date(year, month, rng.randint(first_day, last_day))


def _sessions(rng: random.Random, term: Term, count: int, days: int) -> list[Session]:
    """The first session opens the term; later ones meet early each following year."""
    sessions = []
    start = term.start_date
    for number in range(1, count + 1):
        if number > 1:
            start = _date(rng, term.start_date.year + number - 1, rng.choice((1, 1, 2)))
        end = start + datetime.timedelta(days=days - 1)
        sessions.append(Session(term=term, number=number, start_date=start, end_date=end))
    return sessions


def _congress(region: Region) -> Congress:
    return Congress(region=region, name=f"{region.name}人民代表大会")


def create_upper(rng: random.Random, province: Region, cities: list[Region]) -> UpperBodies:
    congresses = [_congress(province), *(_congress(city) for city in cities)]
    Congress.objects.bulk_create(congresses)
    province_term = Term(congress=congresses[0], number=14, start_date=_date(rng, 2023, 1, 10, 20))
    city_terms = [
        Term(congress=congress, number=17, start_date=_date(rng, 2021, 12, 20, 30))
        for congress in congresses[1:]
    ]
    Term.objects.bulk_create([province_term, *city_terms])
    sessions = _sessions(rng, province_term, 4, 5)
    for term in city_terms:
        sessions += _sessions(rng, term, 5, 4)
    Session.objects.bulk_create(sessions)

    delegations = [Delegation(term=province_term, name=f"{c.name}代表团", region=c) for c in cities]
    groups = [DeputyGroup(term=province_term, name=f"{c.name}代表小组", region=c) for c in cities]
    Delegation.objects.bulk_create(delegations)
    DeputyGroup.objects.bulk_create(groups)
    return UpperBodies(
        province_term=province_term,
        city_terms={city.code: term for city, term in zip(cities, city_terms, strict=True)},
        province_places={
            city.code: TermPlaces(
                term=province_term,
                delegation=delegation,
                group=group,
                electoral_unit=f"{city.name}人民代表大会",
            )
            for city, delegation, group in zip(cities, delegations, groups, strict=True)
        },
    )


def _county_electing(rng: random.Random, term: Term, county: County) -> dict[str, list[Electing]]:
    villages = sum(len(t.villages) for t in county.townships)
    total = COUNTY_DEPUTIES_PER_TOWNSHIP * len(county.townships)
    electing: dict[str, list[Electing]] = {}
    numbers = iter(range(1, 10_000))  # constituencies are numbered across the county
    for township in county.townships:
        remaining = max(3, round(total * len(township.villages) / villages))
        places = []
        index = 0
        while remaining:
            quota = min(remaining, rng.choice((1, 2, 2, 3)))
            village = township.villages[index % len(township.villages)]
            constituency = Constituency(term=term, name=f"第{next(numbers)}选区", region=village)
            places.append(Electing(constituency=constituency, village=village, quota=quota))
            remaining -= quota
            index += 1
        electing[township.region.code] = places
    return electing


def _township_bodies(rng: random.Random, township: Township, term: Term) -> TownshipBodies:
    groups = [
        DeputyGroup(term=term, name=f"第{chinese_number(n)}代表小组", region=township.region)
        for n in range(1, rng.randint(3, 5) + 1)
    ]
    # Each village or community is one constituency electing four to eight township deputies.
    electing = [
        Electing(
            constituency=Constituency(term=term, name=f"第{n}选区", region=village),
            village=village,
            quota=rng.randint(4, 8),
        )
        for n, village in enumerate(township.villages, start=1)
    ]
    return TownshipBodies(term=term, groups=groups, electing=electing)


def create_county(rng: random.Random, county: County, upper: UpperBodies) -> CountyBodies:
    with_congress = [t for t in county.townships if t.has_congress]
    congresses = [_congress(county.region), *(_congress(t.region) for t in with_congress)]
    Congress.objects.bulk_create(congresses)
    county_term = Term(congress=congresses[0], number=18, start_date=_date(rng, 2021, 10, 15, 28))
    township_terms = [
        Term(congress=congress, number=18, start_date=_date(rng, 2021, 10, 8, 25))
        for congress in congresses[1:]
    ]
    Term.objects.bulk_create([county_term, *township_terms])
    sessions = _sessions(rng, county_term, 5, 3)
    for term in township_terms:
        sessions += _sessions(rng, term, rng.randint(3, 5), rng.randint(1, 2))
    Session.objects.bulk_create(sessions)

    city_term = upper.city_terms[county.city.code]
    delegations = [
        *(
            Delegation(term=county_term, name=f"{t.region.name}代表团", region=t.region)
            for t in county.townships
        ),
        Delegation(term=city_term, name=f"{county.region.name}代表团", region=county.region),
    ]
    groups = [
        *(
            DeputyGroup(term=county_term, name=f"{t.region.name}代表小组", region=t.region)
            for t in county.townships
        ),
        DeputyGroup(term=city_term, name=f"{county.region.name}代表小组", region=county.region),
    ]
    township_bodies = {t.region.code: TownshipBodies(term=None) for t in county.townships}
    for township, term in zip(with_congress, township_terms, strict=True):
        township_bodies[township.region.code] = _township_bodies(rng, township, term)
    county_electing = _county_electing(rng, county_term, county)

    Delegation.objects.bulk_create(delegations)
    DeputyGroup.objects.bulk_create([*groups, *(g for b in township_bodies.values() for g in b.groups)])
    Constituency.objects.bulk_create(
        [
            e.constituency
            for places in [*county_electing.values(), *(b.electing for b in township_bodies.values())]
            for e in places
        ]
    )
    return CountyBodies(
        county_term=county_term,
        county_places={
            t.region.code: TermPlaces(term=county_term, delegation=d, group=g)
            for t, d, g in zip(county.townships, delegations[:-1], groups[:-1], strict=True)
        },
        county_electing=county_electing,
        townships=township_bodies,
        city_places=TermPlaces(
            term=city_term,
            delegation=delegations[-1],
            group=groups[-1],
            electoral_unit=f"{county.region.name}人民代表大会",
        ),
        province_places=upper.province_places[county.city.code],
    )
