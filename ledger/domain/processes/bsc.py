"""The Balancing and Settlement Code's modification procedures (electricity; Elexon).

A Modification Proposal (`P400`) is raised to the BSC Panel with an Initial
Written Assessment, goes to the Assessment Procedure (a Workgroup) or
straight to the Report Phase, and is then determined by the Panel
(self-governance) or sent to the Authority with the Panel's recommendation.
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

INITIAL = "Initial Written Assessment"
ASSESSMENT = "Assessment Procedure"
REPORT_PHASE = "Report Phase"
WITH_AUTHORITY = "With Authority"
AWAITING_IMPLEMENTATION = "Awaiting Implementation"
IMPLEMENTED = "Implemented"
REJECTED = "Rejected"
WITHDRAWN = "Withdrawn"

STATUSES = (
    Status(
        INITIAL,
        "assessment",
        rule="the Panel first considers the Initial Written Assessment and sets the procedure",
    ),
    Status(ASSESSMENT, "refinement"),
    Status(REPORT_PHASE, "consultation"),
    Status(
        WITH_AUTHORITY,
        "authority",
        rule="the Authority decides a modification the Panel has reported on",
    ),
    Status(AWAITING_IMPLEMENTATION, "approved"),
    Status(IMPLEMENTED, "implemented"),
    Status(REJECTED, "rejected", group="Closed"),
    Status(WITHDRAWN, "withdrawn", group="Closed"),
)
ALL = frozenset(s.name for s in STATUSES)
LIVE = frozenset({INITIAL, ASSESSMENT, REPORT_PHASE, WITH_AUTHORITY})
ROUTES = Frozen({"assessment": ASSESSMENT, "report": REPORT_PHASE})
BY_OUTCOME = Frozen({"approve": AWAITING_IMPLEMENTATION, "reject": REJECTED})
PANEL = "BSC Panel"


PROCESS = Process(
    code="BSC",
    name="the BSC modification procedures",
    in_force_from=None,
    summary="Balancing and Settlement Code: Initial Written Assessment, Assessment "
    "Procedure, Report Phase, Panel recommendation, Authority decision",
    statuses=STATUSES,
    ids=(IdForm("Modification Proposal", r"P ?(?P<n>\d{1,4})", "P{n}"),),
    key_spelling="P{n}",
    raised_status=INITIAL,
    paths=Frozen(
        {
            "self-governance": "Self-Governance",
            "fast-track": "Fast Track Self-Governance",
            "authority": "Authority decision",
        }
    ),
    self_governance_paths=frozenset({"self-governance", "fast-track"}),
    path_words="the {name} path",
    consultation_word="Report Phase consultation",
    bodies=Frozen(
        {
            PANEL: "decides the procedure and timetable, determines self-governance "
            "modifications and recommends the others to the Authority",
            "Workgroup": "assesses a modification in the Assessment Procedure",
            "Elexon": "BSCCo: administers the code, writes the Initial Written Assessment",
            "Authority": "Ofgem: decides modifications that are not self-governance",
        }
    ),
    steps=(
        Step("submitted", "raised", frozenset(), Effect(by="form")),
        Step("baselined", "brought in from the register", ALL, Effect(by="status")),
        Step(
            "imr_considered",
            "Initial Written Assessment considered by the Panel",
            frozenset({INITIAL}),
            Effect(by="route", choices=ROUTES),
            implies=INITIAL,
            decision=Decision(PANEL, "{outcome}, to {route}"),
            choices=Frozen({"outcome": FIRST_OUTCOMES, "route": tuple(ROUTES)}),
        ),
        Step(
            "refinement_started",
            "Assessment Procedure started",
            frozenset({INITIAL, REPORT_PHASE}),
            Effect(to=ASSESSMENT),
        ),
        milestone("workgroup_meeting", "Workgroup meeting", frozenset({ASSESSMENT})),
        milestone(
            "assessment_consultation",
            "Assessment Procedure consultation",
            frozenset({ASSESSMENT}),
        ),
        milestone(
            "assessment_report",
            "Assessment Report presented to the Panel",
            frozenset({ASSESSMENT}),
        ),
        Step(
            "consultation_issued",
            "Report Phase consultation issued (draft Modification Report)",
            frozenset({INITIAL, ASSESSMENT, REPORT_PHASE}),
            Effect(to=REPORT_PHASE),
        ),
        Step(
            "consultation_closed",
            "Report Phase consultation closed",
            frozenset({REPORT_PHASE}),
            implies=REPORT_PHASE,
        ),
        Step(
            "change_board_voted",
            "Panel's final recommendation or self-governance determination",
            frozenset({REPORT_PHASE}),
            Effect(by="outcome", choices=BY_OUTCOME, recommends=WITH_AUTHORITY),
            implies=REPORT_PHASE,
            decision=Decision(PANEL, "{outcome}"),
            choices=Frozen({"outcome": OUTCOMES}),
            needs_path=True,
        ),
        milestone(
            "final_modification_report",
            "Final Modification Report sent to the Authority",
            frozenset({WITH_AUTHORITY}),
        ),
        Step(
            "authority_determined",
            "Authority decision",
            frozenset({WITH_AUTHORITY}),
            Effect(by="outcome", choices=BY_OUTCOME),
            implies="Panel recommendation to the Authority",
            decision=Decision("{authority}", "{outcome}"),
            choices=Frozen({"outcome": OUTCOMES}),
            not_on_self_governance=True,
        ),
        Step(
            "implemented",
            "implemented",
            frozenset({AWAITING_IMPLEMENTATION}),
            Effect(to=IMPLEMENTED),
            implies=AWAITING_IMPLEMENTATION,
        ),
        Step(
            "withdrawn",
            "withdrawn by the proposer",
            LIVE,
            Effect(to=WITHDRAWN),
            decision=Decision("Proposer", "withdraw"),
        ),
        *bookkeeping(LIVE, frozenset({AWAITING_IMPLEMENTATION}), ALL),
    ),
)
