"""Disputed facts as the views show them: each with the standing value and its sources
against the value a cited source gives, and whether a correction has settled it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain.citations import Dispute, disputes_of
from ledger.domain.dates import effective_date
from ledger.domain.fold import label_of, process_of, step_of
from ledger.domain.ids import split_id
from ledger.domain.state import ProposalState

# the facts of an event each fact of the register row shows, by the state's name for it
SHOWN = {
    "title": ("title",),
    "proposer": ("proposer",),
    "path": ("path",),
    "raised_on": ("on",),
    "status": ("status",),
    "status_since": ("on",),
    "decided_on": ("on",),
    "implemented_in": ("version", "release"),
}
COLUMNS = {"raised_on": "raised", "decided_on": "decided"}  # the register's names for them
ROW_ORDER = ("title", "status", "status_since", "path", "proposer", "raised", "decided")


def disputes_by(events: Sequence[ev.LedgerEvent], as_of: date | None = None) -> list[Dispute]:
    """The disputes of the events that had happened by `as_of` (all when None)."""
    found = disputes_of(events)
    return [d for d in found if as_of is None or effective_date(d.event.on) <= as_of]


def value(fact: Any) -> str:
    if fact is None:
        return "not recorded"
    return "; ".join(fact) if isinstance(fact, list) else str(fact)


def against(disputes: Sequence[Dispute]) -> str:
    """Open disputes of one fact: `2019-06-12 (minutes) against 2019-06-14 (register page)`,
    each source's value named after the standing value and its sources."""
    first = disputes[0]
    held = "; ".join(first.standing_sources) or "no source"
    given = ", ".join(f"{value(d.value)} ({d.source})" for d in disputes)
    return f"{value(first.standing)} ({held}) against {given}"


def settled(d: Dispute) -> str:
    """A settled dispute: `2019-06-14 (register page), by correction ID, was 2019-06-12`."""
    by = f", by correction {d.settled_by}" if d.settled_by else ""
    return f"{value(d.value)} ({d.source}){by}, was {value(d.was)}"


def brackets(column: str, disputes: Sequence[Dispute]) -> list[str]:
    """The marks of a register fact's disputes, as `show` writes them after its value:
    `[disputed: ...]`, `[disputed (outcome): ...]`, `[dispute settled: ...]`."""
    marks = []
    for fact, found in _by_fact(disputes).items():
        of = "" if fact in ("on", column) else f" ({fact})"
        still = [d for d in found if not d.settled]
        marks += [f"[disputed{of}: {against(still)}]"] if still else []
        marks += [f"[dispute settled{of}: {settled(d)}]" for d in found if d.settled]
    return marks


def mark(name: str, disputes: Sequence[Dispute]) -> str:
    """One cell of marks, fact by fact: `on disputed: ...; outcome dispute settled: ...`;
    `name` (a register column) heads them instead of the event's fact."""
    parts = []
    for fact, found in _by_fact(disputes).items():
        label = _label(name, fact)
        still = [d for d in found if not d.settled]
        if still:
            parts.append(f"{label} disputed: {against(still)}")
        parts += [f"{label} dispute settled: {settled(d)}" for d in found if d.settled]
    return "; ".join(parts)


def _by_fact(disputes: Sequence[Dispute]) -> dict[str, list[Dispute]]:
    grouped: dict[str, list[Dispute]] = {}
    for d in disputes:
        grouped.setdefault(d.fact, []).append(d)
    return grouped


def _label(column: str, fact: str) -> str:
    if not column:
        return fact
    shown = column.replace("_", " ")
    return shown if fact in ("on", column) else f"{shown} ({fact})"


def by_event(disputes: Sequence[Dispute]) -> dict[UUID, str]:
    """Each disputed event's marks, for a row that shows the event."""
    grouped: dict[UUID, list[Dispute]] = {}
    for d in disputes:
        grouped.setdefault(d.event.event_id, []).append(d)
    return {event_id: mark("", found) for event_id, found in grouped.items()}


def of_facts(state: ProposalState, disputes: Sequence[Dispute]) -> dict[str, list[Dispute]]:
    """The disputes of each fact of the register row (by the row's column names) that the
    event giving it has: a status-since date disputed with the step that set it, say."""
    found: dict[str, list[Dispute]] = {}
    for name, event in state.given_by.items():
        facts = SHOWN.get(name, ())
        if name == "status":
            step = step_of(process_of(state.code, event), event)
            facts = (*facts, step.effect.by) if step is not None and step.effect.by else facts
        hits = [d for d in disputes if d.event.event_id == event.event_id and d.fact in facts]
        if hits:
            found[COLUMNS.get(name, name)] = hits
    return dict(sorted(found.items(), key=lambda item: _place(item[0])))


def row_marks(state: ProposalState, disputes: Sequence[Dispute]) -> str | None:
    """The register row's `disputes` cell: each disputed fact it shows, marked."""
    found = of_facts(state, disputes)
    return "; ".join(mark(column, hits) for column, hits in found.items()) or None


def mark_rows(rows: list[dict[str, Any]], events: dict[str, list[Any]], as_of: date) -> None:
    """Give each register row (of `as_of`) whose proposal is among `events` (by proposal)
    the marks of its disputed facts, in a `disputes` cell."""
    from ledger.domain.fold import fold

    marks = {}
    for found in events.values():
        state = fold(found, as_of)
        if state is not None:
            marks[(state.code, state.shown_id)] = row_marks(state, disputes_by(found, as_of))
    for row in rows:
        cell = marks.get((row["code"], row["id"]))
        if cell:
            row["disputes"] = cell


def dispute_rows(events: dict[str, list[Any]], as_of: date) -> list[dict[str, Any]]:
    """Every disputed fact of these proposals' events (by proposal) that had happened by
    `as_of`, proposal by proposal: the rows of `govledger disputes`."""
    from ledger.domain.fold import fold

    rows = []
    for key, found in events.items():
        state = fold(found, as_of)
        shown = state.shown_id if state is not None else split_id(key)[1]
        rows += [dispute_row(d, shown) for d in disputes_by(found, as_of)]
    return rows


def dispute_row(d: Dispute, shown_id: str) -> dict[str, Any]:
    """A row of `govledger disputes`."""
    code = split_id(d.event.originator_id)[0]
    event = d.event
    what = label_of(code, event) if isinstance(event, ev.ProposalEvent) else event.kind
    return {
        "code": code,
        "id": shown_id,
        "event": f"{what} on {event.on}",
        "fact": d.fact,
        "recorded": d.was,
        "standing": d.standing,
        "standing_source": "; ".join(d.standing_sources) or None,
        "disputing": d.value,
        "disputing_source": d.source,
        "settled": d.settled,
        "settled_by": str(d.settled_by) if d.settled_by else None,
        "event_id": str(event.event_id),
        "citation_id": str(d.citation.event_id),
    }


def _place(column: str) -> int:
    return ROW_ORDER.index(column) if column in ROW_ORDER else len(ROW_ORDER)
