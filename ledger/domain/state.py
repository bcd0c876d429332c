"""A proposal's state as the fold leaves it: data only (the engine is `ledger.domain.fold`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from ledger.domain import events as ev
from ledger.domain.processes import is_decided


@dataclass(frozen=True)
class TimelineEntry:
    on: str
    event: ev.ProposalEvent | None
    text: str
    implied: bool = False
    pending: bool = False


@dataclass(frozen=True)
class Transition:
    on: str
    from_status: str | None
    to_status: str
    event: ev.ProposalEvent


@dataclass(frozen=True)
class Snapshot:
    """The register row's facts at one moment: what a validity interval holds."""

    title: str | None
    proposer: str | None
    path: str | None
    path_implied: str | None
    status: str | None
    status_since: str | None
    raised_on: str | None
    decided_on: str | None
    implemented_in: str | None
    reference: str | None


SNAPSHOT_FIELDS = tuple(f.name for f in fields(Snapshot))


@dataclass
class ProposalState:
    code: str
    proposal_id: str  # the stored key: one for every id the proposal has had
    reference: str | None = None  # the id it goes by: DP150 until converted, MP150 after
    title: str | None = None
    proposer: str | None = None
    path: str | None = None
    path_implied: str | None = None
    status: str | None = None
    status_since: str | None = None
    raised_on: str | None = None
    decided_on: str | None = None
    implemented_in: str | None = None
    consultation_deadline: str | None = None
    referred_to: str | None = None
    suspended_from: str | None = None
    alternative_of: str | None = None
    variant: str | None = None
    process: str | None = None  # the name of the process its last step was judged by
    reported_on: date | None = None
    status_before_report: str | None = None
    unresolved_vote: ev.ProposalEvent | None = None  # a vote whose path no source gives
    references: list[tuple[str, str]] = field(default_factory=list)  # (id, from when)
    parts: dict[str, str] = field(default_factory=dict)  # each part implemented, and when
    # steps no event records that a later one implies: (on, step, status, implied by)
    gaps: list[tuple[str, str, str, ev.ProposalEvent]] = field(default_factory=list)
    titles: list[tuple[str, str | None]] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    pending: list[ev.ProposalEvent] = field(default_factory=list)
    violations: list[tuple[ev.ProposalEvent, str]] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    # the event each fact of the register row comes from, by the state's name for the fact
    given_by: dict[str, ev.ProposalEvent] = field(default_factory=dict)
    last_applied: ev.ProposalEvent | None = None
    applied: int = 0

    def snapshot(self) -> Snapshot:
        return Snapshot(**{name: getattr(self, name) for name in SNAPSHOT_FIELDS})

    @property
    def is_open(self) -> bool:
        return self.status is not None and not is_decided(self.code, self.status)

    @property
    def first_seen(self) -> str | None:
        return self.timeline[0].on if self.timeline else None

    @property
    def shown_id(self) -> str:
        return self.reference or self.proposal_id
