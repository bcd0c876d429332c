"""Raw damage to a copy of the ledger's file: a flipped bit anywhere, a truncated file, a
mangled schema. Each is caught (verify fails), refused (one line, exit 2), or changed
nothing that anyone reads; never a traceback, never a different history that verifies."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEED, new_ledger, without_progress
from tests.trust_support import cli, ok

FLIPS = 60


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A seeded ledger file, checkpointed, with what `events` and `register` say of it."""
    db = tmp_path_factory.mktemp("pristine") / "events.db"
    new_ledger(db)
    ok("--db", str(db), "import", str(SEED))
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, ok("--db", str(db), "events"), ok("--db", str(db), "register")


def outcome(db: Path, events: str, register: str) -> str:
    """'caught', 'refused' or 'unchanged', as the damaged copy answers."""
    result = cli("--db", str(db), "verify", "--projections")
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code == 1:
        return "caught"
    if result.exit_code == 2:
        # one line of refusal, after what verify had already found sound
        *checked, refusal = without_progress(result.output).splitlines()
        assert refusal.startswith("govledger: ") and all(
            line.startswith(
                ("39 events, chain intact", "links 1-39", "Merkle tree intact", "every step")
            )
            for line in checked
        ), result.output
        return "refused"
    assert result.exit_code == 0, result.output
    # verify passed: then the history and the tables must read exactly as before
    assert ok("--db", str(db), "events") == events
    assert ok("--db", str(db), "register") == register
    return "unchanged"


@pytest.mark.parametrize("trial", range(FLIPS))
def test_one_flipped_bit_anywhere_in_the_file_is_caught_refused_or_harmless(
    pristine: tuple[Path, str, str], tmp_path: Path, trial: int
) -> None:
    source, events, register = pristine
    data = bytearray(source.read_bytes())
    rng = random.Random(20170410 + trial)
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    copy = tmp_path / "events.db"
    copy.write_bytes(bytes(data))
    assert outcome(copy, events, register) in ("caught", "refused", "unchanged")


def test_flips_in_the_events_pages_are_all_caught(
    pristine: tuple[Path, str, str], tmp_path: Path
) -> None:
    """A flip inside a stored event's bytes is never harmless."""
    source, events, register = pristine
    data = source.read_bytes()
    marker = b'"actor":"'
    places = [i for i in range(len(data)) if data.startswith(marker, i)][:20]
    assert len(places) == 20
    for place in places:
        copy = tmp_path / f"flip-{place}.db"
        damaged = bytearray(data)
        damaged[place + len(marker)] ^= 0x01
        copy.write_bytes(bytes(damaged))
        assert outcome(copy, events, register) in ("caught", "refused"), place


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.9, 0.99])
def test_a_truncated_file_is_refused_in_one_line_or_caught(
    pristine: tuple[Path, str, str], tmp_path: Path, fraction: float
) -> None:
    source, events, register = pristine
    data = source.read_bytes()
    copy = tmp_path / "events.db"
    copy.write_bytes(data[: int(len(data) * fraction)] if fraction else b"")
    before = copy.read_bytes()
    assert outcome(copy, events, register) in ("caught", "refused")
    assert copy.read_bytes() == before or fraction == 0.0


def test_a_mangled_schema_is_refused_in_one_line(
    pristine: tuple[Path, str, str], tmp_path: Path
) -> None:
    source, events, register = pristine
    copy = tmp_path / "events.db"
    shutil.copy(source, copy)
    data = bytearray(copy.read_bytes())
    at = data.find(b"CREATE TABLE stored_events")
    data[at : at + 6] = b"CREATX"
    copy.write_bytes(bytes(data))
    assert outcome(copy, events, register) == "refused"


def test_a_schema_that_is_no_longer_utf8_is_refused_in_one_line(
    pristine: tuple[Path, str, str], tmp_path: Path
) -> None:
    source = pristine[0]
    data = bytearray(source.read_bytes())
    at = data.find(b"tableregister_history")  # a table's name in SQLite's own schema table
    assert at > 0
    data[at + 6] ^= 0x80  # the "e" of "register" becomes a byte that starts no UTF-8 text
    copy = tmp_path / "events.db"
    copy.write_bytes(bytes(data))
    result = cli("--db", str(copy), "verify")
    assert (result.exit_code, result.output) == (
        2,
        f"govledger: {copy}: damaged: its schema is not UTF-8 text\n",
    )
