"""The administrative tree: 示范省 > 市 > 县（区、市）> 街道/镇/乡 > 社区/村 > 网格.

Codes follow the shape of 统计用区划代码: 2 digits for the province, 4 for a city, 6 for a
county, 9 for a township (街道 001–099, 镇 101–199, 乡 201–399) and 12 for a village-level
unit (社区 001–199, 村 201–399). A grid adds three digits to its 社区 or 村.
Province code 99 is not a real one, so demo codes never collide with real regions.
"""

import random
from dataclasses import dataclass, field

from lianxin.congresses.numerals import chinese_number
from lianxin.demo.names import PlaceNamer
from lianxin.regions.models import Region

PROVINCE = ("示范省", "99")
FIRST_CITY = "同心市"
FIRST_COUNTY = "连心县"

STREET, TOWN, XIANG = "街道", "镇", "乡"


@dataclass
class Township:
    region: Region
    kind: str
    villages: list[Region] = field(default_factory=list)

    @property
    def has_congress(self) -> bool:
        # 街道 are offices of the county government: they have a 人大工委, not a congress.
        return self.kind != STREET


@dataclass
class County:
    region: Region
    city: Region
    townships: list[Township] = field(default_factory=list)


def _region(name: str, code: str, level: int, parent: Region | None) -> Region:
    # bulk_create skips Region.save(), which is what normally derives the path.
    return Region(name=name, code=code, level=level, parent=parent, path=Region.path_for(code, parent))


def _county_kinds(count: int, *, first_city: bool) -> list[tuple[str, str]]:
    """(suffix, two-digit code) for each county of a city: 市辖区 02…, 县 21…, 县级市 81…"""
    districts = min(2, count // 3)
    cities = 1 if count >= 6 else 0
    kinds = [("区", f"{2 + i:02d}") for i in range(districts)]
    kinds += [("县", f"{21 + i:02d}") for i in range(count - districts - cities)]
    kinds += [("市", f"{81 + i:02d}") for i in range(cities)]
    if first_city:
        # 连心县 (…21) leads, so the county demo and the larger ones share the same county.
        kinds.sort(key=lambda kind: kind[1] != "21")
    return kinds


def create_upper(rng: random.Random, counties_per_city: tuple[int, ...]) -> tuple[Region, list[County]]:
    """The province, its cities and their counties (without townships yet)."""
    name, code = PROVINCE
    province = _region(name, code, Region.Level.PROVINCE, None)
    Region.objects.bulk_create([province])
    namer = PlaceNamer(rng, taken={FIRST_CITY[:2], FIRST_COUNTY[:2]})
    cities = [
        _region(
            FIRST_CITY if number == 1 else namer.stem() + "市",
            f"{code}{number:02d}",
            Region.Level.CITY,
            province,
        )
        for number in range(1, len(counties_per_city) + 1)
    ]
    Region.objects.bulk_create(cities)
    counties = []
    for city, count in zip(cities, counties_per_city, strict=True):
        for suffix, digits in _county_kinds(count, first_city=city.name == FIRST_CITY):
            is_first = city.name == FIRST_CITY and digits == "21"
            name = FIRST_COUNTY if is_first else namer.stem() + suffix
            counties.append(_region(name, city.code + digits, Region.Level.COUNTY, city))
    Region.objects.bulk_create(counties)
    by_code = {city.code: city for city in cities}
    return province, [County(region=c, city=by_code[c.code[:4]]) for c in counties]


def _township_kinds(rng: random.Random, county: Region) -> list[str]:
    if county.name == FIRST_COUNTY:
        return [STREET] * 2 + [TOWN] * 8 + [XIANG] * 3
    total = rng.randint(12, 18)
    if county.name.endswith("区"):
        # Urban districts are mostly 街道, suburban ones mostly 镇: the demo's are in between.
        streets = total // 3
        return [STREET] * streets + [TOWN] * (total - streets)
    if county.name.endswith("市"):
        return [STREET] * 4 + [TOWN] * (total - 5) + [XIANG]
    xiang = total // 4
    return [STREET] * 2 + [TOWN] * (total - 2 - xiang) + [XIANG] * xiang


_FIRST_CODE = {STREET: 1, TOWN: 101, XIANG: 201}


def grow_county(rng: random.Random, county: County) -> None:
    """Townships, villages and grids of one county, inserted level by level."""
    namer = PlaceNamer(rng)
    next_code = dict(_FIRST_CODE)
    streets = 0
    for kind in _township_kinds(rng, county.region):
        if kind == STREET:
            name = namer.street(streets)
            streets += 1
        else:
            name = namer.stem() + kind
        code = f"{county.region.code}{next_code[kind]:03d}"
        next_code[kind] += 1
        county.townships.append(
            Township(region=_region(name, code, Region.Level.TOWNSHIP, county.region), kind=kind)
        )
    Region.objects.bulk_create([t.region for t in county.townships])

    for township in county.townships:
        count = rng.randint(8, 15)
        communities = {STREET: count, TOWN: rng.randint(1, 3), XIANG: rng.randint(0, 1)}[township.kind]
        village_namer = PlaceNamer(rng)
        for index in range(count):
            if index < communities:
                name, number = village_namer.community(), 1 + index
            else:
                name, number = village_namer.stem() + "村", 201 + index - communities
            township.villages.append(
                _region(name, f"{township.region.code}{number:03d}", Region.Level.VILLAGE, township.region)
            )
    Region.objects.bulk_create([v for t in county.townships for v in t.villages])

    grids = [
        _region(
            f"{village.name}第{chinese_number(n)}网格", f"{village.code}{n:03d}", Region.Level.GRID, village
        )
        for township in county.townships
        for village in township.villages
        for n in range(1, rng.randint(2, 4) + 1)
    ]
    Region.objects.bulk_create(grids)
