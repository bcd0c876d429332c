"""One XLSX workbook, a sheet per table: typed cells, fitted column widths, the header row
frozen and filters on it. Written with openpyxl (the `xlsx` extra), imported here only."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from projections.escaping import FORMULA_START, cell_text
from projections.export_schema import Column, Kind

WORKBOOK = "tables.xlsx"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.RECORDED_DATE: "yyyy-mm-dd",
    Kind.TIMESTAMP: "yyyy-mm-dd hh:mm:ss.000",
    Kind.INTEGER: "0",
    Kind.BOOLEAN: "General",
}
TEXT = "@"  # a spreadsheet keeps what is typed into the cell as text (5.10 stays 5.10)
WIDTHS = {Kind.DATE: 10, Kind.RECORDED_DATE: 10, Kind.TIMESTAMP: 23, Kind.BOOLEAN: 5}
NARROWEST, WIDEST = 6, 60

Sheet = tuple[str, Sequence[Column], Sequence[tuple[Any, ...]]]


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of one sheet per (name, columns, typed rows); equal content, equal bytes."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        write_sheet(book.create_sheet(name[:31]), columns, rows)
    fixed = datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    # openpyxl's `save` stamps the time saved over `modified`; its writer keeps ours.
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return repack(raw.getvalue())


def write_sheet(sheet: Any, columns: Sequence[Column], rows: Sequence[tuple[Any, ...]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for number, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width(column, rows, number - 1)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(
            [cell_of(sheet, column, value) for column, value in zip(columns, row, strict=True)]
        )


def cell_of(sheet: Any, column: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime):
        value = excel_time(value)
    elif isinstance(value, str):
        value = cell_text(value)
    cell = WriteOnlyCell(sheet, value)
    # an empty cell is written too, having a style (its column's format): readers that go
    # by the rows' own cells (openpyxl's read-only mode) then find rows as long as the header
    cell.number_format = FORMATS.get(column.kind, TEXT)
    if column.kind is Kind.BOOLEAN:
        from openpyxl.styles import Alignment

        cell.alignment = Alignment(horizontal="center")
    if isinstance(value, str):
        as_text(cell)
    return cell


def excel_time(moment: datetime) -> datetime:
    """A record time as a spreadsheet holds one: UTC, with no zone (a cell cannot hold
    one), to the millisecond (as far as a spreadsheet reads it), never rounded up."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def as_text(cell: Any) -> None:
    """A text cell kept as text: openpyxl takes a string beginning with `=` for a formula,
    and a spreadsheet would run it; the quote prefix keeps it text when edited too."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


def width(column: Column, rows: Sequence[tuple[Any, ...]], at: int) -> float:
    """Wide enough for the header and the longest line of any value, within bounds."""
    fixed = WIDTHS.get(column.kind)
    longest = max((longest_line(row[at]) for row in rows), default=0) if fixed is None else fixed
    return min(WIDEST, max(NARROWEST, len(column.name) + 2, longest + 1))


def longest_line(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max(len(line) for line in str(value).split("\n"))


def repack(data: bytes) -> bytes:
    """The same zip with every entry's time fixed, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
