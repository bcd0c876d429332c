"""The rows one proposal's or one version's recorded events give each table, from
scratch: what the catch-up loop falls back on when an event does not simply come
last."""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain import events as ev
from ledger.domain.ids import is_release, is_version
from projections.projector.rows import RowSets, release_rows, version_rows
from projections.projector.running import RunningRows


def derive(entity: str, events: Sequence[ev.LedgerEvent]) -> tuple[RowSets, RunningRows | None]:
    """Every table's rows for one aggregate's events (all of them count), and for a
    proposal the running rows to continue from."""
    if is_version(entity):
        return version_rows([e for e in events if isinstance(e, ev.VersionEvent)]), None
    if is_release(entity):
        return release_rows([e for e in events if isinstance(e, ev.ReleaseEvent)]), None
    proposal_events = [e for e in events if isinstance(e, ev.ProposalEvent)]
    if not proposal_events:
        return {}, None
    running = RunningRows.of(entity, proposal_events)
    return running.rows(proposal_events), running
