"""Links emptied, dropped or cut short: `verify` fails saying so, and no ordinary
command ever links the events again."""

from __future__ import annotations

import pytest

from tests.integration.adversarial.conftest import broken, refused
from tests.trust_support import RawStore

SUBMIT = ("submit", "SECMP0099", "--title", "T", "--proposer", "P", "--on", "2017-05")


def count(store: RawStore, table: str = "{events}") -> int:
    return int(store.execute(f"SELECT COUNT(*) FROM {table}")[0][0])


@pytest.mark.parametrize("how", ["DELETE FROM {chain}", "DROP TABLE {chain}"])
def test_a_chain_emptied_or_dropped_fails_verify_and_refuses_recording(
    ledger: str, owner: RawStore, how: str
) -> None:
    owner.execute(how)
    assert broken(ledger) == (
        "chain broken at event 1 (proposal:SEC:SECMP0026 v1): unlinked: the chain covers none "
        "of the 39 stored events: its links were removed, or the ledger was recorded before "
        "govledger kept a chain (govledger adopt links such a ledger, and verify then says so)\n"
    )
    assert refused("--db", ledger, *SUBMIT) == (
        "govledger: nothing recorded: the hash chain covers none of the events already "
        "stored (its links were removed, or the ledger was recorded without one); "
        "govledger verify says which"
    )
    assert count(owner) == 39
    assert count(owner, "{chain}") == 0


@pytest.mark.parametrize("kept", [0, 1, 20, 38])
def test_a_chain_cut_short_fails_verify_and_refuses_recording(
    ledger: str, owner: RawStore, kept: int
) -> None:
    owner.execute("DELETE FROM {chain} WHERE position > ?", (kept,))
    keys = owner.keys()
    if kept == 0:
        assert " unlinked: " in broken(ledger)
    else:
        assert broken(ledger) == (
            f"chain broken at event {kept + 1} ({keys[kept]}): inserted: "
            "it stands after the chain's head and was never linked\n"
        )
    refused("--db", ledger, *SUBMIT)
    assert count(owner) == 39
    assert count(owner, "{chain}") == kept


@pytest.mark.parametrize("position", [1, 17, 39])
def test_one_link_removed_is_named(ledger: str, owner: RawStore, position: int) -> None:
    owner.execute("DELETE FROM {chain} WHERE position = ?", (position,))
    out = broken(ledger)
    if position == 39:
        assert out.startswith("chain broken at event 39 (")
        assert out.endswith(": inserted: it stands after the chain's head and was never linked\n")
    else:
        assert out == (
            f"chain broken at event {position} ({owner.keys()[position - 1]}): removed: "
            f"the chain has no link at position {position}\n"
        )


def test_adopt_does_not_whitewash_a_chain_cut_short(ledger: str, owner: RawStore) -> None:
    owner.execute("DELETE FROM {chain} WHERE position > 10")
    assert refused("--db", ledger, "adopt") == (
        "govledger: nothing adopted: the ledger already has a hash chain (10 links); "
        "govledger verify checks it"
    )
    assert count(owner, "{chain}") == 10


def test_adopt_relinks_an_emptied_chain_only_when_asked_and_verify_says_so(
    ledger: str, digest: str, owner: RawStore
) -> None:
    from tests.trust_support import ok

    owner.execute("DELETE FROM {chain}")
    assert ok("--db", ledger, "adopt") == (
        "Adopted 39 events into a new hash chain, in the order stored; "
        "verify reports them as adopted.\n"
    )
    lines = ok("--db", ledger, "verify", "--against", digest).splitlines()
    assert lines[1].startswith("links 1-39: adopted at ")
    assert lines[-1] == "extends the digest at event 39 unchanged (0 events recorded since)"
