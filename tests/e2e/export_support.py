"""Reading an export back as an analyst would: Parquet and CSV with duckdb (CSV typed by
the export's own datapackage.json), XLSX with pandas; and the register as the typed
exports should hold it, from `govledger register`."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner

from cli.main import main
from ledger.domain.dates import effective_date

REGISTER_DATES = ("status_since", "raised", "decided")
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "list": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def register(db: str, *extra: str) -> list[dict[str, Any]]:
    out = run("--db", db, "register", "--format", "jsonl", *extra)
    return [orjson.loads(line) for line in out.splitlines() if line.startswith("{")]


def typed_register(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The register as a typed export holds it: each date a real date (a month: its last
    day), its text as recorded beside it in `<name>_as_given`."""
    typed = []
    for row in rows:
        entry: dict[str, Any] = {}
        for name, value in row.items():
            if name in REGISTER_DATES:
                entry[name] = effective_date(value) if value else None
                entry[f"{name}_as_given"] = value
            else:
                entry[name] = value
        typed.append(entry)
    return typed


def fields(folder: Path, table: str) -> dict[str, dict[str, Any]]:
    package = json.loads((folder / "datapackage.json").read_text())
    [described] = [r for r in package["resources"] if r["name"] == table]
    return {f["name"]: f for f in described["schema"]["fields"]}


def duckdb_rows(query: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The rows a query gives, as Python values, and each column's SQL type."""
    import duckdb

    result = duckdb.sql(query)
    names = result.columns
    types = dict(zip(names, (str(t) for t in result.types), strict=True))
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()], types


def parquet(folder: Path, table: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    return duckdb_rows(f"SELECT * FROM read_parquet('{folder / f'{table}.parquet'}')")


def csv_typed(folder: Path, table: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """A CSV file read with the column types its datapackage.json gives."""
    columns = ", ".join(
        f"'{name}': '{DUCKDB_TYPES[f['type']]}'" for name, f in fields(folder, table).items()
    )
    path = folder / f"{table}.csv"
    return duckdb_rows(f"SELECT * FROM read_csv('{path}', header = true, columns = {{{columns}}})")


def workbook(folder: Path) -> dict[str, Any]:
    """Every sheet of the export's workbook as a pandas DataFrame, its text columns read
    as text as datapackage.json says (pandas takes text that looks like a number for one)."""
    import pandas

    package = json.loads((folder / "datapackage.json").read_text())
    text = {
        f["name"]: str
        for r in package["resources"]
        for f in r["schema"]["fields"]
        if f["type"] in ("string", "list")
    }
    return pandas.read_excel(folder / "tables.xlsx", sheet_name=None, dtype=text)


def records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows with pandas' missing values as None and its times as Python's."""
    rows = []
    for row in frame.to_dict("records"):
        rows.append({k: python_value(v) for k, v in row.items()})
    return rows


def python_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "to_pydatetime"):
        return None if str(value) == "NaT" else value.to_pydatetime()
    return value


def day(value: datetime | None) -> date | None:
    """A spreadsheet's date cell (a time at midnight) as the day it holds."""
    if value is None:
        return None
    assert (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
    return value.date()
