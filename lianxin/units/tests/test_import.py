import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.spreadsheets.tests.workbooks import (
    as_row,
    errors_of,
    messages_of,
    opened,
    sheet_rows,
    xlsx_upload,
)
from lianxin.units.models import HandlingUnit, UnitContact

HEADERS = ["名称*", "简称", "类型*", "所属区域代码*", "地址", "联系人", "联系人职务", "联系电话"]
COUNTY = "990101"
EAST = "990101001"
WEST = "990101002"


def row(**values) -> list:
    defaults = {"名称": "连心县水利局", "类型": "政府工作部门", "所属区域代码": COUNTY}
    return as_row(HEADERS, {**defaults, **values})


def upload(client, rows, headers=HEADERS):
    return client.post(reverse("units:import"), {"file": xlsx_upload(headers, rows)})


def counts():
    return HandlingUnit.objects.count(), UnitContact.objects.count(), Event.objects.count()


def test_a_good_file_imports_units_and_their_main_contacts(world, as_user):
    response = upload(
        as_user(world.office),
        [
            row(
                名称="连心县水利局",
                简称="县水利局",
                地址="连心县府前路 2 号",
                联系人="钱科长",
                联系人职务="办公室主任",
                联系电话="13812345678",
            ),
            row(名称="东城镇人民政府", 类型="乡镇人民政府（街道办事处）", 所属区域代码=EAST),
        ],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    assert result.created == 2
    assert result.summary == ["新增承办单位 2 个，主要联系人 1 人。"]
    water = HandlingUnit.objects.get(name="连心县水利局")
    assert water.short_name == "县水利局"
    assert water.kind == HandlingUnit.Kind.DEPARTMENT
    assert water.region == world.county
    assert water.address == "连心县府前路 2 号"
    contact = water.contacts.get()
    assert (contact.name, contact.title, contact.is_primary) == ("钱科长", "办公室主任", True)
    assert contact.phone.reveal() == "13812345678"
    township = HandlingUnit.objects.get(name="东城镇人民政府")
    assert township.kind == HandlingUnit.Kind.TOWNSHIP
    assert township.region == world.east
    assert not township.contacts.exists()
    unit_event = Event.objects.get(action="units.unit.imported", target_id=str(water.pk))
    assert unit_event.actor == world.office
    assert unit_event.changes["kind"] == [None, "政府工作部门"]
    contact_event = Event.objects.get(action="units.contact.imported")
    assert contact_event.target_id == str(contact.pk)
    assert contact_event.changes["phone"][1]["masked"] == "138****5678"
    assert "13812345678" not in json.dumps(contact_event.changes)
    assert Event.objects.filter(action="units.unit.imported").count() == 2


def test_a_file_with_bad_rows_lists_every_error_by_row_and_column_and_imports_nothing(world, as_user):
    before = counts()

    response = upload(
        as_user(world.staff),
        [
            row(名称="好的一行", 联系人="钱科长", 联系电话="0571-88886666"),
            row(名称="坏电话", 联系人="孙科长", 联系电话="1381234"),
            row(名称="没区划", 所属区域代码="990199999"),
            row(名称="村级单位", 所属区域代码="990101001001"),
            row(名称=""),
            row(名称="重复的"),
            row(名称="重复的"),
            row(名称="连心县交通运输局"),
            row(名称="只有电话", 联系电话="13812345678"),
            row(名称="类型不对", 类型="事业单位"),
        ],
    )

    assert errors_of(response) == {
        (3, "联系电话"),
        (4, "所属区域代码"),
        (5, "所属区域代码"),
        (6, "名称"),
        (8, "名称"),
        (9, "名称"),
        (10, "联系人"),
        (11, "类型"),
    }
    messages = messages_of(response)
    assert "电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。" in messages
    assert "区划代码「990199999」不存在或不在您的管辖范围内。" in messages
    assert "与第 7 行重复：同一区域内不能有两个同名的承办单位。" in messages
    assert "该区域已有名为「连心县交通运输局」的承办单位。" in messages
    assert "填写了联系人职务或电话时，必须填写联系人姓名。" in messages
    assert counts() == before


def test_the_same_name_in_another_region_is_not_a_duplicate(world, as_user):
    response = upload(
        as_user(world.staff),
        [row(名称="财政所", 所属区域代码=EAST), row(名称="财政所", 所属区域代码=WEST)],
    )

    assert response.context["result"].ok
    assert HandlingUnit.objects.filter(name="财政所").count() == 2


def test_a_region_outside_the_importers_scope_is_refused(world, as_user):
    before = counts()

    response = upload(
        as_user(world.west_staff),
        [row(名称="西山乡人民政府", 所属区域代码=WEST), row(名称="东城镇人民政府", 所属区域代码=EAST)],
    )

    assert errors_of(response) == {(3, "所属区域代码")}
    assert messages_of(response) == [f"区划代码「{EAST}」不存在或不在您的管辖范围内。"]
    assert counts() == before


def test_a_missing_required_column_is_reported_on_the_header_row(world, as_user):
    before = counts()
    headers = [header for header in HEADERS if header != "所属区域代码*"]

    response = upload(as_user(world.staff), [as_row(headers, {"名称": "某局", "类型": "其他单位"})], headers)

    assert errors_of(response) == {(1, "所属区域代码")}
    assert counts() == before


def test_content_that_is_not_an_xlsx_workbook_is_refused_whatever_its_name(world, as_user):
    before = counts()

    response = as_user(world.staff).post(
        reverse("units:import"), {"file": SimpleUploadedFile("单位.xlsx", b"<html>not a workbook</html>")}
    )

    assert messages_of(response) == ["文件不是 Excel（.xlsx）格式。请使用下载的模板填写后上传。"]
    assert counts() == before


def test_the_template_has_headers_instructions_and_the_region_codes(world, as_user):
    workbook = opened(as_user(world.staff).get(reverse("units:import_template")))

    assert sheet_rows(workbook.worksheets[0])[0] == [
        "名称*",
        "简称",
        "类型*",
        "所属区域代码*",
        "地址",
        "联系人",
        "联系人职务",
        "联系电话",
    ]
    assert "填写说明" in workbook.sheetnames
    # Units belong to a county or a township, so villages are not offered.
    assert [line[0] for line in sheet_rows(workbook["区划代码"])[1:]] == [COUNTY, EAST, WEST]


@pytest.mark.parametrize("persona", ["committee", "leader", "clerk", "liaison", "admin"])
def test_a_persona_without_import_permission_is_refused_and_nothing_changes(world, as_user, persona):
    client = as_user(getattr(world, persona))
    before = counts()

    assert client.get(reverse("units:import")).status_code == 403
    assert client.get(reverse("units:import_template")).status_code == 403
    response = client.post(reverse("units:import"), {"file": xlsx_upload(HEADERS, [row(联系人="钱科长")])})

    assert response.status_code == 403
    assert counts() == before
