"""The Smart Energy Code's modification process of Section D as it stood in 2017.

D1 raising, D2 paths, D3 initial consideration (the Initial Modification
Report, IMR), D4 Authority determinations, D5 withdrawal, D6 Refinement,
D7 Report Phase, D8 Change Board, D9 decision, D10 implementation in a version.
"""

from __future__ import annotations

from types import MappingProxyType as Frozen

from ledger.domain.process import (
    FIRST_OUTCOMES,
    OUTCOMES,
    Decision,
    Effect,
    IdForm,
    Process,
    Status,
    Step,
    bookkeeping,
    milestone,
)

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
    Status(SUBMITTED, "raised"),
    Status(REFINEMENT, "refinement"),
    Status(REPORT_PHASE, "consultation"),
    Status(CHANGE_BOARD, "decision"),
    Status(AUTHORITY_DETERMINATION, "authority"),
    Status(APPROVED, "approved"),
    Status(REJECTED, "rejected"),
    Status(IMPLEMENTED, "implemented"),
    Status(WITHDRAWN, "withdrawn"),
    Status(CANCELLED, "cancelled"),
    Status(SUSPENDED, "suspended"),
)
ALL = frozenset(s.name for s in STATUSES)
IN_PROGRESS = frozenset(
    {SUBMITTED, REFINEMENT, REPORT_PHASE, CHANGE_BOARD, AUTHORITY_DETERMINATION}
)
UNDECIDED = IN_PROGRESS | {SUSPENDED}

PATHS = Frozen({"1": "Authority-led", "2": "Authority Determination", "3": "Self-Governance"})
SELF_GOVERNANCE = frozenset({"3"})
IMR_ROUTES = Frozen({"refinement": REFINEMENT, "report": REPORT_PHASE})
BY_OUTCOME = Frozen({"approve": APPROVED, "reject": REJECTED})
LEGACY_ID = IdForm("Modification Proposal", r"SECMP ?(?P<n>\d{4})", "SECMP{n:04d}")
KEY = "SECMP{n:04d}"

IMR_CONSIDERED = Step(
    "imr_considered",
    "IMR considered",
    frozenset({SUBMITTED}),
    Effect(by="route", choices=IMR_ROUTES),
    implies=SUBMITTED,
    decision=Decision("Panel", "IMR {outcome}"),
    choices=Frozen({"outcome": FIRST_OUTCOMES, "route": tuple(IMR_ROUTES)}),
)
CONSULTATION_ISSUED = Step(
    "consultation_issued",
    "Modification Report Consultation issued",
    frozenset({SUBMITTED, REFINEMENT, REPORT_PHASE}),
    Effect(to=REPORT_PHASE),
)
CONSULTATION_CLOSED = Step(
    "consultation_closed",
    "Modification Report Consultation closed",
    frozenset({REPORT_PHASE}),
    Effect(to=CHANGE_BOARD),
    implies=REPORT_PHASE,
)
CHANGE_BOARD_VOTE = Step(
    "change_board_voted",
    "Change Board vote",
    frozenset({REPORT_PHASE, CHANGE_BOARD}),
    Effect(by="outcome", choices=BY_OUTCOME, recommends=AUTHORITY_DETERMINATION),
    implies="Report Phase and Change Board",
    decision=Decision("Change Board", "{outcome}"),
    choices=Frozen({"outcome": OUTCOMES}),
    needs_path=True,
)
AUTHORITY_DETERMINED = Step(
    "authority_determined",
    "Authority determination",
    frozenset({AUTHORITY_DETERMINATION}),
    Effect(by="outcome", choices=BY_OUTCOME),
    implies="Change Board recommendation to the Authority",
    decision=Decision("{authority}", "{outcome}"),
    choices=Frozen({"outcome": OUTCOMES}),
    not_on_self_governance=True,
)
ENDINGS = (  # a proposal stopped before its decision
    Step(
        "withdrawn",
        "withdrawn by the proposer",
        UNDECIDED,
        Effect(to=WITHDRAWN),
        decision=Decision("Proposer", "withdraw"),
    ),
    Step(
        "cancelled",
        "cancelled by direction",
        UNDECIDED,
        Effect(to=CANCELLED),
        decision=Decision("{directed_by}", "cancel"),
    ),
)
PAUSES = (
    Step(
        "suspended",
        "suspended by direction",
        IN_PROGRESS,
        Effect(to=SUSPENDED, suspends=True),
        decision=Decision("{directed_by}", "suspend"),
    ),
    Step(
        "resumed",
        "resumed",
        frozenset({SUSPENDED}),
        Effect(resumes=True),
        implies=SUSPENDED,
        decision=Decision("Panel", "resume"),
    ),
)
REFINEMENT_MILESTONES = (
    milestone("working_group", "Working Group meeting", frozenset({REFINEMENT})),
    milestone("refinement_consultation", "Refinement Consultation issued", frozenset({REFINEMENT})),
    milestone("request_for_information", "Request for Information issued", frozenset({REFINEMENT})),
    milestone("preliminary_assessment", "DCC Preliminary Assessment", frozenset({REFINEMENT})),
    milestone("impact_assessment", "DCC Impact Assessment", frozenset({REFINEMENT})),
)
CHANGE_BOARD_MEETING = milestone(
    "change_board", "presented to the Change Board", frozenset({REPORT_PHASE, CHANGE_BOARD})
)
BODIES = Frozen(
    {
        "Panel": "considers each IMR, sets the path and timetable, refers to the Authority",
        "Working Group": "refines a proposal in the Refinement Process",
        "Change Board": "approves or rejects a Path 3 proposal; recommends on Paths 1 and 2",
        "Authority": "determines Path 1 and 2 proposals (BEIS in 2017), may direct cancellation",
    }
)

PROCESS = Process(
    code="SEC",
    name="the SEC process of 2017",
    in_force_from=None,
    summary="Smart Energy Code, Section D (2017): IMR, Refinement, Report Phase, Change Board",
    statuses=STATUSES,
    ids=(LEGACY_ID,),
    told_by="summary",
    key_spelling=KEY,
    raised_status=SUBMITTED,
    paths=PATHS,
    self_governance_paths=SELF_GOVERNANCE,
    bodies=BODIES,
    steps=(
        Step("submitted", "submitted", frozenset(), Effect(by="form")),
        Step("baselined", "brought in from a register", ALL, Effect(by="status")),
        IMR_CONSIDERED,
        Step(
            "refinement_started",
            "Refinement started",
            frozenset({SUBMITTED, REPORT_PHASE}),
            Effect(to=REFINEMENT),
        ),
        CONSULTATION_ISSUED,
        CONSULTATION_CLOSED,
        CHANGE_BOARD_VOTE,
        AUTHORITY_DETERMINED,
        Step(
            "implemented",
            "implemented",
            frozenset({APPROVED}),
            Effect(to=IMPLEMENTED),
            implies=APPROVED,
            requires_one_of=("version",),
        ),
        *ENDINGS,
        *PAUSES,
        *REFINEMENT_MILESTONES,
        CHANGE_BOARD_MEETING,
        *bookkeeping(UNDECIDED, frozenset({APPROVED}), ALL),
    ),
)
