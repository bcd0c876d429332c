"""Every projection table written out for an auditor, with a manifest to cite.

Files depend only on the ledger and the arguments: the same ledger exported
twice gives the same bytes, except the manifest's `written_at`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from projections.escaping import FORMULA_START, cell_text, csv_cell
from projections.tables.read import Tables
from projections.tables.schema import EXPORTED, SCHEMA_VERSION, Table

FORMATS = ("csv", "json", "jsonl", "parquet", "xlsx")
EXTRAS = {"parquet": ("pyarrow", "parquet"), "xlsx": ("openpyxl", "xlsx")}
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class MissingExtra(Exception):
    """An optional library the format needs is not installed."""


def check_format(fmt: str) -> None:
    """Refuse a format whose optional library is missing, before anything is written."""
    if fmt not in EXTRAS:
        return
    module, extra = EXTRAS[fmt]
    try:
        __import__(module)
    except ImportError:
        raise MissingExtra(
            f"--format {fmt} needs {module}: pip install 'govledger[{extra}]'"
        ) from None


def export(
    tables: Tables,
    out: Path,
    fmt: str,
    *,
    as_of: str | None,
    known_at: str | None,
    version: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Write every table to `out` in `fmt`, then manifest.json; returns the manifest.
    `progress` is told (tables written, of how many) as each is."""
    check_format(fmt)
    out.mkdir(parents=True, exist_ok=True)
    count, last, complete_to, _ = tables.events_seen(known_at)
    files = {}
    for table in EXPORTED:
        rows = tables.table(table, as_of, known_at)
        name = f"{table.name}.{fmt}"
        data = WRITERS[fmt](table, rows)
        write_own(out / name, data)
        files[name] = {
            "table": table.name,
            "rows": len(rows),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if progress is not None:
            progress(len(files), len(EXPORTED))
    manifest = {
        "generator": f"govledger {version}",
        "projection_schema": SCHEMA_VERSION,
        "as_of": as_of,
        "known_at": known_at,
        "events_included": count,
        "last_position": last,
        "complete_to": complete_to,
        "format": fmt,
        "files": files,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_own(out / "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def write_own(path: Path, data: bytes) -> None:
    """Write a file of the export's own: never through a symbolic link found at its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "wb") as file:
        file.write(data)


def to_csv(table: Table, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.exported_columns)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in table.exported_columns])
    return buffer.getvalue().encode()


def to_json(_: Table, rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode()


def to_jsonl(_: Table, rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def to_parquet(table: Table, rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = table.exported_columns
    schema = pa.schema([(c, pa.int64() if c == "position" else pa.string()) for c in columns])
    data = pa.Table.from_pylist(rows, schema=schema)
    sink = io.BytesIO()
    pq.write_table(data, sink)
    return sink.getvalue()


def to_xlsx(table: Table, rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append(list(table.exported_columns))
    for row in rows:
        values = [row[c] for c in table.exported_columns]
        sheet.append([cell_text(v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                as_text(cell)
    fixed = datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    # openpyxl's `save` stamps the time saved over `modified`; its writer keeps ours.
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return repack(raw.getvalue())


def as_text(cell: Any) -> None:
    """A text cell kept as text: openpyxl takes a string beginning with `=` for a formula,
    and a spreadsheet would run it; the quote prefix keeps it text when edited too."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


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


WRITERS: dict[str, Callable[[Table, list[dict[str, Any]]], bytes]] = {
    "csv": to_csv,
    "json": to_json,
    "jsonl": to_jsonl,
    "parquet": to_parquet,
    "xlsx": to_xlsx,
}
