"""Generate a whole demo world in one transaction: regions, congresses, deputies, stations,
handling units and one account per role.

This is a bulk load: rows go in with ``bulk_create`` and no per-row audit events; one event,
``demo.data.seeded``, records what was loaded. Personal data still goes through the model
fields, so every phone and ID number is stored as real SM4 ciphertext with its digest.
The same seed gives the same people, names and numbers.
"""

import random
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import User
from lianxin.audit.recorder import record
from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Session, Term
from lianxin.demo import congresses, opinions, people, personas, regions, stations, suggestions, units
from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.reception_rota import seed_reception_rota
from lianxin.demo.scales import SCALES
from lianxin.deputies.models import Deputy, Seat
from lianxin.opinions.models import Opinion
from lianxin.regions.models import Region
from lianxin.stations.models import Station
from lianxin.suggestions.models import Suggestion
from lianxin.units.models import HandlingUnit, UnitContact


def has_data() -> bool:
    return Region.objects.exists() or User.objects.exists() or Deputy.objects.exists()


def _area_code(city: Region) -> str:
    # Telephone area codes for the demo's made-up cities: 0731, 0732, …
    return f"07{30 + int(city.code[-2:])}"


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "congresses": Congress.objects.count(),
        "terms": Term.objects.count(),
        "sessions": Session.objects.count(),
        "delegations": Delegation.objects.count(),
        "deputy_groups": DeputyGroup.objects.count(),
        "constituencies": Constituency.objects.count(),
        "deputies": Deputy.objects.count(),
        "seats": Seat.objects.count(),
        "deputies_with_several_seats": Deputy.objects.annotate(n=Count("seats")).filter(n__gt=1).count(),
        "stations": Station.objects.count(),
        "units": HandlingUnit.objects.count(),
        "unit_contacts": UnitContact.objects.count(),
        "accounts": User.objects.count(),
        "opinions": Opinion.objects.count(),
        "suggestions": Suggestion.objects.count(),
    }


def _refresh_planner_statistics() -> None:
    # Until tables are analysed the planner takes them for nearly empty and picks plans that
    # are 10–20 times slower on a province (PostgreSQL manual, "Populating a Database"; and
    # autovacuum, which would get round to it, may be off or slow to start).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@transaction.atomic
def seed(*, scale: str, seed: int, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    issuer = IdentityIssuer(rng)
    province, counties = regions.create_upper(rng, SCALES[scale])
    cities = list(dict.fromkeys(county.city for county in counties))
    upper = congresses.create_upper(rng, province, cities)
    tags = people.create_tags()
    factory = people.PeopleFactory(rng, issuer, birthplaces=[county.region.code for county in counties])

    for number, county in enumerate(counties, start=1):
        regions.grow_county(rng, county)
        bodies = congresses.create_county(rng, county, upper)
        residents = people.create_deputies(rng, factory, county, bodies, tags)
        area_code = _area_code(county.city)
        county_stations = stations.create_stations(rng, issuer, county, residents, area_code)
        county_units = units.create_units(rng, issuer, county, area_code)
        if number == 1:
            personas.create_personas(issuer, county, residents, county_stations, county_units)
            opinions.seed_opinions(county.region, rng=rng, issuer=issuer)
            suggestions.seed_suggestions(county.region)
            seed_reception_rota(county.region, rng=rng, issuer=issuer)
        if progress:
            progress(number, len(counties))

    _refresh_planner_statistics()
    loaded = counts()
    record(
        actor=Actor.system(),
        action="demo.data.seeded",
        target=province,
        data={"scale": scale, "seed": seed, **loaded},
    )
    return loaded
