"""When a schedule was announced, and what views of earlier dates show: aggregates and
rows alone, no storage."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.errors import InvalidInput
from ledger.domain.fold import fold
from ledger.domain.proposal import Proposal
from projections.tables.schema import MILESTONES, Table

WHO = {"actor": "tester"}


def submitted() -> Proposal:
    return Proposal.submit(
        "SEC", "SECMP0035", title="A change", proposer="British Gas", on="2017-05-02", **WHO
    )


def pending_on(proposal: Proposal, day: str) -> list[str | None]:
    """The announcement dates of what a view of `day` shows as pending."""
    state = fold(proposal.events, as_of=date.fromisoformat(day))
    assert state is not None
    return [getattr(e, "announced", None) for e in state.pending]


def scheduled(announced: str | None, on: str = "2017-05-19") -> Proposal:
    proposal = submitted()
    proposal.schedule(what="IMR at the SEC Panel", on=on, announced=announced, **WHO)
    return proposal


def test_a_schedule_is_not_pending_in_a_view_of_a_date_before_its_announcement() -> None:
    assert pending_on(scheduled("2017-05-05"), "2017-05-04") == []


def test_a_schedule_is_pending_from_its_announcement_until_its_date() -> None:
    proposal = scheduled("2017-05-05")
    assert pending_on(proposal, "2017-05-05") == ["2017-05-05"]
    assert pending_on(proposal, "2017-05-18") == ["2017-05-05"]
    assert pending_on(proposal, "2017-05-19") == []


def test_a_schedule_reached_its_date_takes_its_place_in_the_timeline() -> None:
    state = fold(scheduled("2017-05-05").events, as_of=date(2017, 5, 19))
    assert state is not None
    assert [entry.text for entry in state.timeline][-1] == "scheduled: IMR at the SEC Panel"


def test_an_announcement_known_only_by_its_month_counts_from_the_end_of_the_month() -> None:
    proposal = scheduled("2017-05", on="2017-06-09")
    assert pending_on(proposal, "2017-05-30") == []
    assert pending_on(proposal, "2017-05-31") == ["2017-05"]


def test_a_schedule_whose_announcement_date_is_unknown_is_pending_before_its_date() -> None:
    proposal = scheduled(None)
    assert pending_on(proposal, "2017-05-02") == [None]
    assert proposal.events[-1].announced is None


def test_an_empty_announcement_date_is_unknown_not_a_date() -> None:
    assert scheduled("  ").events[-1].announced is None


def test_an_announcement_after_the_date_scheduled_is_refused_and_nothing_is_recorded() -> None:
    proposal = submitted()
    with pytest.raises(InvalidInput) as refused:
        proposal.schedule(what="IMR", on="2017-05-19", announced="2017-05-20", **WHO)
    assert str(refused.value) == (
        "SECMP0035: announcement date 2017-05-20 is after the date scheduled, 2017-05-19"
    )
    assert len(proposal.events) == 1


def test_an_announcement_in_a_later_month_than_the_date_scheduled_is_refused() -> None:
    with pytest.raises(InvalidInput, match="announcement date 2017-06 is after the date scheduled"):
        submitted().schedule(what="IMR", on="2017-05-19", announced="2017-06", **WHO)


def test_a_month_that_may_hold_the_announcement_before_the_date_is_accepted() -> None:
    assert scheduled("2017-05", on="2017-05-19").events[-1].announced == "2017-05"
    assert scheduled("2017-05-31", on="2017-05").events[-1].announced == "2017-05-31"


def test_an_announcement_on_the_date_scheduled_is_accepted_and_never_pending() -> None:
    proposal = scheduled("2017-05-19")
    assert pending_on(proposal, "2017-05-18") == []


def test_an_announcement_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        submitted().schedule(what="IMR", on="2017-05-19", announced="soon", **WHO)
    assert str(refused.value) == (
        "announcement date 'soon' is not a date: use YYYY-MM-DD, or YYYY-MM for a month"
    )


def correct(proposal: Proposal, **changes: str | None) -> None:
    proposal.correct(
        corrects=proposal.events[1].event_id,
        changes=changes,
        reason="the notice gives another date",
        on="2026-12-01",
        **WHO,
    )


def test_a_corrected_announcement_date_is_the_one_views_go_by() -> None:
    proposal = scheduled("2017-05-05")
    correct(proposal, announced="2017-05-12")
    assert pending_on(proposal, "2017-05-11") == []
    assert pending_on(proposal, "2017-05-12") == ["2017-05-12"]


def test_an_announcement_date_corrected_to_unknown_is_pending_before_the_date() -> None:
    proposal = scheduled("2017-05-05")
    correct(proposal, announced=None)
    assert pending_on(proposal, "2017-05-02") == [None]


def test_a_correction_that_puts_the_announcement_after_the_date_is_refused() -> None:
    proposal = scheduled("2017-05-05")
    with pytest.raises(InvalidInput) as refused:
        correct(proposal, on="2017-05-04")
    assert str(refused.value) == (
        "SECMP0035: announcement date 2017-05-05 is after the date scheduled, 2017-05-04"
    )
    with pytest.raises(InvalidInput, match="announced 'soon' is not a date"):
        correct(proposal, announced="soon")
    assert len(proposal.events) == 2


def test_a_row_keeps_its_key_when_a_column_added_to_its_table_holds_nothing() -> None:
    before = Table("t", ("a", "b"))
    after = Table("t", ("a", "new", "b"), added=("new",))
    assert after.identity(("x", None, "y")) == before.identity(("x", "y"))
    assert after.identity(("x", "2017-05-05", "y")) == ("x", "2017-05-05", "y")


def test_the_milestones_announced_column_is_one_added_since_ledgers_were_first_made() -> None:
    assert MILESTONES.added == ("announced",)
    assert "announced" in MILESTONES.exported_columns
