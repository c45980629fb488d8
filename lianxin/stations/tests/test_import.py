import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.accounts.models import Membership, User
from lianxin.accounts.roles import Role
from lianxin.audit.models import Event
from lianxin.deputies.models import Deputy, Seat
from lianxin.spreadsheets.tests.workbooks import (
    as_row,
    errors_of,
    messages_of,
    opened,
    sheet_rows,
    xlsx_upload,
)
from lianxin.stations.models import Station

HEADERS = ["名称*", "类型*", "服务区域代码*", "地址", "开放时间", "联系电话", "进站代表", "联络员"]
EAST = "990101001"
EAST_VILLAGE = "990101001001"
WEST = "990101002"


def row(**values) -> list:
    defaults = {"名称": "东城社区代表联络点", "类型": "代表联系点", "服务区域代码": EAST_VILLAGE}
    return as_row(HEADERS, {**defaults, **values})


def upload(client, rows, headers=HEADERS):
    return client.post(reverse("stations:import"), {"file": xlsx_upload(headers, rows)})


def counts():
    return Station.objects.count(), Event.objects.count(), Station.deputies.through.objects.count()


def serving_deputy(world, name, region=None):
    deputy = Deputy.objects.create(name=name, gender="male", region=region or world.east_village)
    Seat.objects.create(deputy=deputy, term=world.east_term)
    return deputy


def test_a_good_file_imports_stations_with_their_deputies_and_liaisons(world, as_user):
    second = serving_deputy(world, "赵六")

    response = upload(
        as_user(world.staff),
        [
            row(
                名称="东城社区代表联络点",
                地址="东城镇人民路 1 号",
                开放时间="每月10日",
                联系电话="0571-8888 6666",
                进站代表="王建国、赵六",
                联络员="liaison",
            ),
            row(名称="西山乡网上联络站", 类型="网上联络站", 服务区域代码=WEST),
        ],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    assert result.created == 2
    assert result.summary == ["新增履职阵地 2 个，登记进站代表 2 人次。"]
    point = Station.objects.get(name="东城社区代表联络点")
    assert point.kind == Station.Kind.POINT
    assert point.region == world.east_village
    assert point.address == "东城镇人民路 1 号"
    assert point.opening_hours == "每月10日"
    assert point.public_phone == "0571-8888 6666"
    assert set(point.deputies.all()) == {world.east_deputy, second}
    assert list(point.liaisons.all()) == [world.liaison]
    online = Station.objects.get(name="西山乡网上联络站")
    assert online.kind == Station.Kind.ONLINE
    assert online.region == world.west
    assert not online.deputies.exists()
    event = Event.objects.get(action="stations.station.imported", target_id=str(point.pk))
    assert event.actor == world.staff
    assert event.changes["name"] == [None, "东城社区代表联络点"]
    assert event.changes["kind"] == [None, "代表联系点"]
    assert event.changes["deputies"] == [None, ["王建国", "赵六"]]
    assert Event.objects.filter(action="stations.station.imported").count() == 2


def test_a_file_with_bad_rows_lists_every_error_by_row_and_column_and_imports_nothing(world, as_user):
    serving_deputy(world, "张伟")
    serving_deputy(world, "张伟", region=world.east)
    resigned = Deputy.objects.create(name="孙离任", gender="male", region=world.east_village)
    Seat.objects.create(
        deputy=resigned, term=world.east_term, status="resigned", status_changed_on=datetime.date(2024, 1, 1)
    )
    before = counts()

    response = upload(
        as_user(world.staff),
        [
            row(名称="好的一行", 进站代表="王建国"),
            row(名称="坏电话", 联系电话="12345"),
            row(名称="没区划", 服务区域代码="990199999"),
            row(名称=""),
            row(名称="重复的", 服务区域代码=EAST),
            row(名称="重复的", 服务区域代码=EAST),
            row(名称="东城镇人大代表联络站", 服务区域代码=EAST),
            row(名称="没这个代表", 进站代表="查无此人"),
            row(名称="重名代表", 进站代表="王建国、张伟"),
            row(名称="离任代表", 进站代表="孙离任"),
            row(名称="没这个联络员", 联络员="liaison、nobody"),
            row(名称="不是联络员", 联络员="clerk"),
            row(名称="类型不对", 类型="代表中心"),
        ],
    )

    assert errors_of(response) == {
        (3, "联系电话"),
        (4, "服务区域代码"),
        (5, "名称"),
        (7, "名称"),
        (8, "名称"),
        (9, "进站代表"),
        (10, "进站代表"),
        (11, "进站代表"),
        (12, "联络员"),
        (13, "联络员"),
        (14, "类型"),
    }
    messages = messages_of(response)
    assert "与第 6 行重复：同一区域内不能有两个同名的履职阵地。" in messages
    assert "该区域已有名为「东城镇人大代表联络站」的履职阵地。" in messages
    assert "没有找到在任代表「查无此人」，或不在您的管辖范围内。" in messages
    assert "「张伟」对应 2 位在任代表，无法确定是哪一位；请导入后在页面上选择。" in messages
    assert "没有找到在任代表「孙离任」，或不在您的管辖范围内。" in messages
    assert "没有用户名为「nobody」的联络员账户，或不在您的管辖范围内。" in messages
    assert "没有用户名为「clerk」的联络员账户，或不在您的管辖范围内。" in messages
    assert "第 13 行" in response.content.decode()
    assert counts() == before


def test_a_region_deputy_or_liaison_outside_the_importers_scope_is_refused(world, as_user):
    before = counts()

    response = upload(
        as_user(world.west_staff),
        [
            row(名称="西山村联系点", 服务区域代码="990101002001", 进站代表="李秀英", 联络员="west_liaison"),
            row(名称="东城的站", 服务区域代码=EAST),
            row(名称="请东城代表", 服务区域代码=WEST, 进站代表="王建国"),
            row(名称="请东城联络员", 服务区域代码=WEST, 联络员="liaison"),
        ],
    )

    assert errors_of(response) == {(3, "服务区域代码"), (4, "进站代表"), (5, "联络员")}
    assert f"区划代码「{EAST}」不存在或不在您的管辖范围内。" in messages_of(response)
    assert counts() == before


def test_a_liaison_account_must_hold_the_liaison_role_in_the_importers_scope(world, as_user):
    # A liaison in 西山乡 who is also an ordinary citizen of the county is not an east liaison.
    double = User.objects.create_user(username="double", password="x", name="两头跑")
    Membership.objects.create(user=double, role=Role.LIAISON, region=world.west)
    Membership.objects.create(user=double, role=Role.STAFF, region=world.east, working_body="office")
    east_importer = User.objects.create_user(username="east_office", password="x", name="东城办")
    Membership.objects.create(user=east_importer, role=Role.STAFF, region=world.east, working_body="office")
    before = counts()

    response = upload(as_user(east_importer), [row(联络员="double")])

    assert errors_of(response) == {(2, "联络员")}
    assert counts() == before


def test_a_missing_required_column_is_reported_on_the_header_row(world, as_user):
    before = counts()
    headers = [header for header in HEADERS if header != "类型*"]

    response = upload(
        as_user(world.staff), [as_row(headers, {"名称": "某站", "服务区域代码": EAST})], headers
    )

    assert errors_of(response) == {(1, "类型")}
    assert messages_of(response) == ["缺少必填列「类型」。"]
    assert counts() == before


def test_content_that_is_not_an_xlsx_workbook_is_refused_whatever_its_name(world, as_user):
    before = counts()

    response = as_user(world.staff).post(
        reverse("stations:import"),
        {"file": SimpleUploadedFile("阵地.xlsx", "名称,类型\n某站,代表之家\n".encode())},
    )

    assert messages_of(response) == ["文件不是 Excel（.xlsx）格式。请使用下载的模板填写后上传。"]
    assert counts() == before


def test_the_template_has_headers_a_kind_dropdown_instructions_and_reference_sheets(world, as_user):
    response = as_user(world.west_staff).get(reverse("stations:import_template"))

    workbook = opened(response)
    sheet = workbook.worksheets[0]
    assert sheet_rows(sheet)[0] == [
        "名称*",
        "类型*",
        "服务区域代码*",
        "地址",
        "开放时间",
        "联系电话",
        "进站代表",
        "联络员",
    ]
    dropdowns = sheet.data_validations.dataValidation
    assert any(
        "代表之家" in validation.formula1 and "B2" in str(validation.sqref) for validation in dropdowns
    )
    assert "填写说明" in workbook.sheetnames
    assert [line[0] for line in sheet_rows(workbook["区划代码"])[1:]] == [WEST, "990101002001"]
    assert sheet_rows(workbook["联络员账户"])[1:] == [["west_liaison", "马联络"]]
    # Deputies are named in the file, never listed in it.
    assert "李秀英" not in str([sheet_rows(ws) for ws in workbook.worksheets])


@pytest.mark.parametrize("persona", ["committee", "leader", "liaison", "deputy", "clerk"])
def test_a_persona_without_import_permission_is_refused_and_nothing_changes(world, as_user, persona):
    client = as_user(getattr(world, persona))
    before = counts()

    assert client.get(reverse("stations:import")).status_code == 403
    assert client.get(reverse("stations:import_template")).status_code == 403
    response = client.post(reverse("stations:import"), {"file": xlsx_upload(HEADERS, [row()])})

    assert response.status_code == 403
    assert counts() == before


def test_the_import_page_explains_each_column_and_links_the_template(world, as_user):
    page = as_user(world.staff).get(reverse("stations:import")).content.decode()

    assert reverse("stations:import_template") in page
    assert "代表之家、代表联络站、代表联络室" in page
    assert "在任代表的姓名，多人用顿号（、）分隔" in page
