"""Partial histories, generated: complete lifecycles with random steps removed. Whatever is
left records; the gaps it implies are only ever steps that were removed; the proposal ends
where the complete history ends; strict recording refuses exactly the steps that imply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.errors import ProcessViolation
from ledger.domain.proposal import Proposal

WHO = {"actor": "an auditor"}
Step = tuple[str, Callable[[Proposal], None]]


def lifecycle(path: str) -> list[Step]:
    steps: list[Step] = [
        (
            "Modification Report Consultation issued",
            lambda p: p.issue_consultation(deadline="2017-03-20", on="2017-03-01", **WHO),
        ),
        (
            "Modification Report Consultation closed",
            lambda p: p.close_consultation(on="2017-03-20", **WHO),
        ),
        ("Change Board vote", lambda p: p.vote(outcome="approve", on="2017-04-10", **WHO)),
    ]
    if path != "3":
        steps.append(
            (
                "Authority determination",
                lambda p: p.determine(outcome="approve", authority="BEIS", on="2017-05-02", **WHO),
            )
        )
    steps.append(("implemented", lambda p: p.implement(version="5.9", on="2017-06-01", **WHO)))
    return steps


def raised(path: str) -> Proposal:
    proposal = Proposal.submit("SEC", "SECMP0040", title="A change", proposer="EDF",
                               on="2017-01-10", **WHO)  # fmt: skip
    proposal.consider_imr(outcome="accepted", path=path, route="refinement", on="2017-01-20", **WHO)
    return proposal


def replayed(proposal: Proposal) -> Proposal:
    """The same proposal, as strict recording would find it."""
    copy = Proposal(proposal.id)
    for event in proposal.events:
        copy.take(event)
    copy.refuse_gaps = True
    return copy


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(["2", "3"]), data=st.data())
def test_a_partial_history_records_and_implies_only_what_was_removed(path: str, data: Any) -> None:
    steps = lifecycle(path)
    kept = data.draw(st.lists(st.booleans(), min_size=len(steps) - 1, max_size=len(steps) - 1))
    kept.append(True)  # the implementation is what the record gives
    removed = {label for (label, _), keep in zip(steps, kept, strict=True) if not keep}
    lenient = raised(path)
    for (_, take), keep in zip(steps, kept, strict=True):
        if not keep:
            continue
        strict = replayed(lenient)
        before = len(lenient.state.gaps)
        take(lenient)
        if len(lenient.state.gaps) > before:
            with pytest.raises(ProcessViolation, match="strict recording refuses the gap"):
                take(strict)
        else:
            take(strict)
    state = lenient.state
    assert state.status == "Implemented"
    assert {step for _, step, _, _ in state.gaps} <= removed
    assert all(entry.implied for entry in state.timeline if entry.event is None)
