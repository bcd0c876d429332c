"""Citations: further sources for a recorded event, each confirming it or disputing facts.

A citation is a new event that points at the one it cites; nothing recorded changes. A
disputed fact keeps one standing value, the recorded one as its corrections leave it;
reading sets each dispute against it: a dispute whose value the fact now holds (a
correction adopted it) reads as settled. Besides an event's own facts, a source may
dispute the status a step left its proposal in (what a published register shows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain.corrections import PROTECTED, as_it_stood, retracted_ids, standing
from ledger.domain.errors import InvalidInput
from ledger.domain.facts import check_fact, subject_of
from ledger.domain.fold import fold, label_of
from ledger.domain.ids import split_id
from ledger.domain.process import Process

STATUS = "status"  # the status a step left its proposal in: a fact of each step that set one
NOT_FACTS = PROTECTED | {"source", "note", "title_as_given", "written_as"}


def sources_of(event: ev.LedgerEvent, events: Sequence[ev.LedgerEvent]) -> list[str]:
    """Every source of `event`: its own, then each standing citation's that confirms it."""
    found = [event.source] if event.source else []
    found += [c.source for c in confirmations(event.event_id, events) if c.source]
    return list(dict.fromkeys(found))


def confirmations(event_id: UUID, events: Sequence[ev.LedgerEvent]) -> list[ev.Cited]:
    return [c for c in citations_of(event_id, events) if not c.disputes]


def citations_of(event_id: UUID, events: Sequence[ev.LedgerEvent]) -> list[ev.Cited]:
    """The standing citations of one event, in record order."""
    gone = retracted_ids(events)
    return [
        e
        for e in events
        if isinstance(e, ev.CITATIONS) and e.cites == event_id and e.event_id not in gone
    ]


def disputable(event: ev.LedgerEvent, statuses: Mapping[UUID, str]) -> tuple[str, ...]:
    """The facts of `event` a source can give otherwise: its date and its own facts, and
    the status it left its proposal in where it set one (`statuses`, of `statuses_after`)."""
    names = [n for n in type(event).model_fields if n not in NOT_FACTS]
    if STATUS not in names and event.event_id in statuses:
        names.append(STATUS)
    return tuple(names)


def statuses_after(events: Sequence[ev.LedgerEvent]) -> dict[UUID, str]:
    """The status each step among one proposal's `events` left it in, for each step that
    changed it (none for a version's)."""
    state = fold([e for e in events if isinstance(e, ev.ProposalEvent)])
    return {t.event.event_id: t.to_status for t in state.transitions} if state else {}


def described(event: ev.LedgerEvent) -> str:
    """An event as a citation names it: `Change Board vote on 2019-06-12`, `implemented in
    a SEC Release on 2020-11-29` (a step's label, whether a noun or a verb, then its date)."""
    if isinstance(event, ev.ProposalEvent):
        return f"{label_of(split_id(event.originator_id)[0], event)} on {event.on}"
    return f"{event.kind.replace('_', ' ')} on {event.on}"


def fact_of(event: ev.LedgerEvent, fact: str, statuses: Mapping[UUID, str]) -> Any:
    """The value a fact of `event` (as it stands) holds; `statuses` of `statuses_after`."""
    if fact == STATUS and STATUS not in type(event).model_fields:
        return statuses.get(event.event_id)
    return getattr(event, fact)


def check_citation(
    process: Process,
    target: ev.LedgerEvent,
    events: Sequence[ev.LedgerEvent],
    source: str | None,
    disputes: dict[str, Any],
    subject: str = "",
) -> None:
    """Refuse a citation of `target` (as it stands) that names no source, disputes a fact
    the event does not have, gives a value that is no value or the standing one, or says
    again what a standing citation of the same source says. `subject` names what the
    event is of (by default its stored name)."""
    subject, what = subject or subject_of(target), described(target)
    if not (source or "").strip():
        raise InvalidInput(
            f"{subject}: a citation names its source (--source): the document, section or "
            "meeting that gives it"
        )
    statuses = statuses_after(events) if disputes else {}  # one fold, only for a dispute
    facts = disputable(target, statuses)
    fields = type(target).model_fields
    for name, value in disputes.items():
        if name not in facts:
            raise InvalidInput(
                f"{subject}: {what} has no fact {name!r} "
                f"(the facts a source can dispute: {', '.join(facts)})"
            )
        if value is None or value == "" or value == []:
            raise InvalidInput(
                f"{subject}: the disputed {name} is empty: a dispute gives the value its "
                "source gives"
            )
        try:
            if name in fields:
                check_fact(process, target.kind, name, value, fields[name])
            else:
                process.check_status(value)
        except InvalidInput as error:
            raise InvalidInput(f"{subject}: {error}") from None
        if value == fact_of(target, name, statuses):
            raise InvalidInput(
                f"{subject}: {what} has {name} {value!r} as it stands: a source that gives "
                f"the same confirms it (cite it without --disputes {name}=...)"
            )
    for earlier in citations_of(target.event_id, events):
        if earlier.source == source and earlier.disputes == disputes:
            said = "giving the same values" if disputes else "confirming it"
            raise InvalidInput(
                f"{subject}: {source!r} is already cited for {what}, {said} "
                f"(event {earlier.event_id})"
            )


@dataclass(frozen=True)
class Dispute:
    """One fact of a recorded event that a cited source gives otherwise."""

    event: ev.LedgerEvent  # the cited event, its facts as they stand
    fact: str
    standing: Any  # the value the ledger holds
    standing_sources: tuple[str, ...]  # where that value comes from
    value: Any  # the value the citing source gives
    citation: ev.Cited
    was: Any  # the value the source disputed: the fact as it stood when it was cited
    settled_by: UUID | None  # the correction that adopted the source's value, if one did

    @property
    def settled(self) -> bool:
        """Whether the standing value is now the one the source gives."""
        return self.standing == self.value

    @property
    def source(self) -> str:
        return self.citation.source or ""


def disputes_of(events: Sequence[ev.LedgerEvent]) -> list[Dispute]:
    """Every dispute among one aggregate's events (recorded order), of an event that stands,
    by a citation that stands; settled ones too."""
    events = list(events)
    found: list[Dispute] = []
    by_id, gone = {e.event_id: e for e in standing(events)}, retracted_ids(events)
    disputing = [e for e in events if isinstance(e, ev.CITATIONS) and e.disputes]
    statuses = statuses_after(events) if any(STATUS in c.disputes for c in disputing) else {}
    for citation in disputing:
        target = by_id.get(citation.cites)
        if target is None or citation.event_id in gone:
            continue
        recorded = next(e for e in events if e.event_id == citation.cites)
        before = as_it_stood(recorded, citation.event_id, events)
        for fact, value in citation.disputes.items():
            now = fact_of(target, fact, statuses)
            found.append(
                Dispute(
                    event=target,
                    fact=fact,
                    standing=now,
                    standing_sources=_sources_of_fact(target, fact, now, events),
                    value=value,
                    citation=citation,
                    was=fact_of(before, fact, statuses),
                    settled_by=_adopted_by(citation, fact, events) if now == value else None,
                )
            )
    return found


def _corrections_of(event_id: UUID, fact: str, events: Sequence[ev.LedgerEvent]) -> list[Any]:
    """The standing corrections that set `fact` of one event, in record order."""
    gone = retracted_ids(events)
    return [
        e
        for e in events
        if isinstance(e, ev.CORRECTIONS)
        and e.corrects == event_id
        and fact in e.changes
        and e.event_id not in gone
    ]


def _sources_of_fact(
    event: ev.LedgerEvent, fact: str, now: Any, events: Sequence[ev.LedgerEvent]
) -> tuple[str, ...]:
    """Where a fact's standing value comes from: the event's sources, or the correction
    that last set it and the confirmations recorded since; and each cited source that
    gives that value."""
    corrections = _corrections_of(event.event_id, fact, events)
    if not corrections:
        found = sources_of(event, events)
    else:
        last = corrections[-1]
        order = {e.event_id: number for number, e in enumerate(events)}
        found = [f"correction {last.event_id} ({last.reason})"]
        found += [
            c.source
            for c in confirmations(event.event_id, events)
            if c.source and order[c.event_id] > order[last.event_id]
        ]
    found += [
        c.source
        for c in citations_of(event.event_id, events)
        if c.source and fact in c.disputes and c.disputes[fact] == now
    ]
    return tuple(dict.fromkeys(found))


def _adopted_by(citation: ev.Cited, fact: str, events: Sequence[ev.LedgerEvent]) -> UUID | None:
    """The last standing correction that gave `fact` the value `citation` gives."""
    adopting = [
        c
        for c in _corrections_of(citation.cites, fact, events)
        if c.changes[fact] == citation.disputes[fact]
    ]
    return adopting[-1].event_id if adopting else None
