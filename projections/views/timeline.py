"""A proposal's dated timeline and its raw recorded events, as the read commands show them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ledger.domain import events as ev
from ledger.domain.citations import STATUS, disputes_of, fact_of, sources_of, statuses_after
from ledger.domain.corrections import as_it_stood, facts_before, status_of
from ledger.domain.dates import effective_date
from ledger.domain.fold import told
from ledger.domain.ids import split_id
from ledger.domain.schedules import announcement
from ledger.domain.state import ProposalState
from projections.views.disputes import by_event


def timeline_rows(
    state: ProposalState, recorded: Sequence[ev.ProposalEvent] = ()
) -> list[dict[str, Any]]:
    """The dated timeline, then what is pending (a schedule says when it was announced);
    given the proposal's `recorded` events, each event with every source that gives it
    and its disputed facts marked."""
    rows = []
    marks = by_event(disputes_of(recorded))
    for entry in state.timeline:
        event = entry.event
        row = {
            "on": entry.on,
            "what": with_announcement(entry.text, event),
            "implied": entry.implied,
            "source": sources(event, recorded) if event else None,
            "event_id": str(event.event_id) if event else None,
        }
        if event is not None and event.event_id in marks:
            row["disputes"] = marks[event.event_id]
        rows.append(row)
    for event in state.pending:
        rows.append(
            {
                "on": event.on,
                "what": with_announcement(f"pending: {told(state.code, event)}", event),
                "implied": False,
                "source": sources(event, recorded) if recorded else event.source,
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
    by_id = {e.event_id: e for e in recorded}
    marks = by_event(disputes_of(recorded))
    for event in recorded:
        if not isinstance(event, ev.ABOUT_OTHERS) and effective_date(event.on) > as_of:
            continue
        what = told(split_id(event.originator_id)[0], event)
        if isinstance(event, ev.CORRECTIONS) and event.corrects in by_id:
            what = correction_text(event, facts_before(event, recorded))
        if isinstance(event, ev.CITATIONS) and event.cites in by_id:
            what = citation_text(event, by_id[event.cites], recorded)
        row = {
            "recorded_at": event.timestamp.isoformat(timespec="seconds"),
            "happened_on": event.on,
            "kind": event.kind,
            "what": what,
            "standing": status_of(event.event_id, recorded) or "as recorded",
            "actor": event.actor,
            "source": sources(event, recorded),
            "note": event.note,
            "event_id": str(event.event_id),
        }
        if event.event_id in marks:
            row["disputes"] = marks[event.event_id]
        shown.append(row)
    return shown


def sources(event: ev.LedgerEvent, recorded: Sequence[ev.LedgerEvent]) -> str | None:
    """Every source that gives `event`, in one cell: its own, then those that confirm it."""
    return "; ".join(sources_of(event, recorded)) or None


def citation_text(
    citation: ev.Cited, cited: ev.LedgerEvent, recorded: Sequence[ev.LedgerEvent]
) -> str:
    """`citation of event ID: confirms it`, or `...: gives on '2019-06-14' where the
    record had '2019-06-12'` (as the event stood when the source was cited)."""
    if not citation.disputes:
        return f"citation of event {citation.cites}: confirms it"
    before = as_it_stood(cited, citation.event_id, recorded)
    statuses = statuses_after(recorded) if STATUS in citation.disputes else {}
    given = "; ".join(
        f"{name} {_fact(value)} where the record had {_fact(fact_of(before, name, statuses))}"
        for name, value in citation.disputes.items()
    )
    return f"citation of event {citation.cites}: gives {given}"


def correction_text(correction: ev.Correction, before: dict[str, Any]) -> str:
    """`correction of event ID: on from '2017-04-04' to '2017-04-03' (reason)`."""
    changed = "; ".join(
        f"{name} from {_fact(before.get(name))} to {_fact(value)}"
        for name, value in correction.changes.items()
    )
    return f"correction of event {correction.corrects}: {changed} ({correction.reason})"


def _fact(value: Any) -> str:
    return "(none)" if value is None else repr(value)
