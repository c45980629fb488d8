"""Demo accounts, one per role, all working in the first county (连心县).

The password is public and printed by ``make demo``: these accounts exist only in demo and
benchmark databases, which hold generated people and nothing else.
"""

from dataclasses import dataclass

from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role, WorkingBody
from lianxin.demo.identity import IdentityIssuer
from lianxin.demo.people import Person
from lianxin.demo.regions import County
from lianxin.deputies.choices import SeatStatus
from lianxin.regions.models import Region
from lianxin.stations.models import Station
from lianxin.units.models import HandlingUnit

PASSWORD = "Lianxin@2026"  # noqa: S105 - the published demo password.


@dataclass(frozen=True)
class Persona:
    username: str
    name: str  # the deputy persona takes the name of the deputy it is linked to
    role: str
    working_body: str = ""

    def role_label(self) -> str:
        label = str(Role(self.role).label)
        if self.working_body:
            label += f" · {WorkingBody(self.working_body).label}"
        return label


PERSONAS = (
    Persona("qunzhong", "林小梅", Role.CITIZEN),
    Persona("daibiao", "", Role.DEPUTY),
    Persona("lianluoyuan", "陈晓燕", Role.LIAISON),
    Persona("chengban", "周立强", Role.UNIT_CLERK),
    Persona("gongwei", "刘建华", Role.STAFF, WorkingBody.DEPUTY_AFFAIRS),
    Persona("bangongshi", "孙丽娟", Role.STAFF, WorkingBody.OFFICE),
    Persona("lingdao", "郑国栋", Role.LEADER),
    Persona("guanliyuan", "冯志远", Role.ADMIN),
    Persona("shenji", "何静", Role.AUDITOR),
)


def _five_level_deputy(people: list[Person]) -> Person:
    """Someone serving in both the county congress and their township's, in the first such township."""
    for person in people:
        levels = {s.term.congress.region.level for s in person.seats if s.status == SeatStatus.SERVING}
        if {Region.Level.COUNTY, Region.Level.TOWNSHIP} <= levels:
            return person
    raise RuntimeError("the county has no deputy serving at both county and township level")


def create_personas(
    issuer: IdentityIssuer,
    county: County,
    people: list[Person],
    stations: list[Station],
    units: list[HandlingUnit],
) -> list[User]:
    deputy = _five_level_deputy(people)
    home = next(s for s in stations if s.region == deputy.township.region and s.kind == Station.Kind.HOME)
    transport = next(u for u in units if u.name == f"{county.region.name}交通运输局")
    users = []
    for persona in PERSONAS:
        is_deputy = persona.role == Role.DEPUTY
        user = User.objects.create_user(
            username=persona.username,
            password=PASSWORD,
            name=deputy.deputy.name if is_deputy else persona.name,
            phone=deputy.deputy.phone if is_deputy else issuer.mobile(),
        )
        scope = home.region if persona.role == Role.LIAISON else county.region
        Membership.objects.create(
            user=user, role=persona.role, region=scope, working_body=persona.working_body
        )
        users.append(user)
        if is_deputy:
            deputy.deputy.user = user
            deputy.deputy.save(update_fields=["user"])
        elif persona.role == Role.LIAISON:
            home.liaisons.add(user)
        elif persona.role == Role.UNIT_CLERK:
            transport.clerks.add(user)
    return users


def existing_personas() -> list[Persona]:
    present = set(
        User.objects.filter(username__in=[p.username for p in PERSONAS]).values_list("username", flat=True)
    )
    return [p for p in PERSONAS if p.username in present]
