"""The Uniform Network Code's modification rules (gas; the Joint Office of Gas Transporters).

A modification (`0678`; an alternative `0678A`) is raised to the UNC
Modification Panel, which sends it to a Workgroup or straight to consultation.
Documents go by stage: 01 Modification, 02 Workgroup Report, 03 Draft
Modification Report, 04 Final Modification Report. The Panel determines a
self-governance modification itself and otherwise recommends to Ofgem, which
decides.
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

RAISED = "Awaiting Panel"
WORKGROUP = "Workgroup"
CONSULTATION = "Consultation"
FINAL_REPORT = "Final Modification Report"
OFGEM = "Awaiting Ofgem Decision"
AWAITING_IMPLEMENTATION = "Awaiting Implementation"
IMPLEMENTED = "Implemented"
REJECTED = "Rejected"
WITHDRAWN = "Withdrawn"

CLOSED = "Closed Modifications"
STATUSES = (
    Status(
        RAISED,
        "raised",
        group="Live Modifications",
        rule="the Panel first sends a modification to a Workgroup or straight to consultation",
    ),
    Status(WORKGROUP, "refinement", group="Workgroups"),
    Status(CONSULTATION, "consultation", group="Consultation"),
    Status(FINAL_REPORT, "decision", group="Live Modifications"),
    Status(
        OFGEM,
        "authority",
        group="Ofgem Decision",
        rule="Ofgem decides a modification the Panel has recommended",
    ),
    Status(AWAITING_IMPLEMENTATION, "approved", group="Modifications Awaiting Implementation"),
    Status(IMPLEMENTED, "implemented", group=CLOSED),
    Status(REJECTED, "rejected", group=CLOSED),
    Status(WITHDRAWN, "withdrawn", group=CLOSED),
)
ALL = frozenset(s.name for s in STATUSES)
LIVE = frozenset({RAISED, WORKGROUP, CONSULTATION, FINAL_REPORT, OFGEM})
ROUTES = Frozen({"workgroup": WORKGROUP, "consultation": CONSULTATION})
BY_OUTCOME = Frozen({"approve": AWAITING_IMPLEMENTATION, "reject": REJECTED})
PANEL = "UNC Modification Panel"


PROCESS = Process(
    code="UNC",
    name="the UNC modification rules",
    in_force_from=None,
    summary="Uniform Network Code: Panel, Workgroup, consultation, Panel determination "
    "or recommendation, Ofgem decision",
    statuses=STATUSES,
    ids=(IdForm("Modification", r"(?P<n>\d{4})(?P<suffix>[A-Z]{0,2})", "{n:04d}{suffix}"),),
    key_spelling="{n:04d}{suffix}",
    raised_status=RAISED,
    paths=Frozen(
        {
            "self-governance": "Self-Governance",
            "fast-track": "Fast Track Self-Governance",
            "authority": "Authority Direction",
        }
    ),
    self_governance_paths=frozenset({"self-governance", "fast-track"}),
    path_words="the {name} path",
    proposal_word="Modification",
    consultation_word="consultation on the Draft Modification Report",
    bodies=Frozen(
        {
            PANEL: "decides where a modification goes, determines self-governance "
            "modifications and recommends the others to Ofgem",
            "Workgroup": "develops a modification and writes the Workgroup Report",
            "Joint Office of Gas Transporters": "administers the code and its register",
            "Ofgem": "the Authority: decides modifications that are not self-governance",
        }
    ),
    version_pattern=r"^\d+(\.\d+){0,3}$",
    steps=(
        Step("submitted", "raised (01 Modification)", frozenset(), Effect(by="form")),
        Step("baselined", "brought in from the register", ALL, Effect(by="status")),
        Step(
            "imr_considered",
            "Panel's first consideration",
            frozenset({RAISED}),
            Effect(by="route", choices=ROUTES),
            implies=RAISED,
            decision=Decision(PANEL, "{outcome}, to {route}"),
            choices=Frozen({"outcome": FIRST_OUTCOMES, "route": tuple(ROUTES)}),
        ),
        Step(
            "refinement_started",
            "issued to a Workgroup",
            frozenset({RAISED, CONSULTATION}),
            Effect(to=WORKGROUP),
        ),
        milestone("workgroup_meeting", "Workgroup meeting", frozenset({WORKGROUP})),
        milestone(
            "workgroup_report",
            "Workgroup Report (02) presented to the Panel",
            frozenset({WORKGROUP}),
        ),
        Step(
            "consultation_issued",
            "Draft Modification Report (03) issued for consultation",
            frozenset({RAISED, WORKGROUP}),
            Effect(to=CONSULTATION),
        ),
        Step(
            "consultation_closed",
            "consultation closed",
            frozenset({CONSULTATION}),
            Effect(to=FINAL_REPORT),
            implies=CONSULTATION,
        ),
        milestone(
            "final_modification_report",
            "Final Modification Report (04) published",
            frozenset({FINAL_REPORT}),
        ),
        Step(
            "change_board_voted",
            "Panel determination or recommendation",
            frozenset({CONSULTATION, FINAL_REPORT}),
            Effect(by="outcome", choices=BY_OUTCOME, recommends=OFGEM),
            implies="Consultation and Final Modification Report",
            decision=Decision(PANEL, "{outcome}"),
            choices=Frozen({"outcome": OUTCOMES}),
            needs_path=True,
        ),
        Step(
            "authority_determined",
            "Ofgem decision",
            frozenset({OFGEM}),
            Effect(by="outcome", choices=BY_OUTCOME),
            implies="Panel recommendation to Ofgem",
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
