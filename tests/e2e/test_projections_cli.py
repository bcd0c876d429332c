"""The tables through the CLI: kept in step after recording, on SQLite and PostgreSQL;
`rebuild` survives an interruption; reading leaves the ledger file unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from projections.tables.read import connect
from projections.tables.schema import NAMES
from tests.conftest import ROOT, SEED, new_ledger


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_recorded_vote_is_in_the_tables_at_once(db: str) -> None:
    run("--db", db, "import", str(SEED))
    run(
        "--db",
        db,
        "--actor",
        "SECAS",
        "vote",
        "SECMP0033",
        "--outcome",
        "approve",
        "--on",
        "2017-05-24",
    )
    tables = connect(db)
    try:
        assert tables.position() == tables.last_event()
        row = next(r for r in tables.register() if r["id"] == "SECMP0033")
        assert (row["status"], row["decided"]) == ("Approved", "2017-05-24")
        decided = tables.query(
            "SELECT body, outcome FROM {p}decisions WHERE proposal = ? AND recorded_to IS NULL "
            "AND happened_on = ?",
            ("SECMP0033", "2017-05-24"),
        )
        assert decided == [("Change Board", "approve")]
    finally:
        tables.close()


def test_rebuild_reports_the_events_it_projected_when_piped(db: str) -> None:
    run("--db", db, "import", str(SEED))
    assert run("--db", db, "rebuild").startswith("Rebuilt the projection tables from 39 events")


def many_events(path: Path, proposals: int) -> None:
    lines = []
    for n in range(1, proposals + 1):
        pid = f"SECMP{n:04d}"
        common = {"code": "SEC", "proposal": pid, "actor": "test"}
        lines += [
            {"kind": "submitted", "title": f"Proposal {n}", "proposer": "EDF", "on": "2018-01-02"},
            {
                "kind": "imr_considered",
                "outcome": "accepted",
                "path": "3",
                "route": "report",
                "on": "2018-02-02",
            },
            {"kind": "consultation_issued", "deadline": "2018-04-01", "on": "2018-03-02"},
            {"kind": "consultation_closed", "on": "2018-04-02"},
            {"kind": "change_board_voted", "outcome": "approve", "on": "2018-05-02"},
        ]
        for line in lines[-5:]:
            line.update(common)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def dump(db: str) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in NAMES}


def projected(db: str) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            row = conn.execute(
                "SELECT notification_id FROM tracking WHERE application_name = 'projections'"
            ).fetchone()
        return row[0] if row else 0
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_rebuild_leaves_tables_that_a_rerun_completes(
    tmp_path: Path, stop: signal.Signals
) -> None:
    db = new_ledger(tmp_path / "events.db")
    source = tmp_path / "many.jsonl"
    many_events(source, 2000)
    run("--db", db, "import", str(source))
    reference = new_ledger(tmp_path / "reference.db")
    shutil.copy(db, reference)
    run("--db", reference, "rebuild")
    command = [sys.executable, "-m", "cli", "--db", db, "rebuild"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for awaited in (lambda n: n == 0, lambda n: n > 0):  # the reset, then a first batch
        while process.poll() is None and not awaited(projected(db)):
            time.sleep(0.005)
    process.send_signal(stop)
    process.wait(timeout=60)
    interrupted_at = projected(db)
    assert process.returncode != 0 and 0 < interrupted_at < 10_000
    run("--db", db, "rebuild")
    assert dump(db) == dump(reference)


def test_a_read_leaves_the_committed_ledger_byte_for_byte_unchanged(tmp_path: Path) -> None:
    copy = tmp_path / "events.db"
    shutil.copy(ROOT / "events.db", copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    run("--db", str(copy), "register", "--open")
    run("--db", str(copy), "report", "--as-of", "2017-04-10")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_the_committed_ledger_ships_with_its_tables_caught_up() -> None:
    tables = connect(str(ROOT / "events.db"))
    try:
        assert tables.position() == tables.last_event() > 0
    finally:
        tables.close()


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_reading_a_ledger_whose_tables_are_behind_catches_them_up(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE tracking SET notification_id = 10 WHERE application_name = 'projections'"
        )
        conn.execute("DELETE FROM ledger_events WHERE position > 10")
    out = run("--db", db, "report", "--as-of", "2017-04-10", "--since", "2017-03-01")
    assert "| SECMP0034 |" in out
    assert projected(db) == 39
