"""The hash chain over every recorded event, and how an auditor checks it.

Each event's link is a SHA-256 over a canonical encoding of the event (its
aggregate id, version, topic and stored bytes) and the link before it. Nothing
store-specific (no notification id, no row id) enters a link, so a ledger
copied to another store by replaying its stored events in order has the same
chain and the same head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Protocol

from eventsourcing.persistence import Notification

TAG = b"govledger chain v1\n"
GENESIS = "0" * 64
PAGE = 1000

WITH_THE_EVENT = "with the event"
Event = tuple[str, str, int, str, bytes]  # key, originator id, version, topic, state
BACKFILLED = "backfilled"


def link(
    previous: str, originator_id: str, originator_version: int, topic: str, state: bytes
) -> str:
    """The link of one event, given the link of the event recorded before it."""
    digest = hashlib.sha256(TAG)
    digest.update(bytes.fromhex(previous))
    for part in (
        str(originator_id).encode(),
        str(originator_version).encode(),
        topic.encode(),
        bytes(state),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredLink:
    position: int
    originator_id: str
    originator_version: int
    link: str
    how: str
    linked_at: str


class ChainedRecorder(Protocol):
    """What a recorder that keeps the chain offers for checking it."""

    def chain_is_stored(self) -> bool: ...

    def select_links(self, after: int, limit: int) -> list[StoredLink]: ...

    def select_notifications(self, start: int | None, limit: int) -> Sequence[Notification]: ...


@dataclass(frozen=True)
class Break:
    """The first event at which the chain fails, and why."""

    position: int
    event: str
    reason: str  # altered, removed, inserted or reordered
    detail: str

    def __str__(self) -> str:
        return f"chain broken at event {self.position} ({self.event}): {self.reason}: {self.detail}"


@dataclass
class Verdict:
    count: int = 0
    head: str = GENESIS
    stored: bool = True
    found: Break | None = None
    spans: list[tuple[str, str, int, int]] = field(default_factory=list)
    checkpoint: str | None = None  # the recomputed link at the position asked for

    @property
    def intact(self) -> bool:
        return self.found is None


def _key(originator_id: object, originator_version: int) -> str:
    return f"{originator_id} v{originator_version}"


def _events(recorder: ChainedRecorder) -> Iterator[Event]:
    start = 0
    while True:
        page = recorder.select_notifications(start + 1, PAGE)
        for n in page:
            yield (
                _key(n.originator_id, n.originator_version),
                str(n.originator_id),
                n.originator_version,
                n.topic,
                n.state,
            )
        if len(page) < PAGE:
            return
        start = page[-1].id


def _links(recorder: ChainedRecorder) -> Iterator[StoredLink]:
    after = 0
    while True:
        page = recorder.select_links(after, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].position


def audit(recorder: ChainedRecorder, checkpoint: int | None = None) -> Verdict:
    """Recompute every link from the events as stored and compare with the stored chain."""
    links = list(_links(recorder)) if recorder.chain_is_stored() else []
    if not links:
        # Not yet established: a ledger recorded before the chain, or none recorded at all.
        return _unstored(recorder, checkpoint)
    verdict = Verdict(spans=_spans(links))
    previous = GENESIS
    pairs = zip_longest(_events(recorder), links)
    for position, (event, stored) in enumerate(pairs, start=1):
        if not _in_step(position, event, stored):
            # Only now are every event's and every link's keys needed, to say what happened.
            chained = {(s.originator_id, s.originator_version): s.position for s in links}
            held = {e[0] for e in _events(recorder)}
            verdict.found = _mismatch(position, event, stored, chained, held)
            return verdict
        assert event is not None and stored is not None
        previous = link(previous, *event[1:])
        if previous != stored.link:
            verdict.found = Break(
                position,
                event[0],
                "altered",
                "the event as stored no longer matches the link recorded with it",
            )
            return verdict
        verdict.count, verdict.head = position, previous
        if position == checkpoint:
            verdict.checkpoint = previous
    if checkpoint == 0:
        verdict.checkpoint = GENESIS
    return verdict


def _in_step(position: int, event: Event | None, stored: StoredLink | None) -> bool:
    return (
        event is not None
        and stored is not None
        and stored.position == position
        and event[0] == _key(stored.originator_id, stored.originator_version)
    )


def _mismatch(
    position: int,
    event: Event | None,
    stored: StoredLink | None,
    chained: dict[tuple[str, int], int],
    held: set[str],
) -> Break:
    if stored is not None and stored.position != position:
        return Break(
            position,
            event[0] if event else "-",
            "removed",
            f"the chain has no link at position {position}",
        )
    if stored is None:
        assert event is not None
        return Break(
            position, event[0], "inserted", "it stands after the chain's head and was never linked"
        )
    expected = _key(stored.originator_id, stored.originator_version)
    if event is None or expected not in held:
        return Break(
            position, expected, "removed", "the event linked at this position is no longer stored"
        )
    recorded_at = chained.get((event[1], event[2]))
    if recorded_at is None:
        return Break(position, event[0], "inserted", "it stands here but was never linked")
    return Break(
        position,
        event[0],
        "reordered",
        f"it stands here but was linked at position {recorded_at} (where {expected} belongs)",
    )


def _unstored(recorder: ChainedRecorder, checkpoint: int | None) -> Verdict:
    verdict = Verdict(stored=False)
    for _, *fields in _events(recorder):
        verdict.head = link(verdict.head, *fields)  # type: ignore[arg-type]
        verdict.count += 1
        if verdict.count == checkpoint:
            verdict.checkpoint = verdict.head
    if checkpoint == 0:
        verdict.checkpoint = GENESIS
    return verdict


def _spans(links: Iterable[StoredLink]) -> list[tuple[str, str, int, int]]:
    """Runs of links established the same way: (how, first linked_at, first, last)."""
    spans: list[tuple[str, str, int, int]] = []
    for s in links:
        if spans and spans[-1][0] == s.how:
            how, at, first, _ = spans[-1]
            spans[-1] = (how, at, first, s.position)
        else:
            spans.append((s.how, s.linked_at, s.position, s.position))
    return spans
