"""Sources and disagreements, on aggregates alone: no storage."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from ledger.domain import events as ev
from ledger.domain.citations import disputes_of, sources_of
from ledger.domain.corrections import standing
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.proposal import Proposal
from projections.views.disputes import brackets, of_facts, row_marks

WHO = {"actor": "tester"}
VOTE_SOURCE = "Change Board minutes, 21 June 2017"


def approved() -> tuple[Proposal, ev.ProposalEvent]:
    """SECMP0040 approved by the Change Board on 2017-06-21 (Path 3), and that vote."""
    proposal = Proposal.submit(
        "SEC",
        "SECMP0040",
        title="A change",
        proposer="British Gas",
        on="2017-05-02",
        source="register page",
        **WHO,
    )
    proposal.consider_imr(outcome="accepted", path="3", route="report", on="2017-05-19", **WHO)
    proposal.vote(outcome="approve", on="2017-06-21", source=VOTE_SOURCE, **WHO)
    return proposal, proposal.events[-1]


def cite(proposal: Proposal, target: Any, source: str = "SEC Newsletter", **disputes: str) -> Any:
    proposal.cite(cites=target.event_id, disputes=disputes, source=source, on="2017-07-03", **WHO)
    return proposal.events[-1]


def refusal(proposal: Proposal, target: Any, source: str = "register page", **disputes: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        cite(proposal, target, source, **disputes)
    return str(refused.value)


def test_a_confirming_citation_adds_its_source_and_changes_no_fact() -> None:
    proposal, vote = approved()
    before = proposal.state
    citation = cite(proposal, vote)
    assert isinstance(citation, ev.Cited) and citation.disputes == {}
    assert sources_of(vote, proposal.events) == [VOTE_SOURCE, "SEC Newsletter"]
    assert proposal.state.snapshot() == before.snapshot()
    assert [e.event_id for e in standing(proposal.events)] == [
        e.event_id for e in proposal.events[:3]
    ]
    assert disputes_of(proposal.events) == []


def test_a_dispute_keeps_the_recorded_value_standing_and_names_both_sources() -> None:
    proposal, vote = approved()
    cite(proposal, vote)
    citation = cite(proposal, vote, "SEC register page", on="2017-06-23")
    (dispute,) = disputes_of(proposal.events)
    assert proposal.state.decided_on == "2017-06-21"
    assert (dispute.fact, dispute.standing, dispute.value, dispute.source) == (
        "on",
        "2017-06-21",
        "2017-06-23",
        "SEC register page",
    )
    assert dispute.standing_sources == (VOTE_SOURCE, "SEC Newsletter")
    assert (dispute.settled, dispute.citation.event_id) == (False, citation.event_id)


def test_a_correction_that_adopts_the_disputing_value_settles_the_dispute() -> None:
    proposal, vote = approved()
    cite(proposal, vote, "SEC register page", on="2017-06-23")
    proposal.correct(
        corrects=vote.event_id,
        changes={"on": "2017-06-23"},
        reason="the register page is right",
        on="2017-07-10",
        **WHO,
    )
    correction = proposal.events[-1]
    (dispute,) = disputes_of(proposal.events)
    assert (dispute.settled, dispute.settled_by) == (True, correction.event_id)
    assert (dispute.was, dispute.standing) == ("2017-06-21", "2017-06-23")
    assert dispute.standing_sources == (
        f"correction {correction.event_id} (the register page is right)",
        "SEC register page",
    )
    assert proposal.state.decided_on == "2017-06-23"


def test_a_correction_to_a_third_value_leaves_the_dispute_open_against_it() -> None:
    proposal, vote = approved()
    cite(proposal, vote, "SEC register page", on="2017-06-23")
    proposal.correct(
        corrects=vote.event_id,
        changes={"on": "2017-06-22"},
        reason="minutes",
        on="2017-07-10",
        **WHO,
    )
    (dispute,) = disputes_of(proposal.events)
    assert (dispute.settled, dispute.was, dispute.standing) == (False, "2017-06-21", "2017-06-22")


def test_a_retracted_citation_neither_confirms_nor_disputes() -> None:
    proposal, vote = approved()
    confirming = cite(proposal, vote)
    disputing = cite(proposal, vote, "SEC register page", on="2017-06-23")
    for citation in (confirming, disputing):
        proposal.retract(retracts=citation.event_id, reason="misread", on="2017-07-04", **WHO)
    assert sources_of(vote, proposal.events) == [VOTE_SOURCE]
    assert disputes_of(proposal.events) == []


def test_a_dispute_of_a_retracted_event_no_longer_stands() -> None:
    proposal, vote = approved()
    cite(proposal, vote, "SEC register page", on="2017-06-23")
    proposal.retract(retracts=vote.event_id, reason="no such vote", on="2017-07-04", **WHO)
    assert disputes_of(proposal.events) == []


def test_a_source_may_dispute_the_status_a_step_left_the_proposal_in() -> None:
    proposal, vote = approved()
    cite(proposal, vote, "Table one", status="Rejected")
    (dispute,) = disputes_of(proposal.events)
    assert (dispute.fact, dispute.standing, dispute.value) == ("status", "Approved", "Rejected")


def test_a_month_precise_date_may_be_disputed_by_a_day() -> None:
    proposal, vote = approved()
    proposal.correct(
        corrects=vote.event_id, changes={"on": "2017-06"}, reason="minutes", on="2017-07-10", **WHO
    )
    cite(proposal, vote, "SEC register page", on="2017-06-23")
    (dispute,) = disputes_of(proposal.events)
    assert (dispute.standing, dispute.value) == ("2017-06", "2017-06-23")


def test_the_fold_names_the_event_each_register_fact_comes_from() -> None:
    proposal, vote = approved()
    given = {name: e.event_id for name, e in proposal.state.given_by.items()}
    submitted, imr = proposal.events[0].event_id, proposal.events[1].event_id
    assert given == {
        "title": submitted,
        "proposer": submitted,
        "raised_on": submitted,
        "path": imr,
        "status": vote.event_id,
        "status_since": vote.event_id,
        "decided_on": vote.event_id,
    }


def test_a_disputed_decision_date_marks_the_register_facts_that_show_it() -> None:
    proposal, vote = approved()
    cite(proposal, vote, "SEC register page", on="2017-06-23")
    cite(proposal, vote, "A newsletter", outcome="reject")
    disputes = disputes_of(proposal.events)
    assert list(of_facts(proposal.state, disputes)) == ["status", "status_since", "decided"]
    assert brackets("decided", of_facts(proposal.state, disputes)["decided"]) == [
        f"[disputed: 2017-06-21 ({VOTE_SOURCE}) against 2017-06-23 (SEC register page)]"
    ]
    assert row_marks(proposal.state, disputes) == (
        f"status (outcome) disputed: approve ({VOTE_SOURCE}) against reject (A newsletter); "
        f"status since disputed: 2017-06-21 ({VOTE_SOURCE}) against 2017-06-23 "
        "(SEC register page); "
        f"decided disputed: 2017-06-21 ({VOTE_SOURCE}) against 2017-06-23 (SEC register page)"
    )


def test_a_dispute_of_a_fact_the_event_does_not_have_is_refused() -> None:
    proposal, vote = approved()
    assert refusal(proposal, vote, deadline="2017-07-01") == (
        "SECMP0040: Change Board vote on 2017-06-21 has no fact 'deadline' "
        "(the facts a source can dispute: on, outcome, taken_as, status)"
    )


def test_a_disputed_value_equal_to_the_standing_one_is_refused_as_a_confirmation() -> None:
    proposal, vote = approved()
    assert refusal(proposal, vote, on="2017-06-21") == (
        "SECMP0040: Change Board vote on 2017-06-21 has on '2017-06-21' as it stands: "
        "a source that gives the same confirms it (cite it without --disputes on=...)"
    )


@pytest.mark.parametrize(
    ("disputes", "message"),
    [
        (
            {"on": "2017-06-31"},
            "SECMP0040: on '2017-06-31' is not a date: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        ({"outcome": "maybe"}, "SECMP0040: outcome 'maybe' is not one of: approve, reject"),
        (
            {"on": ""},
            "SECMP0040: the disputed on is empty: a dispute gives the value its source gives",
        ),
    ],
)
def test_a_disputed_value_that_is_no_value_of_the_fact_is_refused(
    disputes: dict[str, str], message: str
) -> None:
    proposal, vote = approved()
    assert refusal(proposal, vote, **disputes) == message


def test_a_citation_without_a_source_is_refused() -> None:
    proposal, vote = approved()
    assert refusal(proposal, vote, " ") == (
        "SECMP0040: a citation names its source (--source): the document, section or "
        "meeting that gives it"
    )


def test_a_bad_date_of_the_source_is_refused() -> None:
    proposal, vote = approved()
    with pytest.raises(InvalidInput) as refused:
        proposal.cite(cites=vote.event_id, source="x", on="2017-13", **WHO)
    assert str(refused.value) == (
        "the source's date '2017-13' is not a date: use YYYY-MM-DD, or YYYY-MM for a month"
    )


def test_citing_a_source_again_for_the_same_values_is_refused() -> None:
    proposal, vote = approved()
    first = cite(proposal, vote, "SEC register page", on="2017-06-23")
    assert refusal(proposal, vote, "SEC register page", on="2017-06-23") == (
        "SECMP0040: 'SEC register page' is already cited for Change Board vote on "
        f"2017-06-21, giving the same values (event {first.event_id})"
    )


def test_only_a_standing_recorded_step_can_be_cited() -> None:
    proposal, vote = approved()
    citation = cite(proposal, vote)
    assert refusal(proposal, citation) == (
        f"SECMP0040: event {citation.event_id} is a citation, not a recorded step: "
        f"cite event {vote.event_id} instead"
    )
    proposal.retract(retracts=vote.event_id, reason="no such vote", on="2017-07-04", **WHO)
    retraction = proposal.events[-1]
    assert refusal(proposal, retraction) == (
        f"SECMP0040: event {retraction.event_id} is a retraction, not a recorded step: "
        "there is nothing of it to cite"
    )
    assert refusal(proposal, vote) == (
        f"SECMP0040: event {vote.event_id} is retracted: nothing of it stands to confirm or dispute"
    )


def test_an_event_the_proposal_does_not_hold_is_not_found() -> None:
    proposal, _ = approved()
    unknown = uuid4()
    with pytest.raises(NotFound) as refused:
        proposal.cite(cites=unknown, source="x", on="2017-07-03", **WHO)
    assert str(refused.value) == f"SECMP0040: no event {unknown} to cite"


def test_a_citation_is_not_corrected_but_retracted_and_cited_again() -> None:
    proposal, vote = approved()
    citation: Any = cite(proposal, vote, "SEC register page", on="2017-06-23")
    with pytest.raises(InvalidInput) as refused:
        proposal.correct(
            corrects=citation.event_id,
            changes={"source": "another"},
            reason="r",
            on="2017-07-05",
            **WHO,
        )
    assert str(refused.value) == (
        f"SECMP0040: event {citation.event_id} is a citation; "
        "retract it and cite its source again instead"
    )
