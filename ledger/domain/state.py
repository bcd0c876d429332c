"""A proposal's state as a pure fold of its recorded events, in the order they happened.

Events are applied by when they happened (valid time), not by when they were
recorded: a back-dated event takes its place in the story. A baseline (a
register's report "as of" a date) comes first among the events of its date;
since a report dated only by its month cannot say whether a decision of the
same month came before it, such a decision is checked against the stage the
proposal had before the report. An event the process does not
allow is not applied; it is kept in `violations`, so that history stays
readable even if a later release tightens the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from ledger.domain import events as ev
from ledger.domain import process as p
from ledger.domain.corrections import standing, visible
from ledger.domain.dates import effective_date
from ledger.domain.ids import split_id


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


_SNAPSHOT_FIELDS = tuple(f.name for f in fields(Snapshot))


@dataclass
class ProposalState:
    code: str
    proposal_id: str
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
    reported_on: date | None = None
    status_before_report: str | None = None
    titles: list[tuple[str, str | None]] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    pending: list[ev.ProposalEvent] = field(default_factory=list)
    violations: list[tuple[ev.ProposalEvent, str]] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    last_applied: ev.ProposalEvent | None = None
    applied: int = 0

    def snapshot(self) -> Snapshot:
        return Snapshot(**{name: getattr(self, name) for name in _SNAPSHOT_FIELDS})

    @property
    def is_open(self) -> bool:
        return self.status is not None and self.status not in p.DECIDED

    @property
    def first_seen(self) -> str | None:
        return self.timeline[0].on if self.timeline else None


def valid_order(events: Iterable[ev.ProposalEvent]) -> list[ev.ProposalEvent]:
    """Events in the order they happened; reports of a date after that date's acts."""
    return sorted(
        events,
        key=lambda e: (
            effective_date(e.on),
            not isinstance(e, ev.Baselined),
            e.originator_version,
        ),
    )


def fold(
    events: Iterable[ev.ProposalEvent],
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> ProposalState | None:
    """The proposal on `as_of` (valid time), as recorded by `known_at` (record time).

    None for either means no limit. None is returned when nothing about the
    proposal had happened by `as_of`.
    """
    final = None
    for final in _folding(events, as_of, known_at):  # noqa: B007 - the last state is the answer
        pass
    return final if final is not None and final.applied else None


def states_by_date(
    events: Iterable[ev.ProposalEvent], known_at: datetime | None = None
) -> list[tuple[date, Snapshot]]:
    """The proposal's register row as it stood from each date on which it changed."""
    result: list[tuple[date, Snapshot]] = []
    for state in _folding(events, None, known_at):
        if not state.applied or state.last_applied is None:
            continue
        day = effective_date(state.last_applied.on)
        snap = state.snapshot()
        if result and result[-1][0] == day:
            result[-1] = (day, snap)
        elif not result or result[-1][1] != snap:
            result.append((day, snap))
    return result


def _folding(
    events: Iterable[ev.ProposalEvent], as_of: date | None, known_at: datetime | None
) -> Iterator[ProposalState]:
    ordered = valid_order(standing(visible(events, known_at)))
    if not ordered:
        return
    code, proposal_id = split_id(ordered[0].originator_id)
    process = p.process_for(code)
    state = ProposalState(code=code, proposal_id=proposal_id)
    for event in ordered:
        if as_of is not None and effective_date(event.on) > as_of:
            if isinstance(event, ev.Scheduled):
                state.pending.append(event)
            continue
        reason = _refusal(process, state, event)
        if reason:
            state.violations.append((event, reason))
            continue
        _apply(process, state, event)
        yield state
    yield state


def refusal_of(
    events: list[ev.ProposalEvent], new: ev.ProposalEvent, running: RunningFold | None = None
) -> str | None:
    """Why recording `new` among `events` is not allowed, or None if it is.

    With the `running` fold of `events`, the common case (a next step that
    happened after everything recorded) costs one step of the fold; anything
    else replays the history with and without `new`.
    """
    if running is not None:
        answered, reason = running.refusal(new)
        if answered:
            return reason
    before = fold(events)
    known = {e.event_id for e, _ in before.violations} if before else set()
    after = fold([*events, new])
    for event, reason in after.violations if after else []:
        if event.event_id in known:
            continue
        if event.event_id == new.event_id or getattr(new, "corrects", None) == event.event_id:
            return reason
        label = p.process_for(split_id(event.originator_id)[0]).step(event.kind).label
        return (
            f"it would make the recorded {label} of {event.on} "
            f"(event {event.event_id}) impossible: {reason}"
        )
    return None


def _order_key(e: ev.ProposalEvent) -> tuple[date, bool, int]:
    return effective_date(e.on), not isinstance(e, ev.Baselined), e.originator_version


def _is_plain(e: ev.ProposalEvent) -> bool:
    return not isinstance(e, (*ev.CORRECTIONS, *ev.RETRACTIONS))


class RunningFold:
    """A proposal's fold, kept step by step while its events arrive in the order they
    happened. When one arrives out of that order, or amends another, it goes stale
    and the full fold answers instead. When every event sorts last on arrival,
    arrival order is valid-time order, so this is the fold's own answer.
    """

    def __init__(self) -> None:
        self.state: ProposalState | None = None
        self.process: p.Process | None = None
        self.last: tuple[date, bool, int] | None = None
        self.stale = False

    def append(self, event: ev.ProposalEvent) -> None:
        if self.stale:
            return
        key = _order_key(event)
        if not _is_plain(event) or (self.last is not None and key < self.last):
            self.stale = True
            return
        if self.state is None or self.process is None:
            code, proposal_id = split_id(event.originator_id)
            self.process = p.process_for(code)
            self.state = ProposalState(code=code, proposal_id=proposal_id)
        _step(self.process, self.state, event)
        self.last = key

    def refusal(self, new: ev.ProposalEvent) -> tuple[bool, str | None]:
        """(True, reason) when this fold can answer for `new`; (False, None) otherwise."""
        if self.stale or self.state is None or self.process is None or not self.state.applied:
            return False, None
        if not _is_plain(new) or self.last is None or _order_key(new) < self.last:
            return False, None
        return True, _refusal(self.process, self.state, new)


def _step(process: p.Process, state: ProposalState, event: ev.ProposalEvent) -> None:
    reason = _refusal(process, state, event)
    if reason:
        state.violations.append((event, reason))
    else:
        _apply(process, state, event)


def _refusal(process: p.Process, s: ProposalState, e: ev.ProposalEvent) -> str | None:
    step = process.step(e.kind)
    if isinstance(e, ev.Submitted):
        return None if s.applied == 0 else "it is already in the ledger"
    if isinstance(e, ev.Baselined):
        return None
    if isinstance(e, ev.AuthorityDetermined) and s.path in process.self_governance_paths:
        return (
            f"it is on Path {s.path} ({process.paths[s.path]}), "
            "where the Change Board decides, not the Authority"
        )
    status = s.status
    if s.reported_on is not None and s.reported_on == effective_date(e.on):
        status = s.status_before_report
    if status is not None and status not in step.allowed_from:
        return f"its status is {status}"
    if isinstance(e, ev.ChangeBoardVoted) and s.path is None:
        return "its path is not recorded, so the vote's effect is unknown"
    return None


def _apply(process: p.Process, s: ProposalState, e: ev.ProposalEvent) -> None:
    step = process.step(e.kind)
    if s.status is None and step.implies and not isinstance(e, ev.Baselined):
        s.timeline.append(
            TimelineEntry(e.on, None, f"{step.implies} (implied by the {step.label})", True)
        )
    before = s.status
    _EFFECTS[type(e)](process, s, e)
    if e.title_as_given:
        s.titles.append((e.title_as_given, e.source))
    if s.status != before and s.status is not None:
        s.status_since = e.on
        s.transitions.append(Transition(e.on, before, s.status, e))
    s.timeline.append(TimelineEntry(e.on, e, e.summary()))
    s.last_applied = e
    s.applied += 1


def _submitted(_: p.Process, s: ProposalState, e: ev.Submitted) -> None:
    s.title, s.proposer, s.raised_on, s.status = e.title, e.proposer, e.on, p.SUBMITTED
    s.titles.append((e.title, e.source))


def _baselined(_: p.Process, s: ProposalState, e: ev.Baselined) -> None:
    s.reported_on, s.status_before_report = effective_date(e.on), s.status
    s.title = s.title or e.title
    s.titles.append((e.title, e.source))
    s.proposer = e.proposer or s.proposer
    s.path = e.path or s.path
    s.status = e.status or s.status


def _imr(process: p.Process, s: ProposalState, e: ev.ImrConsidered) -> None:
    if e.outcome == "accepted":
        s.path = e.path
        s.status = process.routes.get(e.route or "", s.status)
    else:
        s.referred_to = e.referred_to
        s.status = s.status or p.SUBMITTED


def _set(status: str):  # type: ignore[no-untyped-def]
    def effect(_: p.Process, s: ProposalState, e: ev.ProposalEvent) -> None:
        s.status = status
        if status in p.DECIDED:
            s.decided_on = e.on

    return effect


def _consultation(_: p.Process, s: ProposalState, e: ev.ConsultationIssued) -> None:
    s.status, s.consultation_deadline = p.REPORT_PHASE, e.deadline


def _vote(process: p.Process, s: ProposalState, e: ev.ChangeBoardVoted) -> None:
    assert s.path is not None
    if process.decides_after_vote(s.path):
        s.status = p.APPROVED if e.outcome == "approve" else p.REJECTED
        s.decided_on = e.on
    else:
        s.status = p.AUTHORITY_DETERMINATION


def _determined(process: p.Process, s: ProposalState, e: ev.AuthorityDetermined) -> None:
    if s.path is None:
        others = sorted(set(process.paths) - process.self_governance_paths)
        s.path_implied = " or ".join(others)
    s.status = p.APPROVED if e.outcome == "approve" else p.REJECTED
    s.decided_on = e.on


def _suspended(_: p.Process, s: ProposalState, __: ev.Suspended) -> None:
    s.suspended_from, s.status = s.status, p.SUSPENDED


def _resumed(_: p.Process, s: ProposalState, __: ev.Resumed) -> None:
    s.status, s.suspended_from = s.suspended_from or s.status, None


def _implemented(_: p.Process, s: ProposalState, e: ev.Implemented) -> None:
    s.status, s.implemented_in = p.IMPLEMENTED, e.version


def _nothing(_: p.Process, __: ProposalState, ___: ev.ProposalEvent) -> None:
    return None


_EFFECTS = {
    ev.Submitted: _submitted,
    ev.Baselined: _baselined,
    ev.ImrConsidered: _imr,
    ev.RefinementStarted: _set(p.REFINEMENT),
    ev.ConsultationIssued: _consultation,
    ev.ConsultationClosed: _set(p.CHANGE_BOARD),
    ev.ChangeBoardVoted: _vote,
    ev.AuthorityDetermined: _determined,
    ev.Withdrawn: _set(p.WITHDRAWN),
    ev.Cancelled: _set(p.CANCELLED),
    ev.Suspended: _suspended,
    ev.Resumed: _resumed,
    ev.Implemented: _implemented,
    ev.Scheduled: _nothing,
}
