"""A proposal's dated timeline and its raw recorded events, as the read commands show them."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain import events as ev
from ledger.domain.corrections import facts_before, status_of
from ledger.domain.dates import effective_date
from ledger.domain.fold import told
from ledger.domain.ids import split_id
from ledger.domain.schedules import announcement
from ledger.domain.state import ProposalState


def timeline_rows(state: ProposalState) -> list[dict[str, Any]]:
    """The dated timeline, then what is pending; a schedule says when it was announced."""
    rows = []
    for entry in state.timeline:
        event = entry.event
        rows.append(
            {
                "on": entry.on,
                "what": with_announcement(entry.text, event),
                "implied": entry.implied,
                "source": event.source if event else None,
                "event_id": str(event.event_id) if event else None,
            }
        )
    for event in state.pending:
        rows.append(
            {
                "on": event.on,
                "what": with_announcement(f"pending: {told(state.code, event)}", event),
                "implied": False,
                "source": event.source,
                "event_id": str(event.event_id),
            }
        )
    return rows


def with_announcement(text: str, event: ev.ProposalEvent | None) -> str:
    """A schedule's entry with its announcement date, or that no source gives it."""
    if not isinstance(event, ev.Scheduled):
        return text
    return f"{text} ({announcement(event.announced)})"


def history_rows(recorded: list[ev.ProposalEvent], as_of: date) -> list[dict[str, Any]]:
    """The recorded events that happened by `as_of`, corrections and retractions marked;
    a correction says what each fact it changed was, and what it became."""
    shown = []
    ids = {e.event_id for e in recorded}
    for event in recorded:
        is_amendment = isinstance(event, ev.AMENDMENTS)
        if not is_amendment and effective_date(event.on) > as_of:
            continue
        what = told(split_id(event.originator_id)[0], event)
        if isinstance(event, ev.CORRECTIONS) and event.corrects in ids:
            what = correction_text(event, facts_before(event, recorded))
        shown.append(
            {
                "recorded_at": event.timestamp.isoformat(timespec="seconds"),
                "happened_on": event.on,
                "kind": event.kind,
                "what": what,
                "standing": status_of(event.event_id, recorded) or "as recorded",
                "actor": event.actor,
                "source": event.source,
                "note": event.note,
                "event_id": str(event.event_id),
            }
        )
    return shown


def correction_text(correction: ev.Correction, before: dict[str, Any]) -> str:
    """`correction of event ID: on from '2017-04-04' to '2017-04-03' (reason)`."""
    changed = "; ".join(
        f"{name} from {_fact(before.get(name))} to {_fact(value)}"
        for name, value in correction.changes.items()
    )
    return f"correction of event {correction.corrects}: {changed} ({correction.reason})"


def _fact(value: Any) -> str:
    return "(none)" if value is None else repr(value)
