"""How an auditor checks the hash chain: every link recomputed from the events as stored
and compared with the stored chain, and every stored row a govledger event that reads
back as itself. What `verify`, `digest` and `migrate` rely on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Protocol

from ledger.store.chain import GENESIS, StoredLink, key_of, link
from ledger.store.linked import LinkedRow
from ledger.store.notifications import pages

PAGE = 1000
PROGRESS_EVERY = 500  # events checked between two reports to a progress callback
Event = tuple[str, str, int, str, bytes]  # key, originator id, version, topic, state


class ChainedRecorder(Protocol):
    """What a recorder that keeps the chain offers for checking it."""

    def chain_is_stored(self) -> bool: ...

    def select_links(self, after: int, limit: int) -> list[StoredLink]: ...

    def select_stored(self, after: int | None, limit: int) -> list[LinkedRow]: ...


@dataclass(frozen=True)
class Break:
    """The first event at which the chain fails, and why."""

    position: int
    event: str
    reason: str  # altered, removed, inserted, reordered, unlinked or untrusted
    detail: str

    def __str__(self) -> str:
        at = f"at event {self.position}" if self.position else "before event 1"
        return f"chain broken {at} ({self.event}): {self.reason}: {self.detail}"


@dataclass
class Verdict:
    count: int = 0
    head: str = GENESIS
    found: Break | None = None
    spans: list[tuple[str, str, int, int]] = field(default_factory=list)
    checkpoint: str | None = None  # the recomputed link at the position asked for

    @property
    def intact(self) -> bool:
        return self.found is None


def _events(recorder: ChainedRecorder) -> Iterator[Event]:
    """Every stored row in the chain's range, in store order (`_outside` finds the rest)."""
    for page in pages(recorder.select_stored, 0, PAGE):
        for row in page:
            yield (
                key_of(row.originator_id, row.originator_version),
                str(row.originator_id),
                row.originator_version,
                row.topic,
                row.state,
            )


def _outside(recorder: ChainedRecorder) -> tuple[str, int] | None:
    """The first row stored below the chain's range (row id 0 or less), if any."""
    page = recorder.select_stored(None, 1)
    return (
        (key_of(page[0].originator_id, page[0].originator_version), page[0].id)
        if (page and page[0].id < 1)
        else None
    )


def _links(recorder: ChainedRecorder) -> Iterator[StoredLink]:
    for page in pages(recorder.select_links, 0, PAGE, key=lambda stored: stored.position):
        yield from page


def audit(
    recorder: ChainedRecorder,
    checkpoint: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Verdict:
    """Recompute every link from the events as stored and compare with the stored chain;
    every stored row must be covered, and be a govledger event that reads back as itself.
    `progress` is told (events checked, of how many) as the walk goes."""
    links = list(_links(recorder)) if recorder.chain_is_stored() else []
    verdict = Verdict(spans=_spans(links))
    previous = GENESIS
    pairs = zip_longest(_events(recorder), links)
    for position, (event, stored) in enumerate(pairs, start=1):
        if not links:
            assert event is not None
            verdict.found = _unlinked(event, sum(1 for _ in _events(recorder)))
            return verdict
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
        problem = unreadable(event)
        if problem is not None:
            verdict.found = Break(position, event[0], "untrusted", problem)
            return verdict
        verdict.count, verdict.head = position, previous
        if progress is not None and (position % PROGRESS_EVERY == 0 or position == len(links)):
            progress(position, len(links))
        if position == checkpoint:
            verdict.checkpoint = previous
    if checkpoint == 0:
        verdict.checkpoint = GENESIS
    outside = _outside(recorder)
    if outside is not None:
        verdict.found = Break(
            0,
            outside[0],
            "inserted",
            f"it is stored at row {outside[1]}, below the chain's first position, "
            "where the chain does not reach",
        )
    return verdict


def _unlinked(first: Event, count: int) -> Break:
    return Break(
        1,
        first[0],
        "unlinked",
        f"the chain covers none of the {count} stored events: its links were removed, "
        "or the ledger was recorded before govledger kept a chain "
        "(govledger adopt links such a ledger, and verify then says so)",
    )


def unreadable(event: Event) -> str | None:
    """Why a stored event is not a govledger event that reads back as itself, or None."""
    from ledger.store.mapper import TOPICS, UntrustedEvent, read_event

    _, originator_id, version, topic, state = event
    if topic not in TOPICS:
        return f"its type {topic[:80]!r} is not a govledger event; no read will run it"
    try:
        decoded = read_event(originator_id, version, topic, state)
    except UntrustedEvent as error:
        return str(error)
    if (decoded.originator_id, decoded.originator_version) != (originator_id, version):
        return (
            f"its stored fields name {key_of(decoded.originator_id, decoded.originator_version)}, "
            "not the event it is stored as"
        )
    return None


def _in_step(position: int, event: Event | None, stored: StoredLink | None) -> bool:
    return (
        event is not None
        and stored is not None
        and stored.position == position
        and event[0] == key_of(stored.originator_id, stored.originator_version)
    )


def _mismatch(
    position: int,
    event: Event | None,
    stored: StoredLink | None,
    chained: dict[tuple[str, int], int],
    held: set[str],
) -> Break:
    if stored is not None and stored.position != position and event is None:
        return Break(
            position,
            key_of(stored.originator_id, stored.originator_version),
            "inserted",
            f"the chain has no link at position {position}, but a link at position "
            f"{stored.position} for an event that is not stored",
        )
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
    expected = key_of(stored.originator_id, stored.originator_version)
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
