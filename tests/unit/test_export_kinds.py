"""Each kind of exported column as every format writes it, on a table declared here: the
exported tables hold no boolean or integer column yet, and a column declared one is
written as one in CSV, JSON, Parquet, XLSX and datapackage.json alike."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from projections.export import to_csv, to_json, to_parquet
from projections.export_datapackage import datapackage, resource
from projections.export_schema import Kind, columns, typed_rows
from projections.export_xlsx import to_xlsx
from projections.tables.schema import Table

CHECKS = Table("checks", ("name", "passed", "count", "number"), bitemporal=False)
KINDS = {"passed": Kind.BOOLEAN, "count": Kind.INTEGER, "number": Kind.VERSION}
SCHEMA = columns(CHECKS, KINDS)
STORED = [
    {"name": "first", "passed": 1, "count": 3, "number": "5.10"},  # as SQLite holds them
    {"name": "second", "passed": 0, "count": None, "number": "5.1"},
    {"name": "third", "passed": None, "count": 0, "number": None},
]
ROWS = typed_rows(SCHEMA, STORED)


def test_stored_values_are_typed_by_their_columns_kinds() -> None:
    assert ROWS == [
        ("first", True, 3, "5.10"),
        ("second", False, None, "5.1"),
        ("third", None, 0, None),
    ]


def test_csv_writes_booleans_as_true_and_false_and_nothing_as_an_empty_cell() -> None:
    assert to_csv(SCHEMA, ROWS).decode() == (
        "name,passed,count,number\nfirst,true,3,5.10\nsecond,false,,5.1\nthird,,0,\n"
    )


def test_json_holds_booleans_and_integers_as_json_does() -> None:
    assert json.loads(to_json(SCHEMA, ROWS)) == [
        {"name": "first", "passed": True, "count": 3, "number": "5.10"},
        {"name": "second", "passed": False, "count": None, "number": "5.1"},
        {"name": "third", "passed": None, "count": 0, "number": None},
    ]


def test_parquet_columns_are_boolean_and_integer() -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(to_parquet(SCHEMA, ROWS)))
    assert [str(t) for t in table.schema.types] == ["string", "bool", "int64", "string"]
    assert table.column("passed").to_pylist() == [True, False, None]


def test_xlsx_cells_are_booleans_and_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (tmp_path / "t.xlsx").write_bytes(to_xlsx([("checks", SCHEMA, ROWS)]))
    sheet = load_workbook(tmp_path / "t.xlsx")["checks"]
    cells = [(c.value, c.data_type) for c in sheet[2]]
    assert cells == [("first", "s"), (True, "b"), (3, "n"), ("5.10", "s")]


def test_frictionless_reads_the_csv_by_its_datapackage_with_the_types_declared(
    tmp_path: Path,
) -> None:
    frictionless = pytest.importorskip("frictionless")
    (tmp_path / "checks.csv").write_bytes(to_csv(SCHEMA, ROWS))
    package = datapackage("govledger test", [resource("checks", "checks.csv", "csv", SCHEMA)])
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    read = frictionless.Package(str(tmp_path / "datapackage.json")).get_resource("checks")
    assert [tuple(r.values()) for r in read.read_rows()] == ROWS
