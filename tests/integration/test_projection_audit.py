"""The projection tables checked against the events: each table derived again from the
verified events and compared row by row, naming the first row that differs."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines
from ledger.store.settings import PostgresUrl
from projections.projector.audit import ProjectionAudit, audit_projections
from projections.projector.keeper import keep_up
from projections.tables.schema import NAMES, TABLES
from tests.conftest import ROOT, SEED

SECMP0026 = "proposal:SEC:SECMP0026"
FIRST = "2026-11-26T18:49:56.308930+00:00"  # the seed's first record time


@pytest.fixture
def seed(tmp_path: Path) -> str:
    """A copy of the committed ledger, its tables caught up."""
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    app = GovLedger(str(copy))
    keep_up(app)  # tables an earlier release made are made again, as any catch-up does
    app.close()
    return str(copy)


def audited(db: str) -> ProjectionAudit:
    app = GovLedger(db)
    try:
        return audit_projections(app)
    finally:
        app.close()


def tamper(db: str, statement: str) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute(statement).rowcount == 1
    conn.close()


def row_count(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in NAMES)


def test_untouched_tables_match_the_events_row_for_row(seed: str) -> None:
    assert audited(seed) == ProjectionAudit(
        rows=row_count(seed), tables=len(TABLES), difference=None
    )


def test_an_audit_leaves_the_ledger_byte_for_byte_as_it_was(seed: str) -> None:
    def stored() -> list[str]:
        files = [Path(seed), Path(f"{seed}-wal")]
        return [hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()]

    app = GovLedger(seed)
    before = stored()
    assert audit_projections(app).difference is None
    assert stored() == before
    app.close()


def test_a_proposal_shown_as_approved_in_the_register_is_named(seed: str) -> None:
    tamper(seed, "UPDATE register SET status = 'Approved' WHERE id = 'SECMP0034'")
    assert audited(seed).difference == (
        "register row SECMP0034: status is 'Approved' in the table, "
        "'Modification Proposal Submitted' from the events"
    )


def test_a_register_history_row_deleted_is_named_as_missing(seed: str) -> None:
    where = "WHERE entity = 'proposal:SEC:SECMP0034' AND recorded_to IS NULL"
    with sqlite3.connect(seed) as conn:
        digest, since = conn.execute(
            f"SELECT digest, recorded_from FROM register_history {where}"
        ).fetchone()
    conn.close()
    tamper(seed, f"DELETE FROM register_history {where}")
    assert audited(seed).difference == (
        f"register_history row proposal:SEC:SECMP0034 {digest} recorded from {since}: "
        "derived from the events, missing from the table"
    )


def test_a_bogus_decision_inserted_is_named(seed: str) -> None:
    tamper(
        seed,
        "INSERT INTO decisions VALUES ('proposal:SEC:SECMP0034', 'forged', 'SEC', "
        "'SECMP0034', '2017-04-06', '2017-04-06', 'Change Board', 'approve', NULL, NULL, "
        f"NULL, '{FIRST}', NULL)",
    )
    assert audited(seed).difference == (
        f"decisions row proposal:SEC:SECMP0034 forged recorded from {FIRST}: "
        "in the table, not derived from the events"
    )


@pytest.mark.parametrize(
    ("statement", "line"),
    [
        (
            "UPDATE milestones SET happened_on = '2017-01' WHERE digest = '846bcfb150a725e107f2'",
            f"milestones row {SECMP0026} 846bcfb150a725e107f2 recorded from {FIRST}: "
            "happened_on is '2017-01' in the table, '2017-02' from the events",
        ),
        (
            "UPDATE versions SET effective = '2017-03-01' WHERE digest = '6e8f5be26362420905e4'",
            "versions row version:SEC:5.5 6e8f5be26362420905e4 recorded from "
            "2026-11-26T18:49:56.309418+00:00: "
            "effective is '2017-03-01' in the table, '2017-03-15' from the events",
        ),
        (
            "UPDATE amendments SET implements = NULL WHERE digest = 'c0a2ef594099769e2f00'",
            "amendments row version:SEC:5.5 c0a2ef594099769e2f00 recorded from "
            "2026-11-26T18:49:56.309418+00:00: "
            "implements is NULL in the table, 'SECMP0026' from the events",
        ),
        (
            "UPDATE ledger_events SET kind = 'withdrawn' WHERE position = 2",
            "ledger_events row 2: kind is 'withdrawn' in the table, "
            "'change_board_voted' from the events",
        ),
    ],
)
def test_a_row_changed_in_any_table_is_named_with_its_column(
    seed: str, statement: str, line: str
) -> None:
    tamper(seed, statement)
    assert audited(seed).difference == line


@pytest.mark.parametrize(("moved_to", "held"), [(45, 39), (30, 39)])
def test_a_tracking_record_moved_forward_or_back_is_named(
    seed: str, moved_to: int, held: int
) -> None:
    tamper(
        seed,
        f"UPDATE tracking SET notification_id = {moved_to} WHERE application_name = 'projections'",
    )
    assert audited(seed) == ProjectionAudit(
        rows=0,
        tables=0,
        difference=f"the tracking record says {moved_to} events projected; the ledger holds {held}",
    )


@pytest.fixture
def postgres_ledger(postgres_schema_url: str) -> Iterator[str]:
    from projections.projector.catchup import catch_up

    app = GovLedger(postgres_schema_url)
    app.import_lines(parse_lines(SEED.read_bytes()), "owner")
    catch_up(app)
    app.close()
    yield postgres_schema_url


def test_on_postgresql_the_tables_match_and_a_changed_row_is_named(postgres_ledger: str) -> None:
    clean = audited(postgres_ledger)
    assert clean.difference is None and clean.tables == len(TABLES) and clean.rows > 100
    schema = PostgresUrl.parse(postgres_ledger).schema
    with psycopg.connect(postgres_ledger.split("?")[0], autocommit=True) as conn:
        conn.execute(
            f"UPDATE \"{schema}\".register SET decided = '2017-04-06' WHERE id = 'SECMP0034'"
        )
    assert audited(postgres_ledger).difference == (
        "register row SECMP0034: decided is '2017-04-06' in the table, NULL from the events"
    )
