"""`import` reads a large file as it goes, yet records all of it or none of it, once."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import orjson
import pytest

from bench.synthetic import History
from ledger import importer
from tests.conftest import new_ledger
from tests.trust_support import cli, ok

EVENTS = 4_000  # more lines than the import writes at a time


def history(path: Path, events: int = EVENTS, *extra: Mapping[str, object]) -> int:
    """A realistic history (back-dated and corrected events, versions) and `extra` lines."""
    lines = [*History(events, seed=11).lines(), *extra]
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return len(lines)


def stored(db: str) -> int:
    first = ok("--db", db, "verify").splitlines()[0]
    assert ", chain intact, head " in first, first
    return int(first.split()[0])


def events(db: str) -> list[dict[str, object]]:
    rows = [orjson.loads(line) for line in ok("--db", db, "events").splitlines()]
    return [{k: v for k, v in row.items() if k not in ("position", "recorded_at")} for row in rows]


def refused(db: str, file: Path) -> str:
    """The refusal of importing `file` into a ledger of one event, which it leaves as it was."""
    ok("--db", db, "submit", "SECMP9990", "--title", "T", "--proposer", "P", "--on", "2030-01")
    result = cli("--db", db, "import", str(file))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert stored(db) == 1
    return result.stderr


def test_a_large_file_is_recorded_whole_and_a_second_import_records_nothing_new(
    db: str, tmp_path: Path
) -> None:
    file = tmp_path / "history.jsonl"
    lines = history(file)
    first = ok("--db", db, "import", str(file))
    count = stored(db)
    assert count >= EVENTS
    assert first == (
        f"Imported {count:,} events: {lines:,} lines read, 0 of them already in the ledger.\n"
    )
    again = ok("--db", db, "import", str(file))
    assert again == (
        f"Imported 0 events: {lines:,} lines read, {lines:,} of them already in the ledger.\n"
    )
    assert stored(db) == count


def test_a_bad_last_line_of_a_large_file_names_it_and_records_nothing(
    db: str, tmp_path: Path
) -> None:
    file = tmp_path / "history.jsonl"
    late = {"kind": "withdrawn", "proposal": "SECMP9999", "on": "2030-01-01"}
    lines = history(file, EVENTS, late)
    message = refused(db, file)
    assert message == (
        f"govledger: line {lines}: SECMP9999: not in the ledger (submit or baseline it first)\n"
    )


def test_a_late_line_that_is_not_json_is_named_before_an_earlier_refused_step(
    sqlite_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "history.jsonl"
    early = {"kind": "withdrawn", "proposal": "SECMP9999", "on": "2030-01-01"}
    lines = [early, *History(EVENTS, seed=11).lines()]
    file.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines) + b"{not json\n")
    assert refused(sqlite_db, file).startswith(f"govledger: line {len(lines) + 1}: not valid JSON")


def test_a_late_line_reusing_an_early_lines_event_id_for_something_else_records_nothing(
    db: str, tmp_path: Path
) -> None:
    made = list(History(EVENTS, seed=11).lines())
    reuse = {
        "kind": "submitted",
        "proposal": "SECMP9999",
        "title": "T",
        "proposer": "P",
        "on": "2030-01-01",
        "event_id": made[0]["event_id"],
    }
    file = tmp_path / "history.jsonl"
    file.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in [*made, reuse]))
    assert refused(db, file) == (
        f"govledger: line {len(made) + 1}: event_id {made[0]['event_id']} is also the id of "
        "line 1, which records something else\n"
    )


def test_a_line_reusing_the_id_of_an_event_of_another_proposal_in_the_ledger_records_nothing(
    sqlite_db: str, tmp_path: Path
) -> None:
    file = tmp_path / "history.jsonl"
    history(file)
    ok("--db", sqlite_db, "import", str(file))
    held = events(sqlite_db)[5]
    reuse = {
        "kind": "submitted",
        "proposal": "SECMP9999",
        "title": "T",
        "proposer": "P",
        "on": "2030-01-01",
        "event_id": held["event_id"],
    }
    more = tmp_path / "more.jsonl"
    more.write_bytes(orjson.dumps(reuse) + b"\n")
    count = stored(sqlite_db)
    result = cli("--db", sqlite_db, "import", str(more))
    owner = f"proposal:SEC:{held['proposal']}"
    assert (result.exit_code, result.stderr) == (
        2,
        f"govledger: line 1: event_id {held['event_id']} is already the id of an event of "
        f"{owner}\n",
    )
    assert stored(sqlite_db) == count


def test_an_import_keeping_few_aggregates_in_memory_records_the_same_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "history.jsonl"
    history(file)
    roomy, tight = new_ledger(tmp_path / "roomy.db"), new_ledger(tmp_path / "tight.db")
    ok("--db", roomy, "import", str(file))
    monkeypatch.setattr(importer, "KEPT_EVENTS", 30)
    monkeypatch.setattr(importer, "BATCH", 50)
    ok("--db", tight, "import", str(file))
    assert sorted(map(orjson.dumps, events(tight))) == sorted(map(orjson.dumps, events(roomy)))
    assert ok("--db", tight, "register") == ok("--db", roomy, "register")


def test_the_events_of_a_large_ledger_imported_into_a_fresh_one_are_the_same_events(
    db: str, tmp_path: Path
) -> None:
    file = tmp_path / "history.jsonl"
    history(file)
    first = new_ledger(tmp_path / "first.db")
    ok("--db", first, "import", str(file))
    exported = tmp_path / "exported.jsonl"
    exported.write_text(ok("--db", first, "events"))
    ok("--db", db, "import", str(exported))
    assert sorted(map(orjson.dumps, events(db))) == sorted(map(orjson.dumps, events(first)))
    assert ok("--db", db, "import", str(exported)).startswith("Imported 0 events")


@pytest.mark.parametrize("collecting", [True, False])
def test_an_import_leaves_the_cycle_collector_as_it_found_it_recorded_or_refused(
    tmp_path: Path, collecting: bool
) -> None:
    import gc

    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    history(good, 300)
    history(bad, 300, {"kind": "submitted", "proposal": "SECMP0001"})
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        ok("--db", new_ledger(tmp_path / "a.db"), "import", str(good))
        assert gc.isenabled() is collecting
        assert cli("--db", new_ledger(tmp_path / "b.db"), "import", str(bad)).exit_code == 2
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
