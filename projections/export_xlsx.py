"""One XLSX workbook, a sheet per table: typed cells, fitted column widths, the header row
frozen and filters on it. Written with XlsxWriter (the `xlsx` extra), imported here only."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from projections.escaping import FORMULA_START, cell_text
from projections.export_schema import Column, Kind

WORKBOOK = "tables.xlsx"
FIXED_TIME = datetime(2000, 1, 1)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TEXT = "@"  # a spreadsheet keeps what is typed into the cell as text (5.10 stays 5.10)
FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.RECORDED_DATE: "yyyy-mm-dd",
    Kind.TIMESTAMP: "yyyy-mm-dd hh:mm:ss.000",
    Kind.INTEGER: "0",
    Kind.BOOLEAN: "General",
}
WIDTHS = {Kind.DATE: 10, Kind.RECORDED_DATE: 10, Kind.TIMESTAMP: 23, Kind.BOOLEAN: 5}
NARROWEST, WIDEST = 6, 60
OPTIONS = {  # every value written as what it is: no text taken for a number, formula or link
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}

Sheet = tuple[str, Sequence[Column], Sequence[tuple[Any, ...]]]


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of one sheet per (name, columns, typed rows); equal content, equal bytes."""
    import xlsxwriter

    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, OPTIONS)
    book.set_properties({"created": FIXED_TIME})
    styles = Styles(book)
    for name, columns, rows in sheets:
        write_sheet(book.add_worksheet(name[:31]), styles, columns, rows)
    book.close()
    return repack(raw.getvalue())


class Styles:
    """The workbook's cell formats: one per kind of column, the header's, quoted text's."""

    def __init__(self, book: Any) -> None:
        self.kinds = {kind: book.add_format({"num_format": f}) for kind, f in FORMATS.items()}
        self.text = book.add_format({"num_format": TEXT})
        # a text cell that a spreadsheet would take for a formula once edited stays text
        self.quoted = book.add_format({"num_format": TEXT, "quote_prefix": True})
        self.header = book.add_format({"bold": True})

    def of(self, column: Column) -> Any:
        return self.kinds.get(column.kind, self.text)


def write_sheet(
    sheet: Any, styles: Styles, columns: Sequence[Column], rows: Sequence[tuple[Any, ...]]
) -> None:
    formats = [styles.of(c) for c in columns]
    for at, column in enumerate(columns):
        sheet.set_column(at, at, width(column, rows, at), formats[at])
        sheet.write_string(0, at, column.name, styles.header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    for number, row in enumerate(rows, 1):
        for at, value in enumerate(row):
            write_cell(sheet, styles, number, at, value, formats[at])


def write_cell(sheet: Any, styles: Styles, row: int, at: int, value: Any, style: Any) -> None:
    if value is None:
        # an empty cell is written too, with its column's format: readers that go by the
        # rows' own cells then find every row as long as the header
        sheet.write_blank(row, at, None, style)
    elif isinstance(value, str):
        text = cell_text(value)
        sheet.write_string(
            row, at, text, styles.quoted if text.startswith(FORMULA_START) else style
        )
    elif isinstance(value, bool):
        sheet.write_boolean(row, at, value, style)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, at, excel_time(value), style)
    elif isinstance(value, date):
        sheet.write_datetime(row, at, value, style)
    else:
        sheet.write_number(row, at, value, style)


def excel_time(moment: datetime) -> datetime:
    """A record time as a spreadsheet holds one: UTC, with no zone (a cell cannot hold
    one), to the millisecond (as far as a spreadsheet reads it), never rounded up."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


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
