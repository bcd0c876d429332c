"""Every recorded action, as a frozen pydantic model.

The models are deliberately lenient (plain strings, extra fields ignored):
they are re-read from history on every load, so rules live in the process
and the aggregates, never in a validator that a later release could tighten.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class LedgerEvent(BaseModel):
    """The envelope every event carries, for proposals and versions alike."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: ClassVar[str] = ""

    originator_id: str
    originator_version: int
    timestamp: datetime  # record time: when the ledger learned it
    event_id: UUID
    on: str  # valid time: when it happened, YYYY-MM-DD or YYYY-MM
    actor: str
    source: str | None = None
    note: str | None = None
    title_as_given: str | None = None  # the title as this source gives it

    @classmethod
    def create_timestamp(cls) -> datetime:
        from ledger.domain.clock import now

        return now()

    def mutate(self, aggregate: Any) -> Any:
        if aggregate is None:
            aggregate = self.new_aggregate()
        aggregate.take(self)
        return aggregate

    def new_aggregate(self) -> Any:
        raise NotImplementedError

    def summary(self) -> str:
        return ""

    def payload(self) -> dict[str, Any]:
        """The facts of this event, without the storage envelope."""
        return self.model_dump(
            mode="json",
            exclude={"originator_id", "originator_version", "timestamp"},
            exclude_none=True,
        )


class ProposalEvent(LedgerEvent):
    def new_aggregate(self) -> Any:
        from ledger.domain.proposal import Proposal

        return Proposal(self.originator_id)


class Submitted(ProposalEvent):
    kind: ClassVar[str] = "submitted"
    title: str
    proposer: str

    def summary(self) -> str:
        return f"submitted by {self.proposer}: {self.title}"


class Baselined(ProposalEvent):
    """Brought in from an existing register: what a source reported, as of a date."""

    kind: ClassVar[str] = "baselined"
    title: str
    proposer: str | None = None
    path: str | None = None
    status: str | None = None

    def summary(self) -> str:
        parts = [f"reported as {self.status}" if self.status else "known to exist"]
        if self.path:
            parts.append(f"Path {self.path}")
        return ", ".join(parts)


class ImrConsidered(ProposalEvent):
    kind: ClassVar[str] = "imr_considered"
    outcome: str  # accepted | referred
    path: str | None = None
    route: str | None = None  # refinement | report
    referred_to: str | None = None
    clause: str | None = None

    def summary(self) -> str:
        if self.outcome == "referred":
            under = f" under {self.clause}" if self.clause else ""
            return f"IMR considered: referred to {self.referred_to}{under}"
        return f"IMR accepted: Path {self.path}, to {self.route}"


class RefinementStarted(ProposalEvent):
    kind: ClassVar[str] = "refinement_started"

    def summary(self) -> str:
        return "Refinement Process started"


class ConsultationIssued(ProposalEvent):
    kind: ClassVar[str] = "consultation_issued"
    deadline: str

    def summary(self) -> str:
        return f"Modification Report Consultation issued, responses by {self.deadline}"


class ConsultationClosed(ProposalEvent):
    kind: ClassVar[str] = "consultation_closed"

    def summary(self) -> str:
        return "Modification Report Consultation closed"


class ChangeBoardVoted(ProposalEvent):
    kind: ClassVar[str] = "change_board_voted"
    outcome: str  # approve | reject

    def summary(self) -> str:
        return f"Change Board vote: {self.outcome}"


class AuthorityDetermined(ProposalEvent):
    kind: ClassVar[str] = "authority_determined"
    outcome: str  # approve | reject
    authority: str

    def summary(self) -> str:
        verb = "approved" if self.outcome == "approve" else "rejected"
        return f"{verb} by {self.authority} as the Authority"


class Withdrawn(ProposalEvent):
    kind: ClassVar[str] = "withdrawn"

    def summary(self) -> str:
        return "withdrawn by the proposer"


class Cancelled(ProposalEvent):
    kind: ClassVar[str] = "cancelled"
    directed_by: str
    clause: str | None = None

    def summary(self) -> str:
        under = f" under {self.clause}" if self.clause else ""
        return f"cancelled by direction of {self.directed_by}{under}"


class Suspended(ProposalEvent):
    kind: ClassVar[str] = "suspended"
    directed_by: str
    clause: str | None = None

    def summary(self) -> str:
        under = f" under {self.clause}" if self.clause else ""
        return f"suspended by direction of {self.directed_by}{under}"


class Resumed(ProposalEvent):
    kind: ClassVar[str] = "resumed"

    def summary(self) -> str:
        return "resumed"


class Implemented(ProposalEvent):
    kind: ClassVar[str] = "implemented"
    version: str

    def summary(self) -> str:
        return f"implemented in version {self.version}"


class Scheduled(ProposalEvent):
    """Something arranged for a date: pending in every view before that date."""

    kind: ClassVar[str] = "scheduled"
    what: str

    def summary(self) -> str:
        return f"scheduled: {self.what}"


class Correction(BaseModel):
    """Supersedes the facts of an earlier event; the earlier event stays recorded."""

    corrects: UUID
    reason: str
    changes: dict[str, Any]

    def summary(self) -> str:
        changed = ", ".join(f"{k}={v!r}" for k, v in self.changes.items())
        return f"correction of event {self.corrects}: {changed} ({self.reason})"


class Retraction(BaseModel):
    """Withdraws an event recorded in error; the event stays recorded, marked so."""

    retracts: UUID
    reason: str

    def summary(self) -> str:
        return f"retraction of event {self.retracts} ({self.reason})"


class Corrected(Correction, ProposalEvent):
    kind: ClassVar[str] = "corrected"


class Retracted(Retraction, ProposalEvent):
    kind: ClassVar[str] = "retracted"


class VersionEvent(LedgerEvent):
    def new_aggregate(self) -> Any:
        from ledger.domain.version import CodeVersion

        return CodeVersion(self.originator_id)


class VersionCorrected(Correction, VersionEvent):
    kind: ClassVar[str] = "version_corrected"


class VersionRetracted(Retraction, VersionEvent):
    kind: ClassVar[str] = "version_retracted"


class VersionEffective(VersionEvent):
    """A version of a code comes into effect on `on`."""

    kind: ClassVar[str] = "version_effective"
    code: str
    number: str
    implements: list[str] = []
    amends: list[str] = []
    basis: str = "modification"  # modification | designation | direction

    def summary(self) -> str:
        made = (
            f"implementing {', '.join(self.implements)}" if self.implements else f"by {self.basis}"
        )
        return f"{self.code} {self.number} effective, {made}"


PROPOSAL_EVENTS: dict[str, type[ProposalEvent]] = {
    cls.kind: cls
    for cls in (
        Submitted,
        Baselined,
        ImrConsidered,
        RefinementStarted,
        ConsultationIssued,
        ConsultationClosed,
        ChangeBoardVoted,
        AuthorityDetermined,
        Withdrawn,
        Cancelled,
        Suspended,
        Resumed,
        Implemented,
        Scheduled,
        Corrected,
        Retracted,
    )
}
VERSION_EVENTS: dict[str, type[VersionEvent]] = {
    cls.kind: cls for cls in (VersionEffective, VersionCorrected, VersionRetracted)
}
CORRECTIONS = (Corrected, VersionCorrected)
RETRACTIONS = (Retracted, VersionRetracted)
EVENT_KINDS: dict[str, type[LedgerEvent]] = {**PROPOSAL_EVENTS, **VERSION_EVENTS}
