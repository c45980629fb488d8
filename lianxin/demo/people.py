"""Deputies of one county and their seats.

A county of 13 townships has about 220 county deputies, about 60 deputies per township
congress and about 40 city and provincial deputies. Some people hold more than one seat
(五级代表): village heads and township officials elected to the county congress usually sit
in their township congress too, and city deputies are often county deputies as well.
"""

import datetime
import random
from dataclasses import dataclass, field

from lianxin.congresses.models import Constituency
from lianxin.demo import occupations
from lianxin.demo.congresses import CountyBodies, TermPlaces
from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.names import person_name
from lianxin.demo.regions import STREET, XIANG, County, Township
from lianxin.demo.units import BUREAUS
from lianxin.deputies.choices import Gender, SeatStatus
from lianxin.deputies.models import Deputy, ExpertiseTag, Seat
from lianxin.regions.models import Region

# City and provincial deputies living in a county of 13 townships.
CITY_DEPUTIES_PER_TOWNSHIP = 30 / 13
PROVINCE_DEPUTIES_PER_TOWNSHIP = 10 / 13
# The day the demo's history ends: resignations and by-elections happen before it.
HISTORY_ENDS = datetime.date(2026, 10, 31)
# Ages at election, by the level a person was first created for.
_AGES = {occupations.TOWNSHIP: (25, 60), occupations.COUNTY: (30, 58), occupations.UPPER: (35, 58)}
_ENDINGS = (
    (SeatStatus.RESIGNED, "因工作调动，本人提出辞去代表职务，经常务委员会（主席团）接受。"),
    (SeatStatus.RESIGNED, "因身体原因辞去代表职务。"),
    (SeatStatus.TERMINATED, "调离本行政区域，代表资格终止（代表法第四十九条）。"),
    (SeatStatus.TERMINATED, "迁出本行政区域，代表资格终止（代表法第四十九条）。"),
)


@dataclass(eq=False)  # two people are the same only if they are the same object
class Person:
    deputy: Deputy
    occupation: occupations.Occupation
    township: Township
    village: Region
    tags: list[str]
    seats: list[Seat] = field(default_factory=list)

    def take_seat(self, places: TermPlaces, constituency: Constituency | None = None) -> Seat:
        seat = Seat(
            deputy=self.deputy,
            term=places.term,
            constituency=constituency,
            electoral_unit=places.electoral_unit,
            delegation=places.delegation,
            group=places.group,
            elected_on=places.term.start_date,
        )
        self.seats.append(seat)
        return seat


def _places(county: County, township: Township, village: Region) -> dict[str, str]:
    """The names a workplace or title pattern may use, for someone living in ``village``."""
    county_suffix = county.region.name[-1]
    is_street = township.kind == STREET
    is_community = village.name.endswith("社区")
    name = township.region.name
    return {
        "county": county.region.name,
        "county_head": {"县": "县长", "区": "区长", "市": "市长"}[county_suffix],
        "township": name,
        "town_gov": f"{name}办事处" if is_street else f"{name}人民政府",
        "head": "办事处主任" if is_street else ("乡长" if township.kind == XIANG else "镇长"),
        "party_committee": f"中共{name}工作委员会" if is_street else f"中共{name}委员会",
        "party": "党工委" if is_street else "党委",
        "npc_office": f"{name}人大工委" if is_street else f"{name}人民代表大会",
        "npc_head": "人大工委主任" if is_street else "人大主席",
        "npc_deputy": "人大工委副主任" if is_street else "人大副主席",
        "village": village.name,
        "village_stem": village.name.removesuffix("社区").removesuffix("村"),
        "village_committee": village.name + ("居民委员会" if is_community else "村民委员会"),
        "village_head": "社区党组织书记、居委会主任" if is_community else "村党组织书记、村委会主任",
        "village_deputy": "居委会副主任" if is_community else "村委会副主任",
        "village_member": "居委会委员" if is_community else "村委会委员",
    }


class PeopleFactory:
    def __init__(self, rng: random.Random, issuer: IdentityIssuer, birthplaces: list[str]):
        self.rng = rng
        self.issuer = issuer
        self.birthplaces = birthplaces

    def _birth_date(self, level: int, elected: datetime.date) -> datetime.date:
        low, high = _AGES[level]
        year = elected.year - self.rng.randint(low, high)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def new(self, county: County, township: Township, village: Region, level: int) -> Person:
        rng = self.rng
        occupation = occupations.choose_occupation(rng, level)
        female = rng.random() < occupation.female_share
        birth_date = self._birth_date(level, datetime.date(2021, 10, 1))
        # Most deputies were born in the county they serve; some moved in from elsewhere.
        area = county.region.code if rng.random() < 0.85 else rng.choice(self.birthplaces)
        places = _places(county, township, village)
        department = rng.choice(BUREAUS)
        deputy = Deputy(
            name=person_name(rng, female=female),
            gender=Gender.FEMALE if female else Gender.MALE,
            ethnicity=occupations.choose_ethnicity(rng),
            birth_date=birth_date,
            party=occupations.choose_party(rng, occupation.industry),
            occupation=occupation.occupation,
            industry=occupation.industry,
            workplace=occupations.fill(rng, rng.choice(occupation.workplaces), places, department),
            title=occupations.fill(rng, rng.choice(occupation.titles), places, department),
            region=township.region if occupation.official else village,
            phone=self.issuer.mobile(),
            id_number=self.issuer.id_number(area_code=area, birth_date=birth_date, female=female),
        )
        return Person(
            deputy=deputy,
            occupation=occupation,
            township=township,
            village=village,
            tags=occupations.choose_tags(rng, occupation),
        )


def _pick(rng: random.Random, people: list[Person], count: int, level: int) -> list[Person]:
    """``count`` people, preferring those whose occupation is common at ``level``."""
    # Weighted sampling without replacement (Efraimidis–Spirakis).
    keyed = sorted(
        people,
        key=lambda p: rng.random() ** (1 / (p.occupation.weights[level] + 0.5)),
        reverse=True,
    )
    return keyed[:count]


def _end_some_seats(rng: random.Random, seats: list[Seat]) -> None:
    """About one seat in fifty ends early; about one in sixty was filled at a by-election (补选)."""
    for seat in seats:
        roll = rng.random()
        term_start = seat.term.start_date
        if roll < 0.02:
            seat.status, seat.status_note = rng.choice(_ENDINGS)
            days = (HISTORY_ENDS - term_start).days
            seat.status_changed_on = term_start + datetime.timedelta(days=rng.randint(180, days))
        elif roll < 0.037:
            seat.elected_on = term_start + datetime.timedelta(days=rng.randint(200, 1500))


def create_deputies(
    rng: random.Random,
    factory: PeopleFactory,
    county: County,
    bodies: CountyBodies,
    tags: dict[str, ExpertiseTag],
) -> list[Person]:
    people: list[Person] = []

    county_deputies: dict[str, list[Person]] = {}
    for township in county.townships:
        code = township.region.code
        elected = county_deputies[code] = []
        for electing in bodies.county_electing[code]:
            for _ in range(electing.quota):
                person = factory.new(county, township, electing.village, occupations.COUNTY)
                person.take_seat(bodies.county_places[code], electing.constituency)
                elected.append(person)
        people += elected

    for township in county.townships:
        township_bodies = bodies.townships[township.region.code]
        if township_bodies.term is None:
            continue
        term, groups = township_bodies.term, township_bodies.groups
        # Nearly half the county deputies of a township also sit in its congress, elected
        # in their own village; anyone a full constituency leaves out keeps one seat.
        local = county_deputies[township.region.code]
        dual = _pick(rng, local, round(len(local) * 0.45), occupations.TOWNSHIP)
        for index, electing in enumerate(township_bodies.electing):
            places = TermPlaces(term=term, group=groups[index * len(groups) // len(township_bodies.electing)])
            members = [p for p in dual if p.village is electing.village][: electing.quota]
            while len(members) < electing.quota:
                person = factory.new(county, township, electing.village, occupations.TOWNSHIP)
                people.append(person)
                members.append(person)
            for person in members:
                person.take_seat(places, electing.constituency)

    def newcomer(level: int) -> Person:
        township = rng.choice(county.townships)
        person = factory.new(county, township, rng.choice(township.villages), level)
        people.append(person)
        return person

    every_county_deputy = [p for elected in county_deputies.values() for p in elected]
    size = len(county.townships)
    city_count = round(CITY_DEPUTIES_PER_TOWNSHIP * size)
    city = _pick(rng, every_county_deputy, city_count // 2, occupations.UPPER)
    city += [newcomer(occupations.UPPER) for _ in range(city_count - len(city))]
    for person in city:
        person.take_seat(bodies.city_places)

    province_count = round(PROVINCE_DEPUTIES_PER_TOWNSHIP * size)
    province = _pick(rng, city, province_count // 3, occupations.UPPER)
    others = [p for p in every_county_deputy if p not in city]
    province += _pick(rng, others, province_count // 3, occupations.UPPER)
    province += [newcomer(occupations.UPPER) for _ in range(province_count - len(province))]
    for person in province:
        person.take_seat(bodies.province_places)

    seats = [seat for person in people for seat in person.seats]
    _end_some_seats(rng, seats)
    Deputy.objects.bulk_create([p.deputy for p in people], batch_size=1000)
    Seat.objects.bulk_create(seats, batch_size=2000)
    Deputy.expertise.through.objects.bulk_create(
        [
            Deputy.expertise.through(deputy_id=p.deputy.pk, expertisetag_id=tags[name].pk)
            for p in people
            for name in p.tags
        ],
        batch_size=5000,
    )
    return people


def create_tags() -> dict[str, ExpertiseTag]:
    tags = [ExpertiseTag(name=name) for name in occupations.EXPERTISE_TAGS]
    ExpertiseTag.objects.bulk_create(tags)
    return {tag.name: tag for tag in tags}
