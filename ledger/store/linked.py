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

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from eventsourcing.persistence import Notification, StoredEvent

from ledger.store.chain import GENESIS, link
from ledger.store.event_ids import confirmed
from ledger.store.mapper import UntrustedEvent


class LinkedRow(NamedTuple):
    """A stored event, where it is stored, and the links recorded for it (in the order
    `linked_select` gives its columns)."""

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


def linked_row(row: Sequence[Any]) -> LinkedRow:
    """A row of `linked_select`, taken by position (a tuple, or sqlite3's Row)."""
    state = row[4]
    state = state if type(state) is bytes else bytes(state)
    return LinkedRow(row[0], row[1], row[2], row[3], state, row[5], row[6], row[7])


def fault(row: LinkedRow) -> str | None:
    """Why `row` may not be read, or None when the chain covers it as stored."""
    if row.id < 1:
        return f"is stored outside the chain's range (at row {row.id})"
    if row.position is None or row.link is None:
        return "was never linked into the hash chain"
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


def whole_from(gt: int | None, desc: bool, limit: int | None) -> int | None:
    """The version a read of an aggregate's events must start from, when it reads them all
    in order (its versions must then run on from it without a gap)."""
    return None if desc or limit is not None else (gt or 0) + 1


class CheckedReads:
    """eventsourcing's reads of stored events, for a recorder that keeps the chain: every
    event selected with its links and checked before it is returned. A recorder gives
    the column of its store's own position and how to run the joined SELECT."""

    id_column: str
    event_id_sql: str  # the indexed expression giving a stored event's id (event_ids.py)

    def fetch_linked(self, tail: str, params: Sequence[Any], cursor: Any = None) -> list[Any]:
        """Rows of `linked_select` followed by `tail` (with `?` placeholders), as tuples
        (or rows that index by position)."""
        raise NotImplementedError

    def select_events(
        self,
        originator_id: Any,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        return self.linked_events(None, str(originator_id), gt=gt, lte=lte, desc=desc, limit=limit)

    def linked_events(
        self,
        cursor: Any,
        originator_id: str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        """One aggregate's events, each checked against the chain (on `cursor`, the
        caller's transaction, when given)."""
        tail = "WHERE e.originator_id = ? "
        params: list[Any] = [originator_id]
        if gt is not None:
            tail += "AND e.originator_version > ? "
            params.append(gt)
        if lte is not None:
            tail += "AND e.originator_version <= ? "
            params.append(lte)
        tail += "ORDER BY e.originator_version" + (" DESC" if desc else "")
        if limit is not None:
            tail += " LIMIT ?"
            params.append(limit)
        rows = [linked_row(r) for r in self.fetch_linked(tail, params, cursor)]
        return [as_stored_event(r) for r in checked(rows, from_version=whole_from(gt, desc, limit))]

    def linked_event_with_id(self, event_id: str) -> LinkedRow | None:
        """The stored event whose id is `event_id`, with its place in the chain, checked
        against the chain; found by the index over event ids."""
        tail = f"WHERE {self.event_id_sql} = ?"
        rows = [linked_row(r) for r in self.fetch_linked(tail, [event_id.encode()])]
        for row in checked(rows):
            if confirmed(row.state, event_id):
                return row
        return None

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        rows = self._select_rows(start, limit, stop, topics, inclusive_of_start)
        if start is None or start <= 1:
            # a walk from the beginning: no row may lie before the chain's first position
            position = f"e.{self.id_column}"
            below = self.fetch_linked(f"WHERE {position} < 1 ORDER BY {position} LIMIT 1", [])
            checked([linked_row(r) for r in below])
        return [as_notification(r) for r in checked(rows, in_record_order=not topics)]

    def select_stored(self, after: int | None, limit: int) -> list[LinkedRow]:
        """Every stored row after `after` (from the very first when None), unchecked:
        what `verify` walks."""
        return self._select_rows(after, limit, None, (), inclusive_of_start=False)

    def _select_rows(
        self,
        start: int | None,
        limit: int,
        stop: int | None,
        topics: Sequence[str],
        inclusive_of_start: bool,
    ) -> list[LinkedRow]:
        position = f"e.{self.id_column}"
        clauses: list[str] = []
        params: list[Any] = []
        if start is not None:
            clauses.append(f"{position} {'>=' if inclusive_of_start else '>'} ?")
            params.append(start)
        if stop is not None:
            clauses.append(f"{position} <= ?")
            params.append(stop)
        if topics:
            clauses.append(f"e.topic IN ({', '.join('?' * len(topics))})")
            params += list(topics)
        where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        tail = f"{where}ORDER BY {position} LIMIT ?"
        return [linked_row(r) for r in self.fetch_linked(tail, [*params, limit])]


class QueryReads(CheckedReads):
    """The checked reads over any connection that runs a query and gives rows as mappings
    (the projection tables' read-only connection, for one)."""

    def __init__(
        self,
        run: Callable[[str, Sequence[Any]], list[Any]],
        events: str,
        id_column: str,
    ) -> None:
        self.run = run
        self.id_column = id_column
        self.select = linked_select(events, f"{events}_chain", id_column)

    def fetch_linked(self, tail: str, params: Sequence[Any], cursor: Any = None) -> list[Any]:
        return self.run(self.select + tail, params)


def as_stored_event(row: LinkedRow) -> StoredEvent:
    return StoredEvent(row.originator_id, row.originator_version, row.topic, row.state)


def as_notification(row: LinkedRow) -> Notification:
    return Notification(
        id=row.id,
        originator_id=row.originator_id,
        originator_version=row.originator_version,
        topic=row.topic,
        state=row.state,
    )
