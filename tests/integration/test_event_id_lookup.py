"""Events found by id through the index over event ids, and by a unique prefix of an id,
as `git` takes a commit's: for `correct`, `retract`, `cite` and `prove`, on both stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.conftest import SEED
from tests.trust_support import cli, ok

TWINS = ("abcdef12-1111-4000-8000-000000000001", "abcdef12-2222-4000-8000-000000000002")


def twin_lines(tmp_path: Path) -> Path:
    """Two submissions whose ids share their first nine characters."""
    lines = tmp_path / "twins.jsonl"
    with lines.open("w") as out:
        for number, event_id in enumerate(TWINS, start=1):
            line = {
                "kind": "submitted",
                "code": "SEC",
                "proposal": f"SECMP09{number:02d}",
                "title": f"Twin {number}",
                "proposer": "A party",
                "on": "2017-05-02",
                "event_id": event_id,
            }
            out.write(json.dumps(line) + "\n")
    return lines


def seeded(db: str, tmp_path: Path) -> str:
    ok("--db", db, "import", str(SEED))
    ok("--db", db, "import", str(twin_lines(tmp_path)))
    return db


def event_count(db: str) -> int:
    return ok("--db", db, "events", "--format", "jsonl").count("\n")


def test_a_unique_prefix_names_the_event_to_retract(db: str, tmp_path: Path) -> None:
    seeded(db, tmp_path)
    result = cli("--db", db, "retract", TWINS[0][:20], "--reason", "recorded in error")
    assert result.exit_code == 0, result.output
    retraction = json.loads(ok("--db", db, "events", "--format", "jsonl").splitlines()[-1])
    assert retraction["retracts"] == TWINS[0]


def test_an_ambiguous_prefix_is_refused_naming_every_candidate(db: str, tmp_path: Path) -> None:
    seeded(db, tmp_path)
    before = event_count(db)
    result = cli("--db", db, "retract", "ABCDEF12", "--reason", "r")
    assert result.exit_code == 2
    message = result.output.strip()
    assert message.startswith("govledger: abcdef12 is ambiguous: it starts 2 events")
    assert TWINS[0] in message and TWINS[1] in message
    assert "SEC SECMP0901 submitted of 2017-05-02" in message and "SECMP0902" in message
    assert len(message.splitlines()) == 1
    assert event_count(db) == before


def test_a_prefix_too_short_or_not_of_an_id_is_refused(db: str, tmp_path: Path) -> None:
    seeded(db, tmp_path)
    short = cli("--db", db, "retract", "abc", "--reason", "r")
    assert short.exit_code == 2 and "at least 4 characters" in short.output
    wrong = cli("--db", db, "retract", "SECMP0901", "--reason", "r")
    assert wrong.exit_code == 2 and "is not an event id or the start of one" in wrong.output
    absent = cli("--db", db, "retract", "0000ffff", "--reason", "r")
    assert absent.exit_code == 2 and "no recorded event's id starts 0000ffff" in absent.output


def test_prove_and_cite_take_a_prefix_too(db: str, tmp_path: Path) -> None:
    seeded(db, tmp_path)
    proof = json.loads(ok("--db", db, "prove", TWINS[1][:15], "--format", "json"))
    assert proof["event_id"] == TWINS[1]
    assert proof["index"] == event_count(db) - 1
    result = cli("--db", db, "cite", TWINS[1][:15], "--source", "Panel minutes, item 4")
    assert result.exit_code == 0, result.output
    citation = json.loads(ok("--db", db, "events", "--format", "jsonl").splitlines()[-1])
    assert citation["cites"] == TWINS[1]


def test_a_ledger_made_before_the_index_is_read_without_change_and_indexed_by_its_first_save(
    tmp_path: Path,
) -> None:
    db = tmp_path / "events.db"
    shutil.copy(Path(__file__).parents[2] / "events.db", db)
    first = json.loads(ok("--db", str(db), "events", "--format", "jsonl").splitlines()[0])
    untouched = db.read_bytes()
    proof = json.loads(ok("--db", str(db), "prove", first["event_id"][:8], "--format", "json"))
    assert proof["index"] == 0
    assert db.read_bytes() == untouched

    def indexes() -> list[str]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            return [row[0] for row in rows]

    assert "stored_events_event_id" not in indexes()
    ok("--db", str(db), "retract", first["event_id"][:8], "--reason", "to test the index")
    assert "stored_events_event_id" in indexes()


def test_the_lookup_uses_the_index_not_a_scan(sqlite_db: str, tmp_path: Path) -> None:
    seeded(sqlite_db, tmp_path)
    from ledger.store.event_ids import sqlite_expression

    with sqlite3.connect(sqlite_db) as conn:
        where = f"{sqlite_expression('e.state')} = ?"
        plan = conn.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM stored_events e WHERE {where}", (TWINS[0].encode(),)
        ).fetchall()
    assert any("USING INDEX stored_events_event_id" in str(row) for row in plan), plan


def test_ids_are_shown_by_the_shortest_prefix_that_names_them_alone(
    db: str, tmp_path: Path
) -> None:
    from ledger.application import GovLedger

    seeded(db, tmp_path)
    app = GovLedger(db)
    try:
        every = [json.loads(line)["event_id"] for line in ok("--db", db, "events").splitlines()]
        few, many = app.short_event_ids(TWINS), app.short_event_ids(every)
        assert few == {TWINS[0]: "abcdef12-1", TWINS[1]: "abcdef12-2"}
        assert {k: many[k] for k in TWINS} == few
        assert all(len(shown) == 8 for event_id, shown in many.items() if event_id not in TWINS)
        for event_id, shown in many.items():
            assert app.resolve_event_id(shown) == event_id
    finally:
        app.close()


def test_a_terminal_shows_event_ids_short_and_json_keeps_them_whole(
    sqlite_db: str, tmp_path: Path
) -> None:
    seeded(sqlite_db, tmp_path)
    table = ok("--db", sqlite_db, "history", "SECMP0901", "--format", "table")
    assert "abcdef12-1 " in table + " " and TWINS[0] not in table
    listed = ok("--db", sqlite_db, "events", "--format", "table")
    assert "abcdef12-2" in listed and TWINS[1] not in listed
    assert TWINS[0] in ok("--db", sqlite_db, "history", "SECMP0901", "--format", "json")
    shown = next(line.split()[-1] for line in table.splitlines() if "event id" in line)
    assert cli("--db", sqlite_db, "retract", shown, "--reason", "r").exit_code == 0
