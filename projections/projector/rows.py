"""The rows of the tables, built from events.

The register's history comes from `projections.projector.running`; the replay
tests compare the tables with `fold`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ledger.domain import events as ev
from ledger.domain.caches import CACHED
from ledger.domain.corrections import standing
from ledger.domain.dates import effective_date
from ledger.domain.fold import event_key, process_of, step_of, told
from ledger.domain.ids import split_id
from ledger.domain.process import Decision
from ledger.domain.release_history import fold_release
from projections.tables.schema import (
    AMENDMENTS,
    RELEASES,
    VERSIONS,
    Table,
    record_time,
)

__all__ = [
    "Row",
    "RowSets",
    "decision_row",
    "effective_text",
    "keyed",
    "milestone_row",
    "record_time",
]

Row = tuple[Any, ...]
RowSets = dict[str, dict[str, Row]]


@lru_cache(maxsize=CACHED)
def effective_text(on: str) -> str:
    """The day from which a recorded date counts, as the tables hold it."""
    return effective_date(on).isoformat()


def digest(row: Row) -> str:
    return hashlib.blake2b(repr(row).encode(), digest_size=10).hexdigest()


def keyed(table: Table, rows: Sequence[Row]) -> dict[str, Row]:
    """`table`'s rows by their digests."""
    return {key_of(table, row): row for row in rows}


def key_of(table: Table, row: Row) -> str:
    """The digest that keys `row` in `table`."""
    return digest(identity(table, row))


def identity(table: Table, row: Row) -> Row:
    """`table.identity(row)`, by slicing when the table has one added column."""
    if len(table.added_at) != 1:
        return table.identity(row)
    at = table.added_at[0]
    return row[:at] + row[at + 1 :] if row[at] is None else row


def is_decision(event: ev.ProposalEvent) -> bool:
    """Whether its process calls the step a decision."""
    return decision_of(event) is not None


def decision_of(event: ev.ProposalEvent) -> Decision | None:
    """The decision its process calls the step, if any."""
    code = split_id(event.originator_id)[0]
    step = step_of(process_of(code, event), event)
    return step.decision if step is not None else None


def decision_body(
    event: ev.ProposalEvent, variant: str | None = None, decision: Decision | None = None
) -> tuple[str, str]:
    """Who decided, and what, in the words of the process in force (`decision`: the
    event's, when the caller has it)."""
    decision = decision or decision_of(event)
    assert decision is not None
    facts = vars(event)
    return decision.body_for(facts, variant), decision.outcome_for(facts)


def decision_row(
    code: str,
    proposal_id: str,
    event: ev.ProposalEvent,
    variant: str | None = None,
    source: str | None = None,
    decision: Decision | None = None,
) -> Row:
    """A decision's row; `source` gives every source of it (default: its own)."""
    body, outcome = decision_body(event, variant, decision)
    return (
        code,
        proposal_id,
        event.on,
        effective_text(event.on),
        body,
        outcome,
        told(code, event),
        source or event.source,
        str(event.event_id),
    )


def milestone_row(
    code: str, proposal_id: str, event: ev.ProposalEvent, source: str | None = None
) -> Row:
    """An event's row; `source` gives every source of it (default: its own)."""
    facts = vars(event)
    return (
        code,
        proposal_id,
        event.on,
        effective_text(event.on),
        event_key(event),
        told(code, event),
        facts.get("deadline"),
        facts.get("announced"),
        source or event.source,
        event.note,
        str(event.event_id),
    )


def version_rows(events: Sequence[ev.VersionEvent]) -> RowSets:
    made = [e for e in standing(events) if isinstance(e, ev.VersionEffective)]
    versions, amendments = [], []
    for e in made:
        effective = effective_text(e.on)
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
                e.release,
            )
        )
        for section in dict.fromkeys(e.amends):
            amendments.append((e.code, e.number, section, effective, implements))
    return {
        VERSIONS.name: keyed(VERSIONS, versions),
        AMENDMENTS.name: keyed(AMENDMENTS, amendments),
    }


def release_rows(events: Sequence[ev.ReleaseEvent]) -> RowSets:
    """A row for each event of a release's history, with the release as it left it."""
    state = fold_release(events)
    if state is None:
        return {RELEASES.name: {}}
    rows = [
        (
            state.code,
            state.name,
            entry.on,
            effective_text(entry.on),
            entry.event.label,
            entry.text,
            entry.go_live,
            entry.went_live,
            entry.version,
            "; ".join(entry.scope),
            getattr(entry.event, "decided_by", None),
            entry.event.source,
            entry.event.note,
            str(entry.event.event_id),
        )
        for entry in state.history
    ]
    return {RELEASES.name: keyed(RELEASES, rows)}
