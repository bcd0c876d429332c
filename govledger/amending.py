"""Corrections, retractions and citations: new events about a recorded event (its id,
or a unique prefix of it, as `history` and `events` show it), which is never changed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from govledger.recording import Recording
from govledger.times import Day, text


def event_id(value: UUID | str) -> UUID | str:
    """An event's id, or a unique prefix of one, which the ledger resolves or refuses."""
    return value if isinstance(value, UUID) else str(value)


class Amending(Recording):
    def correct(self, event: UUID | str, *, changes: dict[str, Any], reason: str) -> str:
        """Supersede facts of a recorded event (`changes`: field to value; a list field as
        a whole list; None for unknown); returns what was corrected."""
        what = self.app.correct(event_id(event), changes, reason, self.actor)
        self._keep_tables()
        return what

    def retract(self, event: UUID | str, *, reason: str) -> str:
        """Withdraw an event recorded in error; returns what was retracted."""
        what = self.app.retract(event_id(event), reason, self.actor)
        self._keep_tables()
        return what

    def cite(
        self,
        event: UUID | str,
        *,
        source: str,
        on: Day | None = None,
        disputes: dict[str, Any] | None = None,
    ) -> tuple[str, list[Any]]:
        """A further source of a recorded event, dated `on` (default today): confirming it,
        or giving other values (`disputes`: fact to value); returns what was cited and the
        disputes recorded."""
        found = self.app.cite(event_id(event), source, dict(disputes or {}), self.actor, text(on))
        self._keep_tables()
        return found
