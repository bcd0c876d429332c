"""A proposal's state as a pure fold of its recorded events, in the order they happened.

The engine knows no code's words: each event is judged by the process in force
on the date it happened (`process_for(code, on)`), whose step says from which
statuses it may be taken and what it leads to. Events are applied by when they
happened (valid time), not by when they were recorded: a back-dated event
takes its place in the story. A baseline (a register's report "as of" a date)
comes first among the events of its date; since a report dated only by its
month cannot say whether a decision of the same month came before it, such a
decision is checked against the stage the proposal had before the report. An
event the process does not allow is not applied; it is kept in `violations`,
so that history stays readable even if a later release tightens the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from ledger.domain import events as ev
from ledger.domain.corrections import standing, visible
from ledger.domain.dates import effective_date
from ledger.domain.ids import split_id
from ledger.domain.process import IMPLEMENTATION_STAGES, VOTE_READINGS, Process, Step, step_key
from ledger.domain.processes import process_on
from ledger.domain.schedules import is_pending
from ledger.domain.state import ProposalState, Snapshot, TimelineEntry, Transition

OrderKey = tuple[date, bool, int]


def order_key(e: ev.ProposalEvent) -> OrderKey:
    """When it happened; a report of a date after that date's acts; then record order."""
    return effective_date(e.on), not isinstance(e, ev.Baselined), e.originator_version


def valid_order(events: Iterable[ev.ProposalEvent]) -> list[ev.ProposalEvent]:
    return sorted(events, key=order_key)


def process_of(code: str, event: ev.LedgerEvent) -> Process:
    """The process in force for `code` when `event` happened."""
    return process_on(code, event.on)


def event_key(event: ev.ProposalEvent) -> str:
    """The key of the step an event records (a milestone's carries its name)."""
    return step_key(event.kind, event.step if isinstance(event, ev.Milestone) else "")


def step_of(process: Process, event: ev.ProposalEvent) -> Step | None:
    return process.by_key.get(event_key(event))


def label_of(code: str, event: ev.ProposalEvent) -> str:
    """The step's name in the words of the process in force when it happened."""
    step = step_of(process_of(code, event), event)
    return step.label if step else event.kind.replace("_", " ")


def told(code: str, event: ev.ProposalEvent) -> str:
    """The event in a sentence, in the words of the process in force when it happened."""
    return _told(process_of(code, event), event)


def _told(process: Process, event: ev.ProposalEvent, step: Step | None = None) -> str:
    """`told`, with the step when the caller has it. The SEC's processes tell an event by
    its own summary; the others, and every milestone, by the step's label."""
    summarised = process.told_by == "summary" and not isinstance(event, ev.Milestone)
    if summarised or isinstance(event, ev.ABOUT_OTHERS):
        return event.summary()
    step = step or step_of(process, event)
    if step is None:
        return event.summary()
    details = _details(process, event)
    return f"{step.label}: {details}" if details else step.label


def _details(process: Process, e: ev.ProposalEvent) -> str:
    """The facts of an event beyond its step, for a sentence that starts with the step."""
    if isinstance(e, ev.Submitted):
        alternative = f" (an alternative to {e.alternative_of})" if e.alternative_of else ""
        by = f"by {e.proposer}" if e.proposer else "proposer not recorded"
        return f"{by}: {e.title or 'title not recorded'}{alternative}"
    if isinstance(e, ev.ImrConsidered):
        if e.outcome == "referred":
            under = f" under {e.clause}" if e.clause else ""
            return f"referred to {e.referred_to}{under}"
        path = process.path_phrase(e.path) if e.path else "path not recorded"
        return f"{path}, {_route(e.route)}"
    if isinstance(e, ev.Converted):
        on_path = f"{process.path_phrase(e.path)}, " if e.path else ""
        return f"now {e.reference}: {on_path}{_route(e.route)}"
    if isinstance(e, ev.ConsultationIssued):
        return f"responses by {e.deadline or 'a date not recorded'}"
    if isinstance(e, ev.ChangeBoardVoted):
        return f"{e.outcome} (a {e.taken_as})" if e.taken_as else e.outcome
    if isinstance(e, ev.AuthorityDetermined):
        return f"{e.outcome} by {e.authority}"
    if isinstance(e, ev.Cancelled | ev.Suspended):
        under = f" under {e.clause}" if e.clause else ""
        return f"by direction of {e.directed_by}{under}"
    if isinstance(e, ev.Implemented):
        return e.summary().removeprefix("implemented").removeprefix(" ")
    if isinstance(e, ev.Scheduled):
        return e.what
    if isinstance(e, ev.Baselined | ev.Milestone):
        return e.summary()
    return ""


def _route(route: str | None) -> str:
    return f"to {route}" if route else "route not recorded"


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
    code, key = split_id(ordered[0].originator_id)
    state = ProposalState(code=code, proposal_id=key)
    for event in ordered:
        if as_of is not None and effective_date(event.on) > as_of:
            if isinstance(event, ev.Scheduled) and is_pending(event.on, event.announced, as_of):
                state.pending.append(event)
            continue
        take(state, event)
        yield state
    yield state


def take(state: ProposalState, event: ev.ProposalEvent) -> None:
    """One step of the fold: apply `event`, or keep it among the violations."""
    process = process_of(state.code, event)
    step = step_of(process, event)
    reason = _refusal(process, step, state, event)
    if reason:
        state.violations.append((event, reason))
    else:
        assert step is not None
        _apply(process, step, state, event)


def refusal(process: Process, s: ProposalState, e: ev.ProposalEvent) -> str | None:
    """Why `process` does not let `e` happen to a proposal in state `s`, or None."""
    return _refusal(process, step_of(process, e), s, e)


def _refusal(
    process: Process, step: Step | None, s: ProposalState, e: ev.ProposalEvent
) -> str | None:
    if step is None:
        return "it is not a step of this process"
    if not step.allowed_from and s.applied:
        return "it is already in the ledger"
    if step.not_on_self_governance and s.path in process.self_governance_paths:
        voter = _voting_body(process)
        return (
            f"it is on {process.path_phrase(s.path)}, where the {voter} decides, not the Authority"
        )
    if step.needs_path:
        misread = _misread_vote(process, s, e)
        if misread:
            return misread
    status, path = s.status, s.path
    if s.unresolved_vote is not None:
        resolved = _resolution(process, step, s)
        if resolved is None and _allowed(process, step, s.status, s.path):
            vote = s.unresolved_vote
            return (
                f"its path is not recorded, and neither reading of its "
                f"{label_of(s.code, vote)} of {vote.on} (a decision or a recommendation) "
                "allows it"
            )
        if resolved is not None and resolved is not AMBIGUOUS:
            status, path = resolved[1], _single(resolved[2])
    reported = s.reported_on is not None and s.reported_on == effective_date(e.on)
    if reported:
        status = s.status_before_report
    # a gap is no contradiction: the steps between are implied, not refused
    if (
        status is not None
        and step.allowed_from
        and status not in step.allowed_from
        and (reported or gap(process, step, status, path) is None)
    ):
        return process.status_phrase(status)
    if isinstance(e, ev.Implemented) and e.part and part_key(e.part) in s.parts:
        return f"its part {e.part!r} was implemented on {s.parts[part_key(e.part)]}"
    return None


def part_key(part: str) -> str:
    """A part as it is compared: the same words in any case and spacing."""
    return " ".join(part.split()).casefold()


def _allowed(process: Process, step: Step, status: str | None, path: str | None) -> bool:
    """Whether `step` may follow `status`, directly or across a gap."""
    if status is None or not step.allowed_from or status in step.allowed_from:
        return True
    return gap(process, step, status, path) is not None


def _misread_vote(process: Process, s: ProposalState, e: ev.ProposalEvent) -> str | None:
    """A vote read as a decision on a path where it recommends, or the other way round."""
    reading = getattr(e, "taken_as", None)
    if not reading or s.path is None or s.path in process.paths_where_vote_is(reading):
        return None
    other = next(r for r in VOTE_READINGS if r != reading)
    return (
        f"it is on {process.path_phrase(s.path)}, where the {_voting_body(process)}'s vote "
        f"is a {other}, not a {reading}"
    )


AMBIGUOUS = ("", "", ())
"""A next step both readings of an unresolved vote allow as well: it stays unresolved."""


def _resolution(
    process: Process, step: Step, s: ProposalState
) -> tuple[str, str, tuple[str, ...]] | None:
    """What a vote recorded with no path was, as the next step shows it: (reading, the
    status it led to, the paths it implies); AMBIGUOUS when both readings allow the step
    equally; None when neither does (a contradiction)."""
    vote = s.unresolved_vote
    assert vote is not None
    vote_step = step_of(process, vote)
    if vote_step is None:
        return AMBIGUOUS
    costs: list[tuple[int, str, str, tuple[str, ...]]] = []
    for reading in VOTE_READINGS:
        paths = process.paths_where_vote_is(reading)
        after = _vote_status(vote_step, vote, reading == VOTE_READINGS[0])
        if not step.allowed_from or after in step.allowed_from:
            costs.append((0, reading, after, paths))
            continue
        implied = gap(process, step, after, _single(paths))
        if implied is not None:
            costs.append((len(implied), reading, after, paths))
    if not costs:
        return None
    costs.sort()
    if len(costs) > 1 and costs[0][0] == costs[1][0]:
        return AMBIGUOUS
    _, reading, after, paths = costs[0]
    return reading, after, paths


def _single(paths: tuple[str, ...]) -> str | None:
    return paths[0] if len(paths) == 1 else None


def _vote_status(step: Step, vote: ev.ProposalEvent, decides: bool) -> str:
    effect = step.effect
    if not decides and effect.recommends:
        return effect.recommends
    return effect.choices.get(getattr(vote, effect.by, "") or "", effect.recommends or "")


def _resolve_vote(process: Process, step: Step, s: ProposalState, e: ev.ProposalEvent) -> None:
    """Read an unresolved vote as the step `e` shows it was: shown as implied."""
    vote = s.unresolved_vote
    if vote is None:
        return
    resolved = _resolution(process, step, s)
    if resolved is None or resolved is AMBIGUOUS:
        return
    reading, after, paths = resolved
    s.unresolved_vote = None
    s.path_implied = " or ".join(paths)
    vote_label = label_of(s.code, vote)
    text = f"{after} (implied: the {vote_label} of {vote.on} was a {reading}, by the {step.label})"
    s.timeline.append(TimelineEntry(e.on, None, text, True))
    s.gaps.append((e.on, f"{vote_label} of {vote.on} as a {reading}", after, e))
    if after != s.status:
        s.transitions.append(Transition(e.on, s.status, after, vote))
        s.status, s.status_since = after, e.on
        if after in process.decided and process.stage_of(after) != "implemented":
            s.decided_on = vote.on


def gap(
    process: Process, step: Step, status: str, path: str | None
) -> tuple[tuple[Step, str], ...] | None:
    """The steps no event records that `step` from `status` implies, or None when it
    contradicts the record. A step that would only bring the proposal back to where it
    is (a second start of a stage it is in) is no gap."""
    bridge = process.bridge(status, step.allowed_from, path, step.effect.to)
    if bridge is None or step.effect.to == status:
        return None
    return bridge


def _bridge(process: Process, step: Step, s: ProposalState, e: ev.ProposalEvent) -> None:
    """Take the steps a gap implies: each shown as implied, never as a recorded fact."""
    status = s.status
    if status is None or not step.allowed_from or status in step.allowed_from:
        return
    if s.reported_on is not None and s.reported_on == effective_date(e.on):
        return
    for implied, after in gap(process, step, status, s.path) or ():
        text = f"{after} (implied: {implied.label}, by the {step.label})"
        s.timeline.append(TimelineEntry(e.on, None, text, True))
        s.gaps.append((e.on, implied.label, after, e))
        s.status = after


def _later_id(process: Process, step: Step, s: ProposalState, e: ev.ProposalEvent) -> None:
    """A step written under a later id than the proposal goes by (MP150 for DP150) implies
    its conversion: the id is kept from then on, the conversion shown as implied unless the
    step's gap already implied it."""
    written = e.written_as
    current = s.reference or s.proposal_id
    if not written or written == current or not process.implies_conversion(current, written):
        return
    conversion = process.by_key.get("converted")
    label = conversion.label if conversion else "conversion"
    if not any(by is e and implied == label for _, implied, _, by in s.gaps):
        text = f"now {written} (implied: {label}, by the id the {step.label} was recorded under)"
        s.timeline.append(TimelineEntry(e.on, None, text, True))
        s.gaps.append((e.on, f"{label} as {written}", "its route not recorded", e))
    _call(s, written, e.on)


def _voting_body(process: Process) -> str:
    vote = process.by_key.get("change_board_voted")
    return vote.decision.body if vote is not None and vote.decision else "Panel"


def _apply(process: Process, step: Step, s: ProposalState, e: ev.ProposalEvent) -> None:
    if s.status is None and step.implies and not isinstance(e, ev.Baselined):
        s.timeline.append(
            TimelineEntry(e.on, None, f"{step.implies} (implied by the {step.label})", True)
        )
    _resolve_vote(process, step, s, e)
    _bridge(process, step, s, e)
    _later_id(process, step, s, e)
    before = s.status
    taken = _FACTS.get(type(e))
    if taken is not None:
        taken(process, s, e)
    s.status = _status_after(process, step, s, e)
    if s.status is None and step.implies in process.by_status:
        s.status = step.implies
    if (
        s.status != before
        and s.status in process.decided
        and process.stage_of(s.status) not in IMPLEMENTATION_STAGES
        and (before is None or before not in process.decided)
        and step.effect.by != "status"
    ):
        s.decided_on = e.on
        s.given_by["decided_on"] = e
    if e.title_as_given:
        s.titles.append((e.title_as_given, e.source))
    if s.status != before and s.status is not None:
        s.status_since = e.on
        s.given_by["status"] = s.given_by["status_since"] = e
        s.transitions.append(Transition(e.on, before, s.status, e))
    s.process = process.name
    told = _told(process, e, step)
    if isinstance(e, ev.Baselined) and s.applied:
        told = f"{told} (a confirmation: its history starts earlier)"
    s.timeline.append(TimelineEntry(e.on, e, told))
    s.last_applied = e
    s.applied += 1


def _status_after(
    process: Process, step: Step, s: ProposalState, e: ev.ProposalEvent
) -> str | None:
    effect = step.effect
    if effect.by == "form":
        return process.initial_status(s.reference or s.proposal_id)
    if effect.by == "status":
        return getattr(e, "status", None) or s.status
    if effect.suspends:
        s.suspended_from = s.status
    if effect.resumes:
        back, s.suspended_from = s.suspended_from or s.status, None
        return back
    if effect.recommends:
        decides = _decides(process, s, e)
        if decides is None:
            s.unresolved_vote = e
            return _awaiting_vote(process, step, s)
        if not decides:
            return effect.recommends
    otherwise = effect.to if effect.to is not None else s.status
    if effect.by:
        value = getattr(e, effect.by, None)
        if value is None:  # the fact that picks the status is unknown: where its id starts
            return process.initial_status(s.reference or s.proposal_id)
        return effect.choices.get(value, otherwise)
    return otherwise


def _decides(process: Process, s: ProposalState, e: ev.ProposalEvent) -> bool | None:
    """Whether a vote decides (True) or recommends (False); None when nothing says."""
    if s.path is not None:
        return process.decides_after_vote(s.path)
    reading = getattr(e, "taken_as", None)
    return None if reading is None else reading == VOTE_READINGS[0]


def _awaiting_vote(process: Process, step: Step, s: ProposalState) -> str | None:
    """Where a vote of unknown effect leaves a proposal: the stage of the vote itself."""
    voting = sorted(st for st in step.allowed_from if process.stage_of(st) == "decision")
    return voting[0] if voting else s.status


def _voted(process: Process, s: ProposalState, e: ev.ChangeBoardVoted) -> None:
    if s.path is None and e.taken_as:
        s.path_implied = " or ".join(process.paths_where_vote_is(e.taken_as))


def _submitted(_: Process, s: ProposalState, e: ev.Submitted) -> None:
    s.title, s.proposer, s.raised_on = e.title, e.proposer, e.on
    _gave(s, e, "title", "proposer", "raised_on", *(("path",) if e.path else ()))
    if e.title:
        s.titles.append((e.title, e.source))
    s.path = e.path or s.path
    s.alternative_of = e.alternative_of
    _call(s, e.reference or s.proposal_id, e.on)


def _baselined(_: Process, s: ProposalState, e: ev.Baselined) -> None:
    s.reported_on, s.status_before_report = effective_date(e.on), s.status
    if "title" not in s.given_by or (e.title and not s.title):  # a report fills a title
        _gave(s, e, "title")
    if "proposer" not in s.given_by or e.proposer:
        _gave(s, e, "proposer")
    _gave(s, e, *(("path",) if e.path else ()))
    s.title = s.title or e.title
    if e.title:
        s.titles.append((e.title, e.source))
    s.proposer = e.proposer or s.proposer
    s.path = e.path or s.path
    if s.reference is None:
        _call(s, e.reference or s.proposal_id, e.on)


def _considered(_: Process, s: ProposalState, e: ev.ImrConsidered) -> None:
    if e.outcome == "accepted":
        s.path = e.path
        _gave(s, e, "path")
    else:
        s.referred_to = e.referred_to
    s.variant = e.variant or s.variant


def _converted(_: Process, s: ProposalState, e: ev.Converted) -> None:
    _gave(s, e, *(("path",) if e.path else ()))
    s.path = e.path or s.path
    s.variant = e.variant or s.variant
    _call(s, e.reference, e.on)


def _consulted(_: Process, s: ProposalState, e: ev.ConsultationIssued) -> None:
    s.consultation_deadline = e.deadline


def _determined(process: Process, s: ProposalState, _: ev.AuthorityDetermined) -> None:
    if s.path is None:
        others = sorted(set(process.paths) - process.self_governance_paths)
        s.path_implied = " or ".join(others)


def _implemented(_: Process, s: ProposalState, e: ev.Implemented) -> None:
    where = e.version or e.release
    if e.part:
        s.parts[part_key(e.part)] = e.on
        where = f"{where} ({e.part})" if where else e.part
    s.implemented_in = "; ".join(w for w in (s.implemented_in, where) if w) or None
    _gave(s, e, "implemented_in")


def _gave(s: ProposalState, e: ev.ProposalEvent, *facts: str) -> None:
    """Note that the register row's `facts` now come from `e`."""
    for fact in facts:
        s.given_by[fact] = e


# what each kind of event says of the proposal beyond its status
_FACTS: dict[type, Callable[[Process, ProposalState, Any], None]] = {
    ev.Submitted: _submitted,
    ev.Baselined: _baselined,
    ev.ImrConsidered: _considered,
    ev.Converted: _converted,
    ev.ConsultationIssued: _consulted,
    ev.ChangeBoardVoted: _voted,
    ev.AuthorityDetermined: _determined,
    ev.Implemented: _implemented,
}


def _call(s: ProposalState, reference: str, on: str) -> None:
    s.reference = reference
    s.references.append((reference, on))


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
    before = running.folded() if running is not None else None
    before = before or fold(events)
    known = {e.event_id for e, _ in before.violations} if before else set()
    after = fold([*events, new])
    for event, reason in after.violations if after else []:
        if event.event_id in known:
            continue
        if event.event_id == new.event_id or getattr(new, "corrects", None) == event.event_id:
            return reason
        code = split_id(event.originator_id)[0]
        return (
            f"it would make the recorded {label_of(code, event)} of {event.on} "
            f"(event {event.event_id}) impossible under {process_of(code, event).name}: {reason}"
        )
    return None


def _is_plain(e: ev.ProposalEvent) -> bool:
    return not isinstance(e, ev.AMENDMENTS)


class RunningFold:
    """A proposal's fold, kept step by step while its events arrive in the order they
    happened. When one arrives out of that order, or amends another, it goes stale
    and the full fold answers instead. When every event sorts last on arrival,
    arrival order is valid-time order, so this is the fold's own answer.
    """

    def __init__(self) -> None:
        self.state: ProposalState | None = None
        self.last: OrderKey | None = None
        self.stale = False

    def append(self, event: ev.ProposalEvent) -> None:
        if self.stale or isinstance(event, ev.CITATIONS):
            return  # a citation changes no fact: the fold stands as it was
        key = order_key(event)
        if not _is_plain(event) or (self.last is not None and key < self.last):
            self.stale = True
            return
        if self.state is None:
            code, proposal_id = split_id(event.originator_id)
            self.state = ProposalState(code=code, proposal_id=proposal_id)
        take(self.state, event)
        self.last = key

    def folded(self) -> ProposalState | None:
        """The full fold's answer for the events appended, when this fold still has it."""
        return None if self.stale or self.state is None or not self.state.applied else self.state

    def refusal(self, new: ev.ProposalEvent) -> tuple[bool, str | None]:
        """(True, reason) when this fold can answer for `new`; (False, None) otherwise."""
        if self.stale or self.state is None or not self.state.applied:
            return False, None
        if not _is_plain(new) or self.last is None or order_key(new) < self.last:
            return False, None
        return True, refusal(process_of(self.state.code, new), self.state, new)
