"""A ledger recorded before the chain existed: read as it is, chained on its next recording."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledger.application import GovLedger
from ledger.interchange import parse_lines
from tests.conftest import ROOT, SEED
from tests.trust_support import cli, ok

COMMITTED = ROOT / "events.db"
PLAIN_RECORDER = "eventsourcing.sqlite:SQLiteApplicationRecorder"
SUBMIT = ("submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")


@pytest.fixture
def legacy(tmp_path: Path) -> str:
    """The seed recorded by eventsourcing's own recorder, as govledger did before the chain."""
    db = str(tmp_path / "legacy.db")
    app = GovLedger(db, env={"APPLICATION_RECORDER_TOPIC": PLAIN_RECORDER})
    app.import_lines(parse_lines(SEED.read_bytes()), "govledger seed")
    app.close()
    assert ok("--db", db, "verify").startswith("39 events, chain not yet stored")
    return db


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


def test_a_ledger_without_a_stored_chain_reports_the_head_computed_from_its_events(
    legacy: str,
) -> None:
    out = ok("--db", legacy, "verify")
    digest = ok("--db", legacy, "digest")
    head = digest.split('"head":"')[1].split('"')[0]
    assert out == (
        f"39 events, chain not yet stored, head {head} (computed from the events as stored; "
        "the chain is stored from the next recording)\n"
    )


def test_the_next_recording_backfills_the_chain_over_the_events_already_stored(
    legacy: str,
) -> None:
    before = ok("--db", legacy, "digest")
    ok("--db", legacy, *SUBMIT)
    lines = ok("--db", legacy, "verify", "--against", before).splitlines()
    assert lines[0].startswith("40 events, chain intact, head ")
    assert lines[1].startswith("links 1-39: backfilled at ")
    assert lines[1].endswith(" from events recorded before the chain existed")
    assert lines[2:] == [
        "link 40: written with its event",
        "extends the digest at event 39 unchanged (1 event recorded since)",
    ]


def test_a_refused_recording_on_a_ledger_without_a_chain_writes_nothing(legacy: str) -> None:
    before = Path(legacy).read_bytes()
    result = cli("--db", legacy, "vote", "SECMP0016", "--outcome", "approve", "--on", "2017-05")
    assert result.exit_code == 2
    assert Path(legacy).read_bytes() == before
