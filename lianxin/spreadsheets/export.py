"""Excel exports, streamed row by row so a province-wide ledger does not sit in memory."""

import datetime
from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lianxin.privacy.values import PersonalValue

# OWASP's list for CSV/formula injection: these open a formula or smuggle one in.
_ILLEGAL_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """Values as Excel should hold them; personal data stays masked; no formula injection."""
    if value is None:
        return ""
    if isinstance(value, PersonalValue):
        return value.masked
    if isinstance(value, bool):
        return str(_("是")) if value else str(_("否"))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    # Such a cell would run as a formula in the reader's Excel.
    if text.startswith(_ILLEGAL_FORMULA_START):
        text = "'" + text
    return text


def write_workbook(stream, title: str, headers: list[str], rows: Iterable[list]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    workbook.save(stream)


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamped = f"{filename}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stamped)}"
    write_workbook(response, title, headers, rows)
    return response


def xlsx_sheets_response(
    filename: str, sheets: Iterable[tuple[str, list[str], Iterable[list]]]
) -> HttpResponse:
    """Several sheets in one workbook (title, headers, rows each), written the same way."""
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamped = f"{filename}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stamped)}"
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31] or "Sheet")
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=str(header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([cell_value(value) for value in row])
    workbook.save(response)
    return response
