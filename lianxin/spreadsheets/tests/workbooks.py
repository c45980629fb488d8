"""Building the Excel files that import tests upload, and reading the ones pages return."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_upload(headers: list[str], rows: list[list], name: str = "导入.xlsx") -> SimpleUploadedFile:
    """An .xlsx upload whose first sheet holds ``headers`` and then ``rows`` (Excel rows 2, 3, …)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue(), content_type=XLSX)


def as_row(headers: list[str], values: dict) -> list:
    """A row in header order from {header: value}; headers not given are left empty."""
    return [values.get(header.rstrip("*"), "") for header in headers]


def opened(response):
    """The workbook a download response carries."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def errors_of(response) -> set[tuple[int, str]]:
    """(Excel row, column header) of each error an import page reports."""
    return {(error.row, error.column) for error in response.context["result"].errors}


def messages_of(response) -> list[str]:
    return [error.message for error in response.context["result"].errors]
