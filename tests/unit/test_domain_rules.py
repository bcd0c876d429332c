"""The process rules, on aggregates alone: no storage."""

from __future__ import annotations

import pytest

from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.processes.sec_2017 import (
    APPROVED,
    AUTHORITY_DETERMINATION,
    REJECTED,
    REPORT_PHASE,
    SUBMITTED,
    SUSPENDED,
    WITHDRAWN,
)
from ledger.domain.proposal import Proposal
from ledger.domain.version import CodeVersion

WHO = {"actor": "tester"}


def submitted(proposal_id: str = "SECMP0034") -> Proposal:
    return Proposal.submit(
        "SEC",
        proposal_id,
        title="A change",
        proposer="British Gas",
        on="2017-04-05",
        **WHO,
    )


def in_report_phase(path: str = "3") -> Proposal:
    proposal = submitted()
    proposal.consider_imr(outcome="accepted", path=path, route="report", on="2017-04-21", **WHO)
    return proposal


def test_a_submitted_proposal_has_the_submitted_status_and_its_date() -> None:
    state = submitted().state
    assert (state.status, state.raised_on, state.proposer) == (
        SUBMITTED,
        "2017-04-05",
        "British Gas",
    )


def test_an_accepted_imr_sets_the_path_and_sends_it_to_the_report_phase() -> None:
    state = in_report_phase().state
    assert (state.status, state.path) == (REPORT_PHASE, "3")


def test_a_change_board_approval_on_path_3_is_a_decision() -> None:
    proposal = in_report_phase("3")
    proposal.vote(outcome="approve", on="2017-05-24", **WHO)
    assert (proposal.state.status, proposal.state.decided_on) == (
        APPROVED,
        "2017-05-24",
    )


def test_a_change_board_vote_on_path_2_is_a_recommendation_to_the_authority() -> None:
    proposal = in_report_phase("2")
    proposal.vote(outcome="reject", on="2017-05-24", **WHO)
    assert proposal.state.status == AUTHORITY_DETERMINATION
    proposal.determine(outcome="reject", authority="Ofgem", on="2017-06-30", **WHO)
    assert proposal.state.status == REJECTED


def test_voting_on_a_withdrawn_proposal_is_refused() -> None:
    proposal = in_report_phase()
    proposal.withdraw(on="2017-05-01", **WHO)
    with pytest.raises(
        ProcessViolation,
        match=r"SECMP0034: cannot record Change Board vote .*Withdrawn",
    ):
        proposal.vote(outcome="approve", on="2017-05-24", **WHO)
    assert proposal.state.status == WITHDRAWN
    assert len(proposal.collect_events()) == 3


def test_implementing_a_proposal_whose_approval_is_not_recorded_implies_the_vote() -> None:
    proposal = in_report_phase()
    proposal.implement(version="5.8", on="2017-06-01", **WHO)
    state = proposal.state
    assert (state.status, state.decided_on) == ("Implemented", None)
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("Change Board vote", "Approved")
    ]
    assert [e.text for e in state.timeline if e.implied] == [
        "Approved (implied: Change Board vote, by the implemented)"
    ]


def test_strict_recording_refuses_a_step_whose_earlier_steps_are_unknown() -> None:
    proposal = in_report_phase()
    proposal.refuse_gaps = True
    with pytest.raises(ProcessViolation) as refused:
        proposal.implement(version="5.8", on="2017-06-01", **WHO)
    assert str(refused.value) == (
        "SECMP0034: cannot record implemented on 2017-06-01 under the SEC process of 2017: "
        "its status is Report Phase; strict recording refuses the gap: Change Board vote "
        "(Approved) not recorded"
    )
    assert proposal.state.status == "Report Phase"


def test_an_authority_decision_on_a_path_3_proposal_is_refused() -> None:
    proposal = in_report_phase("3")
    with pytest.raises(ProcessViolation, match=r"Path 3 .*Change Board decides"):
        proposal.determine(outcome="approve", authority="Ofgem", on="2017-06-01", **WHO)


def test_a_consultation_whose_deadline_precedes_its_issue_is_refused() -> None:
    proposal = submitted()
    with pytest.raises(
        InvalidInput, match="deadline 2017-04-01 precedes its issue date 2017-04-04"
    ):
        proposal.issue_consultation(deadline="2017-04-01", on="2017-04-04", **WHO)


def test_an_unknown_path_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown path '4'"):
        submitted().consider_imr(
            outcome="accepted", path="4", route="report", on="2017-04-21", **WHO
        )


@pytest.mark.parametrize(
    "bad_id",
    [
        "SECMP34",
        "secmp0034",
        "MP0034",
        "SECMP0034; DROP TABLE",
        "",
        "SECMP\uff10\uff10\uff13\uff14",
    ],
)
def test_a_malformed_proposal_id_is_refused(bad_id: str) -> None:
    with pytest.raises(InvalidInput, match="is not a SEC proposal id"):
        submitted(bad_id)


@pytest.mark.parametrize(
    "bad_date",
    [
        "2017-13-01",
        "2017-02-30",
        "17-04-05",
        "April 2017",
        "2017",
        "3017-01-01",
        "\uff12\uff10\uff11\uff17-04-05",
    ],
)
def test_a_malformed_or_absurd_date_is_refused(bad_date: str) -> None:
    with pytest.raises(InvalidInput, match="date"):
        Proposal.submit("SEC", "SECMP0034", title="t", proposer="p", on=bad_date, **WHO)


def test_a_month_precise_date_is_kept_as_given() -> None:
    proposal = Proposal.baseline("SEC", "SECMP0026", title="t", path="3", on="2017-02", **WHO)
    proposal.vote(outcome="approve", on="2017-02", **WHO)
    assert proposal.state.decided_on == "2017-02"


def test_an_authority_approval_with_no_recorded_path_implies_path_1_or_2_marked_so() -> None:
    proposal = Proposal.baseline("SEC", "SECMP0016", title="t", on="2017-01-17", **WHO)
    proposal.determine(outcome="approve", authority="BEIS", on="2017-01-17", **WHO)
    state = proposal.state
    assert (state.status, state.path, state.path_implied) == (APPROVED, None, "1 or 2")
    implied = [entry.text for entry in state.timeline if entry.implied]
    assert implied == [
        "Change Board recommendation to the Authority (implied by the Authority determination)"
    ]


def test_a_suspended_proposal_resumes_at_the_stage_it_left() -> None:
    proposal = in_report_phase()
    proposal.suspend(directed_by="BEIS", clause="X2.3(d)", on="2017-05", **WHO)
    assert proposal.state.status == SUSPENDED
    proposal.resume(on="2017-09-01", **WHO)
    assert proposal.state.status == REPORT_PHASE


def test_a_back_dated_step_takes_its_place_by_when_it_happened() -> None:
    proposal = submitted()
    proposal.consider_imr(outcome="accepted", path="3", route="report", on="2017-04-21", **WHO)
    proposal.vote(outcome="approve", on="2017-06-01", **WHO)
    with pytest.raises(
        ProcessViolation,
        match="would make the recorded Change Board vote of 2017-06-01",
    ):
        proposal.withdraw(on="2017-05-01", **WHO)


def test_an_empty_actor_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no actor"):
        Proposal.submit("SEC", "SECMP0034", title="t", proposer="p", on="2017-04-05", actor=" ")


def test_a_version_by_modification_must_name_what_it_implements() -> None:
    with pytest.raises(InvalidInput, match="names the proposals it implements"):
        CodeVersion.come_into_effect(
            "SEC", "5.9", basis="modification", implements=[], on="2017-11-02", **WHO
        )


def test_a_designated_version_implements_nothing() -> None:
    version = CodeVersion.come_into_effect(
        "SEC",
        "5.7",
        implements=[],
        amends=["Section X"],
        basis="designation",
        on="2017-06-01",
        **WHO,
    )
    assert version.effective.basis == "designation"
