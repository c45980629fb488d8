"""What each role's home page shows. Each builder returns (template, context)."""

import datetime

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin import calendar
from lianxin.accounts.models import Membership, User
from lianxin.accounts.permissions import scope_filter
from lianxin.accounts.roles import Role
from lianxin.audit.models import Event
from lianxin.audit.presentation import describe
from lianxin.deputies.choices import Gender, SeatStatus
from lianxin.deputies.models import Deputy, Seat
from lianxin.regions.models import Region
from lianxin.stations.models import Station
from lianxin.units.models import HandlingUnit


def _next_year_warning() -> int | None:
    """The coming year, once it is near, if nobody has entered its holiday arrangement."""
    today = timezone.localdate()
    upcoming = today.year + 1
    if today.month >= 10 and not calendar.is_year_known(upcoming):
        return upcoming
    if not calendar.is_year_known(today.year):
        return today.year
    return None


# Public figures change slowly; computing them for every visitor was most of the home page's cost.
PUBLIC_FIGURES_SECONDS = 300


def _serving():
    return Exists(Seat.objects.filter(deputy=OuterRef("pk"), status=SeatStatus.SERVING))


def _public_figures() -> dict:
    def compute():
        return {
            "deputy_count": Deputy.objects.filter(_serving()).count(),
            "station_count": Station.objects.filter(is_active=True).count(),
        }

    return cache.get_or_set("workbench:public-figures", compute, PUBLIC_FIGURES_SECONDS)


def citizen(request, membership):
    """The public home: find a station, by county first where the site serves several."""
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("path"))
    codes = {"county": request.GET.get("county", ""), "region": request.GET.get("region", "")}
    found = {r.code: r for r in Region.objects.filter(code__in=[c for c in codes.values() if c])}
    county = found.get(codes["county"]) if codes["county"] else None
    township = found.get(codes["region"]) if codes["region"] else None
    if county is not None and county.level != Region.Level.COUNTY:
        county = None
    if township is not None and township.level != Region.Level.TOWNSHIP:
        township = None
    if county is not None and township is not None and not township.path.startswith(county.path):
        # The visitor has just picked another county: the township chosen before no longer applies.
        township = None
    if county is None and township is not None:
        county = next((c for c in counties if township.path.startswith(c.path)), None)
    if county is None and len(counties) == 1:
        county = counties[0]
    townships = (
        Region.objects.filter(level=Region.Level.TOWNSHIP, path__startswith=county.path).order_by("path")
        if county is not None
        else Region.objects.none()
    )
    stations = (
        Station.objects.filter(is_active=True).select_related("region").order_by("region__path", "name")
    )
    chosen = township or county
    if chosen is not None:
        stations = stations.filter(region__path__startswith=chosen.path)
    page = Paginator(stations, 12).get_page(request.GET.get("page"))
    return "workbench/home_citizen.html", {
        "stations": page,
        "counties": counties if len(counties) > 1 else [],
        "county": county,
        "townships": townships,
        "township": township,
        **_public_figures(),
    }


def deputy(request, membership):
    record = getattr(request.user, "deputy", None)
    seats = (
        record.seats.select_related("term__congress__region", "constituency", "delegation", "group")
        if record
        else Seat.objects.none()
    )
    stations = record.stations.select_related("region") if record else Station.objects.none()
    return "workbench/home_deputy.html", {"record": record, "seats": seats, "stations": stations}


def liaison(request, membership):
    stations = request.user.liaison_stations.select_related("region").prefetch_related("deputies")
    return "workbench/home_liaison.html", {"stations": stations}


def unit_clerk(request, membership):
    units = request.user.handling_units.select_related("region").prefetch_related("contacts")
    return "workbench/home_unit_clerk.html", {"units": units}


def _scope_counts(user) -> dict:
    deputies = Deputy.objects.filter(scope_filter(user, "deputies.view_deputy", "region__path"))
    return {
        "deputy_count": deputies.filter(_serving()).count(),
        "station_count": Station.objects.filter(
            scope_filter(user, "stations.view_station", "region__path")
        ).count(),
        "unit_count": HandlingUnit.objects.filter(
            scope_filter(user, "units.view_unit", "region__path")
        ).count(),
    }


def staff(request, membership):
    mine = Event.objects.filter(actor=request.user).select_related("target_type")[:8]
    return "workbench/home_staff.html", {
        **_scope_counts(request.user),
        "calendar_warning": _next_year_warning(),
        "recent": [describe(event) for event in mine],
    }


def _chart(chart_id: str, title: str, pairs: list[tuple[str, int]], kind: str = "bar") -> dict:
    names = [name for name, _count in pairs]
    values = [count for _name, count in pairs]
    if kind == "pie":
        option = {
            "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "item"},
            "series": [{"type": "pie", "radius": "60%", "data": [{"name": n, "value": v} for n, v in pairs]}],
        }
    else:
        option = {
            "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {},
            "grid": {"left": 90, "right": 20, "bottom": 30},
            "xAxis": {"type": "value"},
            "yAxis": {"type": "category", "data": names},
            "series": [{"type": "bar", "data": values, "itemStyle": {"color": "#a8201a"}}],
        }
    return {"id": chart_id, "data_id": f"{chart_id}-data", "option": option}


def leader(request, membership):
    user = request.user
    seats = Seat.objects.filter(
        scope_filter(user, "deputies.view_deputy", "deputy__region__path"), status=SeatStatus.SERVING
    )
    deputies = Deputy.objects.filter(pk__in=seats.values("deputy"))
    by_level = (
        seats.values("term__congress__region__level")
        .annotate(n=Count("deputy", distinct=True))
        .order_by("term__congress__region__level")
    )
    levels = dict(Region.Level.choices)
    by_industry = deputies.values("industry").annotate(n=Count("pk")).order_by("-n")
    by_gender = deputies.values("gender").annotate(n=Count("pk"))
    genders = dict(Gender.choices)
    by_kind = (
        Station.objects.filter(scope_filter(user, "stations.view_station", "region__path"))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    kinds = dict(Station.Kind.choices)
    charts = [
        _chart(
            "chart-level",
            _("各级人大代表人数"),
            [(str(levels[r["term__congress__region__level"]]), r["n"]) for r in by_level],
        ),
        _chart(
            "chart-industry", _("代表行业构成"), [(r["industry"] or _("未填写"), r["n"]) for r in by_industry]
        ),
        _chart(
            "chart-gender",
            _("代表性别构成"),
            [(genders.get(r["gender"], r["gender"]), r["n"]) for r in by_gender],
            "pie",
        ),
        _chart("chart-station", _("履职阵地类型"), [(str(kinds[r["kind"]]), r["n"]) for r in by_kind]),
    ]
    return "workbench/home_leader.html", {**_scope_counts(user), "charts": charts}


def admin(request, membership):
    scope = scope_filter(request.user, "accounts.view_user", "memberships__region__path")
    users = User.objects.filter(scope).distinct()
    roles = dict(Role.choices)
    by_role = (
        Membership.objects.filter(
            scope_filter(request.user, "accounts.view_user", "region__path"), is_active=True
        )
        .values("role")
        .annotate(n=Count("pk"))
        .order_by("role")
    )
    year = timezone.localdate().year
    return "workbench/home_admin.html", {
        "user_count": users.count(),
        "inactive_count": users.filter(is_active=False).count(),
        "by_role": [(roles.get(r["role"], r["role"]), r["n"]) for r in by_role],
        "years": [(y, calendar.is_year_known(y)) for y in (year, year + 1)],
        "calendar_warning": _next_year_warning(),
    }


def auditor(request, membership):
    events = (
        Event.objects.filter(scope_filter(request.user, "audit.view_event", "scope_path"))
        .select_related("target_type")
        .order_by("-at", "-pk")[:20]
    )
    since = timezone.now() - datetime.timedelta(days=1)
    failures = Event.objects.filter(action="accounts.login.failed", at__gte=since).count()
    return "workbench/home_auditor.html", {"events": [describe(e) for e in events], "failures": failures}


BUILDERS = {
    Role.CITIZEN: citizen,
    Role.DEPUTY: deputy,
    Role.LIAISON: liaison,
    Role.UNIT_CLERK: unit_clerk,
    Role.STAFF: staff,
    Role.LEADER: leader,
    Role.ADMIN: admin,
    Role.AUDITOR: auditor,
}
