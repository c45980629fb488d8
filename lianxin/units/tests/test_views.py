import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows
from lianxin.units.models import HandlingUnit, UnitContact


def listed(response) -> list[str]:
    return [row["cells"][0] for row in response.context["rows"]]


def unit_form(world, **values) -> dict:
    data = {
        "name": "连心县水利局",
        "short_name": "县水利局",
        "kind": "department",
        "region": world.county.pk,
        "address": "府前路 2 号",
        "clerks": [],
        "is_active": "on",
    }
    return {**data, **values}


def contact_form(**values) -> dict:
    return {"name": "钱科长", "title": "办公室主任", "phone": "13812345678", **values}


def snapshot(unit: HandlingUnit) -> tuple:
    unit.refresh_from_db()
    contacts = [(c.name, c.title, c.phone.reveal(), c.is_primary) for c in unit.contacts.order_by("pk")]
    return unit.name, unit.short_name, unit.kind, unit.region_id, unit.address, contacts


@pytest.fixture
def west_unit(world):
    return HandlingUnit.objects.create(
        name="西山乡人民政府", kind=HandlingUnit.Kind.TOWNSHIP, region=world.west
    )


# ---------------------------------------------------------------- list


def test_the_list_shows_only_units_in_the_users_scope(world, as_user, west_unit):
    everything = ["连心县交通运输局", "连心县教育局", "西山乡人民政府"]

    assert listed(as_user(world.staff).get(reverse("units:list"))) == everything
    assert listed(as_user(world.clerk).get(reverse("units:list"))) == everything
    assert listed(as_user(world.west_staff).get(reverse("units:list"))) == ["西山乡人民政府"]


@pytest.mark.parametrize("persona", ["citizen", "deputy", "liaison", "auditor"])
def test_personas_without_the_register_are_refused_the_list(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(reverse("units:list")).status_code == 403


def test_the_list_searches_and_filters(world, as_user, west_unit):
    world.unit.short_name = "县交通局"
    world.unit.save()
    client = as_user(world.staff)

    assert listed(client.get(reverse("units:list"), {"q": "交通局"})) == ["连心县交通运输局"]
    assert listed(client.get(reverse("units:list"), {"kind": "township"})) == ["西山乡人民政府"]
    assert listed(client.get(reverse("units:list"), {"region": world.west.pk})) == ["西山乡人民政府"]
    assert listed(client.get(reverse("units:list"), {"kind": "court"})) == []


def test_the_list_shows_the_main_contact_with_the_phone_masked(world, as_user):
    page = as_user(world.staff).get(reverse("units:list")).content.decode()

    assert "赵主任 137****1111" in page
    assert "13700001111" not in page


def test_the_export_is_an_xlsx_of_the_users_scope_with_phones_masked(world, as_user):
    response = as_user(world.office).get(reverse("units:list"), {"format": "xlsx"})

    rows = sheet_rows(opened(response).worksheets[0])
    assert rows[0] == ["名称", "简称", "类型", "所属区域", "联系人", "启用"]
    assert rows[1] == ["连心县交通运输局", None, "政府工作部门", "连心县", "赵主任 137****1111", "是"]
    assert [line[0] for line in rows[1:]] == ["连心县交通运输局", "连心县教育局"]
    assert "13700001111" not in str(rows)


def test_the_export_for_a_township_holds_only_its_units(world, as_user, west_unit):
    response = as_user(world.west_staff).get(reverse("units:list"), {"format": "xlsx"})

    assert [line[0] for line in sheet_rows(opened(response).active)[1:]] == ["西山乡人民政府"]


def _add_units(world, count: int) -> None:
    for _number in range(count):
        unit = HandlingUnit.objects.create(
            name=f"单位{HandlingUnit.objects.count():02d}",
            kind=HandlingUnit.Kind.DEPARTMENT,
            region=world.county,
        )
        UnitContact.objects.create(unit=unit, name="联系人", phone="13800001234", is_primary=True)
        UnitContact.objects.create(unit=unit, name="备用联系人", phone="13800004321")


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
def test_the_list_needs_as_many_queries_for_30_rows_as_for_3(
    world, as_user, django_assert_num_queries, export
):
    client = as_user(world.staff)
    url = reverse("units:list") + ("?format=xlsx" if export else "")
    _add_units(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    _add_units(world, 27)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    shown = len(sheet_rows(opened(response).active)) - 1 if export else len(response.context["rows"])
    assert shown == (30 if export else 25)


# ---------------------------------------------------------------- detail and reveal


def test_the_detail_shows_contacts_masked(world, as_user):
    page = as_user(world.staff).get(reverse("units:detail", args=[world.unit.pk])).content.decode()

    assert "赵主任" in page
    assert "137****1111" in page
    assert "13700001111" not in page


def test_a_unit_outside_the_users_scope_is_not_found(world, as_user, west_unit):
    client = as_user(world.west_staff)

    assert client.get(reverse("units:detail", args=[world.unit.pk])).status_code == 404
    assert client.get(reverse("units:detail", args=[west_unit.pk])).status_code == 200


def test_the_units_own_clerk_may_reveal_a_contact_number_and_it_is_recorded(world, as_user):
    contact = world.unit.contacts.get()
    url = reverse("privacy:reveal", args=["units.contact", contact.pk, "phone"])

    response = as_user(world.clerk).post(url)

    assert "13700001111" in response.content.decode()
    event = Event.objects.get(action="privacy.personal_data.revealed")
    assert (event.actor, event.target_id) == (world.clerk, str(contact.pk))


def test_another_units_clerk_may_not_reveal_and_nothing_is_recorded(world, as_user):
    contact = world.unit.contacts.get()
    url = reverse("privacy:reveal", args=["units.contact", contact.pk, "phone"])

    response = as_user(world.west_clerk).post(url)

    assert response.status_code == 403
    assert not Event.objects.exists()


# ---------------------------------------------------------------- units: create and edit


def test_the_office_creates_a_unit_with_an_audit_event(world, as_user):
    response = as_user(world.office).post(reverse("units:create"), unit_form(world, clerks=[world.clerk.pk]))

    unit = HandlingUnit.objects.get(name="连心县水利局")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[unit.pk])
    assert list(unit.clerks.all()) == [world.clerk]
    event = Event.objects.get(action="units.unit.created")
    assert event.actor == world.office
    assert event.changes["kind"] == [None, "政府工作部门"]
    assert event.changes["clerks"] == [None, ["周经办（clerk）"]]


def test_editing_a_unit_records_before_and_after(world, as_user):
    unit = world.unit

    response = as_user(world.staff).post(
        reverse("units:edit", args=[unit.pk]),
        unit_form(world, name=unit.name, short_name="县交通局", clerks=[world.clerk.pk]),
    )

    assert response.status_code == 302
    event = Event.objects.get(action="units.unit.updated")
    assert event.changes["short_name"] == ["", "县交通局"]
    assert event.changes["address"] == ["", "府前路 2 号"]
    assert "name" not in event.changes
    assert "clerks" not in event.changes


def test_bad_input_shows_chinese_errors_beside_the_fields_and_saves_nothing(world, as_user):
    before = (HandlingUnit.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(
        reverse("units:create"), unit_form(world, name="", region=world.east_village.pk)
    )

    form = response.context["form"]
    assert form.errors["name"] == ["这个字段是必填项。"]
    assert "region" in form.errors
    assert "is-invalid" in response.content.decode()
    assert (HandlingUnit.objects.count(), Event.objects.count()) == before


def test_a_second_unit_of_the_same_name_in_a_region_is_refused_beside_the_name(world, as_user):
    before = (HandlingUnit.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(reverse("units:create"), unit_form(world, name="连心县教育局"))

    assert response.context["form"].errors == {"name": ["连心县已有名为「连心县教育局」的承办单位。"]}
    assert (HandlingUnit.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("persona", ["committee", "leader", "clerk", "west_clerk"])
def test_a_refused_unit_edit_is_forbidden_and_changes_nothing(world, as_user, persona):
    client = as_user(getattr(world, persona))
    unit = world.unit
    before = snapshot(unit)
    units = HandlingUnit.objects.count()

    assert client.get(reverse("units:edit", args=[unit.pk])).status_code == 403
    edited = client.post(reverse("units:edit", args=[unit.pk]), unit_form(world, name="改名了"))
    created = client.post(reverse("units:create"), unit_form(world))

    assert edited.status_code == 403
    assert created.status_code == 403
    assert snapshot(unit) == before
    assert HandlingUnit.objects.count() == units
    assert not Event.objects.exists()


def test_the_clerk_sees_no_edit_button_for_the_unit_but_may_add_contacts(world, as_user):
    page = as_user(world.clerk).get(reverse("units:detail", args=[world.unit.pk])).content.decode()

    assert reverse("units:edit", args=[world.unit.pk]) not in page
    assert reverse("units:contact_create", args=[world.unit.pk]) in page


# ---------------------------------------------------------------- contacts


def test_the_clerk_adds_a_contact_to_their_own_unit(world, as_user):
    response = as_user(world.clerk).post(
        reverse("units:contact_create", args=[world.unit.pk]), contact_form()
    )

    contact = world.unit.contacts.get(name="钱科长")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[world.unit.pk])
    assert contact.phone.reveal() == "13812345678"
    assert not contact.is_primary
    event = Event.objects.get(action="units.contact.created")
    assert event.actor == world.clerk
    assert event.changes["phone"][1]["masked"] == "138****5678"
    assert "13812345678" not in str(event.changes)


def test_the_clerk_edits_a_contact_of_their_own_unit_and_a_blank_phone_keeps_the_number(world, as_user):
    contact = world.unit.contacts.get()

    response = as_user(world.clerk).post(
        reverse("units:contact_edit", args=[contact.pk]),
        contact_form(name="赵主任", title="副局长", phone="", is_primary="on"),
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.title == "副局长"
    assert contact.phone.reveal() == "13700001111"
    event = Event.objects.get(action="units.contact.updated")
    assert event.changes == {"title": ["", "副局长"]}


def test_a_new_main_contact_replaces_the_previous_one(world, as_user):
    old = world.unit.contacts.get()

    as_user(world.clerk).post(
        reverse("units:contact_create", args=[world.unit.pk]), contact_form(is_primary="on")
    )

    old.refresh_from_db()
    assert not old.is_primary
    assert list(world.unit.contacts.filter(is_primary=True).values_list("name", flat=True)) == ["钱科长"]
    demoted = Event.objects.get(action="units.contact.updated")
    assert demoted.target_id == str(old.pk)
    assert demoted.changes == {"is_primary": [True, False]}


def test_a_bad_contact_phone_is_shown_beside_the_field_and_nothing_is_saved(world, as_user):
    before = (UnitContact.objects.count(), Event.objects.count())

    response = as_user(world.clerk).post(
        reverse("units:contact_create", args=[world.unit.pk]), contact_form(phone="1381234")
    )

    assert response.context["form"].errors == {
        "phone": ["电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。"]
    }
    assert (UnitContact.objects.count(), Event.objects.count()) == before


def test_the_clerk_may_not_touch_another_units_contacts(world, as_user):
    other_contact = UnitContact.objects.create(unit=world.other_unit, name="钱老师", phone="13900002222")
    client = as_user(world.clerk)
    before = snapshot(world.other_unit)

    assert client.get(reverse("units:contact_create", args=[world.other_unit.pk])).status_code == 403
    created = client.post(reverse("units:contact_create", args=[world.other_unit.pk]), contact_form())
    edited = client.post(reverse("units:contact_edit", args=[other_contact.pk]), contact_form(name="改名了"))

    assert created.status_code == 403
    assert edited.status_code == 403
    assert snapshot(world.other_unit) == before
    assert not Event.objects.exists()


def test_contacts_outside_the_users_scope_are_not_found(world, as_user):
    contact = world.unit.contacts.get()
    before = snapshot(world.unit)

    response = as_user(world.west_staff).post(
        reverse("units:contact_edit", args=[contact.pk]), contact_form()
    )

    assert response.status_code == 404
    assert snapshot(world.unit) == before
    assert not Event.objects.exists()


def test_cancelling_a_new_contact_goes_back_to_the_unit(world, as_user):
    page = as_user(world.clerk).get(reverse("units:contact_create", args=[world.unit.pk])).content.decode()

    assert f'href="{reverse("units:detail", args=[world.unit.pk])}">取消</a>' in page
