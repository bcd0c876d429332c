"""`verify` catches every way of changing recorded history behind govledger's back."""

from __future__ import annotations

import random
import re

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from ledger.application import GovLedger
from ledger.store.audit import audit
from ledger.store.chain import GENESIS, WITH_THE_EVENT
from ledger.store.sqlite import chain_rows
from tests.conftest import SEED, new_ledger
from tests.trust_support import RawStore, cli, ok

HEAD = re.compile(r"^39 events, chain intact, head [0-9a-f]{64}\n")


@pytest.fixture
def ledger(db: str) -> str:
    ok("--db", db, "import", str(SEED))
    return db


@pytest.fixture
def raw(ledger: str):  # type: ignore[no-untyped-def]
    store = RawStore(ledger)
    store.unguard()
    yield store
    store.close()


def broken(db: str) -> str:
    result = cli("--db", db, "verify")
    assert result.exit_code == 1, result.output
    return result.stdout


def test_a_freshly_imported_ledger_verifies_with_every_link_written_with_its_event(
    ledger: str,
) -> None:
    out = ok("--db", ledger, "verify")
    assert HEAD.match(out)
    assert out.splitlines()[1] == "links 1-39: written with their events"


def test_verify_names_an_altered_event(ledger: str, raw: RawStore) -> None:
    _, oid, version, _, state = raw.row(5)
    raw.execute(
        "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (bytes(state).replace(b"2017", b"2016"), oid, version),
    )
    assert broken(ledger) == (
        f"chain broken at event 5 ({oid} v{version}): altered: "
        "the event as stored no longer matches the link recorded with it\n"
    )


def test_verify_names_a_removed_event(ledger: str, raw: RawStore) -> None:
    _, oid, version, _, _ = raw.row(5)
    raw.execute(
        "DELETE FROM {events} WHERE originator_id = ? AND originator_version = ?", (oid, version)
    )
    assert broken(ledger) == (
        f"chain broken at event 5 ({oid} v{version}): removed: "
        "the event linked at this position is no longer stored\n"
    )


def test_verify_names_an_inserted_event(ledger: str, raw: RawStore) -> None:
    _, oid, _, topic, state = raw.row(1)
    raw.execute(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (oid, 99, topic, state),
    )
    assert broken(ledger) == (
        f"chain broken at event 40 ({oid} v99): inserted: "
        "it stands after the chain's head and was never linked\n"
    )


def test_verify_names_reordered_events(ledger: str, raw: RawStore) -> None:
    first, second = raw.row(5), raw.row(9)
    raw.execute("UPDATE {events} SET {nid} = -1 WHERE {nid} = ?", (first[0],))
    raw.execute("UPDATE {events} SET {nid} = ? WHERE {nid} = ?", (first[0], second[0]))
    raw.execute("UPDATE {events} SET {nid} = ? WHERE {nid} = -1", (second[0],))
    assert broken(ledger) == (
        f"chain broken at event 5 ({second[1]} v{second[2]}): reordered: it stands here "
        f"but was linked at position 9 (where {first[1]} v{first[2]} belongs)\n"
    )


def test_verify_names_a_removed_link_of_the_chain(ledger: str, raw: RawStore) -> None:
    raw.execute("DELETE FROM {chain} WHERE position = 7")
    assert broken(ledger).startswith("chain broken at event 7 (")
    assert "removed: the chain has no link at position 7" in broken(ledger)


def test_one_changed_byte_anywhere_in_any_event_is_caught(sqlite_db: str) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    app = GovLedger(sqlite_db)
    raw = RawStore(sqlite_db)
    raw.unguard()
    rng = random.Random(20170410)
    for _ in range(300):
        nid, _, _, topic, state = raw.row(rng.randint(1, 39))
        column, original = rng.choice([("state", bytes(state)), ("topic", topic.encode())])
        at = rng.randrange(len(original))
        changed = bytearray(original)
        changed[at] ^= 1 << rng.randrange(8)
        value: bytes | str = bytes(changed)
        if column == "topic":
            value = bytes(changed).decode("latin-1")
            original_value: bytes | str = original.decode("latin-1")
        else:
            original_value = original
        raw.execute(f"UPDATE {{events}} SET {column} = ? WHERE {{nid}} = ?", (value, nid))
        verdict = audit(app.recorder)  # type: ignore[arg-type]
        assert verdict.found is not None and verdict.found.reason == "altered", (column, at)
        raw.execute(f"UPDATE {{events}} SET {column} = ? WHERE {{nid}} = ?", (original_value, nid))
    assert audit(app.recorder).intact  # type: ignore[arg-type]
    app.close()
    raw.close()


def test_the_store_refuses_to_update_or_delete_recorded_events(ledger: str) -> None:
    raw = RawStore(ledger)
    for table in ("{events}", "{chain}"):
        for statement in (f"UPDATE {table} SET originator_version = 0", f"DELETE FROM {table}"):
            with pytest.raises(Exception, match="refused: recorded history is append-only"):
                raw.execute(statement)
    raw.close()
    assert HEAD.match(ok("--db", ledger, "verify"))


def test_a_digest_is_the_head_position_and_hash_that_verify_prints(ledger: str) -> None:
    digest = orjson.loads(ok("--db", ledger, "digest"))
    assert digest["position"] == 39
    verified = ok("--db", ledger, "verify")
    assert verified.startswith(f"39 events, chain intact, head {digest['head']}\n")


def test_verify_against_an_earlier_digest_proves_the_ledger_extends_it(
    ledger: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    digest = tmp_path / "digest.json"
    digest.write_text(ok("--db", ledger, "digest"))
    ok("--db", ledger, "submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")
    out = ok("--db", ledger, "verify", "--against", str(digest))
    assert out.startswith("40 events, chain intact, head ")
    assert out.endswith("extends the digest at event 39 unchanged (1 event recorded since)\n")
    inline = ok("--db", ledger, "verify", "--against", digest.read_text())
    assert inline == out


def test_verify_against_a_digest_fails_when_history_before_it_was_rewritten(
    ledger: str,
) -> None:
    digest = ok("--db", ledger, "digest")
    raw = RawStore(ledger)
    raw.unguard()
    # A thorough forger rewrites an event and rebuilds the whole chain (and tree) to match.
    _, oid, version, _, state = raw.row(3)
    raw.execute(
        "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (bytes(state).replace(b'"actor":"', b'"actor":"not '), oid, version),
    )
    raw.execute("DELETE FROM {chain}")
    events = raw.execute(
        "SELECT originator_id, originator_version, topic, state FROM {events} ORDER BY {nid}"
    )
    for row in chain_rows((0, GENESIS), events, WITH_THE_EVENT):
        raw.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", row)
    raw.retree()  # and the Merkle tree
    raw.close()
    ok("--db", ledger, "submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")
    assert ok("--db", ledger, "verify").startswith("40 events, chain intact")
    result = cli("--db", ledger, "verify", "--against", digest)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "digest not matched: the first 39 events are not the ones the digest covers: "
        "history before it was altered"
    )


def test_verify_against_a_digest_of_more_events_than_the_ledger_holds_fails(
    ledger: str,
) -> None:
    digest = orjson.loads(ok("--db", ledger, "digest"))
    digest["position"] = 45
    result = cli("--db", ledger, "verify", "--against", orjson.dumps(digest).decode())
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "digest not matched: it covers 45 events, the ledger holds only 39: history was removed"
    )


@pytest.mark.parametrize(
    "given",
    ["nonsense", '{"position": 3}', '{"position": -1, "head": "' + "a" * 64 + '"}', "[1]"],
)
def test_a_malformed_digest_is_refused_with_one_line(sqlite_db: str, given: str) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    result = cli("--db", sqlite_db, "verify", "--against", given)
    assert result.exit_code == 2
    assert result.output.startswith("govledger: --against") and result.output.count("\n") == 1


def test_a_ledger_copied_to_another_store_event_by_event_has_the_same_head(
    tmp_path, db: str
) -> None:  # type: ignore[no-untyped-def]
    source = new_ledger(tmp_path / "source.db")
    ok("--db", source, "import", str(SEED))
    ok("--db", source, "submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")
    origin, copy = GovLedger(source), GovLedger(db)
    stored = origin.recorder.select_notifications(start=1, limit=1000)
    for at in range(0, len(stored), 7):
        copy.recorder.insert_events(
            [
                StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
                for n in stored[at : at + 7]
            ]
        )
    origin.close()
    copy.close()
    assert ok("--db", db, "digest") == ok("--db", source, "digest")
