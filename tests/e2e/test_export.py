"""`export` writes every projection table in each format, with a manifest to cite."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from cli.main import main
from tests.conftest import SEED, new_ledger
from tests.e2e.export_support import (
    csv_typed,
    day,
    parquet,
    records,
    register,
    run,
    typed_register,
    workbook,
)


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    return db


def without_code(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "code"} for r in rows]


def iso(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v.isoformat() if isinstance(v, date) else v for k, v in r.items()} for r in rows]


def test_the_register_holds_each_date_as_a_date_and_as_recorded_a_month_as_its_last_day(
    seeded: str, tmp_path: Path
) -> None:
    run("--db", seeded, "export", "--out", str(tmp_path / "out"), "--format", "csv")
    with open(tmp_path / "out" / "register.csv", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (rows["SECMP0002"]["status_since"], rows["SECMP0002"]["status_since_as_given"]) == (
        "2017-03-31",
        "2017-03",
    )
    assert (rows["SECMP0016"]["decided"], rows["SECMP0016"]["decided_as_given"]) == (
        "2017-01-17",
        "2017-01-17",
    )


def test_the_csv_register_read_back_with_duckdb_by_its_datapackage_is_the_register(
    seeded: str, tmp_path: Path
) -> None:
    pytest.importorskip("duckdb")
    run("--db", seeded, "export", "--out", str(tmp_path / "out"), "--format", "csv")
    rows, types = csv_typed(tmp_path / "out", "register")
    assert without_code(rows) == typed_register(register(seeded))
    assert (types["status_since"], types["status_since_as_given"]) == ("DATE", "VARCHAR")


def test_json_and_jsonl_registers_read_back_with_orjson_are_the_register(
    seeded: str, tmp_path: Path
) -> None:
    run("--db", seeded, "export", "--out", str(tmp_path / "j"), "--format", "json")
    run("--db", seeded, "export", "--out", str(tmp_path / "l"), "--format", "jsonl")
    as_json = orjson.loads((tmp_path / "j" / "register.json").read_bytes())
    as_lines = [
        orjson.loads(x) for x in (tmp_path / "l" / "register.jsonl").read_bytes().split(b"\n") if x
    ]
    assert without_code(as_json) == iso(typed_register(register(seeded)))
    assert as_lines == as_json


def test_the_parquet_register_read_back_with_duckdb_is_the_register_with_date_columns(
    seeded: str, tmp_path: Path
) -> None:
    pytest.importorskip("duckdb")
    run("--db", seeded, "export", "--out", str(tmp_path / "p"), "--format", "parquet")
    rows, types = parquet(tmp_path / "p", "register")
    assert without_code(rows) == typed_register(register(seeded))
    assert {types[c] for c in ("status_since", "raised", "decided")} == {"DATE"}
    assert {types[c] for c in ("id", "status_since_as_given", "implemented_in")} == {"VARCHAR"}


def test_the_xlsx_register_read_back_with_pandas_is_the_register_with_date_cells(
    seeded: str, tmp_path: Path
) -> None:
    pytest.importorskip("pandas")
    run("--db", seeded, "export", "--out", str(tmp_path / "x"), "--format", "xlsx")
    sheet = records(workbook(tmp_path / "x")["register"])
    for row in sheet:
        for name in ("status_since", "raised", "decided"):
            row[name] = day(row[name])
    assert without_code(sheet) == typed_register(register(seeded))


def test_an_export_as_of_a_date_holds_the_register_of_that_date(
    seeded: str, tmp_path: Path
) -> None:
    run(
        "--db",
        seeded,
        "export",
        "--out",
        str(tmp_path / "o"),
        "--format",
        "json",
        "--as-of",
        "2017-03-31",
    )
    rows = orjson.loads((tmp_path / "o" / "register.json").read_bytes())
    by_id = {r["id"]: r for r in rows}
    assert "SECMP0034" not in by_id and by_id["SECMP0006"]["status"] == "Refinement"
    assert without_code(rows) == iso(typed_register(register(seeded, "--as-of", "2017-03-31")))


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet", "xlsx"])
def test_two_exports_are_byte_identical_but_for_the_time_written(
    seeded: str, tmp_path: Path, fmt: str
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        run("--db", seeded, "export", "--out", str(out), "--format", fmt, "--as-of", "2017-04-10")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if name == "manifest.json":
            a, b = (orjson.loads(x) for x in (a, b))
            a.pop("written_at"), b.pop("written_at")
        assert a == b, name


def test_the_manifest_names_the_times_the_events_and_each_files_sha256(
    seeded: str, tmp_path: Path
) -> None:
    out = tmp_path / "m"
    run(
        "--db",
        seeded,
        "export",
        "--out",
        str(out),
        "--format",
        "csv",
        "--as-of",
        "2017-04-10",
        "--known-at",
        "2099-01-01",
    )
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["as_of"] == "2017-04-10"
    assert manifest["known_at"].startswith("2099-01-01T23:59:59")
    assert manifest["events_included"] == 39 and manifest["last_position"] == 39
    assert manifest["generator"].startswith("govledger ")
    assert set(manifest["files"]) == {
        *(
            f"{t}.csv"
            for t in (
                "register",
                "register_history",
                "decisions",
                "milestones",
                "versions",
                "amendments",
                "releases",
            )
        ),
        "datapackage.json",
    }
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()


def test_a_bad_as_of_is_one_line_and_writes_nothing(seeded: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", seeded, "export", "--out", str(tmp_path / "n"), "--as-of", "2017-13-01"]
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "--as-of" in result.output
    assert not (tmp_path / "n").exists()
