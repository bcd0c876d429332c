"""What a hash chain cannot show by itself: a forger with the keys who rewrites history
and every later link to match passes `verify`; `verify --against` a digest filed earlier
catches every such rewrite."""

from __future__ import annotations

import pytest

from ledger.store.chain import GENESIS, WITH_THE_EVENT
from ledger.store.sqlite import chain_rows
from tests.integration.adversarial.conftest import broken
from tests.trust_support import RawStore, ok


def relink(store: RawStore) -> None:
    """Rebuild the whole chain, and the Merkle tree, over the events as they now stand (the
    keys again: opening the ledger put its triggers back)."""
    store.unguard()
    store.execute("DELETE FROM {chain}")
    events = store.execute(
        "SELECT originator_id, originator_version, topic, state FROM {events} ORDER BY {nid}"
    )
    for row in chain_rows((0, GENESIS), events, WITH_THE_EVENT):
        store.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", row)
    store.retree()


def rewrite_an_event(store: RawStore) -> None:
    store.execute(
        "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = 1",
        (
            bytes(
                store.execute(
                    "SELECT state FROM {events} WHERE originator_id = ? AND originator_version = 1",
                    ("proposal:SEC:SECMP0016",),
                )[0][0]
            ).replace(b"2017-01-17", b"2016-12-19"),
            "proposal:SEC:SECMP0016",
        ),
    )


def drop_the_tail(store: RawStore) -> None:
    last = store.execute("SELECT MAX({nid}) FROM {events}")[0][0]
    store.execute("DELETE FROM {events} WHERE {nid} > ?", (last - 3,))


def swap_two_events(store: RawStore) -> None:
    first, second = store.execute("SELECT {nid} FROM {events} ORDER BY {nid} LIMIT 2")
    store.execute("UPDATE {events} SET {nid} = -1 WHERE {nid} = ?", (first[0],))
    store.execute("UPDATE {events} SET {nid} = ? WHERE {nid} = ?", (first[0], second[0]))
    store.execute("UPDATE {events} SET {nid} = ? WHERE {nid} = -1", (second[0],))


REWRITES = {
    "an event rewritten": (rewrite_an_event, "history before it was altered"),
    "the last events removed": (drop_the_tail, "history was removed"),
    "two events reordered": (swap_two_events, "history before it was altered"),
}


@pytest.mark.parametrize("name", REWRITES)
def test_a_consistent_rewrite_passes_verify_but_not_verify_against_an_earlier_digest(
    ledger: str, digest: str, owner: RawStore, name: str
) -> None:
    change, verdict = REWRITES[name]
    change(owner)
    assert broken(ledger).startswith("chain broken at event ")  # the links give it away
    relink(owner)
    assert " events, chain intact, head " in ok("--db", ledger, "verify").splitlines()[0]
    out = broken(ledger, "--against", digest)
    assert out.splitlines()[-1].startswith("digest not matched: ")
    assert out.splitlines()[-1].endswith(verdict)
