"""The committed ledger is the seed paper's history, and says what the paper says."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
from click.testing import CliRunner

from cli.main import main
from tests.conftest import ROOT, SEED, new_ledger

COMMITTED = ROOT / "events.db"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def content(db: str) -> list[dict[str, object]]:
    lines = [orjson.loads(line) for line in run("--db", db, "events").splitlines()]
    return [
        {k: v for k, v in line.items() if k not in ("position", "recorded_at")} for line in lines
    ]


def test_the_committed_ledger_holds_exactly_the_seed_file(tmp_path: Path) -> None:
    copy = tmp_path / "committed.db"
    shutil.copy(COMMITTED, copy)
    fresh = new_ledger(tmp_path / "fresh.db")
    run("--db", fresh, "import", str(SEED))
    assert content(str(copy)) == content(fresh)


def test_importing_the_seed_into_the_committed_ledger_records_nothing_new(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "committed.db"
    shutil.copy(COMMITTED, copy)
    assert (
        run("--db", str(copy), "import", str(SEED))
        == "Imported 0 events: 37 lines read, 37 of them already in the ledger.\n"
    )


def open_register(db: str) -> dict[str, dict[str, str]]:
    rows = [
        orjson.loads(line)
        for line in run("--db", db, "register", "--open", "--format", "jsonl").splitlines()
    ]
    return {row["id"]: row for row in rows}


def test_the_seed_leaves_26_open_proposals_with_the_papers_statuses(db: str) -> None:
    run("--db", db, "import", str(SEED))
    register = open_register(db)
    assert len(register) == 26
    assert register["SECMP0006"]["status"] == "Report Phase"
    assert register["SECMP0006"]["status_since"] == "2017-04-04"
    assert register["SECMP0033"]["status"] == "Report Phase"
    for submitted in ("SECMP0031", "SECMP0032", "SECMP0034"):
        assert register[submitted]["status"] == "Modification Proposal Submitted"
    refinement = {pid for pid, row in register.items() if row["status"] == "Refinement"}
    assert len(refinement) == 21 and "SECMP0006" not in refinement


def test_the_seed_implements_secmp0016_in_5_6_and_secmp0026_in_5_5(db: str) -> None:
    run("--db", db, "import", str(SEED))
    rows = [
        orjson.loads(line) for line in run("--db", db, "register", "--format", "jsonl").splitlines()
    ]
    implemented = {r["id"]: r["implemented_in"] for r in rows if r["status"] == "Implemented"}
    assert implemented == {"SECMP0016": "5.6", "SECMP0026": "5.5"}


def test_the_seed_keeps_both_titles_the_paper_gives_secmp0006() -> None:
    out = run("--db", str(COMMITTED), "show", "SECMP0006", "--format", "json")
    titles = [t["title"] for t in orjson.loads(out)[0]["titles_in_sources"]]
    assert titles == [
        "Specifying the number of digits for device displays",
        "Specifying the number of digits for device display",
    ]


def test_every_seed_event_cites_the_paper() -> None:
    for raw in SEED.read_bytes().splitlines():
        line = orjson.loads(raw)
        assert line["source"].startswith(
            "SEC Update to the UNC Modification Panel, 10 April 2017, section"
        )
