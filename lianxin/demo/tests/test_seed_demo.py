"""seed_demo at county scale, seeded once for this module and rolled back at its end."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from lianxin.accounts.models import User
from lianxin.accounts.roles import Role
from lianxin.analysis.models import ReplyReview
from lianxin.audit.labels import label_for
from lianxin.audit.models import Event
from lianxin.casework.models import Rating, Reply
from lianxin.demo.opinion_stories import STORIES
from lianxin.demo.personas import PASSWORD, PERSONAS
from lianxin.demo.seeding import counts
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Deputy, Seat
from lianxin.opinions.models import Opinion
from lianxin.privacy.validators import validate_id_number, validate_mobile
from lianxin.regions.models import Region
from lianxin.stations.models import Activity, Reception, ReceptionDay, Station
from lianxin.units.models import HandlingUnit


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The printed output of one county-scale run; the data lives until the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", "--scale", "county", "--seed", "7", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_it_builds_one_county_of_thirteen_townships_with_villages_and_grids(demo):
    levels = Counter(Region.objects.values_list("level", flat=True))
    assert levels[Region.Level.PROVINCE] == levels[Region.Level.CITY] == levels[Region.Level.COUNTY] == 1
    assert levels[Region.Level.TOWNSHIP] == 13
    assert 13 * 8 <= levels[Region.Level.VILLAGE] <= 13 * 15
    assert 2 * levels[Region.Level.VILLAGE] <= levels[Region.Level.GRID] <= 4 * levels[Region.Level.VILLAGE]
    assert Region.objects.get(level=Region.Level.COUNTY).name == "连心县"


def test_region_codes_have_the_shape_of_statistical_division_codes(demo):
    lengths = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12, 6: 15}
    for region in Region.objects.select_related("parent"):
        assert len(region.code) == lengths[region.level]
        assert region.code.isdigit()
        if region.parent:
            assert region.code.startswith(region.parent.code)
            assert region.path == f"{region.parent.path}{region.code}/"
    names = Region.objects.filter(level=Region.Level.TOWNSHIP).values_list("name", flat=True)
    assert all(name.endswith(("街道", "镇", "乡")) for name in names)


def test_congresses_have_a_current_term_with_three_to_five_sessions(demo):
    county = Region.objects.get(level=Region.Level.COUNTY)
    term = county.congress.current_term()
    assert term.number == 18
    assert (term.start_date.year, term.start_date.month) == (2021, 10)
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP, congress__isnull=False)
    # 街道 have a 人大工委, not a congress.
    assert (
        townships.count()
        == Region.objects.filter(level=Region.Level.TOWNSHIP).exclude(name__endswith="街道").count()
    )
    for region in [county, *townships]:
        current = region.congress.current_term()
        assert current.number == 18
        assert 3 <= current.sessions.count() <= 5
    assert county.congress.terms.get().delegation_set.count() == 13


def test_it_seeds_about_eleven_hundred_deputies_across_levels(demo):
    seats = Counter(Seat.objects.values_list("term__congress__region__level", flat=True))
    assert 200 <= seats[Region.Level.COUNTY] <= 240
    assert 650 <= seats[Region.Level.TOWNSHIP] <= 900
    assert 30 <= seats[Region.Level.CITY] + seats[Region.Level.PROVINCE] <= 50
    people = Deputy.objects.count()
    assert 900 <= people <= 1200
    # 五级代表: about one person in ten holds seats at more than one level.
    holders = Counter(Seat.objects.values_list("deputy", flat=True))
    assert 0.07 <= sum(1 for n in holders.values() if n > 1) / people <= 0.13
    women = Deputy.objects.filter(gender="female").count()
    assert 0.25 <= women / people <= 0.35
    assert Deputy.objects.filter(party="中共党员").count() > people / 2
    assert Deputy.objects.filter(ethnicity="汉族").count() > people * 0.85


def test_ended_seats_have_a_date_and_a_reason(demo):
    ended = Seat.objects.exclude(status=SeatStatus.SERVING)
    assert ended.exists()
    assert not ended.filter(status_changed_on__isnull=True).exists()
    assert not ended.filter(status_note="").exists()


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_gender(demo):
    for deputy in Deputy.objects.all():
        number = deputy.id_number.reveal()
        validate_id_number(number)
        assert number[6:14] == deputy.birth_date.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (0 if deputy.gender == "female" else 1)
        validate_mobile(deputy.phone)


def test_no_two_people_share_an_id_number_or_a_mobile(demo):
    deputies = list(Deputy.objects.all())
    assert len({d.id_number.reveal() for d in deputies}) == len(deputies)
    assert len({d.phone.reveal() for d in deputies}) == len(deputies)


def test_stations_of_every_kind_hold_deputies_of_their_area(demo):
    kinds = Counter(Station.objects.values_list("kind", flat=True))
    assert set(kinds) == set(Station.Kind.values)
    assert 40 <= sum(kinds.values()) <= 60
    local_kinds = [Station.Kind.HOME, Station.Kind.STATION, Station.Kind.POINT]
    for station in Station.objects.filter(kind__in=local_kinds).prefetch_related("deputies__region"):
        assert station.opening_hours
        for deputy in station.deputies.all():
            assert deputy.region.path.startswith(station.region.path)
    assert not Station.objects.filter(kind=Station.Kind.HOME, deputies__isnull=True).exists()


def test_handling_units_have_one_to_three_contacts(demo):
    units = HandlingUnit.objects.prefetch_related("contacts")
    assert 50 <= units.count() <= 70
    assert all(1 <= len(unit.contacts.all()) <= 3 for unit in units)
    kinds = set(units.values_list("kind", flat=True))
    assert {"government", "department", "court", "procuratorate", "supervisory", "township"} <= kinds


def test_it_leaves_statistics_for_the_query_planner(demo):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'deputies_seat'")
            assert cursor.fetchone()[0] >= Seat.objects.count() * 0.9
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'deputies_seat'")
            assert cursor.fetchone() is not None


def test_registers_are_bulk_loaded_with_one_seeding_event_and_no_per_row_events(demo):
    event = Event.objects.get(action="demo.data.seeded")
    assert label_for(event.action) == "生成演示数据"
    assert event.data["deputies"] == Deputy.objects.count()
    assert event.data["scale"] == "county"
    # The stations' work (rota, receptions, activities) goes through services, with events.
    registers = ("deputies.", "stations.station.", "units.", "regions.", "congresses.", "accounts.")
    assert not Event.objects.filter(action__startswith=registers).exists()


def test_each_opinion_story_ends_at_its_stage_through_the_services(demo):
    today = timezone.localdate()
    # Receptions at the stations (lianxin.demo.reception_rota) are not stories.
    by_title = {o.title: o for o in Opinion.objects.filter(reception=None).select_related("case")}
    assert len(by_title) == len(STORIES)
    stages = {}
    for opinion in by_title.values():
        case = opinion.case
        stages[opinion.title] = (opinion.status, case.state if case else None)
        # Written by the services, so every opinion has its own audit trail, oldest first.
        events = list(
            Event.objects.filter(target_id=str(opinion.pk), action__startswith="opinions.").order_by(
                "at", "pk"
            )
        )
        assert events
        assert events[0].at.date() == opinion.submitted_at.date()
    states = Counter(stages.values())
    assert states[("submitted", None)] == 3
    assert states[("refused", None)] == 1
    assert states[("accepted", "registered")] == 1
    assert states[("accepted", "assigned")] == 1
    assert states[("accepted", "handling")] == 3
    # Two stories stop at 已答复: one reply reached the citizen, who has yet to rate it; the
    # quality check held the other (套话 only), which waits in the office's review queue. The
    # others' held replies were released to go on.
    assert states[("accepted", "replied")] == 1
    held = Reply.objects.filter(case__source="opinions", shown_at=None)
    assert [(r.text, r.quality_review.state) for r in held] == [
        ("您反映的问题已收悉，已转交有关部门，感谢您的关注。", ReplyReview.State.PENDING)
    ]
    assert states[("accepted", "rehandling")] == 1
    assert states[("accepted", "closed")] == 2
    # The clerk's 交通运输局 has one item overdue today and one handled a second time.
    overdue = [o for o in by_title.values() if o.case and o.case.light(today) == "red"]
    assert len(overdue) == 1
    assert overdue[0].case.assignments.get().unit.name == "连心县交通运输局"
    assert Opinion.objects.get(case__round=2).case.ratings.get().value == Rating.Value.UNSATISFIED
    assert Opinion.objects.filter(route=Opinion.Route.DEPUTY).get().deputy.user.username == "daibiao"
    # One is on the 回音壁, without its submitter's name or phone.
    published = Opinion.objects.exclude(published_at=None).get()
    assert published.public_reply
    public = published.public_title + published.public_content + published.public_reply
    assert published.submitter_name not in public
    assert published.submitter_phone.reveal() not in public
    for written_in_the_text in ("13907315566", "李女士", "18号3栋"):
        assert written_in_the_text in published.content
        assert written_in_the_text not in public


ROLE_MARKERS = {
    "qunzhong": "找联络站",
    "daibiao": "代表工作台",
    "lianluoyuan": "联络员工作台",
    "chengban": "承办单位工作台",
    "gongwei": "常委会工作台",
    "bangongshi": "常委会工作台",
    "lingdao": "领导驾驶舱",
    "guanliyuan": "系统管理",
    "shenji": "审计工作台",
}


@pytest.mark.parametrize("username", [p.username for p in PERSONAS])
def test_each_demo_account_signs_in_and_lands_on_its_workbench(demo, client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
    home = client.get(reverse("workbench:home"))
    assert home.status_code == 200
    assert ROLE_MARKERS[username] in home.content.decode()


def test_the_demo_deputy_sits_in_county_and_township_congresses_and_is_stationed(demo):
    deputy = User.objects.get(username="daibiao").deputy
    levels = {s.term.congress.region.level for s in deputy.seats.filter(status=SeatStatus.SERVING)}
    assert {Region.Level.COUNTY, Region.Level.TOWNSHIP} <= levels
    liaison = User.objects.get(username="lianluoyuan")
    station = liaison.liaison_stations.get()
    assert deputy in station.deputies.all()
    membership = liaison.memberships.get()
    assert membership.role == Role.LIAISON
    assert membership.region == station.region
    assert User.objects.get(username="chengban").handling_units.get().name == "连心县交通运输局"
    county = Region.objects.get(level=Region.Level.COUNTY)
    others = User.objects.exclude(username="lianluoyuan")
    assert all(m.region == county for user in others for m in user.memberships.all())


def test_it_prints_the_demo_accounts_with_their_password(demo):
    for persona in PERSONAS:
        assert persona.username in demo
    assert PASSWORD in demo
    assert "常委会工作人员 · 办公室" in demo


def test_if_empty_seeds_nothing_more_and_lists_the_accounts_again(demo):
    before, events = counts(), Event.objects.count()
    out = StringIO()
    call_command("seed_demo", "--scale", "county", "--if-empty", stdout=out)
    assert counts() == before
    assert Event.objects.count() == events
    assert "没有生成新的演示数据" in out.getvalue()
    assert all(p.username in out.getvalue() for p in PERSONAS)


def test_without_if_empty_it_refuses_to_seed_over_existing_data(demo):
    before, events = counts(), Event.objects.count()
    with pytest.raises(CommandError, match="数据库中已有数据"):
        call_command("seed_demo", "--scale", "county", stdout=StringIO())
    assert counts() == before
    assert Event.objects.count() == events


def test_the_liaisons_station_has_held_and_coming_reception_days_with_receptions(demo):
    station = User.objects.get(username="lianluoyuan").liaison_stations.get()
    today = timezone.localdate()
    held = ReceptionDay.objects.filter(station=station, date__lt=today)
    assert held.count() == 3
    assert all(day.present.exists() for day in held)
    assert ReceptionDay.objects.filter(station=station, date__gte=today).exists()
    receptions = Reception.objects.filter(station=station)
    assert receptions.count() == 4
    assert sorted(receptions.values_list("outcome", flat=True)) == [
        "intake",
        "intake",
        "on_the_spot",
        "on_the_spot",
    ]
    assert all(timezone.localdate(r.opinion.submitted_at) == r.received_on for r in receptions)
    assert Activity.objects.filter(station=station).count() == 2
    # Many of the county's stations have a rule and a coming rota for the public finder.
    assert ReceptionDay.objects.filter(date__gte=today).values("station").distinct().count() > 10


def test_two_answered_suggestions_are_published_on_the_public_site(demo, client):
    from lianxin.suggestions.models import Publication

    titles = set(Publication.objects.filter(published_at__isnull=False).values_list("title", flat=True))
    assert len(titles) == 2
    page = client.get(reverse("suggestions_public:list")).content.decode()
    assert all(title in page for title in titles)
