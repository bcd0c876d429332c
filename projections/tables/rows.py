"""The rows one proposal's or one version's recorded events give each table.

A pure function of the events: the catch-up loop records, for every record
time, which rows this gives, and the replay tests compare it with `fold`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from ledger.domain import events as ev
from ledger.domain.corrections import standing
from ledger.domain.dates import effective_date
from ledger.domain.state import split_id, states_by_date
from projections.register import facts_row
from projections.tables.schema import (
    AMENDMENTS,
    DECISIONS,
    MILESTONES,
    REGISTER,
    REGISTER_HISTORY,
    VERSIONS,
    record_time,
)

__all__ = ["RowSets", "columns_of", "entity_rows", "record_time"]

Row = tuple[Any, ...]
RowSets = dict[str, dict[str, Row]]

DECISION_KINDS = (
    ev.ImrConsidered,
    ev.ChangeBoardVoted,
    ev.AuthorityDetermined,
    ev.Withdrawn,
    ev.Cancelled,
    ev.Suspended,
    ev.Resumed,
)


def digest(row: Row) -> str:
    return hashlib.blake2b(repr(row).encode(), digest_size=10).hexdigest()


def keyed(rows: Sequence[Row]) -> dict[str, Row]:
    return {digest(row): row for row in rows}


def entity_rows(entity: str, events: Sequence[ev.LedgerEvent]) -> RowSets:
    """Every table's rows for one aggregate's events (all of them count)."""
    if entity.startswith("version:"):
        return version_rows([e for e in events if isinstance(e, ev.VersionEvent)])
    return proposal_rows([e for e in events if isinstance(e, ev.ProposalEvent)])


def proposal_rows(events: Sequence[ev.ProposalEvent]) -> RowSets:
    if not events:
        return {}
    code, proposal_id = split_id(events[0].originator_id)
    return {
        REGISTER_HISTORY.name: keyed(history_rows(code, proposal_id, events)),
        DECISIONS.name: keyed(
            [decision_row(code, proposal_id, e) for e in standing(events) if is_decision(e)]
        ),
        MILESTONES.name: keyed([milestone_row(code, proposal_id, e) for e in standing(events)]),
    }


def history_rows(code: str, proposal_id: str, events: Sequence[ev.ProposalEvent]) -> list[Row]:
    """The register row's validity intervals in valid time, for everything recorded."""
    periods: list[tuple[date, tuple[Any, ...]]] = []
    for day, snapshot in states_by_date(events):
        values = tuple(facts_row(proposal_id, snapshot)[c] for c in REGISTER[2:])
        if not periods or periods[-1][1] != values:
            periods.append((day, values))
    rows = []
    for number, (day, values) in enumerate(periods):
        until = periods[number + 1][0].isoformat() if number + 1 < len(periods) else None
        rows.append((code, proposal_id, day.isoformat(), until, *values))
    return rows


def is_decision(event: ev.ProposalEvent) -> bool:
    return isinstance(event, DECISION_KINDS)


def decision_body(event: ev.ProposalEvent) -> tuple[str, str]:
    """Who decided, and what."""
    if isinstance(event, ev.ImrConsidered):
        return "Panel", f"IMR {event.outcome}"
    if isinstance(event, ev.ChangeBoardVoted):
        return "Change Board", event.outcome
    if isinstance(event, ev.AuthorityDetermined):
        return event.authority, event.outcome
    if isinstance(event, ev.Withdrawn):
        return "Proposer", "withdraw"
    if isinstance(event, ev.Cancelled | ev.Suspended):
        return event.directed_by, "cancel" if isinstance(event, ev.Cancelled) else "suspend"
    return "Panel", "resume"


def decision_row(code: str, proposal_id: str, event: ev.ProposalEvent) -> Row:
    body, outcome = decision_body(event)
    return (
        code,
        proposal_id,
        event.on,
        effective_date(event.on).isoformat(),
        body,
        outcome,
        event.summary(),
        event.source,
        str(event.event_id),
    )


def milestone_row(code: str, proposal_id: str, event: ev.ProposalEvent) -> Row:
    return (
        code,
        proposal_id,
        event.on,
        effective_date(event.on).isoformat(),
        event.kind,
        event.summary(),
        getattr(event, "deadline", None),
        event.source,
        event.note,
        str(event.event_id),
    )


def version_rows(events: Sequence[ev.VersionEvent]) -> RowSets:
    made = [e for e in standing(events) if isinstance(e, ev.VersionEffective)]
    versions, amendments = [], []
    for e in made:
        effective = effective_date(e.on).isoformat()
        implements = "; ".join(e.implements)
        versions.append(
            (
                e.code,
                e.number,
                e.on,
                effective,
                e.basis,
                implements,
                "; ".join(e.amends),
                e.source,
                e.note,
                str(e.event_id),
            )
        )
        for section in dict.fromkeys(e.amends):
            amendments.append((e.code, e.number, section, effective, implements))
    return {VERSIONS.name: keyed(versions), AMENDMENTS.name: keyed(amendments)}


def columns_of(table: str) -> tuple[str, ...]:
    by_name = {t.name: t for t in (REGISTER_HISTORY, DECISIONS, MILESTONES, VERSIONS, AMENDMENTS)}
    return by_name[table].columns
