"""A modification proposal: its commands check the process before anything changes."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain import ids, processes
from ledger.domain.aggregate import LedgerAggregate, required
from ledger.domain.citations import check_citation
from ledger.domain.corrections import as_corrected, is_retracted
from ledger.domain.dates import effective_date, parse_event_date
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.facts import check_retraction, corrected_copy, deadline_problem
from ledger.domain.fold import RunningFold, fold, label_of, refusal_of
from ledger.domain.ids import split_id
from ledger.domain.process import VOTE_READINGS, Process, Step
from ledger.domain.schedules import announcement_problem
from ledger.domain.state import ProposalState


def proposal_key(code: str, proposal_id: str) -> str:
    """The stored name of the proposal an id names, in any form its code writes it."""
    return ids.proposal_key(code, processes.key_of(code, proposal_id))


class Proposal(LedgerAggregate):
    events: list[ev.ProposalEvent]

    def __init__(self, originator_id: str) -> None:
        super().__init__(originator_id)
        self.running = RunningFold()
        self.refuse_gaps = False  # strict: a step whose earlier steps are unknown is refused
        self.written_as: str | None = None  # the id the next step is written under

    def take(self, event: ev.LedgerEvent) -> None:
        super().take(event)
        assert isinstance(event, ev.ProposalEvent)
        self.running.append(event)

    @property
    def code(self) -> str:
        return split_id(self.id)[0]

    @property
    def proposal_id(self) -> str:
        return split_id(self.id)[1]

    @property
    def shown_id(self) -> str:
        """The id it goes by now (DP150 until converted); its stored key before any event."""
        state = fold(self.events) if self.running.stale else self.running.state
        return state.shown_id if state else self.proposal_id

    def process_on(self, on: str | None) -> Process:
        return processes.process_for(self.code, _day(on))

    @property
    def state(self) -> ProposalState:
        state = fold(self.events)
        assert state is not None
        return state

    @classmethod
    def submit(
        cls,
        code: str,
        proposal_id: str,
        *,
        title: str | None = None,
        proposer: str | None = None,
        alternative_of: str | None = None,
        path: str | None = None,
        reference: str | None = None,
        **common: Any,
    ) -> Proposal:
        proposal = cls(proposal_key(code, proposal_id))
        proposal._submission(proposal_id, title, proposer, alternative_of, path, reference, common)
        return proposal

    def submit_earlier(
        self,
        *,
        title: str | None = None,
        proposer: str | None = None,
        alternative_of: str | None = None,
        path: str | None = None,
        reference: str | None = None,
        **common: Any,
    ) -> None:
        """The submission of a proposal the ledger holds from a later baseline: history
        found later, recorded before it; the baseline then reads as a confirmation."""
        first = min(self.events, key=lambda e: effective_date(e.on))
        if any(isinstance(e, ev.Submitted) for e in self.events):
            raise ProcessViolation(
                f"{self.shown_id}: cannot record it as submitted: it is already in the ledger"
            )
        on = common.get("on", "")
        if not _day(on) or effective_date(on) >= effective_date(first.on):
            raise ProcessViolation(
                f"{self.shown_id}: cannot record submitted on {on}: its history in the ledger "
                f"begins on {first.on}, and a submission found later is recorded only before it"
            )
        self._submission(self.shown_id, title, proposer, alternative_of, path, reference, common)

    def _submission(
        self,
        written: str,
        title: str | None,
        proposer: str | None,
        alternative_of: str | None,
        path: str | None,
        reference: str | None,
        common: dict[str, Any],
    ) -> None:
        process = processes.process_for(self.code, _day(common.get("on")))
        raised_as = _as_raised(process, self, reference or written)
        self._record(
            ev.Submitted,
            title=_given(title),
            proposer=_given(proposer),
            reference=_unless_key(self, raised_as),
            alternative_of=_alternative(process, self, alternative_of),
            path=process.check_path(path) if path else None,
            **common,
        )

    @classmethod
    def baseline(
        cls,
        code: str,
        proposal_id: str,
        *,
        title: str | None = None,
        proposer: str | None = None,
        path: str | None = None,
        status: str | None = None,
        reference: str | None = None,
        **common: Any,
    ) -> Proposal:
        process = processes.process_for(code, _day(common.get("on")))
        proposal = cls(proposal_key(code, proposal_id))
        reference = _as_raised(process, proposal, reference or proposal_id)
        proposal._record(
            ev.Baselined,
            title=_given(title),
            proposer=proposer or None,
            path=process.check_path(path) if path else None,
            status=process.check_status(status) if status else None,
            reference=_unless_key(proposal, reference),
            **common,
        )
        return proposal

    def consider_imr(
        self,
        *,
        outcome: str,
        path: str | None = None,
        route: str | None = None,
        referred_to: str | None = None,
        clause: str | None = None,
        variant: str | None = None,
        **common: Any,
    ) -> None:
        step = self._step("imr_considered", common)
        step.check_choice("outcome", outcome)
        if outcome == "accepted":  # a path or route no source gives is left unknown
            if path:
                self.process_on(common.get("on")).check_path(path)
            if route:
                step.check_choice("route", route)
        else:
            required("referred to", referred_to)
        if variant:
            step.check_choice("variant", variant)
        self._record(
            ev.ImrConsidered,
            outcome=outcome,
            path=path or None if outcome == "accepted" else None,
            route=route or None if outcome == "accepted" else None,
            referred_to=referred_to if outcome == "referred" else None,
            clause=clause or None,
            variant=variant or None,
            **common,
        )

    def convert(
        self,
        *,
        reference: str,
        route: str | None = None,
        path: str | None = None,
        variant: str | None = None,
        **common: Any,
    ) -> None:
        step = self._step("converted", common)
        process = self.process_on(common.get("on"))
        new_id = process.check_proposal_id(required("the new id", reference))
        if process.key_of(new_id) != self.proposal_id:
            raise InvalidInput(
                f"{self.shown_id}: {new_id} is another proposal's id "
                "(a conversion keeps the proposal's number)"
            )
        if route:
            step.check_choice("route", route)
        if variant:
            step.check_choice("variant", variant)
        self._record(
            ev.Converted,
            reference=new_id,
            route=route or None,
            path=process.check_path(path) if path else None,
            variant=variant or None,
            **common,
        )

    def record_milestone(
        self,
        *,
        step: str,
        deadline: str | None = None,
        outcome: str | None = None,
        **common: Any,
    ) -> None:
        process = self.process_on(common.get("on"))
        name = required("step", step)
        if not process.has_step("milestone", name):
            known = ", ".join(s.name for s in process.milestones()) or "none"
            raise InvalidInput(
                f"{self.shown_id}: {name!r} is not a milestone of {process.name} "
                f"(its milestones: {known})"
            )
        if deadline:
            problem = deadline_problem(common.get("on", ""), deadline)
            if problem:
                raise InvalidInput(f"{self.shown_id}: {problem}")
        self._record(
            ev.Milestone, step=name, deadline=deadline or None, outcome=outcome or None, **common
        )

    def start_refinement(self, **common: Any) -> None:
        self._record(ev.RefinementStarted, **common)

    def issue_consultation(self, *, deadline: str | None = None, **common: Any) -> None:
        problem = deadline_problem(common.get("on", ""), deadline) if deadline else None
        if problem:
            raise InvalidInput(f"{self.proposal_id}: {problem}")
        self._record(ev.ConsultationIssued, deadline=_given(deadline), **common)

    def close_consultation(self, **common: Any) -> None:
        self._record(ev.ConsultationClosed, **common)

    def vote(self, *, outcome: str, taken_as: str | None = None, **common: Any) -> None:
        self._step("change_board_voted", common).check_choice("outcome", outcome, "vote")
        if taken_as and taken_as not in VOTE_READINGS:
            raise InvalidInput(
                f"{self.shown_id}: a vote is read as {' or '.join(VOTE_READINGS)}, not {taken_as!r}"
            )
        self._record(ev.ChangeBoardVoted, outcome=outcome, taken_as=taken_as or None, **common)

    def determine(self, *, outcome: str, authority: str, **common: Any) -> None:
        step = self._step("authority_determined", common)
        step.check_choice("outcome", outcome, "determination")
        self._record(
            ev.AuthorityDetermined,
            outcome=outcome,
            authority=required("authority", authority),
            **common,
        )

    def withdraw(self, **common: Any) -> None:
        self._record(ev.Withdrawn, **common)

    def cancel(self, *, directed_by: str, clause: str | None = None, **common: Any) -> None:
        self._record(
            ev.Cancelled,
            directed_by=required("directed by", directed_by),
            clause=clause,
            **common,
        )

    def suspend(self, *, directed_by: str, clause: str | None = None, **common: Any) -> None:
        self._record(
            ev.Suspended,
            directed_by=required("directed by", directed_by),
            clause=clause,
            **common,
        )

    def resume(self, **common: Any) -> None:
        self._record(ev.Resumed, **common)

    def implement(
        self,
        *,
        version: str | None = None,
        release: str | None = None,
        part: str | None = None,
        last_part: bool | None = None,
        **common: Any,
    ) -> None:
        step = self._step("implemented", common)
        process = self.process_on(common.get("on"))
        given = {"version": version, "release": release}
        if step.requires_one_of and not any(given.get(name) for name in step.requires_one_of):
            raise InvalidInput(f"{' or '.join(step.requires_one_of)} is required")
        if version:
            process.check_version_number(version)
        part = _given(part)
        if part and not step.in_parts:
            raise InvalidInput(
                f"{self.shown_id}: {process.name} implements a change whole, not in parts"
            )
        if last_part and not part:
            raise InvalidInput(
                f"{self.shown_id}: a last part needs the part it implements (--part)"
            )
        self._record(
            ev.Implemented,
            version=version or None,
            release=release or None,
            part=part,
            last_part=True if last_part else None,
            **common,
        )

    def schedule(self, *, what: str, announced: str | None = None, **common: Any) -> None:
        announced = _given(announced)
        problem = announcement_problem(common.get("on", ""), announced) if announced else None
        if problem:
            raise InvalidInput(f"{self.shown_id}: {problem}")
        self._record(
            ev.Scheduled, what=required("what is scheduled", what), announced=announced, **common
        )

    def correct(
        self, *, corrects: UUID, changes: dict[str, Any], reason: str, **common: Any
    ) -> None:
        target = self._standing_target(corrects, "correct")
        if isinstance(target, ev.Implemented):
            raise InvalidInput(
                f"{self.proposal_id}: event {corrects} records an implementation; "
                "correct the version instead"
            )
        corrected_copy(self.process_on(target.on), as_corrected(target, self.events), changes)
        self._record(
            ev.Corrected,
            corrects=corrects,
            changes=dict(changes),
            reason=required("reason", reason),
            **common,
        )

    def move_implementation(self, *, corrects: UUID, to: str, reason: str, **common: Any) -> None:
        """Follow a correction of the implementing version's effective date."""
        self._record(ev.Corrected, corrects=corrects, changes={"on": to}, reason=reason, **common)

    def retract(self, *, retracts: UUID, reason: str, **common: Any) -> None:
        target = self._standing_target(retracts, "retract")
        if isinstance(target, ev.Corrected):
            check_retraction(target, self.events)
        self._record(ev.Retracted, retracts=retracts, reason=required("reason", reason), **common)

    def cite(self, *, cites: UUID, disputes: dict[str, Any] | None = None, **common: Any) -> None:
        """Record a further source of a recorded event: confirming it, or giving other
        values for some of its facts. The cited event stays as it stands."""
        target = self._cited_target(cites)
        parse_event_date(common.get("on", ""), "the source's date")
        disputes = dict(disputes or {})
        current = as_corrected(target, self.events)
        check_citation(
            self.process_on(target.on),
            current,
            self.events,
            common.get("source"),
            disputes,
            self.shown_id,
        )
        self._append(self._new_event(ev.Cited, cites=cites, disputes=disputes, **common))

    def _cited_target(self, event_id: UUID) -> ev.ProposalEvent:
        """The recorded step a citation may cite: one that stands, not an event about another."""
        target = next((e for e in self.events if e.event_id == event_id), None)
        if target is None:
            raise NotFound(f"{self.proposal_id}: no event {event_id} to cite")
        if isinstance(target, ev.Retracted):
            raise InvalidInput(
                f"{self.proposal_id}: event {event_id} is a retraction, not a recorded step: "
                "there is nothing of it to cite"
            )
        if isinstance(target, ev.Corrected | ev.Cited):
            noun, pointed = (
                ("correction", target.corrects)
                if isinstance(target, ev.Corrected)
                else ("citation", target.cites)
            )
            raise InvalidInput(
                f"{self.proposal_id}: event {event_id} is a {noun}, not a recorded step: "
                f"cite event {pointed} instead"
            )
        if is_retracted(event_id, self.events):
            raise InvalidInput(
                f"{self.proposal_id}: event {event_id} is retracted: nothing of it stands "
                "to confirm or dispute"
            )
        return target

    def _standing_target(self, event_id: UUID, verb: str) -> ev.ProposalEvent:
        target = next((e for e in self.events if e.event_id == event_id), None)
        if target is None:
            raise NotFound(f"{self.proposal_id}: no event {event_id} to {verb}")
        if isinstance(target, ev.Retracted):
            raise InvalidInput(f"{self.proposal_id}: event {event_id} is a retraction; it stands")
        if isinstance(target, ev.Corrected) and verb == "correct":
            raise InvalidInput(
                f"{self.proposal_id}: event {event_id} is a correction; "
                f"correct event {target.corrects} again instead"
            )
        if isinstance(target, ev.Cited) and verb == "correct":
            raise InvalidInput(
                f"{self.proposal_id}: event {event_id} is a citation; "
                "retract it and cite its source again instead"
            )
        if is_retracted(event_id, self.events):
            raise InvalidInput(f"{self.proposal_id}: event {event_id} is already retracted")
        return target

    def _step(self, kind: str, common: dict[str, Any]) -> Step:
        """The step of `kind` in the process in force on the event's date, or a refusal."""
        process = self.process_on(common.get("on"))
        if not process.has_step(kind):
            raise ProcessViolation(
                f"{self.shown_id}: {kind.replace('_', ' ')} is not a step of {process.name}"
            )
        return process.step(kind)

    def _record(self, cls: type[ev.ProposalEvent], **fields: Any) -> None:
        event = self._new_event(cls, written_as=self._later_id(fields.get("on")), **fields)
        reason = refusal_of(self.events, event, self.running)
        if reason:
            label = label_of(self.code, event)
            where = ""
            if not reason.startswith("it would make"):
                where = f" under {processes.process_for(self.code, effective_date(event.on)).name}"
            raise ProcessViolation(
                f"{self.shown_id}: cannot record {label} on {event.on}{where}: {reason}"
            )
        if self.refuse_gaps:
            self._refuse_gap(event)
        self._append(event)

    def _later_id(self, on: str | None) -> str | None:
        """The id the step is written under, where that form implies a conversion the
        ledger does not record (a Modification Proposal's MP150 for the Draft DP150)."""
        if not self.written_as or not self.events or self.written_as == self.proposal_id:
            return None  # (the stored key names the proposal, in no form of its own)
        process = self.process_on(on)
        if process.form_of(self.written_as) is None:
            return None
        written = process.check_proposal_id(self.written_as)
        if process.implies_conversion(self.shown_id, written):
            return written
        return None

    def _refuse_gap(self, event: ev.ProposalEvent) -> None:
        """In strict recording, refuse `event` if it implies anything no event records."""
        before = fold(self.events, as_of=effective_date(event.on))
        after = fold([*self.events, event])
        if before is None or before.status is None or after is None:
            return
        mine = event.event_id
        implied = [f"{step} ({to})" for _, step, to, by in after.gaps if by.event_id == mine]
        process = processes.process_on(self.code, event.on)
        phrase = process.status_phrase(before.status)
        vote = after.unresolved_vote
        if vote is not None and vote.event_id == mine:
            phrase = "its path is not recorded"
            implied = ["whether the vote was a decision or a recommendation"]
        if implied:
            raise ProcessViolation(
                f"{self.shown_id}: cannot record {label_of(self.code, event)} on {event.on} "
                f"under {process.name}: {phrase}; strict recording refuses the gap: "
                f"{', '.join(implied)} not recorded"
            )


def _given(value: str | None) -> str | None:
    """A fact as given, or None (unknown) when no source gave it."""
    return value.strip() if value and value.strip() else None


def _day(on: str | None) -> date | None:
    """The day an event's date counts from, if it is a date at all (else the latest rules)."""
    try:
        return effective_date(on) if on else None
    except InvalidInput:
        return None


def _as_raised(process: Process, proposal: Proposal, written: str) -> str:
    """The id as the process in force spells it, naming this proposal."""
    spelled = process.check_proposal_id(written)
    if process.key_of(spelled) != proposal.proposal_id:
        raise InvalidInput(f"{spelled} does not name {proposal.proposal_id}")
    return spelled


def _unless_key(proposal: Proposal, reference: str) -> str | None:
    return None if reference == proposal.proposal_id else reference


def _alternative(process: Process, proposal: Proposal, original: str | None) -> str | None:
    if not original:
        return None
    spelled = process.check_proposal_id(original)
    if process.key_of(spelled) == proposal.proposal_id:
        raise InvalidInput(f"{spelled}: a proposal is not an alternative to itself")
    return spelled
