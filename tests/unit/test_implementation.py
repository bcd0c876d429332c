"""Implementation in releases and versions, whole or in parts, and the versions that record
it, on the aggregates alone: no storage."""

from __future__ import annotations

import pytest

from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.fold import refusal_of
from ledger.domain.processes import process_for
from ledger.domain.processes.sec_2018 import PARTLY_IMPLEMENTED
from ledger.domain.proposal import Proposal
from ledger.domain.version import CodeVersion

WHO = {"actor": "SECAS"}
NOVEMBER = "November 2019 SEC Release"
FEBRUARY = "February 2020 SEC Release"


def approved(proposal_id: str = "DP100") -> Proposal:
    proposal = Proposal.submit(
        "SEC", proposal_id, title="T", proposer="DCC", on="2019-01-10", **WHO
    )
    proposal.convert(reference="MP100", route="report", path="3", on="2019-01-20", **WHO)
    proposal.vote(outcome="approve", on="2019-05-22", **WHO)
    return proposal


def test_partly_implemented_is_a_status_of_the_sec_process_in_its_own_stage() -> None:
    process = process_for("SEC")
    assert process.stage_of(PARTLY_IMPLEMENTED) == "implementing"
    assert PARTLY_IMPLEMENTED in process.decided
    assert process.step("implemented").allowed_from == {"Approved", PARTLY_IMPLEMENTED}


def test_a_part_implemented_leaves_it_partly_implemented_and_its_last_part_implemented() -> None:
    proposal = approved()
    proposal.implement(release=NOVEMBER, part="legal text", on="2019-11-28", **WHO)
    assert (proposal.state.status, proposal.state.implemented_in) == (
        PARTLY_IMPLEMENTED,
        f"{NOVEMBER} (legal text)",
    )
    proposal.implement(release=FEBRUARY, part="DCC systems", last_part=True, on="2020-02-27", **WHO)
    state = proposal.state
    assert (state.status, state.status_since, state.implemented_in) == (
        "Implemented",
        "2020-02-27",
        f"{NOVEMBER} (legal text); {FEBRUARY} (DCC systems)",
    )
    assert [entry.text for entry in state.timeline[-2:]] == [
        f"implemented in part in {NOVEMBER}: legal text",
        f"implemented in {FEBRUARY}: DCC systems, its last part",
    ]


def test_the_rest_implemented_without_naming_a_part_completes_it() -> None:
    proposal = approved()
    proposal.implement(release=NOVEMBER, part="legal text", on="2019-11-28", **WHO)
    proposal.implement(release=FEBRUARY, on="2020-02-27", **WHO)
    assert proposal.state.status == "Implemented"


def test_parts_are_no_decision_so_the_decision_date_stays_the_votes() -> None:
    proposal = approved()
    proposal.implement(release=NOVEMBER, part="legal text", on="2019-11-28", **WHO)
    assert proposal.state.decided_on == "2019-05-22"


def test_a_part_implemented_twice_is_refused_in_any_case_and_spacing() -> None:
    proposal = approved()
    proposal.implement(release=NOVEMBER, part="legal text", on="2019-11-28", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        proposal.implement(release=FEBRUARY, part="Legal  Text", on="2020-02-27", **WHO)
    assert str(refused.value) == (
        "MP100: cannot record implemented in a SEC Release on 2020-02-27 under the SEC process "
        "of November 2018: its part 'Legal  Text' was implemented on 2019-11-28"
    )
    assert len(proposal.events) == 4


def test_a_back_dated_part_that_a_later_record_repeats_is_refused_naming_it() -> None:
    proposal = approved()
    proposal.implement(release=FEBRUARY, part="legal text", on="2020-02-27", **WHO)
    recorded = proposal.events[-1]
    earlier = proposal._new_event(
        type(recorded), release=NOVEMBER, part="legal text", on="2019-11-28", **WHO
    )
    assert refusal_of(proposal.events, earlier) == (
        f"it would make the recorded implemented in a SEC Release of 2020-02-27 (event "
        f"{recorded.event_id}) impossible under the SEC process of November 2018: "
        "its part 'legal text' was implemented on 2019-11-28"
    )


def test_a_process_that_implements_changes_whole_refuses_a_part() -> None:
    proposal = Proposal.submit("SEC", "SECMP0035", title="T", proposer="P", on="2017-05-02", **WHO)
    with pytest.raises(InvalidInput) as refused:
        proposal.implement(version="5.8", part="legal text", on="2017-11-02", **WHO)
    assert str(refused.value) == (
        "SECMP0035: the SEC process of 2017 implements a change whole, not in parts"
    )


def test_a_last_part_needs_the_part_it_implements_named() -> None:
    proposal = approved()
    with pytest.raises(InvalidInput) as refused:
        proposal.implement(release=NOVEMBER, last_part=True, on="2019-11-28", **WHO)
    assert str(refused.value) == "MP100: a last part needs the part it implements (--part)"


def test_a_version_known_only_by_its_number_and_date_has_no_basis_or_contents() -> None:
    version = CodeVersion.come_into_effect("SEC", "27.0", on="2019-11-28", **WHO)
    made = version.effective
    assert (made.basis, made.implements, made.amends) == (None, [], [])
    assert made.summary() == "SEC 27.0 effective, its basis and contents not recorded"


def test_a_version_naming_what_it_implements_is_made_by_modification() -> None:
    version = CodeVersion.come_into_effect(
        "SEC", "27.0", implements=["MP100"], on="2019-11-28", **WHO
    )
    assert version.effective.basis == "modification"


def test_a_direction_with_no_number_is_filed_under_its_event_and_named_by_its_date() -> None:
    version = CodeVersion.come_into_effect(
        "SEC", None, basis="direction", amends=["Section X"], on="2020-01-15", **WHO
    )
    made = version.effective
    assert version.id == f"version:SEC:unnumbered-{made.event_id}"
    assert (made.number, made.subject) == (None, "SEC direction of 2020-01-15")


def test_a_change_with_no_number_is_a_direction_or_a_designation() -> None:
    with pytest.raises(InvalidInput) as refused:
        CodeVersion.come_into_effect("SEC", None, amends=["Section X"], on="2020-01-15", **WHO)
    assert str(refused.value) == (
        "SEC: a change with no version number is a direction or a designation "
        "(--basis direction or --basis designation)"
    )


def test_a_retracted_version_is_recorded_again_in_the_same_history() -> None:
    version = CodeVersion.come_into_effect(
        "SEC", "5.8", implements=["SECMP0035"], on="2017-11-02", **WHO
    )
    first = version.effective.event_id
    version.retract(retracts=first, reason="wrong number", on="2017-11-03", **WHO)
    assert version.standing is None
    version.record("SEC", "5.8", implements=["SECMP0036"], on="2017-11-02", **WHO)
    standing = version.standing
    assert standing is not None
    assert (standing.implements, standing.event_id != first) == (["SECMP0036"], True)


def test_what_a_version_implements_is_corrected_as_a_whole_list() -> None:
    version = CodeVersion.come_into_effect(
        "SEC", "5.8", implements=["SECMP0035"], on="2017-11-02", **WHO
    )
    version.correct(
        corrects=version.effective.event_id,
        changes={"implements": ["SECMP0035", "SECMP0036"]},
        reason="the release note lists both",
        on="2017-12-01",
        **WHO,
    )
    assert version.standing is not None
    assert version.standing.implements == ["SECMP0035", "SECMP0036"]
