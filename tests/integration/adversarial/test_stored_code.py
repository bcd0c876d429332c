"""A stored row whose type names something other than a govledger event: reported by
`verify`, refused by every read in one line, and never resolved, imported or called."""

from __future__ import annotations

import orjson
import pytest

from tests.integration.adversarial import canary
from tests.integration.adversarial.conftest import append_linked, broken, next_version, refused
from tests.trust_support import RawStore

TOPICS = [
    "tests.integration.adversarial.canary:trip",
    "tests.integration.adversarial.canary:Event",
    "os:system",
    "builtins:eval",
    "subprocess:getoutput",
    "pickle:loads",
    "eventsourcing.utils:resolve_topic",
    "ledger.domain.proposal:Proposal",  # govledger's, but not an event
    "ledger.domain.events:LedgerEvent",  # the base class, not a kind of event
]
TARGET = "proposal:SEC:SECMP0034"
READS = [
    ("register",),
    ("register", "--open"),
    ("show", "SECMP0034"),
    ("history", "SECMP0034"),
    ("events",),
    ("rebuild",),
    ("vote", "SECMP0034", "--outcome", "approve", "--on", "2017-06"),
]


def plant(store: RawStore, topic: str) -> int:
    version = next_version(store, TARGET)
    state = orjson.dumps({"originator_id": TARGET, "originator_version": version, "cmd": "id"})
    append_linked(store, (TARGET, version, topic, state))
    return version


@pytest.mark.parametrize("topic", TOPICS)
def test_a_row_naming_any_other_callable_is_reported_and_refused_without_running_it(
    ledger: str, owner: RawStore, topic: str
) -> None:
    canary.TRIPPED.clear()
    version = plant(owner, topic)
    assert broken(ledger) == (
        f"chain broken at event 40 ({TARGET} v{version}): untrusted: its type {topic!r} "
        "is not a govledger event; no read will run it\n"
    )
    for args in READS:
        assert refused("--db", ledger, *args) == (
            f"govledger: the stored event {TARGET} v{version} names the type {topic!r}, "
            "which is not a govledger event: refused to read it (govledger verify explains)"
        )
    assert canary.TRIPPED == []


@pytest.mark.parametrize("topic", TOPICS[:4])
def test_the_store_itself_refuses_a_row_that_names_another_type(
    ledger: str, guarded: RawStore, topic: str
) -> None:
    with pytest.raises(Exception, match="INSERT of a type that is no govledger event on"):
        plant(guarded, topic)


@pytest.mark.parametrize("topic", TOPICS[:4])
def test_a_clerk_cannot_store_a_row_that_names_another_type(clerk: RawStore, topic: str) -> None:
    with pytest.raises(Exception, match="INSERT of a type that is no govledger event on"):
        plant(clerk, topic)
    assert canary.TRIPPED == []


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (b"not json", "cannot be read as ChangeBoardVoted"),
        (b"[1, 2]", "cannot be read as ChangeBoardVoted"),
        (b'{"outcome": "approve"}', "cannot be read as ChangeBoardVoted"),
    ],
)
def test_a_row_that_does_not_read_as_its_own_type_is_reported(
    ledger: str, owner: RawStore, state: bytes, why: str
) -> None:
    version = next_version(owner, TARGET)
    append_linked(owner, (TARGET, version, "ledger.domain.events:ChangeBoardVoted", state))
    out = broken(ledger)
    assert out.startswith(f"chain broken at event 40 ({TARGET} v{version}): untrusted: ")
    assert why in out
    assert why in refused("--db", ledger, "show", "SECMP0034")


def test_a_row_whose_fields_name_another_event_is_reported(ledger: str, owner: RawStore) -> None:
    state = owner.execute(
        "SELECT state FROM {events} WHERE originator_id = ? AND originator_version = 1",
        ("proposal:SEC:SECMP0006",),
    )[0][0]
    version = next_version(owner, TARGET)
    append_linked(owner, (TARGET, version, "ledger.domain.events:Baselined", bytes(state)))
    assert broken(ledger) == (
        f"chain broken at event 40 ({TARGET} v{version}): untrusted: its stored fields name "
        "proposal:SEC:SECMP0006 v1, not the event it is stored as\n"
    )
