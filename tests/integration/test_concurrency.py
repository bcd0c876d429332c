"""Several processes recording at once: nothing lost, no fork, conflicts retried or refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from ledger.application import GovLedger
from ledger.domain.errors import ProcessViolation
from ledger.store.audit import audit
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import workload

WORKERS, COMMANDS = 4, 200
GAVE_UP = (f"{workload.SHARED}: nothing recorded: other writers", f"{workload.TOGGLED}: nothing")


def run_writers(db: str) -> list[dict[str, object]]:
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "workload.py"), db, str(w), str(COMMANDS)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        for w in range(WORKERS)
    ]
    results = []
    for process in processes:
        out, _ = process.communicate()
        assert process.returncode == 0
        results.append(orjson.loads(out))
    return results


def test_four_writers_of_200_commands_lose_nothing_keep_one_chain_and_refuse_clearly(
    db: str,
) -> None:
    prepared = workload.prepare(db)
    results = run_writers(db)
    recorded = sum(int(r["recorded"]) for r in results)  # type: ignore[call-overload]
    app = GovLedger(db)
    events = [e for _, e in app.read_events()]
    verdict = audit(app.recorder)  # type: ignore[arg-type]
    assert len(events) == prepared + recorded
    assert verdict.intact and verdict.count == len(events)
    per_proposal = Counter(e.originator_id for e in events)
    shared = sum(int(r["shared_scheduled"]) for r in results)  # type: ignore[call-overload]
    assert per_proposal[f"proposal:SEC:{workload.SHARED}"] == 1 + shared
    for w in range(WORKERS):
        for k in range(COMMANDS // 4):
            assert per_proposal[f"proposal:SEC:{workload.own_id(w, COMMANDS, k)}"] == 2
    app.close()
    # A refusal is either a step the race made illegal, or a save that lost every retry.
    for message in [str(m) for r in results for m in r["refusals"]]:  # type: ignore[attr-defined]
        assert message.startswith((f"{workload.TOGGLED}: cannot record ", GAVE_UP)), message


def test_a_save_that_loses_a_race_is_retried_against_the_other_writers_events(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    workload.prepare(sqlite_db)
    first, second = GovLedger(sqlite_db), GovLedger(sqlite_db)
    save = first.save
    raced = []

    def save_after_the_other_writer(*aggregates):  # type: ignore[no-untyped-def]
        if not raced:
            raced.append(True)
            second.record(
                "suspended",
                "SEC",
                workload.TOGGLED,
                directed_by="BEIS",
                on="2017-06",
                actor="other",
            )
        return save(*aggregates)

    monkeypatch.setattr(first, "save", save_after_the_other_writer)
    first.record("scheduled", "SEC", workload.TOGGLED, what="IMR", on="2017-06", actor="first")
    kinds = [e.kind for e in first.proposal("SEC", workload.TOGGLED).events]
    assert kinds == ["submitted", "suspended", "scheduled"]
    first.close()
    second.close()


def test_a_step_made_illegal_by_the_writer_that_won_the_race_is_refused(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ledger.domain.errors import ProcessViolation

    workload.prepare(sqlite_db)
    first, second = GovLedger(sqlite_db), GovLedger(sqlite_db)
    save = first.save

    def save_after_the_other_writer(*aggregates):  # type: ignore[no-untyped-def]
        second.record(
            "suspended", "SEC", workload.TOGGLED, directed_by="BEIS", on="2017-06", actor="other"
        )
        return save(*aggregates)

    monkeypatch.setattr(first, "save", save_after_the_other_writer)
    with pytest.raises(ProcessViolation, match="its status is Suspended"):
        first.record(
            "suspended", "SEC", workload.TOGGLED, directed_by="BEIS", on="2017-06", actor="first"
        )
    kinds = [e.kind for e in first.proposal("SEC", workload.TOGGLED).events]
    assert kinds == ["submitted", "suspended"]
    first.close()
    second.close()


def test_a_write_a_guard_refuses_is_said_at_once_not_retried_as_a_conflict(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "events.db")
    app = GovLedger(db)
    app.record("submitted", "SEC", "SECMP0040", on="2017-03-01", actor="SECAS")
    app.close()
    with sqlite3.connect(db) as conn:  # an insider's trigger that refuses every new event
        conn.execute(
            "CREATE TRIGGER an_insiders_rule BEFORE INSERT ON stored_events BEGIN "
            "SELECT RAISE(ABORT, 'govledger: INSERT on stored_events refused: closed'); END"
        )
    conn.close()
    app = GovLedger(db)
    try:
        with pytest.raises(ProcessViolation) as refused:
            app.record("withdrawn", "SEC", "SECMP0040", on="2017-04-01", actor="SECAS")
        assert str(refused.value) == (
            "SECMP0040: nothing recorded: the ledger's store refused the write: "
            "INSERT on stored_events refused: closed"
        )
        assert len(list(app.read_events())) == 1
    finally:
        app.close()
