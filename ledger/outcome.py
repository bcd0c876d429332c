"""What a use case recorded (or, in a dry run, would record): each event it wrote, told
as the domain tells it; and what an import read, stored and found already held."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate
from ledger.domain.citations import Dispute, disputes_of
from ledger.domain.fold import fold, label_of
from ledger.domain.proposal import Proposal
from ledger.domain.release import Release
from ledger.domain.version import CodeVersion


@dataclass(frozen=True)
class Implied:
    """A stage the event implies, shown as implied and never recorded."""

    step: str
    status: str


@dataclass(frozen=True)
class RecordedEvent:
    """One event written: its id, what it is about, the step, and what it changed."""

    event: ev.LedgerEvent
    subject: str  # SECMP0035, SEC 5.8, November 2019 SEC Release
    step: str  # the step in the words of the process in force when it happened
    status_before: str | None = None  # a proposal's status before this was recorded
    status_after: str | None = None
    implied: tuple[Implied, ...] = ()
    path_unresolved: bool = False  # a vote whose path no source gives
    told: str | None = None  # what a release's history now tells of it
    again: bool = False  # a version recorded again once its earlier record was retracted
    disputes: tuple[Dispute, ...] = ()  # the facts a citation disputes

    @property
    def event_id(self) -> UUID:
        return self.event.event_id

    @property
    def kind(self) -> str:
        return self.event.kind


@dataclass(frozen=True)
class Outcome:
    """The events one use case wrote, in the order they are stored; none when the event
    was already held. `dry_run`: checked as if recorded, nothing written."""

    events: tuple[RecordedEvent, ...] = ()
    dry_run: bool = False
    about: str | None = None  # the event a correction, retraction or citation is about

    @property
    def recorded(self) -> bool:
        return bool(self.events)

    @property
    def disputes(self) -> tuple[Dispute, ...]:
        return tuple(d for e in self.events for d in e.disputes)

    def of_kind(self, *kinds: str) -> list[RecordedEvent]:
        return [e for e in self.events if e.kind in kinds]


@dataclass(frozen=True)
class ImportOutcome:
    """An import's account: every line read, the events stored (a version's line can
    store its proposals' implementations too), and the lines whose events the ledger
    already held."""

    lines_read: int
    events_stored: int
    lines_held: int
    dry_run: bool = False


def written(aggregates: Iterable[LedgerAggregate]) -> tuple[RecordedEvent, ...]:
    """The pending events of `aggregates` (before they are saved), each told."""
    told: list[RecordedEvent] = []
    for aggregate in aggregates:
        pending = list(aggregate._pending)
        if not pending:
            continue
        if isinstance(aggregate, Proposal):
            told += _proposal(aggregate, pending)
        elif isinstance(aggregate, CodeVersion):
            told += _version(aggregate, pending)
        elif isinstance(aggregate, Release):
            told += _release(aggregate, pending)
    return tuple(told)


def _proposal(proposal: Proposal, pending: list[ev.LedgerEvent]) -> list[RecordedEvent]:
    before = fold(proposal.events[: len(proposal.events) - len(pending)])
    after = fold(proposal.events)  # None when the only step it had is retracted
    vote = after.unresolved_vote if after is not None else None
    gaps = after.gaps if after is not None else []
    told = []
    for event in pending:
        assert isinstance(event, ev.ProposalEvent)
        mine = event.event_id
        cited: tuple[Dispute, ...] = ()
        if isinstance(event, ev.Cited):
            cited = tuple(d for d in disputes_of(proposal.events) if d.citation.event_id == mine)
        implied = tuple(Implied(step, to) for _, step, to, by in gaps if by.event_id == mine)
        told.append(
            RecordedEvent(
                event,
                after.shown_id if after is not None else proposal.proposal_id,
                label_of(proposal.code, event),
                before.status if before is not None else None,
                after.status if after is not None else None,
                implied,
                vote is not None and vote.event_id == mine,
                disputes=cited,
            )
        )
    return told


def _version(version: CodeVersion, pending: list[ev.LedgerEvent]) -> list[RecordedEvent]:
    made = version.standing or version.effective
    again = sum(isinstance(e, ev.VersionEffective) for e in version.events) > 1
    return [RecordedEvent(e, made.subject, e.kind.replace("_", " "), again=again) for e in pending]


def _release(release: Release, pending: list[ev.LedgerEvent]) -> list[RecordedEvent]:
    state = release.state
    told = {entry.event.event_id: entry.text for entry in state.history} if state else {}
    return [
        RecordedEvent(e, release.name, e.kind.replace("_", " "), told=told.get(e.event_id))
        for e in pending
    ]
