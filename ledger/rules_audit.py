"""Whether every recorded step follows its code's process: what `verify` adds to the chain.

The chain proves that the events are the ones recorded, not that they were
recorded through govledger: someone able to add a row with a correct link (a
clerk's INSERT on PostgreSQL, anyone with a copy of the file) can add a step the
process refuses. Folding each proposal's events again finds such a step, which
the fold sets aside rather than applies; each release's events likewise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.fold import fold
from ledger.domain.ids import PROPOSAL, RELEASE
from ledger.domain.release_history import fold_release


@dataclass(frozen=True)
class RulesAudit:
    proposals: int
    breach: str | None  # the first recorded step its process does not allow, in one line


def audit_rules(app: Any) -> RulesAudit:
    from ledger.store.mapper import UntrustedEvent

    checked = 0
    for originator_id in app.recorder.originator_ids(PROPOSAL):
        try:
            state = fold(app.repository.get(originator_id).events)
        except UntrustedEvent as error:
            return RulesAudit(checked, f"{originator_id} cannot be read: {error}")
        checked += 1
        if state is not None and state.violations:
            event, reason = state.violations[0]
            return RulesAudit(
                checked,
                f"{originator_id} v{event.originator_version} "
                f"({event.kind.replace('_', ' ')} of {event.on}, event {event.event_id}) "
                f"is recorded against its process: {reason}",
            )
    return RulesAudit(checked, _releases_breach(app))


def _releases_breach(app: Any) -> str | None:
    """The first release event its release's history does not allow (an event dated
    before the announcement, a second going live), in one line; None when none."""
    from ledger.store.mapper import UntrustedEvent

    for originator_id in app.recorder.originator_ids(RELEASE):
        try:
            state = fold_release(app.repository.get(originator_id).events)
        except UntrustedEvent as error:
            return f"{originator_id} cannot be read: {error}"
        if state is not None and state.violations:
            event, reason = state.violations[0]
            return (
                f"{originator_id} v{event.originator_version} ({event.label} of {event.on}, "
                f"event {event.event_id}) is recorded against its release's history: {reason}"
            )
    return None
