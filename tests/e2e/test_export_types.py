"""Typed exports: what an analyst reads back with duckdb, pandas or a spreadsheet holds the
ledger's values with their types: dates, UTC record times, version numbers as text, lists
with one separator; one workbook; a datapackage.json that frictionless validates."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from tests.conftest import SEED, new_ledger
from tests.e2e.export_support import csv_typed, fields, parquet, records, run, workbook

TABLES = (
    "register",
    "register_history",
    "decisions",
    "milestones",
    "versions",
    "amendments",
    "releases",
)
RELEASE = "November 2017 SEC Release"
NUMBERS = ["5.10", "5.5", "5.6"]  # as the table orders them, by their text


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed, with a version 5.10 known by its month, and a release."""
    db = new_ledger(tmp_path_factory.mktemp("ledger") / "events.db")
    run("--db", db, "import", str(SEED))
    run(
        "--db",
        db,
        "version",
        "5.10",
        "--on",
        "2017-05",
        "--implements",
        "SECMP0034",
        "--implements",
        "SECMP0006",
        "--amends",
        "Section A",
        "--amends",
        "Section D",
    )
    run("--db", db, "release", "plan", RELEASE, "--go-live", "2017-11-02", "--on", "2017-04")
    run("--db", db, "release", "scope", RELEASE, "SECMP0034", "SECMP0006", "--on", "2017-05-01")
    return db


@pytest.fixture(scope="module")
def exported(ledger: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ledger exported in every format, each into a folder of its own."""
    root = tmp_path_factory.mktemp("exports")
    for fmt in ("csv", "json", "jsonl", "parquet", "xlsx"):
        run("--db", ledger, "export", "--out", str(root / fmt), "--format", fmt)
    return {fmt: root / fmt for fmt in ("csv", "json", "jsonl", "parquet", "xlsx")}


def stored(ledger: str, sql: str) -> list[tuple[object, ...]]:
    """What the ledger's own tables hold (read-only)."""
    with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def test_a_version_5_10_reads_back_as_the_text_5_10_from_every_format(
    exported: dict[str, Path],
) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pandas")
    from openpyxl import load_workbook

    rows, types = parquet(exported["parquet"], "versions")
    assert [r["number"] for r in rows] == NUMBERS and types["number"] == "VARCHAR"
    rows, types = csv_typed(exported["csv"], "versions")
    assert [r["number"] for r in rows] == NUMBERS and types["number"] == "VARCHAR"
    sheet = records(workbook(exported["xlsx"])["versions"])
    assert [r["number"] for r in sheet] == NUMBERS
    cells = load_workbook(exported["xlsx"] / "tables.xlsx")["versions"]["B"][1:]
    assert [(c.value, c.data_type) for c in cells] == [(n, "s") for n in NUMBERS]
    as_json = orjson.loads((exported["json"] / "versions.json").read_bytes())
    assert [r["number"] for r in as_json] == NUMBERS
    assert fields(exported["csv"], "versions")["number"]["type"] == "string"


def test_a_date_known_by_its_month_is_its_last_day_with_the_month_kept_beside_it(
    exported: dict[str, Path],
) -> None:
    pytest.importorskip("duckdb")
    rows, types = parquet(exported["parquet"], "versions")
    [ten] = [r for r in rows if r["number"] == "5.10"]
    assert (ten["happened_on"], ten["happened_on_as_given"]) == (date(2017, 5, 31), "2017-05")
    assert (types["happened_on"], types["happened_on_as_given"]) == ("DATE", "VARCHAR")
    releases, _ = parquet(exported["parquet"], "releases")
    assert [(r["happened_on"], r["happened_on_as_given"], r["go_live"]) for r in releases] == [
        (date(2017, 4, 30), "2017-04", date(2017, 11, 2)),
        (date(2017, 5, 1), "2017-05-01", date(2017, 11, 2)),
    ]


def test_record_times_read_back_as_utc_timestamps_equal_to_the_ledgers(
    ledger: str, exported: dict[str, Path]
) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pandas")
    held = {
        (number, datetime.fromisoformat(str(recorded)))
        for number, recorded in stored(
            ledger, "SELECT number, recorded_from FROM versions WHERE recorded_to IS NULL"
        )
    }
    assert all(moment.utcoffset() is not None for _, moment in held)
    for fmt in ("parquet", "csv"):
        reader = parquet if fmt == "parquet" else csv_typed
        rows, types = reader(exported[fmt], "versions")
        assert {(r["number"], r["recorded_from"]) for r in rows} == held, fmt
        assert types["recorded_from"] == "TIMESTAMP WITH TIME ZONE", fmt
    sheet = records(workbook(exported["xlsx"])["versions"])
    to_the_millisecond = {
        (n, m.astimezone(UTC).replace(tzinfo=None, microsecond=m.microsecond // 1000 * 1000))
        for n, m in held
    }
    assert {(r["number"], r["recorded_from"]) for r in sheet} == to_the_millisecond


def test_every_list_is_written_with_one_separator_and_no_items_as_nothing(
    exported: dict[str, Path],
) -> None:
    pytest.importorskip("duckdb")
    rows, _ = parquet(exported["parquet"], "versions")
    [ten] = [r for r in rows if r["number"] == "5.10"]
    assert (ten["implements"], ten["amends"]) == ("SECMP0034; SECMP0006", "Section A; Section D")
    releases, _ = csv_typed(exported["csv"], "releases")
    assert [r["scope"] for r in releases] == [None, "SECMP0034; SECMP0006"]
    as_json = orjson.loads((exported["json"] / "releases.json").read_bytes())
    assert [r["scope"] for r in as_json] == [None, "SECMP0034; SECMP0006"]
    described = fields(exported["csv"], "versions")
    assert {described[c]["delimiter"] for c in ("implements", "amends", "source")} == {"; "}


def test_the_xlsx_export_is_one_workbook_a_sheet_per_table_with_typed_cells(
    exported: dict[str, Path],
) -> None:
    from openpyxl import load_workbook

    folder = exported["xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "datapackage.json",
        "manifest.json",
        "tables.xlsx",
    ]
    book = load_workbook(folder / "tables.xlsx")
    assert book.sheetnames == list(TABLES)
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    sheets = manifest["files"]["tables.xlsx"]["sheets"]
    assert [(s["table"], s["sheet"]) for s in sheets] == [(t, t) for t in TABLES]
    for entry in sheets:
        assert book[entry["sheet"]].max_row == entry["rows"] + 1
    register = book["register"]
    header = [c.value for c in register[1]]
    row = {h: c for h, c in zip(header, register[2], strict=True)}
    assert row["status_since"].is_date and row["status_since"].number_format == "yyyy-mm-dd"
    assert row["status_since_as_given"].data_type == "s"
    versions = book["versions"]
    header = [c.value for c in versions[1]]
    recorded = versions.cell(2, header.index("recorded_from") + 1)
    assert recorded.is_date and recorded.number_format == "yyyy-mm-dd hh:mm:ss.000"


def test_each_sheet_has_its_header_frozen_filters_on_it_and_columns_fitted(
    exported: dict[str, Path],
) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(exported["xlsx"] / "tables.xlsx")
    for sheet in book.worksheets:
        last = get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        for column, heading in enumerate(sheet[1], 1):
            width = sheet.column_dimensions[get_column_letter(column)].width
            assert width >= len(str(heading.value)), (sheet.title, heading.value)
    widths = book["register"].column_dimensions
    assert widths["C"].width > widths["A"].width  # the titles are wider than the code


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet", "xlsx"])
def test_the_datapackage_describes_every_file_and_frictionless_finds_it_valid(
    exported: dict[str, Path], fmt: str
) -> None:
    frictionless = pytest.importorskip("frictionless")
    folder = exported[fmt]
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    package = json.loads((folder / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    assert {r["path"] for r in package["resources"]} | {"datapackage.json"} == set(
        manifest["files"]
    )


def test_the_datapackage_types_each_column_as_the_files_hold_it(
    exported: dict[str, Path],
) -> None:
    described = fields(exported["csv"], "versions")
    assert {name: f["type"] for name, f in described.items()} == {
        "code": "string",
        "number": "string",
        "happened_on": "date",
        "happened_on_as_given": "string",
        "effective": "date",
        "basis": "string",
        "implements": "list",
        "amends": "list",
        "source": "list",
        "note": "string",
        "event_id": "string",
        "release": "string",
        "recorded_from": "datetime",
        "recorded_to": "datetime",
    }


def test_frictionless_reads_the_csv_with_the_types_the_parquet_holds(
    exported: dict[str, Path],
) -> None:
    frictionless = pytest.importorskip("frictionless")
    pytest.importorskip("duckdb")
    package = frictionless.Package(str(exported["csv"] / "datapackage.json"))
    read = package.get_resource("releases").read_rows()
    rows, _ = parquet(exported["parquet"], "releases")
    assert [(r["happened_on"], r["go_live"], r["recorded_from"]) for r in read] == [
        (r["happened_on"], r["go_live"], r["recorded_from"]) for r in rows
    ]


def test_a_symbolic_link_at_the_workbook_or_the_datapackage_is_refused(
    ledger: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from cli.main import main

    outside = tmp_path / "elsewhere"
    outside.write_text("kept")
    for fmt, name in (("xlsx", "tables.xlsx"), ("csv", "datapackage.json")):
        out = tmp_path / fmt
        out.mkdir()
        (out / name).symlink_to(outside)
        result = CliRunner().invoke(
            main, ["--db", ledger, "export", "--out", str(out), "--format", fmt]
        )
        assert result.exit_code == 2
        assert result.stderr == (
            f"govledger: --out {out}: {name} is a symbolic link (to {outside}); export "
            "writes only files of its own in the folder: nothing was written\n"
        )
        assert [p.name for p in out.iterdir()] == [name] and outside.read_text() == "kept"


def test_a_format_whose_library_is_missing_is_one_line_and_writes_nothing(
    ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from click.testing import CliRunner

    from cli.main import main

    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # as if it were not installed
    out = tmp_path / "audit"
    result = CliRunner().invoke(
        main, ["--db", ledger, "export", "--out", str(out), "--format", "xlsx"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: --format xlsx needs xlsxwriter: pip install 'govledger[xlsx]'\n",
    )
    assert not out.exists()


def test_an_export_of_a_postgresql_ledger_holds_the_same_typed_rows_as_of_sqlite(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    pytest.importorskip("duckdb")
    sqlite = new_ledger(tmp_path / "events.db")
    for db, out in ((sqlite, "a"), (postgres_schema_url, "b")):
        run("--db", db, "import", str(SEED))
        run("--db", db, "export", "--out", str(tmp_path / out), "--format", "parquet")
    for table in ("register", "milestones", "decisions"):
        here, types = parquet(tmp_path / "b", table)
        there, expected = parquet(tmp_path / "a", table)
        assert types == expected, table
        drop = ("recorded_from", "recorded_to", "event_id")
        assert [{k: v for k, v in r.items() if k not in drop} for r in here] == [
            {k: v for k, v in r.items() if k not in drop} for r in there
        ], table
