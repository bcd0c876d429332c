"""Corrections and retractions: new events pointing at old ones, seen through both times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import count
from uuid import UUID

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.application import GovLedger
from ledger.domain.clock import clock
from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.proposal import proposal_key
from projections import queries
from tests.conftest import SEED
from tests.said import untagged

WHO = {"actor": "auditor"}
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def ledger(db: str) -> Iterator[GovLedger]:
    app = GovLedger(db)
    ticks = count()
    with clock(lambda: T0 + timedelta(minutes=next(ticks))):
        yield app
    app.close()


def state(app: GovLedger, known_at: datetime | None = None, as_of: str = "2026-01-01"):  # type: ignore[no-untyped-def]
    found, _, _ = queries.proposal(
        app, proposal_key("SEC", "SECMP0040"), as_of=date.fromisoformat(as_of), known_at=known_at
    )
    return found


def approved_on_path_3(app: GovLedger) -> UUID:
    app.record("submitted", "SEC", "SECMP0040", title="t", proposer="p", on="2017-05-02", **WHO)
    app.record(
        "imr_considered",
        "SEC",
        "SECMP0040",
        outcome="accepted",
        path="3",
        route="report",
        on="2017-05-19",
        **WHO,
    )
    imr = app.proposal("SEC", "SECMP0040").events[-1].event_id
    app.record("change_board_voted", "SEC", "SECMP0040", outcome="approve", on="2017-06-21", **WHO)
    return imr


def test_a_correction_changes_the_view_from_when_it_was_recorded(ledger: GovLedger) -> None:
    imr = approved_on_path_3(ledger)
    before_correction = T0 + timedelta(minutes=2, seconds=30)
    ledger.correct(imr, {"path": "2"}, "the minutes record Path 2", "auditor")
    assert (state(ledger).status, state(ledger).path) == ("Authority Determination", "2")
    old = state(ledger, known_at=before_correction)
    assert (old.status, old.path) == ("Approved", "3")


def test_a_retraction_withdraws_an_event_recorded_in_error(ledger: GovLedger) -> None:
    approved_on_path_3(ledger)
    ledger.record("implemented", "SEC", "SECMP0040", version="5.9", on="2017-07-01", **WHO)
    wrong = ledger.proposal("SEC", "SECMP0040").events[-1].event_id
    ledger.retract(wrong, "no version 5.9 implemented it", "auditor")
    assert state(ledger).status == "Approved"
    assert len(ledger.proposal("SEC", "SECMP0040").events) == 5


def test_a_correction_that_leaves_a_later_step_unexplained_records_the_gap(
    ledger: GovLedger,
) -> None:
    imr = approved_on_path_3(ledger)
    ledger.correct(imr, {"route": "refinement"}, "misread", "auditor")
    state = ledger.proposal("SEC", "SECMP0040").state
    assert state.status == "Approved"
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("Modification Report Consultation issued", "Report Phase")
    ]


def test_a_back_dated_withdrawal_before_a_recorded_vote_is_refused(ledger: GovLedger) -> None:
    approved_on_path_3(ledger)
    vote = ledger.proposal("SEC", "SECMP0040").events[-1].event_id
    with pytest.raises(
        ProcessViolation, match=f"Change Board vote of 2017-06-21 \\(event {vote}\\)"
    ):
        ledger.record("withdrawn", "SEC", "SECMP0040", on="2017-06-01", **WHO)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"colour": "red"},
            "SECMP0040: the imr considered of 2017-05-19 has no field 'colour' (its correctable "
            "fields: clause, note, on, outcome, path, referred_to, route, source, "
            "title_as_given, variant)",
        ),
        (
            {"on": "2017-02-30"},
            "SECMP0040: on '2017-02-30' is not a date: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        ({"path": "7"}, "SECMP0040: unknown path '7'"),
        ({}, "SECMP0040: a correction needs at least one changed field (--set FIELD=VALUE)"),
    ],
)
def test_a_malformed_correction_is_refused(
    ledger: GovLedger, changes: dict[str, str], message: str
) -> None:
    imr = approved_on_path_3(ledger)
    with pytest.raises(InvalidInput) as refused:
        ledger.correct(imr, changes, "r", "auditor")
    assert str(refused.value).startswith(message)
    assert len(ledger.proposal("SEC", "SECMP0040").events) == 3


def test_correcting_a_versions_date_moves_its_implementations(db: str) -> None:
    app = GovLedger(db)
    try:
        from ledger.interchange.lines import parse_lines

        app.import_lines(parse_lines(SEED.read_bytes()), "seed")
        made = next(
            e for _, e in app.read_events() if e.kind == "version_effective" and e.number == "5.6"
        )  # type: ignore[attr-defined]
        app.correct(made.event_id, {"on": "2017-04-03"}, "the designation notice", "auditor")
        in_force, _, _ = queries.versions(app, "SEC", as_of=date(2017, 4, 2))
        assert in_force[-1].number == "5.5"
        rows, _ = queries.register(app, as_of=date(2017, 4, 2))
        assert {r["id"]: r["status"] for r in rows}["SECMP0016"] == "Approved"
        app.retract(made.event_id, "never designated", "auditor")
        rows, _ = queries.register(app, as_of=date(2017, 5, 1))
        assert {r["id"]: r["status"] for r in rows}["SECMP0016"] == "Approved"
    finally:
        app.close()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_history_shows_the_correction_and_known_at_shows_the_old_view(db: str) -> None:
    assert run("--db", db, "import", str(SEED)).exit_code == 0
    lines = [
        orjson.loads(x)
        for x in run("--db", db, "history", "SECMP0006", "--format", "jsonl").stdout.splitlines()
    ]
    consultation = next(x for x in lines if x["kind"] == "consultation_issued")
    corrected = run(
        "--db",
        db,
        "--actor",
        "auditor",
        "correct",
        consultation["event_id"],
        "--set",
        "on=2017-04-03",
        "--reason",
        "issued a day earlier",
    )
    assert (
        untagged(corrected.stdout)
        == "Recorded a correction of SECMP0006 consultation issued of 2017-04-04.\n"
    )
    events = [orjson.loads(x) for x in run("--db", db, "events").stdout.splitlines()]
    original_recorded_at = next(e for e in events if e["event_id"] == consultation["event_id"])[
        "recorded_at"
    ]
    now = [
        orjson.loads(x)
        for x in run("--db", db, "history", "SECMP0006", "--format", "jsonl").stdout.splitlines()
    ]
    assert [x["kind"] for x in now] == ["baselined", "consultation_issued", "corrected"]
    assert now[1]["standing"].startswith("corrected by ")

    def since(*extra: str) -> str:
        out = run("--db", db, "register", "--format", "jsonl", "--as-of", "2017-04-10", *extra)
        return next(orjson.loads(x) for x in out.stdout.splitlines() if "SECMP0006" in x)[
            "status_since"
        ]

    assert since() == "2017-04-03"
    assert since("--known-at", original_recorded_at) == "2017-04-04"


def test_a_month_precise_date_is_corrected_to_the_day_a_later_source_gives(
    ledger: GovLedger,
) -> None:
    ledger.record("submitted", "SEC", "SECMP0033", title="T", proposer="P", on="2017-02-10", **WHO)
    ledger.record(
        "imr_considered", "SEC", "SECMP0033", outcome="accepted", path="3", route="report",
        on="2017-03", **WHO,
    )  # fmt: skip
    imr = ledger.proposal("SEC", "SECMP0033").events[-1].event_id
    assert ledger.proposal("SEC", "SECMP0033").state.status_since == "2017-03"
    ledger.correct(imr, {"on": "2017-03-16"}, "the Panel met on 16 March", "auditor")
    fixed = ledger.proposal("SEC", "SECMP0033").state
    assert (fixed.status, fixed.status_since) == ("Report Phase", "2017-03-16")
