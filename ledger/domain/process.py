"""A code's modification process as data: statuses, paths, who decides, what may follow.

The SEC's 2017 process (Section D) is the first definition. Another code or a
later SEC process is another `Process` value in `PROCESSES`, not a rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ledger.domain.errors import InvalidInput, NotFound

SUBMITTED = "Modification Proposal Submitted"
REFINEMENT = "Refinement"
REPORT_PHASE = "Report Phase"
CHANGE_BOARD = "Change Board"
AUTHORITY_DETERMINATION = "Authority Determination"
APPROVED = "Approved"
REJECTED = "Rejected"
IMPLEMENTED = "Implemented"
WITHDRAWN = "Withdrawn"
CANCELLED = "Cancelled"
SUSPENDED = "Suspended"

STATUSES = (
    SUBMITTED,
    REFINEMENT,
    REPORT_PHASE,
    CHANGE_BOARD,
    AUTHORITY_DETERMINATION,
    APPROVED,
    REJECTED,
    IMPLEMENTED,
    WITHDRAWN,
    CANCELLED,
    SUSPENDED,
)
DECIDED = frozenset({APPROVED, REJECTED, IMPLEMENTED, WITHDRAWN, CANCELLED})
IN_PROGRESS = frozenset(
    {SUBMITTED, REFINEMENT, REPORT_PHASE, CHANGE_BOARD, AUTHORITY_DETERMINATION}
)


@dataclass(frozen=True)
class Step:
    """One kind of recorded action: from which statuses it may be taken."""

    kind: str
    label: str
    allowed_from: frozenset[str]
    implies: str | None = None  # the earlier stage this step implies when none is recorded


@dataclass(frozen=True)
class Process:
    """The rules of one code's modification process."""

    code: str
    name: str
    id_pattern: str
    id_example: str
    paths: dict[str, str]
    self_governance_paths: frozenset[str]
    routes: dict[str, str]  # where an accepted IMR sends the proposal
    steps: dict[str, Step] = field(default_factory=dict)
    version_pattern: str = r"^\d+(\.\d+){0,3}$"

    def is_open(self, status: str | None) -> bool:
        return status is not None and status not in DECIDED

    def step(self, kind: str) -> Step:
        return self.steps[kind]

    def check_proposal_id(self, proposal_id: str) -> str:
        if not re.fullmatch(self.id_pattern, proposal_id or "", re.ASCII):
            raise InvalidInput(
                f"{proposal_id!r} is not a {self.code} proposal id "
                f"(expected something like {self.id_example})"
            )
        return proposal_id

    def check_path(self, path: str) -> str:
        if path not in self.paths:
            known = ", ".join(f"{k} ({v})" for k, v in self.paths.items())
            raise InvalidInput(f"unknown path {path!r}: {self.code} paths are {known}")
        return path

    def check_status(self, status: str) -> str:
        if status not in STATUSES:
            raise InvalidInput(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
        return status

    def check_version_number(self, number: str) -> str:
        if not re.fullmatch(self.version_pattern, number or "", re.ASCII):
            raise InvalidInput(f"{number!r} is not a {self.code} version number (e.g. 5.6)")
        return number

    def decides_after_vote(self, path: str) -> bool:
        """On a self-governance path the Change Board decides; elsewhere it recommends."""
        return path in self.self_governance_paths


_OPEN_UNDECIDED = IN_PROGRESS | {SUSPENDED}


def _steps(*steps: Step) -> dict[str, Step]:
    return {s.kind: s for s in steps}


SEC_2017 = Process(
    code="SEC",
    name="Smart Energy Code, Section D (2017)",
    id_pattern=r"SECMP\d{4}",
    id_example="SECMP0034",
    paths={
        "1": "Authority-led",
        "2": "Authority Determination",
        "3": "Self-Governance",
    },
    self_governance_paths=frozenset({"3"}),
    routes={"refinement": REFINEMENT, "report": REPORT_PHASE},
    steps=_steps(
        Step("submitted", "submitted", frozenset()),
        Step("baselined", "brought in from a register", frozenset(STATUSES)),
        Step("imr_considered", "IMR considered", frozenset({SUBMITTED}), SUBMITTED),
        Step(
            "refinement_started",
            "Refinement started",
            frozenset({SUBMITTED, REPORT_PHASE}),
        ),
        Step(
            "consultation_issued",
            "Modification Report Consultation issued",
            frozenset({SUBMITTED, REFINEMENT, REPORT_PHASE}),
        ),
        Step(
            "consultation_closed",
            "Modification Report Consultation closed",
            frozenset({REPORT_PHASE}),
            REPORT_PHASE,
        ),
        Step(
            "change_board_voted",
            "Change Board vote",
            frozenset({REPORT_PHASE, CHANGE_BOARD}),
            "Report Phase and Change Board",
        ),
        Step(
            "authority_determined",
            "Authority determination",
            frozenset({AUTHORITY_DETERMINATION}),
            "Change Board recommendation to the Authority",
        ),
        Step("withdrawn", "withdrawn by the proposer", frozenset(_OPEN_UNDECIDED)),
        Step("cancelled", "cancelled by direction", frozenset(_OPEN_UNDECIDED)),
        Step("suspended", "suspended by direction", frozenset(IN_PROGRESS)),
        Step("resumed", "resumed", frozenset({SUSPENDED}), SUSPENDED),
        Step("implemented", "implemented", frozenset({APPROVED}), APPROVED),
        Step("scheduled", "scheduled", frozenset(_OPEN_UNDECIDED)),
        Step("corrected", "correction", frozenset(STATUSES)),
        Step("retracted", "retraction", frozenset(STATUSES)),
    ),
)

PROCESSES: dict[str, Process] = {SEC_2017.code: SEC_2017}


def process_for(code: str) -> Process:
    try:
        return PROCESSES[code]
    except KeyError:
        raise NotFound(
            f"no modification process is defined for code {code!r} "
            f"(known: {', '.join(sorted(PROCESSES))})"
        ) from None
