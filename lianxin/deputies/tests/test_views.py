import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy, ExpertiseTag, Seat
from lianxin.spreadsheets.tests.workbooks import opened, sheet_rows

EAST_ID = "11010519491231002X"
# A made-up resident ID number with a correct check character.
NEW_ID = "990101198001010014"


def listed(response) -> list[str]:
    return [row["cells"][0] for row in response.context["rows"]]


def deputy_form(world, **values) -> dict:
    data = {
        "name": "张三",
        "gender": "male",
        "ethnicity": "汉族",
        "party": "群众",
        "birth_date": "1980-01-01",
        "occupation": "",
        "industry": "农民",
        "workplace": "东城社区股份经济合作社",
        "title": "理事长",
        "region": world.east_village.pk,
        "phone": "13800001234",
        "id_number": "",
        "expertise_text": "农业技术、乡村治理",
    }
    return {**data, **values}


def snapshot(deputy: Deputy) -> tuple:
    deputy.refresh_from_db()
    return (deputy.name, deputy.workplace, deputy.region_id, deputy.phone.reveal(), deputy.id_number.reveal())


# ---------------------------------------------------------------- list


def test_the_list_shows_only_deputies_in_the_users_scope(world, as_user):
    assert listed(as_user(world.staff).get(reverse("deputies:list"))) == ["李秀英", "王建国"]
    assert listed(as_user(world.west_staff).get(reverse("deputies:list"))) == ["李秀英"]
    assert listed(as_user(world.liaison).get(reverse("deputies:list"))) == ["王建国"]


@pytest.mark.parametrize("persona", ["citizen", "deputy", "clerk", "auditor"])
def test_personas_without_the_register_are_refused_the_list(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(reverse("deputies:list")).status_code == 403


def test_the_list_searches_names_workplaces_and_expertise(world, as_user):
    world.west_deputy.workplace = "西山村卫生室"
    world.west_deputy.save()
    world.west_deputy.expertise.add(ExpertiseTag.objects.create(name="医疗卫生"))
    client = as_user(world.staff)

    assert listed(client.get(reverse("deputies:list"), {"q": "王建"})) == ["王建国"]
    assert listed(client.get(reverse("deputies:list"), {"q": "卫生室"})) == ["李秀英"]
    assert listed(client.get(reverse("deputies:list"), {"q": "医疗"})) == ["李秀英"]
    assert listed(client.get(reverse("deputies:list"), {"q": "没有这个人"})) == []


def test_the_list_filters_by_region_gender_and_congress(world, as_user):
    client = as_user(world.staff)

    assert listed(client.get(reverse("deputies:list"), {"region": world.west.pk})) == ["李秀英"]
    assert listed(client.get(reverse("deputies:list"), {"gender": "male"})) == ["王建国"]
    assert listed(client.get(reverse("deputies:list"), {"congress": world.county_congress.pk})) == ["王建国"]


def test_status_and_congress_filters_apply_to_the_same_seat(world, as_user):
    # 李秀英 serves in 西山乡 and has resigned from the county congress: she is not a serving county deputy.
    Seat.objects.create(
        deputy=world.west_deputy,
        term=world.county_term,
        status="resigned",
        status_changed_on=datetime.date(2024, 5, 1),
    )
    client = as_user(world.staff)

    serving_in_county = {"status": "serving", "congress": world.county_congress.pk}
    resigned_in_county = {"status": "resigned", "congress": world.county_congress.pk}
    assert listed(client.get(reverse("deputies:list"), serving_in_county)) == ["王建国"]
    assert listed(client.get(reverse("deputies:list"), resigned_in_county)) == ["李秀英"]


def test_the_list_shows_phone_numbers_masked(world, as_user):
    page = as_user(world.staff).get(reverse("deputies:list")).content.decode()

    assert "138****5678" in page
    assert "13812345678" not in page


def test_the_export_is_an_xlsx_of_the_users_scope_with_phones_masked(world, as_user):
    response = as_user(world.staff).get(reverse("deputies:list"), {"format": "xlsx"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    rows = sheet_rows(opened(response).worksheets[0])
    assert rows[0] == ["姓名", "性别", "民族", "代表层级", "所在区域", "工作单位及职务", "手机号"]
    by_name = {line[0]: line for line in rows[1:]}
    assert set(by_name) == {"王建国", "李秀英"}
    assert by_name["王建国"][6] == "138****5678"
    assert set(by_name["王建国"][3].split("、")) == {"县（区）", "乡镇（街道）"}
    assert "13812345678" not in str(rows)


def test_the_export_follows_scope_and_filters(world, as_user):
    west = sheet_rows(
        opened(as_user(world.west_staff).get(reverse("deputies:list"), {"format": "xlsx"})).active
    )
    filtered = sheet_rows(
        opened(
            as_user(world.staff).get(reverse("deputies:list"), {"format": "xlsx", "gender": "female"})
        ).active
    )

    assert [line[0] for line in west[1:]] == ["李秀英"]
    assert [line[0] for line in filtered[1:]] == ["李秀英"]


def test_a_persona_without_export_permission_gets_the_page_not_a_file(world, as_user):
    response = as_user(world.liaison).get(reverse("deputies:list"), {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not response.context["can_export"]


def _add_deputies(world, count: int) -> None:
    tag, _created = ExpertiseTag.objects.get_or_create(name="生态环保")
    for _number in range(count):
        deputy = Deputy.objects.create(
            name=f"代表{Deputy.objects.count():02d}",
            gender="male",
            region=world.east_village,
            phone="13800001234",
        )
        deputy.expertise.add(tag)
        Seat.objects.create(deputy=deputy, term=world.county_term, constituency=world.constituency)
        Seat.objects.create(deputy=deputy, term=world.east_term)


def _queries(client, url) -> int:
    client.get(url)  # The first request of a session writes the session once.
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
def test_the_list_needs_as_many_queries_for_30_rows_as_for_3(
    world, as_user, django_assert_num_queries, export
):
    client = as_user(world.staff)
    url = reverse("deputies:list") + ("?format=xlsx" if export else "")
    _add_deputies(world, 1)
    assert Deputy.objects.count() == 3
    few = _queries(client, url)

    _add_deputies(world, 27)

    with django_assert_num_queries(few):
        response = client.get(url)
    shown = len(sheet_rows(opened(response).active)) - 1 if export else len(response.context["rows"])
    assert shown == (30 if export else 25)


# ---------------------------------------------------------------- detail and reveal


def test_the_detail_shows_phone_and_id_number_masked(world, as_user):
    page = as_user(world.staff).get(reverse("deputies:detail", args=[world.east_deputy.pk])).content.decode()

    assert "138****5678" in page
    assert "110***********002X" in page
    assert "13812345678" not in page
    assert EAST_ID not in page
    assert "查看明文" in page


def test_the_office_sees_masked_numbers_without_a_reveal_button(world, as_user):
    page = as_user(world.office).get(reverse("deputies:detail", args=[world.east_deputy.pk])).content.decode()

    assert "138****5678" in page
    assert "查看明文" not in page


def test_a_deputy_outside_the_users_scope_is_not_found(world, as_user):
    client = as_user(world.west_staff)

    assert client.get(reverse("deputies:detail", args=[world.east_deputy.pk])).status_code == 404
    assert client.get(reverse("deputies:detail", args=[world.west_deputy.pk])).status_code == 200


@pytest.mark.parametrize(("field", "clear"), [("phone", "13812345678"), ("id_number", EAST_ID)])
def test_the_deputy_affairs_committee_reveals_a_number_and_it_is_recorded(world, as_user, field, clear):
    url = reverse("privacy:reveal", args=["deputies.deputy", world.east_deputy.pk, field])

    response = as_user(world.staff).post(url)

    assert response.status_code == 200
    assert clear in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = Event.objects.get(action="privacy.personal_data.revealed")
    assert event.actor == world.staff
    assert event.target_id == str(world.east_deputy.pk)
    assert event.data["field"] == field


@pytest.mark.parametrize("persona", ["office", "leader", "liaison"])
def test_others_who_see_the_deputy_may_not_reveal_and_nothing_is_recorded(world, as_user, persona):
    url = reverse("privacy:reveal", args=["deputies.deputy", world.east_deputy.pk, "phone"])

    response = as_user(getattr(world, persona)).post(url)

    assert response.status_code == 403
    assert "13812345678" not in response.content.decode()
    assert not Event.objects.filter(action="privacy.personal_data.revealed").exists()


def test_revealing_outside_the_scope_is_not_found_and_not_recorded(world, as_user):
    url = reverse("privacy:reveal", args=["deputies.deputy", world.east_deputy.pk, "phone"])

    assert as_user(world.west_staff).post(url).status_code == 404
    assert not Event.objects.exists()


def test_revealing_needs_a_post(world, as_user):
    url = reverse("privacy:reveal", args=["deputies.deputy", world.east_deputy.pk, "phone"])

    assert as_user(world.staff).get(url).status_code == 405
    assert not Event.objects.exists()


# ---------------------------------------------------------------- create and edit


def test_the_committee_creates_a_deputy_with_an_audit_event(world, as_user):
    response = as_user(world.staff).post(reverse("deputies:create"), deputy_form(world, id_number=NEW_ID))

    deputy = Deputy.objects.get(name="张三")
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:detail", args=[deputy.pk])
    assert deputy.phone.reveal() == "13800001234"
    assert sorted(tag.name for tag in deputy.expertise.all()) == ["乡村治理", "农业技术"]
    event = Event.objects.get(action="deputies.deputy.created")
    assert event.actor == world.staff
    assert event.changes["name"] == [None, "张三"]
    assert event.changes["phone"][1]["masked"] == "138****1234"
    assert event.changes["expertise"] == [None, ["乡村治理", "农业技术"]]


def test_bad_input_shows_chinese_errors_beside_the_fields_and_saves_nothing(world, as_user):
    before = (Deputy.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(
        reverse("deputies:create"),
        deputy_form(
            world, name="", phone="1381234", id_number="110105194912310021", region=world.west.pk + 999
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["这个字段是必填项。"]
    assert form.errors["phone"] == ["电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。"]
    assert form.errors["id_number"] == ["身份证号校验位不正确，请核对。"]
    assert "region" in form.errors
    page = response.content.decode()
    assert "身份证号校验位不正确，请核对。" in page
    assert "is-invalid" in page
    assert "请根据提示修改后再保存，未保存任何内容。" in page
    assert (Deputy.objects.count(), Event.objects.count()) == before


def test_an_id_number_already_on_the_roll_is_refused_beside_the_field(world, as_user):
    before = (Deputy.objects.count(), Event.objects.count())

    response = as_user(world.staff).post(reverse("deputies:create"), deputy_form(world, id_number=EAST_ID))

    assert response.context["form"].errors["id_number"] == ["已有代表使用这个身份证号。"]
    assert (Deputy.objects.count(), Event.objects.count()) == before


def test_a_region_outside_the_scope_cannot_be_chosen(world, as_user):
    before = Deputy.objects.count()

    response = as_user(world.west_staff).post(
        reverse("deputies:create"), deputy_form(world, region=world.east_village.pk)
    )

    assert "region" in response.context["form"].errors
    assert Deputy.objects.count() == before


def test_editing_records_before_and_after_and_keeps_numbers_left_blank(world, as_user):
    deputy = world.east_deputy
    response = as_user(world.office).post(
        reverse("deputies:edit", args=[deputy.pk]),
        deputy_form(
            world, name="王建国", workplace="东城镇农技站", title="站长", phone="", expertise_text=""
        ),
    )

    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.workplace == "东城镇农技站"
    assert deputy.phone.reveal() == "13812345678"
    assert deputy.id_number.reveal() == EAST_ID
    event = Event.objects.get(action="deputies.deputy.updated")
    assert event.actor == world.office
    assert event.changes["workplace"] == ["", "东城镇农技站"]
    assert "phone" not in event.changes
    assert "id_number" not in event.changes


def test_the_edit_form_never_puts_personal_numbers_into_the_page(world, as_user):
    page = as_user(world.staff).get(reverse("deputies:edit", args=[world.east_deputy.pk])).content.decode()

    assert "当前：138****5678。留空则不修改。" in page
    assert "13812345678" not in page
    assert EAST_ID not in page


@pytest.mark.parametrize("persona", ["committee", "leader", "liaison"])
def test_a_refused_edit_is_forbidden_and_changes_nothing(world, as_user, persona):
    client = as_user(getattr(world, persona))
    deputy = world.east_deputy
    before = snapshot(deputy)
    events = Event.objects.count()

    assert client.get(reverse("deputies:edit", args=[deputy.pk])).status_code == 403
    response = client.post(reverse("deputies:edit", args=[deputy.pk]), deputy_form(world, name="改名了"))
    created = client.post(reverse("deputies:create"), deputy_form(world))

    assert response.status_code == 403
    assert created.status_code == 403
    assert snapshot(deputy) == before
    assert Event.objects.count() == events
    assert not Deputy.objects.filter(name="张三").exists()


def test_editing_a_deputy_outside_the_scope_is_not_found_and_changes_nothing(world, as_user):
    before = snapshot(world.east_deputy)

    response = as_user(world.west_staff).post(
        reverse("deputies:edit", args=[world.east_deputy.pk]), deputy_form(world, name="改名了")
    )

    assert response.status_code == 404
    assert snapshot(world.east_deputy) == before
    assert not Event.objects.exists()


def test_a_seat_is_added_and_edited_with_audit_events(world, as_user):
    client = as_user(world.staff)

    created = client.post(
        reverse("deputies:seat_create", args=[world.west_deputy.pk]),
        {"term": world.county_term.pk, "status": "serving", "electoral_unit": "西山乡"},
    )
    seat = world.west_deputy.seats.get(term=world.county_term)
    edited = client.post(
        reverse("deputies:seat_edit", args=[seat.pk]),
        {"term": world.county_term.pk, "status": "resigned", "status_changed_on": "2025-01-02"},
    )

    assert created.status_code == 302
    assert created["Location"] == reverse("deputies:detail", args=[world.west_deputy.pk])
    assert edited.status_code == 302
    seat.refresh_from_db()
    assert seat.status == "resigned"
    assert Event.objects.get(action="deputies.seat.created").changes["electoral_unit"] == [None, "西山乡"]
    assert Event.objects.get(action="deputies.seat.updated").changes["status"] == ["在任", "辞职"]


def test_a_resigned_seat_needs_its_date_and_nothing_is_saved_without_it(world, as_user):
    seat = world.west_deputy.seats.get()

    response = as_user(world.staff).post(
        reverse("deputies:seat_edit", args=[seat.pk]), {"term": world.west_term.pk, "status": "resigned"}
    )

    assert response.context["form"].errors["status_changed_on"] == [
        "辞职、罢免或终止的代表资格必须填写变更日期。"
    ]
    seat.refresh_from_db()
    assert seat.status == "serving"
    assert not Event.objects.exists()


def test_cancelling_forms_goes_back_to_where_they_were_opened_from(world, as_user):
    client = as_user(world.staff)
    detail = reverse("deputies:detail", args=[world.east_deputy.pk])

    new_seat = client.get(reverse("deputies:seat_create", args=[world.east_deputy.pk])).content.decode()
    edit = client.get(reverse("deputies:edit", args=[world.east_deputy.pk])).content.decode()
    new_deputy = client.get(reverse("deputies:create")).content.decode()

    assert f'href="{detail}">取消</a>' in new_seat
    assert f'href="{detail}">取消</a>' in edit
    assert 'href="..">取消</a>' in new_deputy
