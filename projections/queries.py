"""The questions read commands ask, each answered for a valid date and a record time.

Every answer starts from the projection tables: which events the view may see
(how many, up to when, from which date) and which aggregates the question
touches. Only those aggregates' events are read and folded, so an answer costs
about the same however long the history is. Nothing here imports pydantic or
eventsourcing at module level: `register` needs neither.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ledger.domain.errors import NotFound
from ledger.domain.processes import is_decided
from projections.tables.read import Tables, connect, open_tables, recorded_events, slice_where
from projections.tables.schema import CITED, MILESTONES, RELEASES, VERSIONS, Table, record_time

if TYPE_CHECKING:
    from ledger.domain import events as ev
    from ledger.domain.release_history import ReleaseState
    from ledger.domain.state import ProposalState
    from projections.views.ledger_view import LedgerView


@dataclass(frozen=True)
class Horizon:
    """What a point-in-time answer covers: the valid date and the record time."""

    as_of: date
    known_at: datetime | None
    last_position: int  # the position of the last event it includes
    complete_to: datetime | None  # and that event's record time
    earliest: date | None = None  # the first date anything it includes happened

    @property
    def before_anything(self) -> bool:
        """Whether the view is of a date before anything it includes happened."""
        return self.earliest is not None and self.as_of < self.earliest

    def banner(self, subject: str, dated: bool = True) -> str:
        """What the view covers. A view of a time before anything was recorded, or before
        anything happened, is still an answer: an empty one, and the banner says why."""
        when = f" as of {self.as_of.isoformat()}" if dated else ""
        asked = (
            f", as known at {self.known_at.isoformat(timespec='seconds')}" if self.known_at else ""
        )
        if self.last_position == 0:
            nothing = (
                "nothing had been recorded by then" if self.known_at else "nothing recorded yet"
            )
            return f"{subject}{when}{asked}: {nothing}"
        last = self.complete_to.isoformat(timespec="seconds") if self.complete_to else ""
        known = f"complete to everything recorded up to {last} (through event {self.last_position})"
        if self.before_anything and self.earliest is not None:
            happened = f"nothing had happened by then (the earliest event is of {self.earliest})"
            return f"{subject}{when}{asked}: {happened}; {known}"
        return f"{subject}{when}{asked}: {known}"


def db_of(source: Any) -> str:
    """The store a read names: a CLI session's --db, or an open ledger's settings."""
    db = getattr(source, "db", None)
    if isinstance(db, str):
        return db
    from ledger.store.settings import db_of_env

    return db_of_env(source.env)


def tables_for(source: Any, needs: Sequence[Table] = ()) -> Tables:
    """Up-to-date tables for `source` (a CLI session or a GovLedger): straight from the
    database when they are up to date; otherwise the ledger is opened and they are caught
    up first, or, when another role keeps them, read as they are with a line saying how
    far behind. A question that `needs` tables made by an earlier release of govledger
    (without a table or column this release adds) has them made again first; the other
    questions read them as they are."""
    db = db_of(source)
    tables = open_tables(db)
    if tables is not None and not tables.outdated(needs):
        return tables
    if tables is not None:
        tables.close()
    from projections.projector.keeper import KEPT_BY, behind, keep_up

    reader = getattr(source, "reader", None)
    if keep_up(reader() if callable(reader) else source):
        return connect(db)
    tables = connect(db)  # kept by another role: what they hold, saying so
    lacking = tables.outdated(needs)
    if lacking:
        tables.close()
        raise NotFound(
            f"the projection tables were made by an earlier release of govledger, without "
            f"{lacking}: they are made again by {KEPT_BY}"
        )
    sys.stderr.write(f"govledger: {behind(tables)}\n")
    return tables


def horizon(tables: Tables, as_of: date, known_at: datetime | None) -> Horizon:
    """What the tables say a view on `as_of`, as known at `known_at`, covers."""
    known = record_time(known_at) if known_at else None
    last, complete_to = tables.latest(known)
    first = tables.earliest(known)
    return Horizon(
        as_of,
        known_at,
        last,
        datetime.fromisoformat(complete_to) if complete_to else None,
        date.fromisoformat(first) if first else None,
    )


def touched(
    tables: Tables, table: str, known_at: datetime | None, where: str, args: list[Any]
) -> list[str]:
    """The aggregates with a standing row in `table` (as known at `known_at`) matching `where`."""
    clauses, params = slice_where(record_time(known_at) if known_at else None)
    rows = tables.query(
        f"SELECT DISTINCT entity FROM {{p}}{table} WHERE {' AND '.join(clauses)} AND {where} "
        "ORDER BY entity",
        [*params, *args],
    )
    return [r[0] for r in rows]


def register(
    source: Any,
    *,
    as_of: date,
    known_at: datetime | None = None,
    open_only: bool = False,
    code: str | None = None,
) -> tuple[list[dict[str, Any]], Horizon]:
    """The register on `as_of`: straight from the tables' validity intervals.

    Rows carry their code only when no code was asked for and the ledger holds several.
    """
    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        known = record_time(known_at) if known_at else None
        rows = tables.register(as_of.isoformat(), known, code, open_only)
        cited = cited_entities(tables, known_at, code)
        if cited:  # only the rows shown: each of their proposals is read and folded
            cited = sorted(set(cited) & {_key_of(r["code"], r["id"]) for r in rows})
        events = recorded_events(tables, cited, known_at) if cited else {}
    finally:
        tables.close()
    if events:
        from projections.views.disputes import mark_rows

        mark_rows(rows, events, as_of)
    if open_only:
        rows = [r for r in rows if r["status"] and not is_decided(r["code"], r["status"])]
    if code is not None or len({row["code"] for row in rows}) < 2:
        for row in rows:
            del row["code"]
    return rows, answer


def proposal(
    source: Any, key: str, *, as_of: date, known_at: datetime | None = None
) -> tuple[ProposalState | None, list[ev.ProposalEvent], Horizon]:
    """A proposal's state on `as_of`, and all its recorded events (for history)."""
    from ledger.domain.fold import fold

    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        recorded = recorded_events(tables, [key], known_at)[key]
    finally:
        tables.close()
    return fold(recorded, as_of), recorded, answer


def versions(
    source: Any, code: str, *, as_of: date, known_at: datetime | None = None
) -> tuple[list[ev.VersionEffective], list[ev.VersionEffective], Horizon]:
    """The chain of versions in force by `as_of`, and those pending after it."""
    from ledger.domain.dates import effective_date

    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        view = view_of(tables, touched(tables, "versions", known_at, "code = ?", [code]), known_at)
    finally:
        tables.close()
    chain = view.versions_in_force(code)
    in_force = [v for v in chain if effective_date(v.on) <= as_of]
    pending = [v for v in chain if effective_date(v.on) > as_of]
    return in_force, pending, answer


def states_between(
    source: Any, start: date, end: date, known_at: datetime | None = None
) -> tuple[LedgerView, Horizon]:
    """The proposals and versions with anything that happened after `start` up to `end`,
    as known at `known_at`: every aggregate a diff of the two dates can show."""
    window = "effective > ? AND effective <= ?"
    dates = [start.isoformat(), end.isoformat()]
    tables = tables_for(source)
    try:
        answer = horizon(tables, end, known_at)
        entities = touched(tables, "milestones", known_at, window, dates)
        entities += touched(tables, "versions", known_at, window, dates)
        view = view_of(tables, entities, known_at)
    finally:
        tables.close()
    return view, answer


def register_states(
    source: Any, as_of: date, known_at: datetime | None = None
) -> tuple[list[ProposalState], Horizon]:
    """Every proposal's register facts on `as_of` (title, status and since when), as
    states, from the tables' validity intervals."""
    from ledger.domain.state import ProposalState

    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        known = record_time(known_at) if known_at else None
        rows = tables.register(as_of.isoformat(), known)
    finally:
        tables.close()
    states = [
        ProposalState(
            code=r["code"],
            proposal_id=r["id"],
            title=r["title"],
            status=r["status"],
            status_since=r["status_since"],
        )
        for r in rows
    ]
    return states, answer


def folded_states(
    source: Any, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> tuple[list[ProposalState], Horizon]:
    """Every proposal (of `code`, or of every code) folded whole on `as_of`: its timeline
    and gaps, not only its register row."""
    from ledger.domain.ids import proposals_of

    prefix = proposals_of(code) if code else "proposal:"
    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        entities = touched(tables, "milestones", known_at, "entity LIKE ?", [f"{prefix}%"])
        view = view_of(tables, entities, known_at)
    finally:
        tables.close()
    return view.states(as_of), answer


def cited(
    source: Any, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> tuple[dict[str, list[ev.LedgerEvent]], Horizon]:
    """The events of every proposal (of `code`, or of every code) with a citation recorded
    by `known_at`: every proposal a source confirms or disputes."""
    tables = tables_for(source)
    try:
        answer = horizon(tables, as_of, known_at)
        events = recorded_events(tables, cited_entities(tables, known_at, code), known_at)
    finally:
        tables.close()
    return events, answer


def cited_entities(tables: Tables, known_at: datetime | None, code: str | None) -> list[str]:
    """The aggregates (of `code`) with a citation recorded by `known_at`."""
    clauses: list[str] = [CITED]  # to the letter of the index's predicate, so it serves
    args: list[Any] = []
    if known_at is not None:
        clauses.append("recorded_at <= ?")
        args.append(record_time(known_at))
    if code is not None:
        from ledger.domain.ids import proposals_of

        clauses.append("entity LIKE ?")
        args.append(f"{proposals_of(code)}%")
    rows = tables.query(
        f"SELECT DISTINCT entity FROM {{p}}ledger_events WHERE {' AND '.join(clauses)} "
        "ORDER BY entity",
        args,
    )
    return [r[0] for r in rows]


def _key_of(code: str, shown_id: str) -> str:
    from ledger.domain.ids import proposal_key
    from ledger.domain.processes import key_of

    return proposal_key(code, key_of(code, shown_id))


def folded(
    source: Any, keys: list[str], as_of: date, known_at: datetime | None = None
) -> dict[str, ProposalState | None]:
    """These proposals on `as_of`, as recorded by `known_at`, each folded whole."""
    from ledger.domain.fold import fold

    tables = tables_for(source)
    try:
        events = recorded_events(tables, keys, known_at)
    finally:
        tables.close()
    return {key: fold(found, as_of) for key, found in events.items()}


def releases(
    source: Any, *, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> tuple[list[ReleaseState], Horizon]:
    """Every release (of `code`, or of every code) announced by `as_of`, as it then stood."""
    from ledger.domain.release_history import fold_release

    where, args = ("code = ?", [code]) if code else ("code IS NOT NULL", [])
    tables = tables_for(source, needs=(RELEASES,))
    try:
        answer = horizon(tables, as_of, known_at)
        entities = touched(tables, RELEASES.name, known_at, where, args)
        events = recorded_events(tables, entities, known_at)
    finally:
        tables.close()
    folded = (fold_release(e, as_of) for e in events.values())
    states = [s for s in folded if s is not None]
    return sorted(states, key=lambda s: (s.code, s.go_live or "", s.name)), answer


@dataclass(frozen=True)
class ReleaseAnswer:
    """One release on a date: its state, the proposals in or implemented in it, the
    versions recorded with it."""

    state: ReleaseState | None
    recorded: bool  # whether the ledger holds it at all (as known at the time asked)
    proposals: list[ProposalState]
    versions: list[ev.VersionEffective]
    horizon: Horizon


def release(
    source: Any, code: str, name: str, *, as_of: date, known_at: datetime | None = None
) -> ReleaseAnswer:
    from ledger.domain.fold import fold
    from ledger.domain.proposal import proposal_key
    from ledger.domain.release import release_key
    from ledger.domain.release_history import fold_release

    key = release_key(code, name)
    tables = tables_for(source, needs=(RELEASES, VERSIONS))
    try:
        answer = horizon(tables, as_of, known_at)
        recorded = recorded_events(tables, [key], known_at)[key]
        state = fold_release(recorded, as_of)
        if state is None:
            return ReleaseAnswer(None, bool(recorded), [], [], answer)
        named = state.name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        entities = [proposal_key(code, p) for p in state.scope] + touched(
            tables,
            MILESTONES.name,
            known_at,
            "code = ? AND kind = ? AND what LIKE ? ESCAPE '\\'",
            [code, "implemented", f"%{named}%"],
        )
        proposals = recorded_events(tables, entities, known_at)
        made = touched(
            tables, VERSIONS.name, known_at, "code = ? AND release = ?", [code, state.name]
        )
        versions = view_of(tables, made, known_at).versions_in_force(code)
    finally:
        tables.close()
    folded = (fold(events, as_of) for events in proposals.values())
    states = sorted((s for s in folded if s is not None), key=lambda s: s.proposal_id)
    return ReleaseAnswer(state, True, states, versions, answer)


def view_of(tables: Tables, entities: list[str], known_at: datetime | None) -> LedgerView:
    """A view of just these aggregates' events recorded by `known_at`."""
    from projections.views.ledger_view import LedgerView

    events = recorded_events(tables, entities, known_at)
    return LedgerView.of((0, e) for entity in events.values() for e in entity)


__all__ = [
    "Horizon",
    "cited",
    "folded",
    "folded_states",
    "proposal",
    "register",
    "register_states",
    "release",
    "releases",
    "states_between",
    "tables_for",
    "versions",
]
