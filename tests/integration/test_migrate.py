"""Moving a ledger to another store keeps every event, its record time, actor and source."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import PersistenceError

import ledger.store.migration
from cli.main import main
from tests.conftest import SEED, new_ledger


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def events(db: str) -> list[dict[str, object]]:
    """Every event as `events` prints it, without the store's own position."""
    lines = [orjson.loads(line) for line in ok("--db", db, "events").splitlines()]
    return [{k: v for k, v in line.items() if k != "position"} for line in lines]


def head(db: str) -> str:
    return str(orjson.loads(ok("--db", db, "digest"))["head"])


@pytest.fixture
def source(tmp_path: Path) -> str:
    """A SQLite ledger: the seed, and two steps recorded by different people."""
    path = new_ledger(tmp_path / "source.db")
    ok("--db", path, "import", str(SEED))
    ok("--db", path, "--actor", "Panel secretary", "schedule", "SECMP0006", "--what",
       "Change Board vote", "--on", "2017-06-21", "--source", "Panel minutes 52")  # fmt: skip
    ok("--db", path, "--actor", "British Gas", "withdraw", "SECMP0034", "--on", "2017-05-02")
    return path


def test_migrate_copies_every_event_with_its_record_time_actor_and_source(
    source: str, db: str
) -> None:
    count = len(events(source))
    assert ok("migrate", "--from", source, "--to", db) == (
        f"Copied {count} events to {db} (0 already there).\nChain head on both: {head(source)}\n"
    )
    copied = events(db)
    assert copied == events(source)
    assert {e["actor"] for e in copied} == {"govledger seed", "Panel secretary", "British Gas"}
    assert ok("--db", db, "register") == ok("--db", source, "register")


def test_the_chain_verifies_on_the_target_with_the_sources_head(source: str, db: str) -> None:
    ok("migrate", "--from", source, "--to", db)
    verified = ok("--db", db, "verify")
    assert verified.startswith(f"{len(events(source))} events, chain intact, head {head(source)}")


def test_migrating_again_copies_nothing(source: str, db: str) -> None:
    ok("migrate", "--from", source, "--to", db)
    again = ok("migrate", "--from", source, "--to", db)
    count = len(events(source))
    assert again == (
        f"Nothing to copy: {db} already holds all {count} events.\n"
        f"Chain head on both: {head(source)}\n"
    )
    assert events(db) == events(source)


def test_migrating_after_more_was_recorded_copies_only_the_new_events(source: str, db: str) -> None:
    ok("migrate", "--from", source, "--to", db)
    before = len(events(source))
    ok("--db", source, "suspend", "SECMP0031", "--directed-by", "SEC Panel", "--on", "2017-05-03")
    assert ok("migrate", "--from", source, "--to", db).startswith(
        f"Copied 1 events to {db} ({before} already there).\n"
    )
    assert events(db) == events(source)


def test_the_target_may_have_recorded_more_since_and_migrating_again_is_a_no_op(
    source: str, db: str
) -> None:
    ok("migrate", "--from", source, "--to", db)
    ok("--db", db, "suspend", "SECMP0031", "--directed-by", "SEC Panel", "--on", "2017-05-03")
    after = events(db)
    assert ok("migrate", "--from", source, "--to", db).startswith("Nothing to copy:")
    assert events(db) == after


def test_a_target_holding_a_different_history_is_refused_and_nothing_is_written(
    source: str, db: str
) -> None:
    ok("--db", db, "submit", "SECMP0099", "--title", "Another ledger", "--proposer", "DCC",
       "--on", "2017-01-05")  # fmt: skip
    held = events(db)
    result = cli("migrate", "--from", source, "--to", db)
    assert result.exit_code == 2
    assert result.output.startswith("govledger: the target already holds a different ledger: ")
    assert result.output.endswith("; nothing copied\n")
    assert result.output.count("\n") == 1
    assert events(db) == held


def test_a_ledger_larger_than_one_batch_is_copied_whole_in_order(
    source: str, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger.store.migration, "BATCH", 4)
    ok("migrate", "--from", source, "--to", db)
    assert events(db) == events(source)


def test_a_copy_cut_off_part_way_is_completed_by_running_migrate_again(
    source: str, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger.store.migration, "BATCH", 10)
    recorder_class = type(_recorder(db))
    real = recorder_class.insert_events
    batches = []

    def lose_the_connection_at_the_third_batch(recorder, stored, **kwargs):  # type: ignore[no-untyped-def]
        batches.append(len(stored))
        if len(batches) == 3:
            raise PersistenceError("server closed the connection unexpectedly")
        return real(recorder, stored, **kwargs)

    monkeypatch.setattr(recorder_class, "insert_events", lose_the_connection_at_the_third_batch)
    cut_off = cli("migrate", "--from", source, "--to", db)
    assert (cut_off.exit_code, cut_off.output) == (
        2,
        "govledger: the ledger's store failed: server closed the connection unexpectedly\n",
    )
    monkeypatch.undo()
    assert len(events(db)) == 20
    assert ok("migrate", "--from", source, "--to", db).startswith(
        f"Copied {len(events(source)) - 20} events to {db} (20 already there).\n"
    )
    assert events(db) == events(source)
    assert head(db) == head(source)


def _recorder(db: str):  # type: ignore[no-untyped-def]
    from ledger.application import GovLedger

    app = GovLedger(db)
    try:
        return app.recorder
    finally:
        app.close()


def test_a_ledger_migrated_to_another_store_can_be_migrated_back(
    source: str, db: str, tmp_path: Path
) -> None:
    ok("migrate", "--from", source, "--to", db)
    back = str(tmp_path / "back.db")
    ok("migrate", "--from", db, "--to", back)
    assert events(back) == events(source)
    assert head(back) == head(source)


def test_migrate_reads_from_the_db_option_when_from_is_not_given(source: str, db: str) -> None:
    ok("--db", source, "migrate", "--to", db)
    assert events(db) == events(source)


def test_a_source_without_events_is_refused_and_no_target_file_is_left(
    db: str, tmp_path: Path
) -> None:
    target = tmp_path / "target.db"
    result = cli("migrate", "--from", db, "--to", str(target))
    expected = f"govledger: {db} holds no events: nothing to migrate\n"
    assert (result.exit_code, result.output) == (2, expected)
    assert not target.exists()


def test_migrating_a_ledger_onto_itself_is_refused(source: str) -> None:
    result = cli("migrate", "--from", source, "--to", source)
    assert (result.exit_code, result.output) == (
        2,
        f"govledger: --from and --to both name {source}\n",
    )
