import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.congresses.models import Constituency, DeputyGroup, Term
from lianxin.deputies.models import Deputy, Seat
from lianxin.spreadsheets.tests.workbooks import (
    as_row,
    errors_of,
    messages_of,
    opened,
    sheet_rows,
    xlsx_upload,
)

HEADERS = [
    "姓名*",
    "性别*",
    "出生日期",
    "政治面貌",
    "工作单位",
    "所在区域代码*",
    "手机号",
    "身份证号",
    "专长",
    "人大*",
    "届次*",
    "选区",
    "代表小组",
    "状态",
    "状态变更日期",
]
COUNTY = "连心县人民代表大会"
EAST = "东城镇人民代表大会"
WEST = "西山乡人民代表大会"
EAST_VILLAGE = "990101001001"
WEST_VILLAGE = "990101002001"


def id_number(first17: str) -> str:
    """A resident ID number with its GB 11643 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


ZHANG = id_number("99010119800101001")
LI = id_number("99010119850202002")


def row(**values) -> list:
    defaults = {
        "姓名": "张三",
        "性别": "男",
        "所在区域代码": EAST_VILLAGE,
        "人大": COUNTY,
        "届次": 18,
    }
    return as_row(HEADERS, {**defaults, **values})


def upload(client, rows, headers=HEADERS):
    return client.post(reverse("deputies:import"), {"file": xlsx_upload(headers, rows)})


def counts():
    return (
        Deputy.objects.count(),
        Seat.objects.count(),
        Constituency.objects.count(),
        DeputyGroup.objects.count(),
        Event.objects.count(),
    )


def test_a_good_file_imports_every_row_with_its_audit_events(world, as_user):
    response = upload(
        as_user(world.staff),
        [
            row(
                姓名="张三",
                出生日期=datetime.date(1980, 1, 1),
                政治面貌="中共党员",
                工作单位="东城社区居委会",
                手机号="138 0000 1234",
                身份证号=ZHANG,
                专长="乡村治理、农业技术",
                选区="第3选区",
                代表小组="东城代表小组",
            ),
            row(姓名="李四", 性别="女", 所在区域代码=WEST_VILLAGE, 人大=WEST, 身份证号=LI),
        ],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    assert result.created == 2
    zhang = Deputy.objects.get(name="张三")
    assert zhang.region == world.east_village
    assert zhang.gender == "male"
    assert zhang.party == "中共党员"
    assert zhang.birth_date == datetime.date(1980, 1, 1)
    assert zhang.phone.reveal() == "13800001234"
    assert zhang.id_number.reveal() == ZHANG
    assert sorted(tag.name for tag in zhang.expertise.all()) == ["乡村治理", "农业技术"]
    seat = zhang.seats.get()
    assert seat.term == world.county_term
    assert seat.status == "serving"
    assert seat.constituency.name == "第3选区"
    assert seat.group.name == "东城代表小组"
    li = Deputy.objects.get(name="李四")
    assert li.gender == "female"
    assert li.seats.get().term == world.west_term
    assert Event.objects.filter(action="deputies.deputy.imported", actor=world.staff).count() == 2
    assert Event.objects.filter(action="deputies.seat.imported", actor=world.staff).count() == 2
    event = Event.objects.get(action="deputies.deputy.imported", target_id=str(zhang.pk))
    assert event.changes["name"] == [None, "张三"]
    # The audit trail keeps masks and fingerprints, never the numbers themselves.
    assert event.changes["phone"][1]["masked"] == "138****1234"
    assert "13800001234" not in json.dumps(event.changes)
    assert ZHANG not in json.dumps(event.changes)


def test_constituencies_and_groups_named_in_the_file_are_created_and_reported(world, as_user):
    response = upload(
        as_user(world.staff),
        [
            row(姓名="张三", 身份证号=ZHANG, 选区="第3选区", 代表小组="东城代表小组"),
            row(姓名="李四", 性别="女", 身份证号=LI, 选区="第3选区"),
            row(姓名="王五", 选区="第1选区"),
        ],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    # 第1选区 already existed; 第3选区 is created once for both rows.
    assert Constituency.objects.filter(term=world.county_term, name="第3选区").count() == 1
    assert Constituency.objects.filter(term=world.county_term).count() == 2
    assert Seat.objects.get(deputy__name="王五").constituency == world.constituency
    assert "新建选区：第3选区" in result.summary
    assert "新建代表小组：东城代表小组" in result.summary
    assert Event.objects.filter(action="congresses.constituency.created").count() == 1
    assert Event.objects.filter(action="congresses.group.created").count() == 1
    assert "新建选区：第3选区" in response.content.decode()


def test_one_person_on_two_rows_of_different_terms_becomes_one_deputy_with_two_seats(world, as_user):
    response = upload(
        as_user(world.staff),
        [
            row(姓名="张三", 身份证号=ZHANG, 人大=COUNTY),
            row(姓名="张三", 身份证号=ZHANG, 人大=EAST),
        ],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    zhang = Deputy.objects.get(name="张三")
    assert {seat.term for seat in zhang.seats.all()} == {world.county_term, world.east_term}
    assert Event.objects.filter(action="deputies.deputy.imported").count() == 1
    assert Event.objects.filter(action="deputies.seat.imported").count() == 2
    assert "新增代表 1 人，代表资格 2 条。" in result.summary


def test_the_same_id_number_twice_in_one_term_is_an_error_and_nothing_is_imported(world, as_user):
    before = counts()

    response = upload(
        as_user(world.staff),
        [row(姓名="张三", 身份证号=ZHANG), row(姓名="张三", 身份证号=ZHANG), row(姓名="李四", 身份证号=LI)],
    )

    assert errors_of(response) == {(3, "身份证号")}
    assert "与第 2 行是同一身份证号、同一届次" in messages_of(response)[0]
    assert counts() == before


def test_rows_of_one_id_number_with_different_names_are_an_error(world, as_user):
    before = counts()

    response = upload(
        as_user(world.staff),
        [row(姓名="张三", 身份证号=ZHANG), row(姓名="张叁", 身份证号=ZHANG, 人大=EAST)],
    )

    assert errors_of(response) == {(3, "姓名")}
    assert counts() == before


def test_an_id_number_already_on_the_roll_adds_a_seat_to_that_deputy(world, as_user):
    term_17 = Term.objects.create(
        congress=world.county_congress, number=17, start_date=datetime.date(2016, 10, 1)
    )

    response = upload(
        as_user(world.staff),
        [row(姓名="王建国", 身份证号="11010519491231002X", 届次=17, 状态="辞职", 状态变更日期="2019-03-01")],
    )

    result = response.context["result"]
    assert result.ok, result.errors
    assert Deputy.objects.filter(name="王建国").count() == 1
    seat = world.east_deputy.seats.get(term=term_17)
    assert seat.status == "resigned"
    assert seat.status_changed_on == datetime.date(2019, 3, 1)
    assert "新增代表 0 人，代表资格 1 条。" in result.summary


def test_an_id_number_already_holding_a_seat_in_the_term_is_an_error(world, as_user):
    before = counts()

    response = upload(as_user(world.staff), [row(姓名="王建国", 身份证号="11010519491231002X")])

    assert errors_of(response) == {(2, "届次")}
    assert messages_of(response) == ["该代表在这一届次已有代表资格。"]
    assert counts() == before


def test_a_file_with_bad_rows_lists_every_error_by_row_and_column_and_imports_nothing(world, as_user):
    before = counts()

    response = upload(
        as_user(world.staff),
        [
            row(姓名="张三", 身份证号=ZHANG),
            row(姓名="坏电话", 手机号="1380000"),
            row(姓名="坏身份证", 身份证号=ZHANG[:-1] + ("1" if ZHANG[-1] != "1" else "2")),
            row(姓名="没区划", 所在区域代码="990199999"),
            row(姓名=""),
            row(姓名="辞职无日期", 状态="辞职"),
            row(姓名="没这个人大", 人大="火星人民代表大会"),
            row(姓名="重复", 身份证号=LI),
            row(姓名="重复", 身份证号=LI),
        ],
    )

    assert errors_of(response) == {
        (3, "手机号"),
        (4, "身份证号"),
        (5, "所在区域代码"),
        (6, "姓名"),
        (7, "状态变更日期"),
        (8, "人大"),
        (10, "身份证号"),
    }
    messages = messages_of(response)
    assert "电话号码格式不正确：手机号为 11 位数字，固定电话为区号加号码。" in messages
    assert "身份证号校验位不正确，请核对。" in messages
    assert "区划代码「990199999」不存在或不在您的管辖范围内。" in messages
    assert "状态为辞职、罢免或终止时必须填写变更日期。" in messages
    page = response.content.decode()
    assert "整份文件未导入任何数据" in page
    assert "第 4 行" in page
    assert counts() == before


def test_a_region_outside_the_importers_scope_is_refused(world, as_user):
    before = counts()

    response = upload(
        as_user(world.west_staff),
        [
            row(姓名="张三", 所在区域代码=WEST_VILLAGE, 人大=WEST),
            row(姓名="李四", 所在区域代码=EAST_VILLAGE, 人大=WEST),
        ],
    )

    assert errors_of(response) == {(3, "所在区域代码")}
    assert messages_of(response) == [f"区划代码「{EAST_VILLAGE}」不存在或不在您的管辖范围内。"]
    assert counts() == before


def test_an_id_number_registered_outside_the_importers_scope_is_refused(world, as_user):
    before = counts()

    response = upload(
        as_user(world.west_staff),
        [row(姓名="王建国", 所在区域代码=WEST_VILLAGE, 人大=WEST, 身份证号="11010519491231002X")],
    )

    assert errors_of(response) == {(2, "身份证号")}
    assert counts() == before


def test_a_missing_required_column_is_reported_on_the_header_row(world, as_user):
    before = counts()
    headers = [header for header in HEADERS if header != "所在区域代码*"]

    response = upload(
        as_user(world.staff), [as_row(headers, {"姓名": "张三", "性别": "男"})], headers=headers
    )

    assert errors_of(response) == {(1, "所在区域代码")}
    assert messages_of(response) == ["缺少必填列「所在区域代码」。"]
    assert counts() == before


@pytest.mark.parametrize(
    "content",
    [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "姓名,性别\n张三,男\n".encode(), b"PK\x03\x04broken"],
    ids=["xls", "csv", "broken-zip"],
)
def test_content_that_is_not_an_xlsx_workbook_is_refused_whatever_its_name(world, as_user, content):
    before = counts()

    response = as_user(world.staff).post(
        reverse("deputies:import"), {"file": SimpleUploadedFile("代表.xlsx", content)}
    )

    assert response.status_code == 200
    assert errors_of(response) == {(0, "")}
    assert messages_of(response)[0] in {
        "文件不是 Excel（.xlsx）格式。请使用下载的模板填写后上传。",
        "无法读取该 Excel 文件，文件可能已损坏。",
    }
    assert counts() == before


def test_a_file_with_only_headers_says_there_is_nothing_to_import(world, as_user):
    response = upload(as_user(world.staff), [])

    assert messages_of(response) == ["文件中没有数据行。"]


def test_the_template_has_the_headers_instructions_and_the_users_regions_and_terms(world, as_user):
    response = as_user(world.west_staff).get(reverse("deputies:import_template"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = opened(response)
    headers = sheet_rows(workbook.worksheets[0])[0]
    assert headers[:3] == ["姓名*", "性别*", "民族"]
    assert "所在区域代码*" in headers
    assert "填写说明" in workbook.sheetnames
    instructions = sheet_rows(workbook["填写说明"])
    assert instructions[0] == ["列名", "是否必填", "说明"]
    assert ["姓名", "必填", None] in instructions
    codes = [line[0] for line in sheet_rows(workbook["区划代码"])[1:]]
    assert codes == ["990101002", WEST_VILLAGE]
    assert sheet_rows(workbook["人大与届次"])[1:] == [[WEST, 18]]


def test_the_downloaded_template_filled_in_imports(world, as_user):
    client = as_user(world.staff)
    workbook = opened(client.get(reverse("deputies:import_template")))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    values = {"姓名*": "张三", "性别*": "男", "所在区域代码*": EAST_VILLAGE, "人大*": COUNTY, "届次*": 18}
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=2, column=index, value=values.get(header))
    stream = io.BytesIO()
    workbook.save(stream)

    response = client.post(
        reverse("deputies:import"), {"file": SimpleUploadedFile("填好的.xlsx", stream.getvalue())}
    )

    assert response.context["result"].ok, response.context["result"].errors
    assert Deputy.objects.filter(name="张三").exists()


@pytest.mark.parametrize("persona", ["committee", "leader", "liaison", "clerk", "deputy"])
def test_a_persona_without_import_permission_is_refused_and_nothing_changes(world, as_user, persona):
    client = as_user(getattr(world, persona))
    before = counts()

    assert client.get(reverse("deputies:import")).status_code == 403
    assert client.get(reverse("deputies:import_template")).status_code == 403
    response = client.post(reverse("deputies:import"), {"file": xlsx_upload(HEADERS, [row(身份证号=ZHANG)])})

    assert response.status_code == 403
    assert counts() == before
    assert not Deputy.objects.filter(name="张三").exists()


def test_the_office_may_import_deputies_too(world, as_user):
    response = upload(as_user(world.office), [row(姓名="张三")])

    assert response.context["result"].ok
    assert Event.objects.get(action="deputies.deputy.imported").actor == world.office
