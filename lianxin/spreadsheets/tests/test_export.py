import datetime
import io
import zoneinfo

import pytest
from openpyxl import load_workbook

from lianxin.privacy.masking import ID_NUMBER, PHONE
from lianxin.privacy.values import PersonalValue
from lianxin.spreadsheets.export import cell_value, write_workbook


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PersonalValue("13812345678", PHONE), "138****5678"),
        (PersonalValue("11010519491231002X", ID_NUMBER), "110***********002X"),
        (PersonalValue("", PHONE), ""),
        (None, ""),
        (True, "是"),
        (False, "否"),
        (3, 3),
        ("东城镇", "东城镇"),
    ],
)
def test_cells_hold_masked_personal_data_and_readable_values(value, expected):
    assert cell_value(value) == expected


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_excel_would_run_as_a_formula_is_kept_as_text(text):
    assert cell_value(text) == "'" + text


def test_times_are_written_in_local_time():
    moment = datetime.datetime(2025, 1, 1, 0, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))

    shanghai = datetime.datetime(2025, 1, 1, 8, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert cell_value(moment) == shanghai.replace(tzinfo=None)


def test_a_workbook_has_a_bold_header_and_the_rows():
    stream = io.BytesIO()

    write_workbook(stream, "名录", ["姓名", "手机号"], [["王建国", PersonalValue("13812345678", PHONE)]])

    sheet = load_workbook(stream).active
    assert sheet.title == "名录"
    assert sheet["A1"].font.bold
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["姓名", "手机号"],
        ["王建国", "138****5678"],
    ]
