import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy, Seat
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.stations.models import Station


def listed(response) -> list[str]:
    return [row["cells"][0] for row in response.context["rows"]]


def station_form(world, **values) -> dict:
    data = {
        "name": "东城社区代表联络点",
        "kind": "point",
        "region": world.east_village.pk,
        "address": "东城镇人民路 1 号",
        "opening_hours": "每月10日",
        "public_phone": "0571-88886666",
        "deputies": [world.east_deputy.pk],
        "liaisons": [world.liaison.pk],
        "is_active": "on",
    }
    return {**data, **values}


def snapshot(station: Station) -> tuple:
    station.refresh_from_db()
    return (
        station.name,
        station.address,
        station.region_id,
        station.public_phone,
        sorted(station.deputies.values_list("pk", flat=True)),
        sorted(station.liaisons.values_list("pk", flat=True)),
    )


# ---------------------------------------------------------------- list


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("staff", ["东城镇人大代表联络站", "西山乡代表之家"]),
        ("leader", ["东城镇人大代表联络站", "西山乡代表之家"]),
        ("west_staff", ["西山乡代表之家"]),
        ("west_liaison", ["西山乡代表之家"]),
        ("liaison", ["东城镇人大代表联络站"]),
        ("deputy", ["东城镇人大代表联络站"]),
    ],
)
def test_the_list_shows_only_stations_in_the_users_scope(world, as_user, persona, expected):
    assert listed(as_user(getattr(world, persona)).get(reverse("stations:list"))) == expected


@pytest.mark.parametrize("persona", ["citizen", "clerk", "auditor"])
def test_personas_without_the_register_are_refused_the_list(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(reverse("stations:list")).status_code == 403


def test_the_list_searches_names_and_addresses(world, as_user):
    world.west_station.address = "西山乡政府院内"
    world.west_station.save()
    client = as_user(world.staff)

    assert listed(client.get(reverse("stations:list"), {"q": "联络站"})) == ["东城镇人大代表联络站"]
    assert listed(client.get(reverse("stations:list"), {"q": "政府院内"})) == ["西山乡代表之家"]


def test_the_list_filters_by_kind_and_region(world, as_user):
    Station.objects.create(name="东城社区联系点", kind=Station.Kind.POINT, region=world.east_village)
    client = as_user(world.staff)

    assert listed(client.get(reverse("stations:list"), {"kind": "home"})) == ["西山乡代表之家"]
    assert listed(client.get(reverse("stations:list"), {"region": world.east.pk})) == [
        "东城镇人大代表联络站",
        "东城社区联系点",
    ]
    assert listed(client.get(reverse("stations:list"), {"region": world.east.pk, "kind": "point"})) == [
        "东城社区联系点"
    ]


def test_the_htmx_search_returns_only_the_results_fragment(world, as_user):
    response = as_user(world.staff).get(
        reverse("stations:list"), {"q": "西山"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results">')
    assert "西山乡代表之家" in page
    assert "东城镇人大代表联络站" not in page


def test_the_export_is_an_xlsx_of_the_users_scope(world, as_user):
    world.west_station.public_phone = "0571-66668888"
    world.west_station.save()

    response = as_user(world.west_staff).get(reverse("stations:list"), {"format": "xlsx"})

    rows = sheet_rows(opened(response).worksheets[0])
    assert rows[0] == ["名称", "类型", "服务区域", "地址", "开放时间", "联系电话", "进站代表", "运行中"]
    # The station's own public line is not personal data and is exported as it is published.
    assert rows[1:] == [["西山乡代表之家", "代表之家", "西山乡", None, None, "0571-66668888", 1, "是"]]


def test_a_persona_without_export_permission_gets_the_page_not_a_file(world, as_user):
    response = as_user(world.liaison).get(reverse("stations:list"), {"format": "xlsx"})

    assert response["Content-Type"].startswith("text/html")


def _add_stations(world, count: int) -> None:
    for _number in range(count):
        station = Station.objects.create(
            name=f"联系点{Station.objects.count():02d}", kind=Station.Kind.POINT, region=world.east_village
        )
        station.deputies.add(world.east_deputy, world.west_deputy)


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
def test_the_list_needs_as_many_queries_for_30_rows_as_for_3(
    world, as_user, django_assert_num_queries, export
):
    client = as_user(world.staff)
    url = reverse("stations:list") + ("?format=xlsx" if export else "")
    _add_stations(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    _add_stations(world, 27)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    shown = len(sheet_rows(opened(response).active)) - 1 if export else len(response.context["rows"])
    assert shown == (30 if export else 25)


# ---------------------------------------------------------------- detail


def test_the_detail_shows_the_station_its_deputies_and_its_history(world, as_user):
    page = as_user(world.staff).get(reverse("stations:detail", args=[world.east_station.pk])).content.decode()

    assert "东城镇人大代表联络站" in page
    assert "王建国" in page
    assert "陈联络" in page
    assert reverse("stations:edit", args=[world.east_station.pk]) in page


def test_a_station_outside_the_users_scope_is_not_found(world, as_user):
    assert (
        as_user(world.west_staff).get(reverse("stations:detail", args=[world.east_station.pk])).status_code
        == 404
    )
    assert (
        as_user(world.liaison).get(reverse("stations:detail", args=[world.west_station.pk])).status_code
        == 404
    )


# ---------------------------------------------------------------- create and edit


@pytest.mark.parametrize("persona", ["staff", "office"])
def test_the_keepers_create_a_station_with_an_audit_event(world, as_user, persona):
    response = as_user(getattr(world, persona)).post(reverse("stations:create"), station_form(world))

    station = Station.objects.get(name="东城社区代表联络点")
    assert response.status_code == 302
    assert response["Location"] == reverse("stations:detail", args=[station.pk])
    assert list(station.deputies.all()) == [world.east_deputy]
    assert list(station.liaisons.all()) == [world.liaison]
    event = Event.objects.get(action="stations.station.created")
    assert event.actor == getattr(world, persona)
    assert event.changes["name"] == [None, "东城社区代表联络点"]
    assert event.changes["deputies"] == [None, ["王建国"]]


def test_editing_records_before_and_after(world, as_user):
    station = world.east_station

    response = as_user(world.staff).post(
        reverse("stations:edit", args=[station.pk]),
        station_form(
            world, name=station.name, region=world.east.pk, kind="station", address="东城镇新街 8 号"
        ),
    )

    assert response.status_code == 302
    station.refresh_from_db()
    assert station.address == "东城镇新街 8 号"
    event = Event.objects.get(action="stations.station.updated")
    assert event.actor == world.staff
    assert event.changes["address"] == ["", "东城镇新街 8 号"]
    assert event.changes["public_phone"] == ["", "0571-88886666"]
    assert "name" not in event.changes


def test_bad_input_shows_chinese_errors_beside_the_fields_and_saves_nothing(world, as_user):
    before = (Station.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(
        reverse("stations:create"), station_form(world, name="", public_phone="12345", kind="palace")
    )

    form = response.context["form"]
    assert form.errors["name"] == ["这个字段是必填项。"]
    assert form.errors["public_phone"] == ["电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。"]
    assert "kind" in form.errors
    page = response.content.decode()
    assert "电话号码格式不正确" in page
    assert "is-invalid" in page
    assert (Station.objects.count(), Event.objects.count()) == before


def test_a_second_station_of_the_same_name_in_a_region_is_refused_beside_the_name(world, as_user):
    before = (Station.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(
        reverse("stations:create"), station_form(world, name="东城镇人大代表联络站", region=world.east.pk)
    )

    form = response.context["form"]
    assert form.errors == {"name": ["东城镇已有名为「东城镇人大代表联络站」的履职阵地。"]}
    assert (Station.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("persona", ["committee", "leader", "deputy", "west_liaison"])
def test_a_refused_create_is_forbidden_and_creates_nothing(world, as_user, persona):
    before = (Station.objects.count(), Event.objects.count())

    response = as_user(getattr(world, persona)).post(reverse("stations:create"), station_form(world))

    assert response.status_code == 403
    assert (Station.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("persona", ["committee", "leader", "deputy"])
def test_a_refused_edit_is_forbidden_and_changes_nothing(world, as_user, persona):
    client = as_user(getattr(world, persona))
    station = world.east_station
    before = snapshot(station)

    assert client.get(reverse("stations:edit", args=[station.pk])).status_code == 403
    response = client.post(reverse("stations:edit", args=[station.pk]), station_form(world, name="改名了"))

    assert response.status_code == 403
    assert snapshot(station) == before
    assert not Event.objects.exists()


def test_the_liaison_keeps_their_own_station_up_to_date(world, as_user):
    station = world.east_station

    response = as_user(world.liaison).post(
        reverse("stations:edit", args=[station.pk]),
        station_form(world, name=station.name, region=world.east.pk, kind="station", opening_hours="每周三"),
    )

    assert response.status_code == 302
    station.refresh_from_db()
    assert station.opening_hours == "每周三"
    event = Event.objects.get(action="stations.station.updated")
    assert event.actor == world.liaison
    assert event.role == "liaison"
    assert event.changes["opening_hours"] == ["", "每周三"]


def test_the_liaison_may_not_edit_another_station_in_their_township(world, as_user):
    other = Station.objects.create(name="东城社区联系点", kind=Station.Kind.POINT, region=world.east_village)
    client = as_user(world.liaison)
    before = snapshot(other)

    detail = client.get(reverse("stations:detail", args=[other.pk]))
    response = client.post(reverse("stations:edit", args=[other.pk]), station_form(world, name="改名了"))

    assert detail.status_code == 200
    assert reverse("stations:edit", args=[other.pk]) not in detail.content.decode()
    assert response.status_code == 403
    assert snapshot(other) == before
    assert not Event.objects.exists()


def test_a_station_outside_the_liaisons_township_is_not_found_and_unchanged(world, as_user):
    station = world.west_station
    before = snapshot(station)

    response = as_user(world.liaison).post(
        reverse("stations:edit", args=[station.pk]), station_form(world, name="改名了")
    )

    assert response.status_code == 404
    assert snapshot(station) == before
    assert not Event.objects.exists()


def test_a_liaisons_edit_keeps_deputies_the_liaison_could_not_have_picked(world, as_user):
    # 李秀英 lives in 西山乡, outside the east liaison's scope, but comes to the east station.
    station = world.east_station
    station.deputies.add(world.west_deputy)
    client = as_user(world.liaison)

    form = client.get(reverse("stations:edit", args=[station.pk])).context["form"]
    response = client.post(
        reverse("stations:edit", args=[station.pk]),
        station_form(
            world,
            name=station.name,
            region=world.east.pk,
            kind="station",
            deputies=[deputy.pk for deputy in form.initial["deputies"]],
        ),
    )

    assert response.status_code == 302
    assert set(station.deputies.all()) == {world.east_deputy, world.west_deputy}


def test_namesake_deputies_are_told_apart_by_where_they_live(world, as_user):
    for region in (world.east, world.east_village):
        namesake = Deputy.objects.create(name="张伟", gender="male", region=region)
        Seat.objects.create(deputy=namesake, term=world.east_term)

    page = as_user(world.staff).get(reverse("stations:create")).content.decode()

    assert "张伟（东城镇）" in page
    assert "张伟（东城社区）" in page
