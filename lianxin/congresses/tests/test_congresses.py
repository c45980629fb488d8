import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from lianxin.accounts.actor import Actor
from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.audit.models import Event
from lianxin.conftest import PASSWORD
from lianxin.congresses import services
from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Session, Term
from lianxin.regions.models import Region


def _state():
    """Everything these screens can write, to show that a refused request changed nothing."""
    return (
        list(Congress.objects.order_by("pk").values_list("pk", "name", "region")),
        list(Term.objects.order_by("pk").values_list("pk", "number", "start_date", "end_date")),
        list(Session.objects.order_by("pk").values_list("pk", "number", "start_date", "end_date")),
        *(
            list(model.objects.order_by("pk").values_list("pk", "name", "region"))
            for model in (Delegation, DeputyGroup, Constituency)
        ),
        Event.objects.count(),
    )


def _township_admin(world):
    user = User.objects.create_user(username="east_admin", password=PASSWORD, name="东城管理")
    Membership.objects.create(user=user, role=Role.ADMIN, region=world.east)
    return user


@pytest.fixture
def new_township(world):
    return Region.objects.create(
        name="南湖镇", code="990101003", level=Region.Level.TOWNSHIP, parent=world.county
    )


# ---------------------------------------------------------------- list and detail


def test_the_list_shows_the_congresses_in_scope_with_their_current_term(world, as_user):
    response = as_user(world.staff).get(reverse("congresses:list"))
    rows = [row["cells"] for row in response.context["rows"]]
    assert [(cells[0], cells[3]) for cells in rows] == [
        ("连心县人民代表大会", "第十八届"),
        ("东城镇人民代表大会", "第十八届"),
        ("西山乡人民代表大会", "第十八届"),
    ]
    assert not response.context["create_url"]
    assert as_user(world.admin).get(reverse("congresses:list")).context["create_url"]


def test_a_township_user_sees_only_the_township_congress(world, as_user):
    response = as_user(world.west_staff).get(reverse("congresses:list"))
    assert [row["cells"][0] for row in response.context["rows"]] == ["西山乡人民代表大会"]


@pytest.mark.parametrize("persona", ["citizen", "deputy", "liaison", "clerk", "auditor"])
def test_roles_without_the_permission_cannot_open_congresses(world, as_user, persona):
    client = as_user(getattr(world, persona))
    assert client.get(reverse("congresses:list")).status_code == 403
    assert client.get(reverse("congresses:detail", args=[world.county_congress.pk])).status_code == 403


def test_the_detail_shows_terms_with_sessions_delegations_groups_and_constituencies(world, as_user):
    term = world.county_term
    Session.objects.create(
        term=term, number=3, start_date=datetime.date(2024, 1, 8), end_date=datetime.date(2024, 1, 10)
    )
    Delegation.objects.create(term=term, name="东城镇代表团", region=world.east)
    DeputyGroup.objects.create(term=term, name="西山乡代表小组", region=world.west)
    response = as_user(world.office).get(reverse("congresses:detail", args=[world.county_congress.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("第十八届", "第三次会议", "2024-01-08", "东城镇代表团", "西山乡代表小组", "第1选区"):
        assert text in page
    assert response.context["can_change"]
    assert reverse("congresses:term_edit", args=[term.pk]) in page
    assert reverse("congresses:constituencies_edit", args=[world.constituency.pk]) in page


def test_the_detail_has_no_edit_links_for_those_who_only_read(world, as_user):
    response = as_user(world.committee).get(reverse("congresses:detail", args=[world.county_congress.pk]))
    assert response.status_code == 200
    assert not response.context["can_change"]
    assert reverse("congresses:term_edit", args=[world.county_term.pk]) not in response.content.decode()


def test_congresses_outside_the_scope_are_not_found(world, as_user):
    for user in (world.west_staff, _township_admin(world)):
        client = as_user(user)
        assert client.get(reverse("congresses:detail", args=[world.county_congress.pk])).status_code == 404
        assert client.get(reverse("congresses:term_edit", args=[world.county_term.pk])).status_code == 404
        assert (
            client.get(reverse("congresses:constituencies_edit", args=[world.constituency.pk])).status_code
            == 404
        )


# ---------------------------------------------------------------- congress


def test_an_admin_creates_a_congress_for_a_region_without_one(world, as_user, new_township):
    form = as_user(world.admin).get(reverse("congresses:create")).context["form"]
    assert list(form.fields["region"].queryset) == [new_township]
    response = as_user(world.admin).post(
        reverse("congresses:create"), {"region": new_township.pk, "name": "南湖镇人民代表大会"}
    )
    congress = Congress.objects.get(region=new_township)
    assert response["Location"] == reverse("congresses:detail", args=[congress.pk])
    event = Event.objects.get(action="congresses.congress.created")
    assert event.changes == {"region": [None, "南湖镇"], "name": [None, "南湖镇人民代表大会"]}
    assert event.scope_path == new_township.path


def test_a_region_that_has_a_congress_cannot_get_a_second(world):
    with pytest.raises(ValidationError) as error:
        services.congress_create(
            actor=Actor(user=world.admin, role=Role.ADMIN), values={"region": world.east, "name": "重复"}
        )
    assert error.value.message_dict["region"] == ["东城镇已设立“东城镇人民代表大会”。"]
    assert Congress.objects.filter(region=world.east).count() == 1


def test_villages_have_no_congress(world):
    with pytest.raises(ValidationError) as error:
        services.congress_create(
            actor=Actor(user=world.admin, role=Role.ADMIN),
            values={"region": world.east_village, "name": "村"},
        )
    assert error.value.message_dict["region"] == ["只有省、市、县、乡镇设立人民代表大会。"]


def test_a_congress_outside_the_admin_scope_is_refused(world, new_township):
    township_admin = _township_admin(world)
    with pytest.raises(ValidationError):
        services.congress_create(
            actor=Actor(user=township_admin, role=Role.ADMIN), values={"region": new_township, "name": "南湖"}
        )
    assert not Congress.objects.filter(region=new_township).exists()


@pytest.mark.parametrize("persona", ["office", "staff", "leader", "west_staff"])
def test_only_admins_create_congresses(world, as_user, new_township, persona):
    before = _state()
    response = as_user(getattr(world, persona)).post(
        reverse("congresses:create"), {"region": new_township.pk, "name": "南湖镇人民代表大会"}
    )
    assert response.status_code == 403
    assert _state() == before


def test_office_staff_rename_a_congress(world, as_user):
    response = as_user(world.office).post(
        reverse("congresses:edit", args=[world.county_congress.pk]), {"name": "连心县第十八届人民代表大会"}
    )
    assert response.status_code == 302
    world.county_congress.refresh_from_db()
    assert world.county_congress.name == "连心县第十八届人民代表大会"
    assert world.county_congress.region == world.county
    event = Event.objects.get(action="congresses.congress.updated")
    assert event.changes == {"name": ["连心县人民代表大会", "连心县第十八届人民代表大会"]}


# ---------------------------------------------------------------- terms


def test_deputy_affairs_staff_add_a_term(world, as_user):
    response = as_user(world.staff).post(
        reverse("congresses:term_create", args=[world.county_congress.pk]),
        {"number": 19, "start_date": "2026-10-01", "end_date": ""},
    )
    term = Term.objects.get(congress=world.county_congress, number=19)
    assert (
        response["Location"]
        == f"{reverse('congresses:detail', args=[world.county_congress.pk])}#term-{term.pk}"
    )
    event = Event.objects.get(action="congresses.term.created")
    assert event.changes["number"] == [None, 19]
    assert event.changes["start_date"] == [None, "2026-10-01"]
    assert event.changes["congress"] == [None, "连心县人民代表大会"]


def test_a_term_number_is_unique_in_its_congress(world, as_user):
    before = _state()
    response = as_user(world.staff).post(
        reverse("congresses:term_create", args=[world.county_congress.pk]),
        {"number": 18, "start_date": "2026-10-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["连心县人民代表大会已有第十八届。"]
    assert _state() == before


def test_the_same_number_is_fine_in_another_congress(world):
    actor = Actor(user=world.staff, role=Role.STAFF)
    values = {"number": 19, "start_date": datetime.date(2026, 10, 1), "end_date": None}
    services.term_create(actor=actor, congress=world.county_congress, values=values)
    services.term_create(actor=actor, congress=world.east_term.congress, values=values)
    assert Term.objects.filter(number=19).count() == 2


def test_a_term_must_end_after_it_starts(world, as_user):
    before = _state()
    response = as_user(world.staff).post(
        reverse("congresses:term_edit", args=[world.county_term.pk]),
        {"number": 18, "start_date": "2021-10-01", "end_date": "2021-09-30"},
    )
    assert response.context["form"].errors["end_date"] == ["届满日期必须晚于起始日期。"]
    assert _state() == before


def test_editing_a_term_records_before_and_after(world, as_user):
    as_user(world.office).post(
        reverse("congresses:term_edit", args=[world.county_term.pk]),
        {"number": 18, "start_date": "2021-10-01", "end_date": "2026-09-30"},
    )
    event = Event.objects.get(action="congresses.term.updated")
    assert event.changes == {"end_date": [None, "2026-09-30"]}


@pytest.mark.parametrize("persona", ["committee", "leader"])
def test_staff_of_other_bodies_and_leaders_cannot_change_terms(world, as_user, persona):
    before = _state()
    client = as_user(getattr(world, persona))
    response = client.post(
        reverse("congresses:term_create", args=[world.county_congress.pk]),
        {"number": 19, "start_date": "2026-10-01"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("congresses:term_edit", args=[world.county_term.pk]),
        {"number": 20, "start_date": "2021-10-01"},
    )
    assert response.status_code == 403
    assert _state() == before


def test_township_staff_keep_their_own_congress_but_not_the_county(world, as_user):
    before = _state()
    client = as_user(world.west_staff)
    response = client.post(
        reverse("congresses:term_create", args=[world.county_congress.pk]),
        {"number": 19, "start_date": "2026-10-01"},
    )
    assert response.status_code == 404
    assert _state() == before
    west_congress = world.west_term.congress
    response = client.post(
        reverse("congresses:term_create", args=[west_congress.pk]), {"number": 19, "start_date": "2026-10-01"}
    )
    assert response.status_code == 302
    assert west_congress.terms.filter(number=19).exists()


# ---------------------------------------------------------------- sessions


def test_staff_add_and_edit_a_session(world, as_user):
    client = as_user(world.staff)
    client.post(
        reverse("congresses:sessions_create", args=[world.county_term.pk]),
        {"number": 5, "start_date": "2026-01-06", "end_date": "2026-01-08"},
    )
    session = Session.objects.get(term=world.county_term, number=5)
    client.post(
        reverse("congresses:sessions_edit", args=[session.pk]),
        {"number": 5, "start_date": "2026-01-06", "end_date": "2026-01-09"},
    )
    session.refresh_from_db()
    assert session.end_date == datetime.date(2026, 1, 9)
    created = Event.objects.get(action="congresses.session.created")
    assert created.target_repr == "连心县人民代表大会第十八届第五次会议"
    updated = Event.objects.get(action="congresses.session.updated")
    assert updated.changes == {"end_date": ["2026-01-08", "2026-01-09"]}


def test_a_session_cannot_close_before_it_opens_and_numbers_are_unique(world, as_user):
    Session.objects.create(
        term=world.county_term,
        number=5,
        start_date=datetime.date(2026, 1, 6),
        end_date=datetime.date(2026, 1, 8),
    )
    before = _state()
    client = as_user(world.staff)
    url = reverse("congresses:sessions_create", args=[world.county_term.pk])
    response = client.post(url, {"number": 6, "start_date": "2026-01-06", "end_date": "2026-01-05"})
    assert response.context["form"].errors["end_date"] == ["闭幕日期不能早于开幕日期。"]
    response = client.post(url, {"number": 5, "start_date": "2027-01-06", "end_date": "2027-01-08"})
    assert response.context["form"].errors["number"] == ["第十八届已有第五次会议。"]
    assert _state() == before


# ---------------------------------------------------------------- delegations, groups, constituencies


@pytest.mark.parametrize(
    ("segment", "model", "action"),
    [
        ("delegations", Delegation, "congresses.delegation.created"),
        ("groups", DeputyGroup, "congresses.group.created"),
        ("constituencies", Constituency, "congresses.constituency.created"),
    ],
)
def test_staff_add_term_parts_inside_the_congress_region(world, as_user, segment, model, action):
    response = as_user(world.staff).post(
        reverse(f"congresses:{segment}_create", args=[world.county_term.pk]),
        {"name": "西山乡片", "region": world.west.pk},
    )
    assert response.status_code == 302
    part = model.objects.get(term=world.county_term, name="西山乡片")
    assert part.region == world.west
    event = Event.objects.get(action=action)
    assert event.changes == {
        "term": [None, "连心县人民代表大会第十八届"],
        "name": [None, "西山乡片"],
        "region": [None, "西山乡"],
    }
    assert event.scope_path == world.west.path


def test_a_term_part_region_outside_the_congress_region_is_refused(world, as_user):
    before = _state()
    east_term = world.east_term
    form = (
        as_user(world.staff)
        .get(reverse("congresses:delegations_create", args=[east_term.pk]))
        .context["form"]
    )
    assert set(form.fields["region"].queryset) == {world.east, world.east_village}
    response = as_user(world.staff).post(
        reverse("congresses:delegations_create", args=[east_term.pk]),
        {"name": "跨乡团", "region": world.west.pk},
    )
    assert "region" in response.context["form"].errors
    with pytest.raises(ValidationError) as error:
        services.term_part_create(
            actor=Actor(user=world.staff, role=Role.STAFF),
            model=Delegation,
            term=east_term,
            values={"name": "跨乡团", "region": world.west},
        )
    assert error.value.message_dict["region"] == ["所在区域必须在该人大的行政区划之内。"]
    assert _state() == before


def test_a_term_part_name_is_unique_in_its_term(world, as_user):
    before = _state()
    response = as_user(world.staff).post(
        reverse("congresses:constituencies_create", args=[world.county_term.pk]),
        {"name": "第1选区", "region": world.west.pk},
    )
    assert response.context["form"].errors["name"] == ["第十八届已有名为“第1选区”的选区。"]
    assert "未保存任何内容" in response.content.decode()
    assert _state() == before


def test_editing_a_constituency_records_before_and_after(world, as_user):
    as_user(world.office).post(
        reverse("congresses:constituencies_edit", args=[world.constituency.pk]),
        {"name": "第一选区", "region": world.east_village.pk},
    )
    world.constituency.refresh_from_db()
    assert world.constituency.name == "第一选区"
    event = Event.objects.get(action="congresses.constituency.updated")
    assert event.changes == {"name": ["第1选区", "第一选区"], "region": ["东城镇", "东城社区"]}


def test_readers_cannot_add_or_edit_term_parts(world, as_user):
    before = _state()
    client = as_user(world.committee)
    assert (
        client.post(
            reverse("congresses:groups_create", args=[world.county_term.pk]),
            {"name": "组", "region": world.east.pk},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("congresses:constituencies_edit", args=[world.constituency.pk]),
            {"name": "改名", "region": world.east.pk},
        ).status_code
        == 403
    )
    assert _state() == before


def test_every_congress_view_declares_who_may_open_it():
    _prefix, resolver = get_resolver().namespace_dict["congresses"]
    undeclared = [p.name for p in resolver.url_patterns if not getattr(p.callback, "access", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_sign_in_for_congress(client):
    response = client.get(reverse("congresses:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_detail_costs_the_same_queries_however_many_terms_and_parts(world, as_user):
    client = as_user(world.office)
    url = reverse("congresses:detail", args=[world.county_congress.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10, 14):
        term = Term.objects.create(
            congress=world.county_congress, number=number, start_date=datetime.date(2000, 1, 1)
        )
        Session.objects.create(
            term=term, number=1, start_date=datetime.date(2000, 1, 5), end_date=datetime.date(2000, 1, 6)
        )
        Delegation.objects.create(term=term, name="东城团", region=world.east)
        DeputyGroup.objects.create(term=term, name="西山组", region=world.west)
        Constituency.objects.create(term=term, name="第2选区", region=world.west_village)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["terms"]) == 5
    assert len(many) == len(few)
