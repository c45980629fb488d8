import datetime
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from lianxin.regions.models import Region
from lianxin.spreadsheets import imports
from lianxin.spreadsheets.imports import (
    ImportColumn,
    ImportResult,
    ImportSpec,
    LabelChoiceField,
    RowError,
    read_rows,
    run_import,
    template_workbook,
)
from lianxin.spreadsheets.tests.workbooks import sheet_rows, xlsx_upload
from lianxin.stations.models import Station


class RegionRowForm(forms.Form):
    code = forms.CharField(max_length=20)
    name = forms.CharField(max_length=100)

    def __init__(self, data, *, user):
        super().__init__(data)


class RegionSpec(ImportSpec):
    title = "导入区划"
    columns = (
        ImportColumn("区划代码", "code", required=True),
        ImportColumn("名称", "name", required=True),
        ImportColumn("备注", "remark"),
    )
    row_form = RegionRowForm

    def check_rows(self, rows, user):
        return [RowError(number, "名称", "名称重复。") for number, row in rows if row["name"] == "重复"]

    def commit(self, rows, *, actor, user):
        for _number, row in rows:
            Region.objects.create(code=row["code"], name=row["name"], level=Region.Level.PROVINCE)
        if any(row["name"] == "数据库拒绝" for _number, row in rows):
            raise ValidationError("数据库拒绝了这一批数据。")
        return ImportResult(created=len(rows))


def test_rows_keep_their_excel_numbers_when_blank_rows_are_skipped():
    upload = xlsx_upload(["区划代码＊", " 名称 *"], [["11", "北京"], [None, None], ["12", "天津"]])

    rows, errors = read_rows(upload, RegionSpec())

    assert errors == []
    assert rows == [
        (2, {"code": "11", "name": "北京", "remark": ""}),
        (4, {"code": "12", "name": "天津", "remark": ""}),
    ]


def test_numbers_and_dates_typed_in_excel_are_read_as_text():
    upload = xlsx_upload(["区划代码", "名称", "备注"], [[11.0, "北京", datetime.date(2025, 3, 8)]])

    rows, _errors = read_rows(upload, RegionSpec())

    assert rows[0][1] == {"code": "11", "name": "北京", "remark": "2025-03-08"}


@pytest.mark.parametrize(
    ("headers", "rows", "message"),
    [
        (["区划代码", "名称"], [], "文件中没有数据行。"),
        ([], [], "文件是空的。"),
    ],
)
def test_files_without_data_are_refused_with_a_reason(headers, rows, message):
    upload = xlsx_upload(headers, rows) if headers else _empty_workbook()

    assert read_rows(upload, RegionSpec()) == ([], [RowError(0, "", message)])


def _empty_workbook():
    stream = io.BytesIO()
    Workbook().save(stream)
    return SimpleUploadedFile("空.xlsx", stream.getvalue())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 100)

    _rows, errors = read_rows(xlsx_upload(["区划代码", "名称"], [["11", "北京"]]), RegionSpec())

    assert errors == [RowError(0, "", "文件超过 5 MB，请拆分后分批导入。")]


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)

    _rows, errors = read_rows(
        xlsx_upload(["区划代码", "名称"], [["1", "a"], ["2", "b"], ["3", "c"]]), RegionSpec()
    )

    assert errors == [RowError(0, "", "一次最多导入 2 行。")]


@pytest.mark.django_db
def test_clashes_are_reported_together_with_the_errors_of_other_rows():
    upload = xlsx_upload(["区划代码", "名称"], [["11", ""], ["12", "重复"], ["13", "好"]])

    result = run_import(RegionSpec(), upload, actor=None, user=None)

    assert [(error.row, error.column) for error in result.errors] == [(2, "名称"), (3, "名称")]
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_a_refusal_while_committing_rolls_back_every_row():
    upload = xlsx_upload(["区划代码", "名称"], [["11", "北京"], ["12", "数据库拒绝"]])

    result = run_import(RegionSpec(), upload, actor=None, user=None)

    assert result.errors == [RowError(0, "", "数据库拒绝了这一批数据。")]
    assert not Region.objects.exists()


def test_a_label_choice_is_typed_as_its_label_and_stored_as_its_code():
    field = LabelChoiceField(Station.Kind.choices)

    assert field.clean("代表之家") == "home"
    with pytest.raises(ValidationError) as refused:
        field.clean("代表中心")
    assert "代表中心" in refused.value.messages[0]
    assert "选择一个有效的选项" in refused.value.messages[0]


def test_the_template_marks_required_columns_and_explains_every_column():
    class KindSpec(RegionSpec):
        columns = (*RegionSpec.columns, ImportColumn("类型", "kind", choices=("甲", "乙")))

    workbook = load_workbook(io.BytesIO(template_workbook(KindSpec(), user=None)))

    assert sheet_rows(workbook.worksheets[0])[0] == ["区划代码*", "名称*", "备注", "类型"]
    assert sheet_rows(workbook["填写说明"])[1:5] == [
        ["区划代码", "必填", None],
        ["名称", "必填", None],
        ["备注", "选填", None],
        ["类型", "选填", "甲、乙"],
    ]
    (validation,) = workbook.worksheets[0].data_validations.dataValidation
    assert validation.formula1 == '"甲,乙"'
