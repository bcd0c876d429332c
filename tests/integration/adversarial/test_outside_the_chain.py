"""A row stored where the chain walk does not look (row id 0 or below, a gap after the
head): `verify` fails on it, and no read, rule or view uses it."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.integration.adversarial.conftest import broken, next_version, refused
from tests.trust_support import RawStore, cli, ok

TARGET = "proposal:SEC:SECMP0034"
TOPIC = "ledger.domain.events:Withdrawn"


def withdrawal(version: int) -> bytes:
    return orjson.dumps(
        {
            "originator_id": TARGET,
            "originator_version": version,
            "timestamp": "2026-12-01T09:00:00+00:00",
            "event_id": "9b0c4a59-6d4f-4d1b-8e0e-2f1f3b5d7a11",
            "on": "2017-04-06",
            "actor": "insider",
        }
    )


@pytest.mark.parametrize("row_id", [0, -1, -1000])
def test_a_row_below_the_chains_range_fails_verify_and_every_read_of_it(
    ledger: str, owner: RawStore, row_id: int, tmp_path: Path
) -> None:
    version = next_version(owner, TARGET)
    owner.execute(
        "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
        "VALUES (?,?,?,?,?)",
        (row_id, TARGET, version, TOPIC, withdrawal(version)),
    )
    assert broken(ledger) == (
        f"chain broken before event 1 ({TARGET} v{version}): inserted: it is stored at row "
        f"{row_id}, below the chain's first position, where the chain does not reach\n"
    )
    expected = (
        f"govledger: the stored event {TARGET} v{version} is stored outside the chain's range "
        f"(at row {row_id}): refused to read it (govledger verify explains)"
    )
    for args in (
        ("show", "SECMP0034"),
        ("history", "SECMP0034"),
        ("vote", "SECMP0034", "--outcome", "approve", "--on", "2017-06"),
        ("events",),
        ("rebuild",),
    ):
        assert refused("--db", ledger, *args) == expected
    copy = str(tmp_path / "copy.db")
    assert refused("--db", ledger, "migrate", "--to", copy).endswith(
        "nothing copied (--verified-prefix copies the events before the break)"
    )
    recovered = ok("--db", ledger, "migrate", "--to", copy, "--verified-prefix")
    assert recovered.startswith(f"Copied 39 events to {copy} (0 already there).")
    assert ok("--db", copy, "verify").startswith("39 events, chain intact")
    digest = cli("--db", ledger, "digest")
    assert (digest.exit_code, digest.output) == (1, broken(ledger))


@pytest.mark.parametrize("row_id", [0, -1])
def test_the_store_refuses_a_row_below_the_chains_range(
    ledger: str, guarded: RawStore, row_id: int
) -> None:
    version = next_version(guarded, TARGET)
    with pytest.raises(Exception, match="INSERT out of order on "):
        guarded.execute(
            "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
            "VALUES (?,?,?,?,?)",
            (row_id, TARGET, version, TOPIC, withdrawal(version)),
        )


@pytest.mark.parametrize("row_id", [0, -1])
def test_a_clerk_cannot_store_a_row_below_the_chains_range(clerk: RawStore, row_id: int) -> None:
    version = next_version(clerk, TARGET)
    with pytest.raises(Exception, match="INSERT out of order"):
        clerk.execute(
            "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
            "VALUES (?,?,?,?,?)",
            (row_id, TARGET, version, TOPIC, withdrawal(version)),
        )


@pytest.mark.parametrize("gap", [1, 50])
def test_an_unlinked_row_after_the_head_fails_verify_reads_and_recording(
    ledger: str, owner: RawStore, gap: int
) -> None:
    version = next_version(owner, TARGET)
    last = owner.execute("SELECT MAX({nid}) FROM {events}")[0][0]
    owner.execute(
        "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
        "VALUES (?,?,?,?,?)",
        (last + gap, TARGET, version, TOPIC, withdrawal(version)),
    )
    assert broken(ledger) == (
        f"chain broken at event 40 ({TARGET} v{version}): inserted: "
        "it stands after the chain's head and was never linked\n"
    )
    assert refused("--db", ledger, "history", "SECMP0034") == (
        f"govledger: the stored event {TARGET} v{version} was never linked into the hash "
        "chain: refused to read it (govledger verify explains)"
    )
    stored = owner.execute("SELECT COUNT(*) FROM {events}")[0][0]
    message = refused(
        "--db", ledger, "submit", "SECMP0099", "--title", "T", "--on", "2017-05", "--proposer", "P"
    )
    assert message.startswith(
        "govledger: nothing recorded: the chain's last link (position 39"
    ) or (
        # PostgreSQL's sequence stands behind the planted row: the server refuses first
        message.endswith(
            "INSERT out of order on govledger_events refused: recorded history is append-only"
        )
    )
    assert owner.execute("SELECT COUNT(*) FROM {events}")[0][0] == stored


def test_reads_of_other_proposals_still_answer_beside_a_row_outside_the_chain(
    ledger: str, owner: RawStore
) -> None:
    version = next_version(owner, TARGET)
    owner.execute(
        "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
        "VALUES (?,?,?,?,?)",
        (0, TARGET, version, TOPIC, withdrawal(version)),
    )
    assert "SECMP0006" in ok("--db", ledger, "show", "SECMP0006")
