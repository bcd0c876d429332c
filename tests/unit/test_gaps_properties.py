"""Partial histories, generated: complete lifecycles with random steps removed. Whatever is
left records; `gaps` names exactly the removed steps the rest implies (an independent
statement of the 2017 rules, below); the register equals the complete history's wherever
every removed step was implied; strict recording refuses exactly the steps that imply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.errors import ProcessViolation
from ledger.domain.proposal import Proposal
from ledger.domain.state import ProposalState
from projections.views.gaps import gap_rows
from projections.views.register import register_row

WHO = {"actor": "an auditor"}
Step = tuple[str, Callable[[Proposal], None]]

IMR = "IMR considered"
ISSUED = "Modification Report Consultation issued"
CLOSED = "Modification Report Consultation closed"
VOTE = "Change Board vote"
DETERMINED = "Authority determination"
IMPLEMENTED = "implemented"


def lifecycle(path: str) -> list[Step]:
    steps: list[Step] = [
        (
            IMR,
            lambda p: p.consider_imr(
                outcome="accepted", path=path, route="report", on="2017-01-20", **WHO
            ),
        ),
        (ISSUED, lambda p: p.issue_consultation(deadline="2017-03-20", on="2017-03-01", **WHO)),
        (CLOSED, lambda p: p.close_consultation(on="2017-03-20", **WHO)),
        (VOTE, lambda p: p.vote(outcome="approve", on="2017-04-10", **WHO)),
    ]
    if path != "3":
        steps.append(
            (
                DETERMINED,
                lambda p: p.determine(outcome="approve", authority="BEIS", on="2017-05-02", **WHO),
            )
        )
    steps.append((IMPLEMENTED, lambda p: p.implement(version="5.9", on="2017-06-01", **WHO)))
    return steps


def expected_implied(removed: set[str]) -> set[str]:
    """The rules of 2017, stated apart from the process's definition: with the first
    consideration recorded, the consultation may be skipped (a vote may follow the
    Report Phase) but a decision may not, nor, off Path 3, the Authority's; without it,
    the path is unknown: the consultation is implied when it is missing too, and nothing
    implies the Authority's decision, since a vote of unknown effect may have been the
    decision."""
    implied = {VOTE} & removed
    if IMR in removed:
        return implied | ({ISSUED} & removed)
    return implied | ({DETERMINED} & removed)


def raised() -> Proposal:
    return Proposal.submit("SEC", "SECMP0040", title="A change", proposer="EDF",
                           on="2017-01-10", **WHO)  # fmt: skip


def replayed(proposal: Proposal) -> Proposal:
    """The same proposal, as strict recording would find it."""
    copy = Proposal(proposal.id)
    for event in proposal.events:
        copy.take(event)
    copy.refuse_gaps = True
    return copy


def named_gaps(state: ProposalState) -> set[str]:
    """The removed steps `gaps` names (a vote's reading names a recorded step)."""
    readings = (" as a decision", " as a recommendation")
    return {step for _, step, _, _ in state.gaps if not step.endswith(readings)}


def register(state: ProposalState) -> dict[str, Any]:
    row = register_row(state)
    return {k: row[k] for k in ("id", "title", "status", "path", "proposer", "implemented_in")}


@settings(max_examples=120, deadline=None)
@given(path=st.sampled_from(["2", "3"]), data=st.data())
def test_a_partial_history_records_and_gaps_names_exactly_the_removed_steps_it_implies(
    path: str, data: Any
) -> None:
    steps = lifecycle(path)
    kept = data.draw(st.lists(st.booleans(), min_size=len(steps) - 1, max_size=len(steps) - 1))
    kept.append(True)  # the implementation is what the record gives
    removed = {label for (label, _), keep in zip(steps, kept, strict=True) if not keep}
    complete, lenient = raised(), raised()
    for (_, take), keep in zip(steps, kept, strict=True):
        take(complete)
        if not keep:
            continue
        strict = replayed(lenient)
        before = len(lenient.state.gaps), lenient.state.unresolved_vote
        take(lenient)
        if len(lenient.state.gaps) > before[0] or lenient.state.unresolved_vote is not before[1]:
            with pytest.raises(ProcessViolation, match="strict recording refuses the gap"):
                take(strict)
        else:
            take(strict)
    state = lenient.state
    assert state.status == "Implemented"
    assert named_gaps(state) == expected_implied(removed)
    implied_rows = [r for r in gap_rows([state]) if r["gap"] == "implied stage"]
    assert len(implied_rows) == len(state.gaps)
    if removed <= expected_implied(removed):
        assert register(state) == register(complete.state)
