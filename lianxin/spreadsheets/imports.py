"""Excel imports that save everything or nothing.

An ``ImportSpec`` names its columns and a Django form that validates one row. Every row
is validated before anything is written; any error — a bad value, a missing column, two
rows that clash — is reported with its row number and column in Chinese, and nothing is
imported. Only a clean file is handed to the spec's ``commit``, in one transaction.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianxin.accounts.permissions import scope_filter
from lianxin.regions.models import Region

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
HEADER_ROW = 1


@dataclass(frozen=True)
class ImportColumn:
    header: str
    field: str
    required: bool = False
    note: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    summary: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportSpec:
    title = ""
    filename = "import-template"
    columns: tuple[ImportColumn, ...] = ()
    row_form: type[forms.Form] = forms.Form

    def header_for(self, field_name: str) -> str:
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return ""

    def reference_sheets(self, user) -> list[tuple[str, list[str], list[list]]]:
        """Extra sheets for the template, e.g. the region codes the user may use."""
        return []

    def check_rows(self, rows: list[tuple[int, dict]], user) -> list[RowError]:
        """Checks across rows (duplicates inside the file); each spec adds its own."""
        return []

    def commit(self, rows: list[tuple[int, dict]], *, actor, user) -> ImportResult:
        raise NotImplementedError


class LabelChoiceField(forms.ChoiceField):
    """A choice typed as its Chinese label (男, 代表联络站), cleaned to the code that is stored."""

    def __init__(self, choices, **kwargs):
        self.codes = {str(label): code for code, label in choices}
        super().__init__(choices=[("", ""), *((label, label) for label in self.codes)], **kwargs)

    def clean(self, value):
        label = super().clean(value)
        return self.codes[label] if label else ""


def labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _code, label in choices)


def region_for_code(code: str, *, user, permission: str, max_level: int) -> Region:
    """The region with this code in the user's scope for ``permission``, or a row error."""
    region = (
        Region.objects.filter(scope_filter(user, permission, "path"))
        .filter(code=code, level__lte=max_level)
        .first()
    )
    if region is None:
        raise ValidationError(_("区划代码「%(code)s」不存在或不在您的管辖范围内。") % {"code": code})
    return region


def region_reference(user, permission: str, max_level: int) -> tuple[str, list[str], list[list]]:
    """A template sheet listing the region codes the user may fill in."""
    regions = Region.objects.filter(scope_filter(user, permission, "path"), level__lte=max_level)
    return (
        _("区划代码"),
        [_("区划代码"), _("名称"), _("层级")],
        [[region.code, region.name, region.get_level_display()] for region in regions],
    )


def name_clashes(rows: list[tuple[int, dict]], model, kind: str) -> list[RowError]:
    """Rows naming a ``model`` row that already exists in the same region, or twice in the file.

    For registers whose names are unique within a region (stations, units); ``kind`` is the
    Chinese name of the thing, used in the messages.
    """
    errors = []
    first: dict[tuple[int, str], int] = {}
    for number, row in rows:
        key = (row["region"].pk, row["name"])
        if key in first:
            message = _("与第 %(n)d 行重复：同一区域内不能有两个同名的%(kind)s。") % {
                "n": first[key],
                "kind": kind,
            }
            errors.append(RowError(number, "名称", message))
        else:
            first[key] = number
    existing = set(
        model.objects.filter(name__in={name for _region, name in first}).values_list("region", "name")
    )
    for key, number in first.items():
        if key in existing:
            message = _("该区域已有名为「%(name)s」的%(kind)s。") % {"name": key[1], "kind": kind}
            errors.append(RowError(number, "名称", message))
    return errors


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(upload, spec: ImportSpec) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The data rows as {field: text} with their Excel row numbers, or the file-level errors."""
    if upload.size > MAX_UPLOAD_BYTES:
        return [], [RowError(0, "", _("文件超过 5 MB，请拆分后分批导入。"))]
    head = upload.read(4)
    upload.seek(0)
    # An .xlsx is a zip archive; check the content, not the name the browser sent.
    if head != b"PK\x03\x04":
        return [], [RowError(0, "", _("文件不是 Excel（.xlsx）格式。请使用下载的模板填写后上传。"))]
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return [], [RowError(0, "", _("无法读取该 Excel 文件，文件可能已损坏。"))]
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(value) for value in next(rows)]
    except StopIteration:
        return [], [RowError(0, "", _("文件是空的。"))]
    positions = {text.rstrip("*＊ "): index for index, text in enumerate(header) if text}
    missing = [column.header for column in spec.columns if column.required and column.header not in positions]
    if missing:
        return [], [
            RowError(HEADER_ROW, name, _("缺少必填列「%(name)s」。") % {"name": name}) for name in missing
        ]
    data = []
    for number, values in enumerate(rows, start=HEADER_ROW + 1):
        texts = {
            column.field: _cell_text(values[positions[column.header]])
            if column.header in positions and positions[column.header] < len(values)
            else ""
            for column in spec.columns
        }
        if not any(texts.values()):
            continue
        data.append((number, texts))
        if len(data) > MAX_ROWS:
            return [], [RowError(0, "", _("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})]
    if not data:
        return [], [RowError(0, "", _("文件中没有数据行。"))]
    return data, []


def validate_rows(
    spec: ImportSpec, rows: list[tuple[int, dict]], user
) -> tuple[list[tuple[int, dict]], list[RowError]]:
    cleaned, errors = [], []
    for number, texts in rows:
        form = spec.row_form(texts, user=user)
        if form.is_valid():
            cleaned.append((number, form.cleaned_data))
            continue
        for name, messages in form.errors.items():
            column = spec.header_for(name) if name != "__all__" else ""
            errors.extend(RowError(number, column, message) for message in messages)
    # Clashes between the rows that are valid on their own are reported in the same pass,
    # so that one upload lists every problem in the file.
    errors += spec.check_rows(cleaned, user)
    return cleaned, errors


def run_import(spec: ImportSpec, upload, *, actor, user) -> ImportResult:
    rows, errors = read_rows(upload, spec)
    if errors:
        return ImportResult(errors=errors)
    cleaned, errors = validate_rows(spec, rows, user)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (e.row, e.column)))
    try:
        with transaction.atomic():
            return spec.commit(cleaned, actor=actor, user=user)
    except ValidationError as error:
        # A rule only the database could check; the transaction has been rolled back.
        return ImportResult(errors=[RowError(0, "", message) for message in error.messages])


def template_workbook(spec: ImportSpec, user) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.title[:31] or "Sheet1"
    required_fill = PatternFill("solid", fgColor="FDE2E1")
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(
            row=HEADER_ROW, column=index, value=column.header + ("*" if column.required else "")
        )
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = required_fill
        sheet.cell(row=HEADER_ROW + 1, column=index, value=column.example or None)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 2 + 4)
        if column.choices:
            listing = ",".join(column.choices)
            # Excel limits an inline list to 255 characters; longer lists are only explained.
            if len(listing) <= 255:
                validation = DataValidation(
                    type="list", formula1=f'"{listing}"', allow_blank=not column.required
                )
                validation.error = _("请从下拉列表中选择。")
                sheet.add_data_validation(validation)
                validation.add(
                    f"{get_column_letter(index)}{HEADER_ROW + 1}:{get_column_letter(index)}{MAX_ROWS}"
                )
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必填"), _("说明")])
    for column in spec.columns:
        notes.append(
            [
                column.header,
                _("必填") if column.required else _("选填"),
                column.note or "、".join(column.choices),
            ]
        )
    notes.append([])
    notes.append([_("第 2 行是示例，导入前请删除或覆盖。任何一行有错时整份文件都不会导入。")])
    for title, headers, rows in spec.reference_sheets(user):
        reference = workbook.create_sheet(title[:31])
        reference.append(headers)
        for row in rows:
            reference.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
