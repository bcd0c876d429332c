"""History as partial sources give it: a vote whose path no source gives, a step written
under a proposal's later id, a submission found after the register reading that brought
the proposal in. On aggregates alone, no storage."""

from __future__ import annotations

import pytest

from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.processes.sec_2017 import (
    APPROVED,
    AUTHORITY_DETERMINATION,
    CHANGE_BOARD,
    IMPLEMENTED,
    WITHDRAWN,
)
from ledger.domain.proposal import Proposal
from ledger.domain.state import ProposalState

WHO = {"actor": "tester"}


def consulted() -> Proposal:
    """A proposal whose first consideration (and so its path) no source gives."""
    proposal = Proposal.submit("SEC", "SECMP0040", title="A change", on="2017-03-01", **WHO)
    proposal.issue_consultation(on="2017-04-03", **WHO)
    return proposal


def implied(state: ProposalState) -> list[str]:
    return [entry.text for entry in state.timeline if entry.implied]


def test_a_vote_on_a_proposal_whose_path_is_not_recorded_is_recorded_its_effect_unknown() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    state = proposal.state
    assert (state.status, state.path, state.path_implied) == (CHANGE_BOARD, None, None)
    assert state.unresolved_vote is proposal.events[-1]
    assert state.decided_on is None


def test_a_vote_a_source_calls_a_decision_implies_the_only_self_governance_path() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", taken_as="decision", on="2017-05-01", **WHO)
    state = proposal.state
    assert (state.status, state.path, state.path_implied) == (APPROVED, None, "3")
    assert (state.decided_on, state.unresolved_vote) == ("2017-05-01", None)


def test_a_vote_a_source_calls_a_recommendation_leaves_the_path_one_of_two() -> None:
    proposal = consulted()
    proposal.vote(outcome="reject", taken_as="recommendation", on="2017-05-01", **WHO)
    state = proposal.state
    assert (state.status, state.path, state.path_implied) == (
        AUTHORITY_DETERMINATION,
        None,
        "1 or 2",
    )


def test_an_authority_decision_after_a_vote_of_unknown_effect_reads_it_as_a_recommendation() -> (
    None
):
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    proposal.determine(outcome="approve", authority="Ofgem", on="2017-06-01", **WHO)
    state = proposal.state
    assert (state.status, state.path_implied, state.unresolved_vote) == (APPROVED, "1 or 2", None)
    assert implied(state) == [
        "Authority Determination (implied: the Change Board vote of 2017-05-01 was a "
        "recommendation, by the Authority determination)"
    ]
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("Change Board vote of 2017-05-01 as a recommendation", AUTHORITY_DETERMINATION)
    ]
    assert state.decided_on == "2017-06-01"


def test_an_implementation_after_an_approval_of_unknown_effect_reads_it_as_a_decision() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    proposal.implement(version="5.8", on="2017-11-02", **WHO)
    state = proposal.state
    assert (state.status, state.path_implied, state.decided_on) == (IMPLEMENTED, "3", "2017-05-01")
    assert implied(state) == [
        "Approved (implied: the Change Board vote of 2017-05-01 was a decision, by the implemented)"
    ]


def test_a_withdrawal_after_a_vote_of_unknown_effect_shows_the_vote_recommended() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    proposal.withdraw(on="2017-05-20", **WHO)
    state = proposal.state
    assert (state.status, state.path_implied) == (WITHDRAWN, "1 or 2")


def test_a_step_that_either_reading_allows_leaves_the_vote_unresolved() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    proposal.schedule(what="Authority decision expected", on="2017-07-01", **WHO)
    assert proposal.state.unresolved_vote is not None


def test_a_second_vote_after_a_vote_of_unknown_effect_is_refused_naming_both_readings() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        proposal.vote(outcome="reject", on="2017-05-20", **WHO)
    assert str(refused.value) == (
        "SECMP0040: cannot record Change Board vote on 2017-05-20 under the SEC process of "
        "2017: its path is not recorded, and neither reading of its Change Board vote of "
        "2017-05-01 (a decision or a recommendation) allows it"
    )
    assert len(proposal.events) == 3


def test_a_vote_called_a_decision_on_a_recorded_path_2_proposal_is_refused() -> None:
    proposal = Proposal.submit("SEC", "SECMP0040", title="A change", on="2017-03-01", **WHO)
    proposal.consider_imr(outcome="accepted", path="2", route="report", on="2017-03-20", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        proposal.vote(outcome="approve", taken_as="decision", on="2017-05-01", **WHO)
    assert str(refused.value) == (
        "SECMP0040: cannot record Change Board vote on 2017-05-01 under the SEC process of "
        "2017: it is on Path 2 (Authority Determination), where the Change Board's vote is a "
        "recommendation, not a decision"
    )


def test_a_vote_read_as_neither_a_decision_nor_a_recommendation_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        consulted().vote(outcome="approve", taken_as="opinion", on="2017-05-01", **WHO)
    assert str(refused.value) == (
        "SECMP0040: a vote is read as decision or recommendation, not 'opinion'"
    )


def test_strict_recording_refuses_a_vote_whose_effect_no_source_gives() -> None:
    proposal = consulted()
    proposal.refuse_gaps = True
    with pytest.raises(ProcessViolation) as refused:
        proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    assert str(refused.value) == (
        "SECMP0040: cannot record Change Board vote on 2017-05-01 under the SEC process of "
        "2017: its path is not recorded; strict recording refuses the gap: whether the vote "
        "was a decision or a recommendation not recorded"
    )
    proposal.vote(outcome="approve", taken_as="decision", on="2017-05-01", **WHO)
    assert proposal.state.status == APPROVED


def test_recording_the_path_later_settles_the_votes_effect() -> None:
    proposal = consulted()
    proposal.vote(outcome="approve", on="2017-05-01", **WHO)
    proposal.consider_imr(outcome="accepted", path="3", route="report", on="2017-03-20", **WHO)
    state = proposal.state
    assert (state.status, state.path, state.unresolved_vote) == (APPROVED, "3", None)


def draft() -> Proposal:
    return Proposal.submit("SEC", "DP150", title="CSS", on="2021-03-01", **WHO)


def test_a_step_written_under_the_later_modification_id_keeps_that_id_and_implies_conversion() -> (
    None
):
    proposal = draft()
    proposal.written_as = "MP150"
    proposal.issue_consultation(on="2021-06-01", **WHO)
    state = proposal.state
    assert (state.shown_id, state.status) == ("MP150", "Report Phase")
    assert state.references == [("DP150", "2021-03-01"), ("MP150", "2021-06-01")]
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("converted into a Modification Proposal", "Report Phase")
    ]


def test_a_step_of_any_stage_written_under_the_later_id_implies_a_conversion_of_unknown_route() -> (
    None
):
    proposal = draft()
    proposal.written_as = "MP 150"
    proposal.schedule(what="Panel decision", on="2021-06-01", **WHO)
    state = proposal.state
    assert state.shown_id == "MP150"
    assert implied(state) == [
        "now MP150 (implied: converted into a Modification Proposal, by the id the scheduled "
        "was recorded under)"
    ]
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("converted into a Modification Proposal as MP150", "its route not recorded")
    ]


def test_a_step_written_under_the_draft_id_of_a_converted_proposal_keeps_its_id() -> None:
    proposal = draft()
    proposal.convert(reference="MP150", route="report", path="3", on="2021-05-01", **WHO)
    proposal.written_as = "DP150"
    proposal.issue_consultation(on="2021-06-01", **WHO)
    assert (proposal.state.shown_id, proposal.events[-1].written_as) == ("MP150", None)
    assert proposal.state.gaps == []


def baselined() -> Proposal:
    return Proposal.baseline("SEC", "SECMP0030", status="Refinement", on="2017-04-10", **WHO)


def test_a_submission_found_later_is_recorded_before_the_baseline_that_then_confirms() -> None:
    proposal = baselined()
    proposal.submit_earlier(title="Demand Management", proposer="Graeme Liggett",
                            on="2017-01-04", **WHO)  # fmt: skip
    state = proposal.state
    assert (state.status, state.raised_on, state.proposer) == (
        "Refinement",
        "2017-01-04",
        "Graeme Liggett",
    )
    assert [entry.text for entry in state.timeline] == [
        "submitted by Graeme Liggett: Demand Management",
        "reported as Refinement (a confirmation: its history starts earlier)",
    ]


def test_a_submission_on_or_after_the_first_recorded_event_is_refused() -> None:
    proposal = baselined()
    with pytest.raises(ProcessViolation) as refused:
        proposal.submit_earlier(on="2017-04-10", **WHO)
    assert str(refused.value) == (
        "SECMP0030: cannot record submitted on 2017-04-10: its history in the ledger begins "
        "on 2017-04-10, and a submission found later is recorded only before it"
    )
    assert len(proposal.events) == 1


def test_a_second_submission_is_refused() -> None:
    proposal = baselined()
    proposal.submit_earlier(on="2017-01-04", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        proposal.submit_earlier(on="2017-01-03", **WHO)
    assert str(refused.value) == (
        "SECMP0030: cannot record it as submitted: it is already in the ledger"
    )


def test_a_first_consideration_whose_path_and_route_no_source_gives_is_recorded() -> None:
    proposal = Proposal.submit("SEC", "SECMP0062", title="Alert Storm Protection",
                               on="2018-09-27", **WHO)  # fmt: skip
    proposal.consider_imr(outcome="accepted", on="2018-10-12", **WHO)
    state = proposal.state
    assert (state.status, state.path) == ("Modification Proposal Submitted", None)
    assert state.timeline[-1].text == "IMR accepted: path not recorded, route not recorded"


def test_a_conversion_whose_route_no_source_gives_starts_the_modification_proposal() -> None:
    proposal = draft()
    proposal.convert(reference="MP150", on="2021-05-01", **WHO)
    proposal.record_milestone(step="preliminary_assessment", on="2021-05-20", **WHO)
    state = proposal.state
    assert (state.shown_id, state.status) == ("MP150", "Refinement")
    assert state.timeline[1].text == (
        "converted into Modification Proposal MP150: route not recorded"
    )
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("Refinement Process started", "Refinement")
    ]
