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

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    kind: ClassVar[str] = ""
    fixed: ClassVar[frozenset[str]] = frozenset()  # facts that name its subject: never corrected

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
    written_as: str | None = None  # the later id a source wrote it under (MP150 for DP150)

    def new_aggregate(self) -> Any:
        from ledger.domain.proposal import Proposal

        return Proposal(self.originator_id)


class Submitted(ProposalEvent):
    kind: ClassVar[str] = "submitted"
    title: str | None = None  # unknown is a value: none is ever invented
    proposer: str | None = None
    reference: str | None = None  # the id as raised, where it is not the stored key (DP150)
    alternative_of: str | None = None  # the proposal this is an Alternative Proposal to
    path: str | None = None  # where it is raised on a path (an Authority-led variation)

    def summary(self) -> str:
        alternative = f" (an alternative to {self.alternative_of})" if self.alternative_of else ""
        by = f" by {self.proposer}" if self.proposer else " (proposer not recorded)"
        return f"submitted{by}: {self.title or 'title not recorded'}{alternative}"


class Baselined(ProposalEvent):
    """Brought in from an existing register: what a source reported, as of a date."""

    kind: ClassVar[str] = "baselined"
    title: str | None = None
    proposer: str | None = None
    path: str | None = None
    status: str | None = None
    reference: str | None = None

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
    variant: str | None = None  # fast-track | urgent

    def summary(self) -> str:
        if self.outcome == "referred":
            under = f" under {self.clause}" if self.clause else ""
            return f"IMR considered: referred to {self.referred_to}{under}"
        path = f"Path {self.path}" if self.path else "path not recorded"
        to = f"to {self.route}" if self.route else "route not recorded"
        return f"IMR accepted: {path}, {to}"


class Converted(ProposalEvent):
    """A Draft Proposal becomes a Modification Proposal: the same proposal, a new id."""

    kind: ClassVar[str] = "converted"
    reference: str  # its id from now on (MP150)
    route: str | None = None  # unknown where no source gives it
    path: str | None = None
    variant: str | None = None

    def summary(self) -> str:
        on_path = f"Path {self.path}, " if self.path else ""
        to = f"to {self.route}" if self.route else "route not recorded"
        return f"converted into Modification Proposal {self.reference}: {on_path}{to}"


class Milestone(ProposalEvent):
    """A step its process names (a Working Group meeting, an Impact Assessment, ...)."""

    kind: ClassVar[str] = "milestone"
    step: str
    deadline: str | None = None
    outcome: str | None = None

    def summary(self) -> str:
        parts = [f"responses by {self.deadline}" if self.deadline else "", self.outcome or ""]
        return ", ".join(p for p in parts if p)


class RefinementStarted(ProposalEvent):
    kind: ClassVar[str] = "refinement_started"

    def summary(self) -> str:
        return "Refinement Process started"


class ConsultationIssued(ProposalEvent):
    kind: ClassVar[str] = "consultation_issued"
    deadline: str | None = None

    def summary(self) -> str:
        by = self.deadline or "a date not recorded"
        return f"Modification Report Consultation issued, responses by {by}"


class ConsultationClosed(ProposalEvent):
    kind: ClassVar[str] = "consultation_closed"

    def summary(self) -> str:
        return "Modification Report Consultation closed"


class ChangeBoardVoted(ProposalEvent):
    kind: ClassVar[str] = "change_board_voted"
    outcome: str  # approve | reject
    taken_as: str | None = None  # decision | recommendation, as a source says, path unknown

    def summary(self) -> str:
        reading = f" (a {self.taken_as})" if self.taken_as else ""
        return f"Change Board vote: {self.outcome}{reading}"


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
    version: str | None = None
    release: str | None = None  # the release it went live in (the November 2019 SEC Release)
    part: str | None = None  # the part of the change it implements (its legal text)
    last_part: bool | None = None  # True: the part that completes a change made in parts

    @property
    def extent(self) -> str:
        """`part` for a part that leaves the rest of the change to come, else `whole`."""
        return "part" if self.part and not self.last_part else "whole"

    @property
    def where(self) -> str:
        found = [f"version {self.version}" if self.version else "", self.release or ""]
        return " and ".join(w for w in found if w)

    def summary(self) -> str:
        found = f" in {self.where}" if self.where else ""
        if self.part and not self.last_part:
            return f"implemented in part{found}: {self.part}"
        if self.part:
            return f"implemented{found}: {self.part}, its last part"
        return f"implemented{found}"


class Scheduled(ProposalEvent):
    """Something arranged for a date (`on`): pending in views of the dates before it
    from its announcement on (`ledger.domain.schedules`)."""

    kind: ClassVar[str] = "scheduled"
    what: str
    announced: str | None = None  # when it was announced, YYYY-MM-DD or YYYY-MM; None: unknown

    def summary(self) -> str:
        return f"scheduled: {self.what}"


class Correction(BaseModel):
    """Supersedes the facts of an earlier event; the earlier event stays recorded."""

    model_config = ConfigDict(defer_build=True)

    corrects: UUID
    reason: str
    changes: dict[str, Any]

    def summary(self) -> str:
        changed = ", ".join(f"{k}={v!r}" for k, v in self.changes.items())
        return f"correction of event {self.corrects}: {changed} ({self.reason})"


class Retraction(BaseModel):
    """Withdraws an event recorded in error; the event stays recorded, marked so."""

    model_config = ConfigDict(defer_build=True)

    retracts: UUID
    reason: str

    def summary(self) -> str:
        return f"retraction of event {self.retracts} ({self.reason})"


class Citation(BaseModel):
    """A further source for an earlier event: it confirms the event as a whole, or gives
    other values for some of its facts (`disputes`). The cited event is not changed: its
    facts stand as recorded, until corrected."""

    model_config = ConfigDict(defer_build=True)

    cites: UUID
    disputes: dict[str, Any] = {}  # fact -> the value this source gives instead

    def summary(self) -> str:
        if not self.disputes:
            return f"confirmation of event {self.cites}"
        given = ", ".join(f"{k}={v!r}" for k, v in self.disputes.items())
        return f"dispute of event {self.cites}: {given}"


class Corrected(Correction, ProposalEvent):
    kind: ClassVar[str] = "corrected"


class Retracted(Retraction, ProposalEvent):
    kind: ClassVar[str] = "retracted"


class Cited(Citation, ProposalEvent):
    kind: ClassVar[str] = "cited"


class VersionEvent(LedgerEvent):
    def new_aggregate(self) -> Any:
        from ledger.domain.version import CodeVersion

        return CodeVersion(self.originator_id)


class VersionCorrected(Correction, VersionEvent):
    kind: ClassVar[str] = "version_corrected"


class VersionRetracted(Retraction, VersionEvent):
    kind: ClassVar[str] = "version_retracted"


class VersionEffective(VersionEvent):
    """A version of a code comes into effect on `on`. A direction or designation by the
    Secretary of State may come with no number; a version known only by its number and
    date has no basis recorded (and so no contents)."""

    kind: ClassVar[str] = "version_effective"
    code: str
    number: str | None = None  # none for a direction or designation that gave none
    implements: list[str] = []
    amends: list[str] = []
    basis: str | None = "modification"  # modification | designation | direction; None: unknown
    release: str | None = None  # the release that brought it

    @property
    def subject(self) -> str:
        """`SEC 5.6`, or `SEC direction of 2018-06-01` for a change with no number."""
        return f"{self.code} {self.number or f'{self.basis} of {self.on}'}"

    def summary(self) -> str:
        if self.implements:
            made = f"implementing {', '.join(self.implements)}"
        else:
            made = f"by {self.basis}" if self.basis else "its basis and contents not recorded"
        return f"{self.subject} effective, {made}"


class ReleaseEvent(LedgerEvent):
    """An event of a release (the November 2019 SEC Release): the code, and the name as
    given, which finds the release in any case and spacing."""

    fixed: ClassVar[frozenset[str]] = frozenset({"code", "release"})
    label: ClassVar[str] = ""  # what the step is called in a sentence
    code: str
    release: str

    def new_aggregate(self) -> Any:
        from ledger.domain.release import Release

        return Release(self.originator_id)


class ReleasePlanned(ReleaseEvent):
    """A release announced (defined) on `on`, with the go-live date then planned."""

    kind: ClassVar[str] = "release_planned"
    label: ClassVar[str] = "release announced"
    go_live: str | None = None

    def summary(self) -> str:
        return f"announced, go-live planned for {self.go_live or 'a date not recorded'}"


class ReleaseScoped(ReleaseEvent):
    """The proposals in a release, as its scope was baselined on `on` (the whole list)."""

    kind: ClassVar[str] = "release_scoped"
    label: ClassVar[str] = "scope baselined"
    proposals: list[str] = []

    def summary(self) -> str:
        return f"scope baselined: {', '.join(self.proposals)}"


class ReleaseMoved(ReleaseEvent):
    """A decision of `on` that moved a release's go-live to `go_live`."""

    kind: ClassVar[str] = "release_moved"
    label: ClassVar[str] = "go-live moved"
    go_live: str
    decided_by: str | None = None

    def summary(self) -> str:
        return f"go-live moved to {self.go_live}, {decided(self.decided_by)}"


class ReleaseNumbered(ReleaseEvent):
    """The version number a release brings, published on `on`."""

    kind: ClassVar[str] = "release_numbered"
    label: ClassVar[str] = "version number published"
    version: str

    def summary(self) -> str:
        return f"version number {self.version} published"


class ReleaseWentLive(ReleaseEvent):
    kind: ClassVar[str] = "release_live"
    label: ClassVar[str] = "went live"

    def summary(self) -> str:
        return "went live"


class ReleaseCorrected(Correction, ReleaseEvent):
    kind: ClassVar[str] = "release_corrected"
    label: ClassVar[str] = "correction"


class ReleaseRetracted(Retraction, ReleaseEvent):
    kind: ClassVar[str] = "release_retracted"
    label: ClassVar[str] = "retraction"


def decided(by: str | None) -> str:
    return f"decided by {by}" if by else "who decided not recorded"


PROPOSAL_EVENTS: dict[str, type[ProposalEvent]] = {
    cls.kind: cls
    for cls in (
        Submitted,
        Baselined,
        ImrConsidered,
        Converted,
        Milestone,
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
        Cited,
    )
}
VERSION_EVENTS: dict[str, type[VersionEvent]] = {
    cls.kind: cls for cls in (VersionEffective, VersionCorrected, VersionRetracted)
}
RELEASE_EVENTS: dict[str, type[ReleaseEvent]] = {
    cls.kind: cls
    for cls in (
        ReleasePlanned,
        ReleaseScoped,
        ReleaseMoved,
        ReleaseNumbered,
        ReleaseWentLive,
        ReleaseCorrected,
        ReleaseRetracted,
    )
}
CORRECTIONS = (Corrected, VersionCorrected, ReleaseCorrected)
RETRACTIONS = (Retracted, VersionRetracted, ReleaseRetracted)
AMENDMENTS = (*CORRECTIONS, *RETRACTIONS)  # events that supersede another
CITATIONS = (Cited,)  # events that give another source for another
ABOUT_OTHERS = (*AMENDMENTS, *CITATIONS)  # events about another event, not steps of a story
EVENT_KINDS: dict[str, type[LedgerEvent]] = {
    **PROPOSAL_EVENTS,
    **VERSION_EVENTS,
    **RELEASE_EVENTS,
}
