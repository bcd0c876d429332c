"""A bogus link: a clerk cannot store one; one stored with the owner's keys is named by
`verify`, stops recording, and the verified prefix is recovered into a new ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.store.chain import link
from tests.integration.adversarial.conftest import broken, head, refused
from tests.trust_support import RawStore, ok

SUBMIT = ("submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")
REFUSED = "refused: recorded history is append-only"


def bogus_links(store: RawStore) -> list[tuple[object, ...]]:
    last = store.execute("SELECT link FROM {chain} WHERE position = 39")[0][0]
    first = store.execute("SELECT originator_id, originator_version FROM {chain} LIMIT 1")[0]
    return [
        (40, "proposal:SEC:NOPE", 1, "ab" * 32, "with the event", "now"),  # no such event
        (40, first[0], first[1], "ab" * 32, "with the event", "now"),  # an event linked already
        (41, "proposal:SEC:NOPE", 1, link(last, "proposal:SEC:NOPE", 1, "t", b"{}"), "x", "x"),
        (39, "proposal:SEC:NOPE", 1, "ab" * 32, "x", "x"),  # a position already taken
        (0, "proposal:SEC:NOPE", 1, "ab" * 32, "x", "x"),
    ]


@pytest.mark.parametrize("which", range(5))
def test_a_clerk_cannot_store_a_bogus_link(clerk: RawStore, which: int) -> None:
    before = head(clerk.db.replace(clerk.db.split("//")[1].split("@")[0], "postgres", 1))
    with pytest.raises(Exception, match=REFUSED + "|duplicate key"):
        clerk.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", bogus_links(clerk)[which])
    assert head(clerk.db.replace(clerk.db.split("//")[1].split("@")[0], "postgres", 1)) == before


def test_a_clerks_own_event_with_a_wrong_link_is_refused(clerk: RawStore) -> None:
    clerk.conn.autocommit = False
    clerk.execute(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) "
        "VALUES ('proposal:SEC:SECMP0034', 3, 'ledger.domain.events:Withdrawn', '\\x7b7d')"
    )
    with pytest.raises(Exception, match=REFUSED):
        clerk.execute(
            "INSERT INTO {chain} VALUES (40, 'proposal:SEC:SECMP0034', 3, ?, 'x', 'x')",
            ("ab" * 32,),
        )
    clerk.conn.rollback()


@pytest.mark.parametrize("which", [0, 2])
def test_a_bogus_link_stored_with_the_owners_keys_is_named_and_the_prefix_recovered(
    ledger: str, digest: str, owner: RawStore, tmp_path: Path, which: int
) -> None:
    row = bogus_links(owner)[which]
    owner.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", row)
    assert broken(ledger) == (
        f"chain broken at event {row[0]} (proposal:SEC:NOPE v1): removed: "
        "the event linked at this position is no longer stored\n"
        if which == 0
        else "chain broken at event 40 (proposal:SEC:NOPE v1): inserted: the chain has no "
        "link at position 40, but a link at position 41 for an event that is not stored\n"
    )
    assert refused("--db", ledger, *SUBMIT).startswith(
        "govledger: nothing recorded: the chain's last link (position "
    )
    assert refused("--db", ledger, "migrate", "--to", str(tmp_path / "copy.db")).endswith(
        "nothing copied (--verified-prefix copies the events before the break)"
    )
    recovered = str(tmp_path / "recovered.db")
    out = ok("--db", ledger, "migrate", "--to", recovered, "--verified-prefix")
    assert out.splitlines()[0] == f"Copied 39 events to {recovered} (0 already there)."
    assert out.splitlines()[2].startswith("Left behind, from where the source's chain broken at")
    assert head(recovered) == digest
    ok("--db", recovered, *SUBMIT)
    assert ok("--db", recovered, "verify").startswith("40 events, chain intact")
