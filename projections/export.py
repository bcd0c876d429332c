"""Every projection table written out for an auditor, with a manifest to cite and a
datapackage.json describing each file's columns and types (`projections.export_schema`).

Files depend only on the ledger and the arguments: the same ledger exported
twice gives the same bytes, except the manifest's `written_at`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from projections.escaping import csv_cell
from projections.export_datapackage import datapackage, resource
from projections.export_schema import Column, columns, typed_rows
from projections.export_xlsx import WORKBOOK, to_xlsx
from projections.tables.read import Tables
from projections.tables.schema import EXPORTED, SCHEMA_VERSION, Table

FORMATS = ("csv", "json", "jsonl", "parquet", "xlsx")
EXTRAS = {"parquet": ("pyarrow", "parquet"), "xlsx": ("xlsxwriter", "xlsx")}
DATAPACKAGE = "datapackage.json"
Schema = Sequence[Column]
Rows = list[tuple[Any, ...]]
Typed = tuple[str, Schema, Rows]  # a table's name, its columns and its typed rows
Written = tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]  # the manifest's, the package's


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
    """Write every table to `out` in `fmt` (xlsx: one workbook, a sheet each), then
    datapackage.json and manifest.json; returns the manifest. `progress` is told (tables
    read, of how many) as each is."""
    check_format(fmt)
    out.mkdir(parents=True, exist_ok=True)
    count, last, complete_to, _ = tables.events_seen(known_at)
    generator = f"govledger {version}"
    read = []
    for table in EXPORTED:
        read.append(typed_table(tables, table, as_of, known_at))
        if progress is not None:
            progress(len(read), len(EXPORTED))
    write = write_workbook if fmt == "xlsx" else write_tables
    files, resources = write(out, fmt, read)
    package = (json.dumps(datapackage(generator, resources), indent=2) + "\n").encode()
    write_own(out / DATAPACKAGE, package)
    files[DATAPACKAGE] = {"describes": "every file's columns and types", "sha256": sha256(package)}
    manifest = {
        "generator": generator,
        "projection_schema": SCHEMA_VERSION,
        "as_of": as_of,
        "known_at": known_at,
        "events_included": count,
        "last_position": last,
        "complete_to": complete_to,
        "format": fmt,
        "tables": len(read),
        "files": files,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_own(out / "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def typed_table(tables: Tables, table: Table, as_of: str | None, known_at: str | None) -> Typed:
    schema = columns(table)
    return table.name, schema, typed_rows(schema, tables.table(table, as_of, known_at))


def write_tables(out: Path, fmt: str, read: list[Typed]) -> Written:
    """A file for each table; what the manifest and the data package say of each."""
    files, resources = {}, []
    for name, schema, rows in read:
        data = WRITERS[fmt](schema, rows)
        write_own(out / f"{name}.{fmt}", data)
        files[f"{name}.{fmt}"] = {"table": name, "rows": len(rows), "sha256": sha256(data)}
        resources.append(resource(name, f"{name}.{fmt}", fmt, schema))
    return files, resources


def write_workbook(out: Path, fmt: str, read: list[Typed]) -> Written:
    """One workbook, a sheet for each table; what the manifest and the package say of it."""
    data = to_xlsx(read)
    write_own(out / WORKBOOK, data)
    sheets = [{"table": name, "sheet": name, "rows": len(rows)} for name, _, rows in read]
    files = {WORKBOOK: {"sheets": sheets, "sha256": sha256(data)}}
    return files, [resource(name, WORKBOOK, fmt, schema, sheet=name) for name, schema, _ in read]


def file_names(fmt: str) -> tuple[str, ...]:
    """The files an export in `fmt` writes."""
    tables = (WORKBOOK,) if fmt == "xlsx" else tuple(f"{t.name}.{fmt}" for t in EXPORTED)
    return (*tables, DATAPACKAGE, "manifest.json")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_own(path: Path, data: bytes) -> None:
    """Write a file of the export's own: never through a symbolic link found at its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "wb") as file:
        file.write(data)


def to_csv(schema: Schema, rows: Rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in schema])
    for row in rows:
        writer.writerow([csv_cell(text_of(value)) for value in row])
    return buffer.getvalue().encode()


def text_of(value: Any) -> Any:
    """A value as CSV writes it: a date or time in ISO 8601, a boolean `true` or `false`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_value(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO 8601 text, the rest as they are."""
    return value if isinstance(value, bool) else text_of(value)


def objects(schema: Schema, rows: Rows) -> list[dict[str, Any]]:
    names = [c.name for c in schema]
    return [dict(zip(names, map(json_value, row), strict=True)) for row in rows]


def to_json(schema: Schema, rows: Rows) -> bytes:
    return (json.dumps(objects(schema, rows), indent=2, ensure_ascii=False) + "\n").encode()


def to_jsonl(schema: Schema, rows: Rows) -> bytes:
    lines = objects(schema, rows)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines).encode()


def to_parquet(schema: Schema, rows: Rows) -> bytes:
    from projections.export_parquet import to_parquet as write

    return write(schema, rows)


WRITERS: dict[str, Callable[[Schema, Rows], bytes]] = {
    "csv": to_csv,
    "json": to_json,
    "jsonl": to_jsonl,
    "parquet": to_parquet,
}
