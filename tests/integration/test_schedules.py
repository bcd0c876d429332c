"""A schedule's announcement on a real store (a SQLite file and PostgreSQL): recorded,
refused, corrected, projected into the milestones table, and read from a ledger whose
tables were made before that table had the column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from ledger.application import GovLedger
from ledger.domain.errors import InvalidInput
from ledger.domain.proposal import proposal_key
from ledger.interchange.lines import event_line, parse_lines
from ledger.store.settings import PostgresUrl
from projections import queries
from projections.projector.audit import audit_projections
from projections.projector.catchup import catch_up, rebuild
from projections.report import build
from projections.tables.read import connect
from projections.tables.schema import MILESTONES, record_time

WHO = {"actor": "SECAS"}
SECMP0035 = proposal_key("SEC", "SECMP0035")


@pytest.fixture
def ledger(db: str) -> Iterator[GovLedger]:
    app = GovLedger(db)
    app.record("submitted", "SEC", "SECMP0035", title="A change", on="2017-05-02", **WHO)
    yield app
    app.close()


def schedule(app: GovLedger, announced: str | None, on: str = "2017-05-19") -> None:
    app.record("scheduled", "SEC", "SECMP0035", what="IMR", on=on, announced=announced, **WHO)


def pending(app: GovLedger, day: str, known_at: datetime | None = None) -> list[str]:
    state, _, _ = queries.proposal(app, SECMP0035, as_of=date.fromisoformat(day), known_at=known_at)
    assert state is not None
    return [getattr(e, "announced", None) for e in state.pending]


def milestones(app: GovLedger, known_at: str | None = None) -> list[dict[str, Any]]:
    catch_up(app)
    tables = connect(db_of(app))
    try:
        return [r for r in tables.table(MILESTONES, None, known_at) if r["kind"] == "scheduled"]
    finally:
        tables.close()


def db_of(app: GovLedger) -> str:
    return queries.db_of(app)


def coming_up(app: GovLedger, day: str) -> list[tuple[str, str | None]]:
    catch_up(app)
    tables = queries.tables_for(app)
    try:
        report = build(tables, "SEC", date.fromisoformat(day), date(2017, 5, 1))
    finally:
        tables.close()
    return [(row["what"], row["announced"]) for row in report.pending]


def test_a_schedule_is_held_with_its_announcement_and_pending_only_from_it(
    ledger: GovLedger,
) -> None:
    schedule(ledger, "2017-05-05")
    assert [getattr(e, "announced", None) for _, e in ledger.read_events()] == [None, "2017-05-05"]
    assert pending(ledger, "2017-05-04") == []
    assert pending(ledger, "2017-05-05") == ["2017-05-05"]


def test_an_announcement_after_the_date_is_refused_and_nothing_is_written(
    ledger: GovLedger,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        schedule(ledger, "2017-05-22")
    assert str(refused.value) == (
        "SECMP0035: announcement date 2017-05-22 is after the date scheduled, 2017-05-19"
    )
    assert len(list(ledger.read_events())) == 1


def test_the_milestones_table_holds_each_schedules_announcement_date(ledger: GovLedger) -> None:
    schedule(ledger, "2017-05")
    schedule(ledger, None, on="2017-06-09")
    assert [(r["happened_on"], r["announced"]) for r in milestones(ledger)] == [
        ("2017-05-19", "2017-05"),
        ("2017-06-09", None),
    ]


def test_the_report_comes_up_with_only_what_had_been_announced_by_its_date(
    ledger: GovLedger,
) -> None:
    schedule(ledger, "2017-05-05")
    schedule(ledger, None, on="2017-06-09")
    assert coming_up(ledger, "2017-05-04") == [("scheduled: IMR", None)]
    assert coming_up(ledger, "2017-05-05") == [
        ("scheduled: IMR", "2017-05-05"),
        ("scheduled: IMR", None),
    ]


def test_a_corrected_announcement_is_what_views_go_by_and_the_old_one_stays_known(
    ledger: GovLedger,
) -> None:
    schedule(ledger, "2017-05-05")
    scheduled = [e for _, e in ledger.read_events()][-1]
    ledger.correct(scheduled.event_id, {"announced": "2017-05-12"}, "the notice", "SECAS")
    assert pending(ledger, "2017-05-11") == []
    assert pending(ledger, "2017-05-12") == ["2017-05-12"]
    before = scheduled.timestamp  # known at: before the correction was recorded
    assert pending(ledger, "2017-05-11", known_at=before) == ["2017-05-05"]
    assert [(r["announced"], r["recorded_to"] is None) for r in milestones(ledger)] == [
        ("2017-05-05", False),
        ("2017-05-12", True),
    ]
    assert [r["announced"] for r in milestones(ledger, record_time(before))] == ["2017-05-05"]


def test_a_correction_that_leaves_the_announcement_after_the_date_is_refused(
    ledger: GovLedger,
) -> None:
    schedule(ledger, "2017-05-05")
    scheduled = [e for _, e in ledger.read_events()][-1]
    with pytest.raises(InvalidInput, match="announcement date 2017-05-05 is after the date"):
        ledger.correct(scheduled.event_id, {"on": "2017-05-04"}, "wrong day", "SECAS")
    assert len(list(ledger.read_events())) == 2


def test_an_announcement_goes_out_in_the_interchange_and_comes_back_in(
    ledger: GovLedger, tmp_path: Path
) -> None:
    schedule(ledger, "2017-05-05")
    lines = [event_line(p, e) for p, e in ledger.read_events()]
    assert lines[-1]["announced"] == "2017-05-05"
    other = GovLedger(str(tmp_path / "copy.db"))
    try:
        other.import_lines(parse_lines(b"\n".join(orjson.dumps(line) for line in lines)), "x")
        assert [getattr(e, "announced", None) for _, e in other.read_events()][-1] == "2017-05-05"
    finally:
        other.close()


def drop_announced(app: GovLedger) -> None:
    """Make the ledger's tables what an earlier release made: milestones without the
    announced column."""
    db = db_of(app)
    if db.startswith("postgresql"):
        url = PostgresUrl.parse(db)
        with psycopg.connect(**url.connection(), autocommit=True) as conn:
            conn.execute(f'ALTER TABLE "{url.schema}".milestones DROP COLUMN announced')
    else:
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("ALTER TABLE milestones DROP COLUMN announced")
        conn.close()


def test_tables_made_before_the_announced_column_are_read_as_before_and_gain_it(
    ledger: GovLedger,
) -> None:
    schedule(ledger, None)
    catch_up(ledger)
    drop_announced(ledger)
    assert [r["announced"] for r in milestones_as_they_are(ledger)] == [None]
    assert coming_up_as_they_are(ledger) == [("scheduled: IMR", None)]
    assert audit_projections(ledger).difference is None
    schedule(ledger, "2017-05-05", on="2017-06-09")
    assert [r["announced"] for r in milestones(ledger)] == [None, "2017-05-05"]
    assert audit_projections(ledger).difference is None
    kept = milestones(ledger)
    rebuild(ledger)
    assert milestones(ledger) == kept


def milestones_as_they_are(app: GovLedger) -> list[dict[str, Any]]:
    tables = connect(db_of(app))
    try:
        return [r for r in tables.table(MILESTONES) if r["kind"] == "scheduled"]
    finally:
        tables.close()


def coming_up_as_they_are(app: GovLedger) -> list[tuple[str, str | None]]:
    tables = connect(db_of(app))
    try:
        report = build(tables, "SEC", date(2017, 5, 10), date(2017, 5, 1))
    finally:
        tables.close()
    return [(row["what"], row["announced"]) for row in report.pending]
