"""Each code's process as data, on aggregates alone: no storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.fold import fold
from ledger.domain.process import STAGES, Effect, Process, Status, Step
from ledger.domain.processes import (
    PROCESSES,
    bsc,
    key_of,
    process_for,
    sec_2017,
    sec_2018,
    spellings,
    unc,
)
from ledger.domain.proposal import Proposal, proposal_key

WHO = {"actor": "tester"}


def test_the_sec_process_in_force_changes_at_the_start_of_november_2018() -> None:
    assert process_for("SEC", date(2018, 10, 31)) is sec_2017.PROCESS
    assert process_for("SEC", date(2018, 11, 1)) is sec_2018.PROCESS
    assert process_for("SEC") is sec_2018.PROCESS
    assert process_for("SEC", date(2010, 1, 1)) is sec_2017.PROCESS


def test_a_code_without_a_process_is_named_in_the_refusal() -> None:
    with pytest.raises(NotFound, match="no modification process is defined for code 'XYZ'"):
        process_for("XYZ")


def test_every_spelling_of_an_sec_id_names_one_stored_proposal() -> None:
    keys = {key_of("SEC", written) for written in ("MP071", "SECMP0071", "SECMP 0071", "DP071")}
    assert keys == {"SECMP0071"}
    assert spellings("SEC", "MP071") == ("DP071", "MP071", "SECMP0071")
    assert proposal_key("SEC", "MP150") == proposal_key("SEC", "DP150")


def test_unc_and_bsc_ids_are_written_in_their_own_forms() -> None:
    assert key_of("UNC", "0678A") == "0678A"
    assert key_of("UNC", "0678") != key_of("UNC", "0678A")
    assert key_of("BSC", "P400") == "P400"
    with pytest.raises(InvalidInput, match="not a BSC proposal id"):
        key_of("BSC", "0678")


def test_an_mp_id_is_refused_before_the_november_2018_process() -> None:
    with pytest.raises(InvalidInput, match=r"not a SEC proposal id .*SECMP0034"):
        Proposal.submit("SEC", "MP150", title="A change", proposer="SECAS", on="2017-05-01", **WHO)


def draft(on: str = "2020-01-10") -> Proposal:
    return Proposal.submit("SEC", "DP150", title="A change", proposer="DCC", on=on, **WHO)


def test_a_draft_proposal_starts_in_the_development_stage() -> None:
    state = draft().state
    assert (state.status, state.shown_id, state.proposal_id) == (
        sec_2018.DEVELOPMENT,
        "DP150",
        "SECMP0150",
    )
    assert state.process == "the SEC process of November 2018"


def test_a_strict_consultation_on_a_draft_proposal_is_refused_naming_the_rule() -> None:
    proposal = draft()
    proposal.refuse_gaps = True
    with pytest.raises(ProcessViolation) as refused:
        proposal.issue_consultation(deadline="2020-05-20", on="2020-04-22", **WHO)
    assert str(refused.value) == (
        "DP150: cannot record Modification Report Consultation issued on 2020-04-22 under the "
        "SEC process of "
        "November 2018: its status is Development Stage (a Draft Proposal is converted into "
        "a Modification Proposal before it is refined, consulted on or voted on); strict "
        "recording refuses the gap: converted into a Modification Proposal (Report Phase) "
        "not recorded"
    )


def test_an_impact_assessment_of_a_draft_proposal_implies_its_conversion() -> None:
    proposal = draft()
    proposal.record_milestone(step="impact_assessment", on="2020-03-10", **WHO)
    state = proposal.state
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("converted into a Modification Proposal", "Refinement")
    ]
    assert (state.status, state.shown_id) == ("Refinement", "DP150")  # its MP id is unknown


def test_a_withdrawn_proposal_has_no_course_left_so_a_vote_contradicts_it() -> None:
    proposal = draft()
    proposal.withdraw(on="2020-02-01", **WHO)
    with pytest.raises(ProcessViolation, match=r"its status is Withdrawn$"):
        proposal.vote(outcome="approve", on="2020-04-22", **WHO)


def test_a_converted_draft_goes_by_its_modification_proposal_id_to_its_implementation() -> None:
    proposal = draft()
    proposal.record_milestone(step="csc_review", on="2020-02-05", **WHO)
    proposal.convert(reference="MP150", route="refinement", path="3", on="2020-02-20", **WHO)
    assert (proposal.state.shown_id, proposal.state.status) == ("MP150", "Refinement")
    proposal.record_milestone(step="impact_assessment", on="2020-03-10", **WHO)
    proposal.issue_consultation(deadline="2020-04-10", on="2020-03-20", **WHO)
    proposal.close_consultation(on="2020-04-10", **WHO)
    proposal.vote(outcome="approve", on="2020-04-22", **WHO)
    proposal.implement(release="November 2020 SEC Release", on="2020-11-05", **WHO)
    state = proposal.state
    assert (state.status, state.decided_on, state.implemented_in) == (
        "Implemented",
        "2020-04-22",
        "November 2020 SEC Release",
    )
    assert state.references == [("DP150", "2020-01-10"), ("MP150", "2020-02-20")]
    assert fold(proposal.events, as_of=date(2020, 2, 1)).shown_id == "DP150"  # type: ignore[union-attr]


def test_a_conversion_keeps_the_number() -> None:
    with pytest.raises(InvalidInput, match="MP151 is another proposal's id"):
        draft().convert(reference="MP151", route="report", on="2020-02-20", **WHO)


def test_a_milestone_the_process_does_not_name_is_refused_listing_those_it_does() -> None:
    with pytest.raises(
        InvalidInput, match=r"'workgroup_report' is not a milestone of .*csc_review"
    ):
        draft().record_milestone(step="workgroup_report", on="2020-02-05", **WHO)


def test_a_2018_release_implementation_needs_a_release_or_a_version() -> None:
    proposal = draft()
    proposal.convert(reference="MP150", route="report", path="3", on="2020-02-20", **WHO)
    with pytest.raises(InvalidInput, match="release or version is required"):
        proposal.implement(on="2020-11-05", **WHO)


def test_a_legacy_proposal_raised_in_2017_is_decided_under_the_2018_process() -> None:
    proposal = Proposal.submit(
        "SEC", "SECMP0040", title="Old", proposer="EDF", on="2017-06-01", **WHO
    )
    proposal.consider_imr(outcome="accepted", path="2", route="refinement", on="2017-06-20", **WHO)
    assert proposal.state.process == "the SEC process of 2017"
    proposal.issue_consultation(deadline="2019-03-01", on="2019-02-01", **WHO)
    proposal.close_consultation(on="2019-03-01", **WHO)
    proposal.vote(outcome="approve", on="2019-03-20", **WHO)
    proposal.determine(outcome="approve", authority="Ofgem", on="2020-01-15", **WHO)
    state = proposal.state
    assert (state.status, state.process, state.shown_id) == (
        "Approved",
        "the SEC process of November 2018",
        "SECMP0040",
    )
    assert fold(proposal.events, as_of=date(2017, 12, 31)).status == "Refinement"  # type: ignore[union-attr]


def test_an_alternative_proposal_names_its_original() -> None:
    proposal = Proposal.submit(
        "SEC", "MP151", title="Alt", proposer="EDF", alternative_of="MP150", on="2020-03-01", **WHO
    )
    assert proposal.state.alternative_of == "MP150"
    with pytest.raises(InvalidInput, match="not an alternative to itself"):
        Proposal.submit(
            "SEC",
            "MP152",
            title="A",
            proposer="E",
            alternative_of="SECMP0152",
            on="2020-03-01",
            **WHO,
        )


def test_an_authority_led_variation_is_raised_on_path_1() -> None:
    proposal = Proposal.submit(
        "SEC", "MP160", title="SCR", proposer="Ofgem", path="1", on="2021-05-01", **WHO
    )
    assert (proposal.state.path, proposal.state.status) == ("1", sec_2017.SUBMITTED)


def test_a_unc_modification_goes_through_workgroup_consultation_and_an_ofgem_decision() -> None:
    mod = Proposal.submit("UNC", "0678", title="Gas", proposer="Centrica", on="2019-01-17", **WHO)
    assert mod.state.status == unc.RAISED
    mod.consider_imr(
        outcome="accepted", path="authority", route="workgroup", on="2019-01-17", **WHO
    )
    assert mod.state.status == unc.WORKGROUP
    mod.record_milestone(step="workgroup_report", on="2019-06-20", **WHO)
    mod.issue_consultation(deadline="2019-07-18", on="2019-06-21", **WHO)
    mod.close_consultation(on="2019-07-18", **WHO)
    assert mod.state.status == unc.FINAL_REPORT
    mod.vote(outcome="approve", on="2019-08-15", **WHO)
    assert mod.state.status == unc.OFGEM
    mod.determine(outcome="approve", authority="Ofgem", on="2019-10-01", **WHO)
    assert (mod.state.status, mod.state.decided_on) == (unc.AWAITING_IMPLEMENTATION, "2019-10-01")
    mod.implement(on="2019-11-01", **WHO)
    assert mod.state.status == unc.IMPLEMENTED
    assert unc.PROCESS.by_status[unc.OFGEM].heading == "Ofgem Decision"


def test_a_unc_self_governance_modification_is_determined_by_the_panel() -> None:
    mod = Proposal.submit("UNC", "0700", title="SG", proposer="SGN", on="2019-02-21", **WHO)
    mod.consider_imr(
        outcome="accepted", path="self-governance", route="consultation", on="2019-02-21", **WHO
    )
    mod.close_consultation(on="2019-03-14", **WHO)
    mod.vote(outcome="reject", on="2019-03-21", **WHO)
    assert mod.state.status == unc.REJECTED
    with pytest.raises(ProcessViolation, match="Self-Governance path, where the UNC Modification"):
        mod.determine(outcome="approve", authority="Ofgem", on="2019-04-01", **WHO)


def test_the_unc_has_no_cancellation_by_direction() -> None:
    mod = Proposal.submit("UNC", "0701", title="X", proposer="SGN", on="2019-02-21", **WHO)
    with pytest.raises(
        ProcessViolation, match="under the UNC modification rules: it is not a step of this process"
    ):
        mod.cancel(directed_by="Ofgem", on="2019-03-01", **WHO)


def test_a_bsc_modification_goes_through_assessment_and_report_phase_to_the_authority() -> None:
    mod = Proposal.submit("BSC", "P400", title="Elec", proposer="Elexon", on="2020-03-12", **WHO)
    assert mod.state.status == bsc.INITIAL
    mod.consider_imr(
        outcome="accepted", path="authority", route="assessment", on="2020-03-12", **WHO
    )
    mod.record_milestone(step="assessment_report", on="2020-09-10", **WHO)
    mod.issue_consultation(deadline="2020-10-01", on="2020-09-11", **WHO)
    assert mod.state.status == bsc.REPORT_PHASE
    mod.close_consultation(on="2020-10-01", **WHO)
    assert mod.state.status == bsc.REPORT_PHASE
    mod.vote(outcome="approve", on="2020-10-08", **WHO)
    assert mod.state.status == bsc.WITH_AUTHORITY
    mod.determine(outcome="approve", authority="Ofgem", on="2020-12-01", **WHO)
    mod.implement(release="February 2021 BSC Release", on="2021-02-25", **WHO)
    assert (mod.state.status, mod.state.implemented_in) == (
        bsc.IMPLEMENTED,
        "February 2021 BSC Release",
    )


@pytest.mark.parametrize("process", [p for eras in PROCESSES.values() for p in eras])
def test_every_status_of_every_process_is_classified_in_the_shared_vocabulary(
    process: Process,
) -> None:
    assert {s.stage for s in process.statuses} <= set(STAGES)
    assert process.decided, process.name
    assert all(process.by_status[name] for s in process.steps for name in s.allowed_from)


def test_a_process_naming_a_status_it_does_not_define_is_refused_when_defined() -> None:
    with pytest.raises(ValueError, match="unknown statuses or stages"):
        replace(
            unc.PROCESS,
            name="broken",
            steps=(Step("withdrawn", "withdrawn", frozenset({"Nowhere"}), Effect(to="Gone")),),
        )


def test_a_status_may_carry_the_rule_that_leaves_it() -> None:
    status = Status("Waiting", "raised", rule="a thing happens first")
    assert (status.heading, status.decided, status.rule) == (
        "Waiting",
        False,
        "a thing happens first",
    )


def test_no_status_is_decided_in_one_process_and_open_in_another() -> None:
    every = [p for eras in PROCESSES.values() for p in eras]
    decided = {name for p in every for name in p.decided}
    still_open = {name for p in every for name in p.status_names if name not in p.decided}
    assert decided.isdisjoint(still_open)


def test_a_panel_meeting_is_a_milestone_of_every_code_that_changes_no_status() -> None:
    for code, pid, on in (("SEC", "SECMP0041", "2017-04-21"), ("UNC", "0702", "2019-03-21"),
                          ("BSC", "P401", "2020-04-09")):  # fmt: skip
        proposal = Proposal.submit(code, pid, title="T", proposer="P", on=on, **WHO)
        before = proposal.state.status
        proposal.record_milestone(step="panel_meeting", on=on, outcome="discussed", **WHO)
        assert proposal.state.status == before
        assert proposal.state.timeline[-1].text == "Panel meeting: discussed"


def test_a_2017_working_group_meeting_is_recordable_in_refinement() -> None:
    proposal = Proposal.submit("SEC", "SECMP0042", title="T", proposer="P", on="2017-05-01", **WHO)
    proposal.consider_imr(outcome="accepted", path="3", route="refinement", on="2017-05-19", **WHO)
    proposal.record_milestone(step="working_group", on="2017-06-07", **WHO)
    assert proposal.state.status == sec_2017.REFINEMENT


def test_an_approved_proposals_implementation_can_be_scheduled() -> None:
    mod = Proposal.submit("UNC", "0703", title="T", proposer="P", on="2019-02-21", **WHO)
    mod.consider_imr(
        outcome="accepted", path="self-governance", route="consultation", on="2019-02-21", **WHO
    )
    mod.close_consultation(on="2019-03-14", **WHO)
    mod.vote(outcome="approve", on="2019-03-21", **WHO)
    mod.schedule(what="implementation", on="2019-06-01", **WHO)
    assert mod.state.status == unc.AWAITING_IMPLEMENTATION
