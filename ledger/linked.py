"""Stored events read only as the hash chain covers them.

Every read of stored events (an aggregate's history, a page of the ledger in
record order, an import's look-up) selects each event with the link recorded
with it and the link before that, and checks the event against them before
anything uses it. An event the chain does not cover, one that no longer
matches its link, one stored outside the chain's order, or one whose type is
not a govledger event is refused in one line: no read, rule or view ever uses
an event that `verify` would not pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ledger.chain import GENESIS, link
from ledger.persistence import TOPICS, UntrustedEvent


@dataclass(frozen=True)
class LinkedRow:
    """A stored event, where it is stored, and the links recorded for it."""

    id: int  # the store's own position: SQLite's rowid, PostgreSQL's notification id
    originator_id: str
    originator_version: int
    topic: str
    state: bytes
    position: int | None  # its place in the chain, None when never linked
    link: str | None
    previous: str | None  # the link at position - 1


def linked_select(events: str, chain: str, id_column: str) -> str:
    """The SELECT (without WHERE) of events with their links; `events` is aliased `e`."""
    return (
        f"SELECT e.{id_column} AS id, e.originator_id, e.originator_version, e.topic, e.state, "
        f"c.position, c.link, p.link AS previous FROM {events} e "
        f"LEFT JOIN {chain} c ON c.originator_id = e.originator_id "
        "AND c.originator_version = e.originator_version "
        f"LEFT JOIN {chain} p ON p.position = c.position - 1 "
    )


def linked_row(row: Any) -> LinkedRow:
    return LinkedRow(
        id=row["id"],
        originator_id=row["originator_id"],
        originator_version=row["originator_version"],
        topic=row["topic"],
        state=bytes(row["state"]),
        position=row["position"],
        link=row["link"],
        previous=row["previous"],
    )


def fault(row: LinkedRow) -> str | None:
    """Why `row` may not be read, or None when the chain covers it as stored."""
    if row.id < 1:
        return f"is stored outside the chain's range (at row {row.id})"
    if row.position is None or row.link is None:
        return "was never linked into the hash chain"
    if row.topic not in TOPICS:
        return f"names the type {row.topic[:80]!r}, which is not a govledger event"
    before = GENESIS if row.position == 1 else row.previous
    if before is None:
        return f"is linked after position {row.position - 1}, whose link is not stored"
    if link(before, row.originator_id, row.originator_version, row.topic, row.state) != row.link:
        return "no longer matches the link recorded with it"
    return None


def checked(
    rows: Sequence[LinkedRow], in_record_order: bool = False, from_version: int | None = None
) -> Sequence[LinkedRow]:
    """`rows`, each checked against the chain; with `in_record_order` (a page of the
    ledger in store order) each must also be linked right after the one before it; with
    `from_version` (an aggregate's events, all of them from that version on) their
    versions must run on from it without a gap."""
    after: int | None = None
    for number, row in enumerate(rows):
        problem = fault(row)
        expected = None if from_version is None else from_version + number
        if problem is None and expected is not None and row.originator_version != expected:
            problem = f"follows version {expected - 1}, with versions missing"
        if problem is None and in_record_order and after is not None:
            assert row.position is not None
            if row.position != after + 1:
                problem = (
                    f"is stored after the event linked at position {after} "
                    f"but linked at position {row.position}"
                )
        if problem is not None:
            raise UntrustedEvent(
                f"the stored event {row.originator_id} v{row.originator_version} {problem}: "
                "refused to read it (govledger verify explains)"
            )
        after = row.position
    return rows
