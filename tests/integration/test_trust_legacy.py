"""A ledger recorded before the chain existed: refused until its owner adopts it, explicitly."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines
from tests.conftest import ROOT, SEED
from tests.trust_support import RawStore, cli, ok

COMMITTED = ROOT / "events.db"
SUBMIT = ("submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")


@pytest.fixture
def legacy(tmp_path: Path) -> str:
    """The seed as govledger stored it before it kept a chain: the events, no chain table."""
    db = str(tmp_path / "legacy.db")
    app = GovLedger(db)
    app.import_lines(parse_lines(SEED.read_bytes()), "govledger seed")
    app.close()
    raw = RawStore(db)
    raw.unguard()
    raw.execute("DROP TABLE {chain}")
    raw.close()
    return db


def event_count(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])


@pytest.mark.parametrize(
    "command",
    [
        ["register"],
        ["register", "--open"],
        ["show", "SECMP0006"],
        ["history", "SECMP0006"],
        ["events"],
        ["verify"],
        ["digest"],
    ],
)
def test_reading_the_committed_ledger_leaves_its_file_byte_for_byte_unchanged(
    tmp_path: Path, command: list[str]
) -> None:
    copy = tmp_path / "events.db"
    shutil.copy(COMMITTED, copy)
    before = copy.read_bytes()
    ok("--db", str(copy), *command)
    assert copy.read_bytes() == before


def test_a_ledger_without_a_stored_chain_fails_verify_saying_so(legacy: str) -> None:
    result = cli("--db", legacy, "verify")
    assert result.exit_code == 1
    assert result.output == (
        "chain broken at event 1 (proposal:SEC:SECMP0026 v1): unlinked: the chain covers none of "
        "the 39 stored events: its links were removed, or the ledger was recorded before "
        "govledger kept a chain (govledger adopt links such a ledger, and verify then says so)\n"
    )


def test_no_recording_links_the_events_already_stored(legacy: str) -> None:
    result = cli("--db", legacy, *SUBMIT)
    assert result.exit_code == 2
    assert result.output == (
        "govledger: nothing recorded: the hash chain covers none of the events already "
        "stored (its links were removed, or the ledger was recorded without one); "
        "govledger verify says which\n"
    )
    assert event_count(legacy) == 39


def test_reads_refuse_events_the_chain_does_not_cover(legacy: str) -> None:
    result = cli("--db", legacy, "history", "SECMP0006")
    assert result.exit_code == 2
    assert result.output == (
        "govledger: the stored event proposal:SEC:SECMP0026 v1 was never linked into the "
        "hash chain: refused to read it (govledger verify explains)\n"
    )


def test_adopt_links_the_events_once_and_verify_says_they_were_adopted(legacy: str) -> None:
    assert ok("--db", legacy, "adopt") == (
        "Adopted 39 events into a new hash chain, in the order stored; "
        "verify reports them as adopted.\n"
    )
    ok("--db", legacy, *SUBMIT)
    lines = ok("--db", legacy, "verify").splitlines()
    assert lines[0].startswith("40 events, chain intact, head ")
    assert lines[1].startswith("links 1-39: adopted at ")
    assert lines[1].endswith(
        " by govledger adopt, from events recorded before the chain existed "
        "(a digest taken before then is what shows they were not changed)"
    )
    assert lines[2] == "link 40: written with its event"
    assert lines[3].startswith("Merkle tree intact: 40 leaves, root ")  # built by the save
    assert lines[4:] == ["every step of the 29 proposals follows its process"]
    again = cli("--db", legacy, "adopt")
    assert again.exit_code == 2
    assert again.output == (
        "govledger: nothing adopted: the ledger already has a hash chain (40 links); "
        "govledger verify checks it\n"
    )
