"""The Smart Energy Code's modification process from November 2018 (the Section D Review).

A change starts as a Draft Proposal (`DP150`) in the Development Stage under
the Change Sub-Committee, and is converted into a Modification Proposal
(`MP150`: the same proposal, its number kept) that goes to the Refinement
Process or the Report Phase, then to the Change Board and, off Path 3, the
Authority. Approved changes go live in a SEC Release, whole or in parts (Partly
Implemented between them). Proposals raised before November 2018 keep their
`SECMP0071` ids (also written `MP071`) and carry on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType as Frozen

from ledger.domain.process import (
    IN_PARTS,
    VARIANTS,
    Decision,
    Effect,
    IdForm,
    Process,
    Status,
    Step,
    bookkeeping,
    milestone,
)
from ledger.domain.processes import sec_2017 as before
from ledger.domain.processes.sec_2017 import (
    APPROVED,
    IMPLEMENTED,
    REFINEMENT,
    REPORT_PHASE,
    SUBMITTED,
)

DEVELOPMENT = "Development Stage"
PARTLY_IMPLEMENTED = "Partly Implemented"

STATUSES = (
    Status(
        DEVELOPMENT,
        "development",
        group="Draft Proposals",
        rule="a Draft Proposal is converted into a Modification Proposal before it is "
        "refined, consulted on or voted on",
    ),
    *before.STATUSES,
    Status(
        PARTLY_IMPLEMENTED,
        "implementing",
        rule="part of the change is implemented; the rest goes live in a later release",
    ),
)
ALL = frozenset(s.name for s in STATUSES)
AWAITING = frozenset({APPROVED, PARTLY_IMPLEMENTED})  # approved, not yet wholly implemented
UNDECIDED = before.UNDECIDED | {DEVELOPMENT}
ROUTES = before.IMR_ROUTES

DRAFT = IdForm("Draft Proposal", r"DP ?(?P<n>\d{3,4})", "DP{n:03d}", raised_as=DEVELOPMENT)
MODIFICATION = IdForm("Modification Proposal", r"MP ?(?P<n>\d{3,4})", "MP{n:03d}")


VOTE = replace(
    before.CHANGE_BOARD_VOTE,
    decision=Decision("Change Board", "{outcome}", by_variant=Frozen({"fast-track": "Panel"})),
)

PROCESS = Process(
    code="SEC",
    name="the SEC process of November 2018",
    in_force_from=date(2018, 11, 1),
    summary="Smart Energy Code, Section D from November 2018: Draft Proposals, "
    "Development Stage, conversion, Refinement, Report Phase, Change Board, SEC Releases",
    statuses=STATUSES,
    ids=(DRAFT, MODIFICATION, before.LEGACY_ID),
    told_by="summary",
    key_spelling=before.KEY,
    raised_status=SUBMITTED,
    paths=before.PATHS,
    self_governance_paths=before.SELF_GOVERNANCE,
    bodies=Frozen(
        {
            "Change Sub-Committee": "oversees the Development Stage of each Draft Proposal "
            "until its problem statement is agreed",
            "Panel": "converts a Draft Proposal into a Modification Proposal and sets its "
            "path and route; approves Fast-Track Self-Governance proposals",
            "Working Group": "refines a proposal in the Refinement Process",
            "DCC": "gives Preliminary and Impact Assessments",
            "Change Board": "approves or rejects a Path 3 proposal; recommends on Paths 1 and 2",
            "Authority": "Ofgem: determines Path 1 and 2 proposals, leads Significant Code "
            "Review variations",
        }
    ),
    steps=(
        Step("submitted", "raised", frozenset(), Effect(by="form")),
        Step("baselined", "brought in from a register", ALL, Effect(by="status")),
        milestone("csc_review", "Change Sub-Committee review", frozenset({DEVELOPMENT})),
        Step(
            "converted",
            "converted into a Modification Proposal",
            frozenset({DEVELOPMENT}),
            Effect(by="route", choices=ROUTES),
            implies=DEVELOPMENT,
            decision=Decision("Panel", "converted to {reference}, to {route}"),
            choices=Frozen({"route": tuple(ROUTES), "variant": VARIANTS}),
        ),
        replace(
            before.IMR_CONSIDERED,
            choices=Frozen({**before.IMR_CONSIDERED.choices, "variant": VARIANTS}),
        ),
        Step(
            "refinement_started",
            "Refinement Process started",
            frozenset({SUBMITTED, REPORT_PHASE}),
            Effect(to=REFINEMENT),
        ),
        *before.REFINEMENT_MILESTONES,
        before.CONSULTATION_ISSUED,
        before.CONSULTATION_CLOSED,
        before.CHANGE_BOARD_MEETING,
        VOTE,
        before.AUTHORITY_DETERMINED,
        Step(
            "implemented",
            "implemented in a SEC Release",
            AWAITING,
            Effect(to=IMPLEMENTED, by=IN_PARTS, choices=Frozen({"part": PARTLY_IMPLEMENTED})),
            implies=APPROVED,
            requires_one_of=("release", "version"),
        ),
        *(replace(step, allowed_from=UNDECIDED) for step in before.ENDINGS),
        *before.PAUSES,
        *bookkeeping(UNDECIDED, AWAITING, ALL),
    ),
)
