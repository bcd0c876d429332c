"""The fast paths give the answers of the slow ones they replace."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain import events as ev
from ledger.domain.fold import RunningFold, fold, label_of, process_of, refusal_of
from ledger.domain.ids import split_id
from ledger.domain.processes import sec_2017

KEY = "proposal:SEC:SECMP0100"
START = date(2017, 1, 1)


def full_refusal(events: list[ev.ProposalEvent], new: ev.ProposalEvent) -> str | None:
    """The check by definition: fold the history without and with `new`, compare violations."""
    before = fold(events)
    known = {e.event_id for e, _ in before.violations} if before else set()
    after = fold([*events, new])
    for event, reason in after.violations if after else []:
        if event.event_id in known:
            continue
        if event.event_id == new.event_id or getattr(new, "corrects", None) == event.event_id:
            return reason
        code = split_id(event.originator_id)[0]
        return (
            f"it would make the recorded {label_of(code, event)} of {event.on} "
            f"(event {event.event_id}) impossible under {process_of(code, event).name}: {reason}"
        )
    return None


FACTS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "submitted": st.just({"title": "A change", "proposer": "DCC"}),
    "baselined": st.fixed_dictionaries(
        {
            "title": st.just("A change"),
            "path": st.sampled_from([None, "1", "2", "3"]),
            "status": st.sampled_from([None, *sorted(sec_2017.ALL)]),
        }
    ),
    "imr_considered": st.one_of(
        st.fixed_dictionaries(
            {
                "outcome": st.just("accepted"),
                "path": st.sampled_from(["1", "2", "3"]),
                "route": st.sampled_from(["refinement", "report"]),
            }
        ),
        st.just({"outcome": "referred", "referred_to": "the Panel"}),
    ),
    "refinement_started": st.just({}),
    "consultation_issued": st.just({"deadline": "2030-01-01"}),
    "consultation_closed": st.just({}),
    "change_board_voted": st.fixed_dictionaries(
        {"outcome": st.sampled_from(["approve", "reject"])}
    ),
    "authority_determined": st.fixed_dictionaries(
        {"outcome": st.sampled_from(["approve", "reject"]), "authority": st.just("Ofgem")}
    ),
    "withdrawn": st.just({}),
    "cancelled": st.just({"directed_by": "the Authority"}),
    "suspended": st.just({"directed_by": "the Panel"}),
    "resumed": st.just({}),
    "implemented": st.just({"version": "5.6"}),
    "scheduled": st.just({"what": "Panel meeting"}),
}

steps = st.tuples(
    st.sampled_from(sorted(FACTS)).flatmap(lambda kind: st.tuples(st.just(kind), FACTS[kind])),
    st.integers(min_value=0, max_value=60),  # days after the start: ties and back-dating
    st.booleans(),  # month-precise date
    st.integers(min_value=0, max_value=9),  # 0: kept even if refused (violations)
    st.integers(min_value=0, max_value=40),  # 0: a correction of an earlier event instead
)


def make(kind: str, facts: dict[str, Any], version: int, on: str) -> ev.ProposalEvent:
    return ev.PROPOSAL_EVENTS[kind](
        originator_id=KEY,
        originator_version=version,
        timestamp=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=version),
        event_id=UUID(int=version),
        on=on,
        actor="tester",
        **facts,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(steps, min_size=1, max_size=30))
def test_the_incremental_refusal_check_equals_the_full_fold(plan: list[Any]) -> None:
    events: list[ev.ProposalEvent] = []
    running = RunningFold()
    for (kind, facts), days, monthly, forced, correction in plan:
        day = START + timedelta(days=days)
        on = day.strftime("%Y-%m") if monthly else day.isoformat()
        version = len(events) + 1
        if correction == 0 and events:
            target = events[days % len(events)]
            new = make(
                "corrected",
                {"corrects": target.event_id, "reason": "misread", "changes": {"on": on}},
                version,
                on,
            )
        else:
            new = make(kind, facts, version, on)
        expected = full_refusal(events, new)
        assert refusal_of(events, new, running) == expected
        if expected is None or forced == 0:
            events.append(new)
            running.append(new)


def test_a_running_fold_hands_over_to_the_full_fold_after_a_back_dated_event() -> None:
    first = make("submitted", {"title": "A change", "proposer": "DCC"}, 1, "2017-01-02")
    imr = make(
        "imr_considered", {"outcome": "accepted", "path": "3", "route": "report"}, 2, "2017-03-10"
    )
    back_dated = make("withdrawn", {}, 3, "2017-02-01")
    running = RunningFold()
    for event in (first, imr):
        running.append(event)
    assert running.refusal(back_dated) == (False, None)
    running.append(back_dated)
    vote = make("change_board_voted", {"outcome": "approve"}, 4, "2017-04-01")
    assert running.refusal(vote) == (False, None)
    assert refusal_of([first, imr, back_dated], vote, running) == full_refusal(
        [first, imr, back_dated], vote
    )
