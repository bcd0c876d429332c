"""A modification proposal: its commands check the process before anything changes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain import ids
from ledger.domain.aggregate import LedgerAggregate, one_of, required
from ledger.domain.corrections import as_corrected, is_retracted
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.facts import check_retraction, corrected_copy, deadline_problem
from ledger.domain.ids import split_id
from ledger.domain.process import Process, process_for
from ledger.domain.state import ProposalState, RunningFold, fold, refusal_of

OUTCOMES = ("approve", "reject")
IMR_OUTCOMES = ("accepted", "referred")


def proposal_key(code: str, proposal_id: str) -> str:
    process_for(code).check_proposal_id(proposal_id)
    return ids.proposal_key(code, proposal_id)


class Proposal(LedgerAggregate):
    events: list[ev.ProposalEvent]

    def __init__(self, originator_id: str) -> None:
        super().__init__(originator_id)
        self.running = RunningFold()

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
    def process(self) -> Process:
        return process_for(self.code)

    @property
    def state(self) -> ProposalState:
        state = fold(self.events)
        assert state is not None
        return state

    @classmethod
    def submit(
        cls, code: str, proposal_id: str, *, title: str, proposer: str, **common: Any
    ) -> Proposal:
        proposal = cls(proposal_key(code, proposal_id))
        proposal._record(
            ev.Submitted,
            title=required("title", title),
            proposer=required("proposer", proposer),
            **common,
        )
        return proposal

    @classmethod
    def baseline(
        cls,
        code: str,
        proposal_id: str,
        *,
        title: str,
        proposer: str | None = None,
        path: str | None = None,
        status: str | None = None,
        **common: Any,
    ) -> Proposal:
        process = process_for(code)
        proposal = cls(proposal_key(code, proposal_id))
        proposal._record(
            ev.Baselined,
            title=required("title", title),
            proposer=proposer or None,
            path=process.check_path(path) if path else None,
            status=process.check_status(status) if status else None,
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
        **common: Any,
    ) -> None:
        one_of("IMR outcome", outcome, IMR_OUTCOMES)
        if outcome == "accepted":
            self.process.check_path(required("path", path))
            one_of("route", required("route", route), tuple(self.process.routes))
        else:
            required("referred to", referred_to)
        self._record(
            ev.ImrConsidered,
            outcome=outcome,
            path=path if outcome == "accepted" else None,
            route=route if outcome == "accepted" else None,
            referred_to=referred_to if outcome == "referred" else None,
            clause=clause or None,
            **common,
        )

    def start_refinement(self, **common: Any) -> None:
        self._record(ev.RefinementStarted, **common)

    def issue_consultation(self, *, deadline: str, **common: Any) -> None:
        problem = deadline_problem(common.get("on", ""), deadline)
        if problem:
            raise InvalidInput(f"{self.proposal_id}: {problem}")
        self._record(ev.ConsultationIssued, deadline=deadline, **common)

    def close_consultation(self, **common: Any) -> None:
        self._record(ev.ConsultationClosed, **common)

    def vote(self, *, outcome: str, **common: Any) -> None:
        self._record(ev.ChangeBoardVoted, outcome=one_of("vote", outcome, OUTCOMES), **common)

    def determine(self, *, outcome: str, authority: str, **common: Any) -> None:
        self._record(
            ev.AuthorityDetermined,
            outcome=one_of("determination", outcome, OUTCOMES),
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

    def implement(self, *, version: str, **common: Any) -> None:
        self._record(ev.Implemented, version=required("version", version), **common)

    def schedule(self, *, what: str, **common: Any) -> None:
        self._record(ev.Scheduled, what=required("what is scheduled", what), **common)

    def correct(
        self, *, corrects: UUID, changes: dict[str, Any], reason: str, **common: Any
    ) -> None:
        target = self._standing_target(corrects, "correct")
        if isinstance(target, ev.Implemented):
            raise InvalidInput(
                f"{self.proposal_id}: event {corrects} records an implementation; "
                "correct the version instead"
            )
        corrected_copy(self.process, as_corrected(target, self.events), changes)
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
        if is_retracted(event_id, self.events):
            raise InvalidInput(f"{self.proposal_id}: event {event_id} is already retracted")
        return target

    def _record(self, cls: type[ev.ProposalEvent], **fields: Any) -> None:
        event = self._new_event(cls, **fields)
        reason = refusal_of(self.events, event, self.running)
        if reason:
            step = process_for(self.code).step(cls.kind)
            raise ProcessViolation(
                f"{self.proposal_id}: cannot record {step.label} on {event.on}: {reason}"
            )
        self._append(event)
