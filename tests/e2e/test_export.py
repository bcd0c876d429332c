"""`export` writes every projection table in each format, with a manifest to cite."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cli.main import main
from tests.conftest import SEED, new_ledger


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    return db


def register(db: str, *extra: str) -> list[dict[str, str | None]]:
    out = run("--db", db, "register", "--format", "jsonl", *extra)
    return [orjson.loads(line) for line in out.splitlines() if line.startswith("{")]


def plain(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: ("" if v is None else v) for k, v in r.items() if k != "code"} for r in rows]


def test_the_csv_register_read_back_with_the_csv_module_is_the_register(
    seeded: str, tmp_path: Path
) -> None:
    run("--db", seeded, "export", "--out", str(tmp_path / "out"), "--format", "csv")
    with open(tmp_path / "out" / "register.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert plain(rows) == plain(register(seeded))  # type: ignore[arg-type]


def test_json_and_jsonl_registers_read_back_with_orjson_are_the_register(
    seeded: str, tmp_path: Path
) -> None:
    run("--db", seeded, "export", "--out", str(tmp_path / "j"), "--format", "json")
    run("--db", seeded, "export", "--out", str(tmp_path / "l"), "--format", "jsonl")
    as_json = orjson.loads((tmp_path / "j" / "register.json").read_bytes())
    as_lines = [
        orjson.loads(x) for x in (tmp_path / "l" / "register.jsonl").read_bytes().split(b"\n") if x
    ]
    expected = [{k: v for k, v in r.items()} for r in register(seeded)]
    assert [{k: v for k, v in r.items() if k != "code"} for r in as_json] == expected
    assert as_lines == as_json


def test_the_parquet_register_read_back_with_pyarrow_is_the_register(
    seeded: str, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    run("--db", seeded, "export", "--out", str(tmp_path / "p"), "--format", "parquet")
    rows = pq.read_table(tmp_path / "p" / "register.parquet").to_pylist()
    assert [{k: v for k, v in r.items() if k != "code"} for r in rows] == register(seeded)


def test_the_xlsx_register_read_back_with_openpyxl_is_the_register(
    seeded: str, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run("--db", seeded, "export", "--out", str(tmp_path / "x"), "--format", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x" / "register.xlsx").active
    header, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(header, r, strict=True)) for r in body]
    assert [{k: v for k, v in r.items() if k != "code"} for r in rows] == register(seeded)


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
    assert [{k: v for k, v in r.items() if k != "code"} for r in rows] == register(
        seeded, "--as-of", "2017-03-31"
    )


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
