"""A release's history, on the aggregate alone: no storage."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.ids import release_key
from ledger.domain.release import Release
from ledger.domain.release_history import fold_release

NOVEMBER = "November 2019 SEC Release"
WHO = {"actor": "SECAS", "code": "SEC", "release": NOVEMBER}


def announced(go_live: str | None = "2019-11-07", on: str = "2019-02-14") -> Release:
    release = Release(release_key("SEC", NOVEMBER))
    release.plan(go_live=go_live, on=on, **WHO)
    return release


def live(on: str = "2019-11-28") -> Release:
    release = announced()
    release.go_live(on=on, **WHO)
    return release


def test_a_release_announced_has_its_announcement_date_and_the_go_live_then_planned() -> None:
    state = announced().state
    assert state is not None
    assert (state.name, state.announced, state.planned, state.go_live, state.went_live) == (
        NOVEMBER,
        "2019-02-14",
        "2019-11-07",
        "2019-11-07",
        None,
    )


def test_a_name_finds_its_release_in_any_case_and_spacing() -> None:
    assert release_key("SEC", "november  2019 SEC release") == release_key("SEC", NOVEMBER)


def test_a_go_live_moved_by_a_dated_decision_says_from_what_to_what_and_who_decided() -> None:
    release = announced()
    release.move(go_live="2019-11-28", decided_by="SEC Panel", on="2019-09-13", **WHO)
    state = release.state
    assert state is not None
    assert state.go_live == "2019-11-28"
    assert state.moves == [("2019-09-13", "2019-11-07", "2019-11-28", "SEC Panel")]
    assert state.history[-1].text == (
        "go-live moved from 2019-11-07 to 2019-11-28, decided by SEC Panel"
    )


def test_a_move_whose_decider_no_source_gives_says_so() -> None:
    release = announced(go_live=None)
    release.move(go_live="2019-11-28", on="2019-09-13", **WHO)
    assert release.state is not None
    assert release.state.history[-1].text == (
        "go-live moved from a date not recorded to 2019-11-28, who decided not recorded"
    )


def test_a_later_scope_baseline_replaces_the_earlier_and_says_what_changed() -> None:
    release = announced()
    release.scope(proposals=["MP100", "MP101"], on="2019-06-20", **WHO)
    release.scope(proposals=["MP100", "MP102"], on="2019-08-01", **WHO)
    state = release.state
    assert state is not None
    assert (state.scope, state.scoped_on) == (("MP100", "MP102"), "2019-08-01")
    assert state.history[-1].text == ("scope baselined: MP100, MP102 (added MP102; removed MP101)")


def test_the_scope_spells_each_id_as_the_process_does() -> None:
    release = announced()
    release.scope(proposals=["MP 100", "SECMP 0071"], on="2019-06-20", **WHO)
    assert release.state is not None
    assert release.state.scope == ("MP100", "SECMP0071")


@pytest.mark.parametrize(
    ("proposals", "message"),
    [
        (["MP100", "SECMP0100"], f"{NOVEMBER}: SECMP0100 is named twice in the scope"),
        ([], f"{NOVEMBER}: a scope names the proposals in it"),
    ],
)
def test_a_scope_names_each_proposal_once(proposals: list[str], message: str) -> None:
    release = announced()
    with pytest.raises(InvalidInput) as refused:
        release.scope(proposals=proposals, on="2019-06-20", **WHO)
    assert str(refused.value) == message
    assert len(release.events) == 1


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            lambda r: r.scope(proposals=["MP100"], on="2019-01-10", **WHO),
            f"{NOVEMBER}: cannot record scope baselined on 2019-01-10: "
            "it was announced on 2019-02-14",
        ),
        (
            lambda r: r.move(go_live="2019-12-05", on="2019-02-13", **WHO),
            f"{NOVEMBER}: cannot record go-live moved on 2019-02-13: "
            "it was announced on 2019-02-14",
        ),
        (
            lambda r: r.number(version="27.0", on="2019-01", **WHO),
            f"{NOVEMBER}: cannot record version number published on 2019-01: "
            "it was announced on 2019-02-14",
        ),
        (
            lambda r: r.go_live(on="2018-11-28", **WHO),
            f"{NOVEMBER}: cannot record went live on 2018-11-28: it was announced on 2019-02-14",
        ),
    ],
)
def test_an_event_dated_before_the_announcement_is_refused(step, message: str) -> None:  # type: ignore[no-untyped-def]
    release = announced()
    with pytest.raises(ProcessViolation) as refused:
        step(release)
    assert str(refused.value) == message
    assert len(release.events) == 1


def test_a_month_precise_event_in_the_announcements_month_is_no_contradiction() -> None:
    release = announced(on="2019-02-14")
    release.scope(proposals=["MP100"], on="2019-02", **WHO)
    assert release.state is not None
    assert release.state.scope == ("MP100",)


def test_a_go_live_moved_to_the_date_it_has_is_refused() -> None:
    release = announced()
    with pytest.raises(ProcessViolation) as refused:
        release.move(go_live="2019-11-07", on="2019-09-13", **WHO)
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record go-live moved on 2019-09-13: its go-live is already 2019-11-07"
    )


def test_a_go_live_planned_or_moved_to_a_day_already_past_is_refused() -> None:
    with pytest.raises(InvalidInput) as planned:
        announced(go_live="2019-01-31")
    assert (
        str(planned.value)
        == f"{NOVEMBER}: go-live 2019-01-31 precedes its announcement of 2019-02-14"
    )
    release = announced()
    with pytest.raises(InvalidInput) as moved:
        release.move(go_live="2019-09-01", on="2019-09-13", **WHO)
    assert str(moved.value) == f"{NOVEMBER}: go-live 2019-09-01 precedes the decision of 2019-09-13"


def test_a_release_goes_live_once_and_is_neither_scoped_nor_moved_after() -> None:
    release = live()
    for step, label in (
        (lambda: release.go_live(on="2019-12-01", **WHO), "went live"),
        (lambda: release.scope(proposals=["MP100"], on="2019-12-01", **WHO), "scope baselined"),
        (lambda: release.move(go_live="2020-01-09", on="2019-12-01", **WHO), "go-live moved"),
    ):
        with pytest.raises(ProcessViolation) as refused:
            step()
        assert str(refused.value) == (
            f"{NOVEMBER}: cannot record {label} on 2019-12-01: it went live on 2019-11-28"
        )
    assert len(release.events) == 2


def test_a_release_that_went_live_on_another_day_than_planned_says_so() -> None:
    state = live("2019-11-28").state
    assert state is not None
    assert state.history[-1].text == "went live (its go-live was 2019-11-07)"


def test_a_second_version_number_is_refused_naming_the_first() -> None:
    release = announced()
    release.number(version="27.0", on="2019-10-01", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        release.number(version="28.0", on="2019-10-02", **WHO)
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record version number published on 2019-10-02: "
        "its version number 27.0 was published on 2019-10-01"
    )


def test_a_release_announced_twice_is_refused() -> None:
    release = announced()
    with pytest.raises(ProcessViolation) as refused:
        release.plan(go_live="2019-11-14", on="2019-03-01", **WHO)
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record release announced on 2019-03-01: it is already in the ledger"
    )


def test_a_release_as_of_a_date_is_what_had_happened_by_then() -> None:
    release = announced()
    release.scope(proposals=["MP100"], on="2019-06-20", **WHO)
    release.move(go_live="2019-11-28", decided_by="SEC Panel", on="2019-09-13", **WHO)
    release.go_live(on="2019-11-28", **WHO)
    assert fold_release(release.events, as_of=date(2019, 2, 13)) is None
    before_move = fold_release(release.events, as_of=date(2019, 9, 12))
    assert before_move is not None
    assert (before_move.go_live, before_move.scope, before_move.went_live) == (
        "2019-11-07",
        ("MP100",),
        None,
    )
    after = fold_release(release.events, as_of=date(2019, 12, 1))
    assert after is not None and (after.go_live, after.went_live) == ("2019-11-28", "2019-11-28")


def test_a_back_dated_move_after_the_recorded_go_live_is_refused_naming_it() -> None:
    release = live()
    with pytest.raises(ProcessViolation) as refused:
        release.move(go_live="2019-12-12", on="2019-11-30", **WHO)
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record go-live moved on 2019-11-30: it went live on 2019-11-28"
    )


def test_a_correction_that_would_put_a_recorded_event_before_the_announcement_is_refused() -> None:
    release = announced()
    release.scope(proposals=["MP100"], on="2019-03-01", **WHO)
    plan = release.events[0].event_id
    scoped = release.events[1].event_id
    with pytest.raises(ProcessViolation) as refused:
        release.correct(
            corrects=plan, changes={"on": "2019-04-01"}, reason="r", on="2019-12-01", **WHO
        )
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record correction on 2019-12-01: it would make the recorded scope "
        f"baselined of 2019-03-01 (event {scoped}) impossible: it was announced on 2019-04-01"
    )


def test_a_retraction_of_a_scope_leaves_the_release_as_it_was_before() -> None:
    release = announced()
    release.scope(proposals=["MP100"], on="2019-03-01", **WHO)
    release.retract(retracts=release.events[1].event_id, reason="r", on="2019-12-01", **WHO)
    assert release.state is not None
    assert release.state.scope == ()


def test_a_retracted_announcement_leaves_the_release_known_from_its_later_events() -> None:
    release = announced()
    release.scope(proposals=["MP100"], on="2019-03-01", **WHO)
    release.retract(retracts=release.events[0].event_id, reason="r", on="2019-12-01", **WHO)
    state = release.state
    assert state is not None
    assert (state.announced, state.planned, state.scope) == (None, None, ("MP100",))


def test_a_release_whose_announcement_no_source_gives_starts_at_its_first_event() -> None:
    release = Release(release_key("SEC", NOVEMBER))
    release.go_live(on="2019-11-29", **WHO)
    release.plan(go_live="2019-11-07", on="2019-02-14", **WHO)
    state = release.state
    assert state is not None
    assert (state.announced, state.planned, state.went_live) == (
        "2019-02-14",
        "2019-11-07",
        "2019-11-29",
    )
    with pytest.raises(ProcessViolation) as refused:
        release.plan(on="2019-12-01", **WHO)
    assert str(refused.value) == (
        f"{NOVEMBER}: cannot record release announced on 2019-12-01: it is already in the ledger"
    )
