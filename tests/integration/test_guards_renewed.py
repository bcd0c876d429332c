"""A ledger file made by an earlier release keeps working: its guards are renewed by its
first recording, so the event kinds this release adds are accepted, and only they; a
command that only reads it leaves the file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ledger.application import GovLedger

TRIGGER = "stored_events_refuse_foreign_type"


def made_by_an_earlier_release(path: Path) -> None:
    """A file whose foreign-type guard lists the types of a release before milestones."""
    app = GovLedger(str(path))
    app.record("submitted", "SEC", "SECMP0030", title="T", proposer="P", on="2017-01-02",
               actor="SECAS")  # fmt: skip
    app.close()
    db = sqlite3.connect(path)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (TRIGGER,)).fetchone()
    older = sql.replace("'ledger.domain.events:Milestone', ", "")
    assert older != sql
    db.execute(f"DROP TRIGGER {TRIGGER}")
    db.execute(older)
    db.commit()
    db.close()


def guard(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(
            db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (TRIGGER,)).fetchone()[0]
        )
    finally:
        db.close()


def test_an_earlier_releases_file_accepts_the_event_kinds_of_this_one(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    made_by_an_earlier_release(path)
    assert "Milestone" not in guard(path)
    app = GovLedger(str(path))
    try:
        app.record("milestone", "SEC", "SECMP0030", step="panel_meeting", on="2017-02-01",
                   actor="SECAS")  # fmt: skip
        assert [e.kind for _, e in app.read_events()] == ["submitted", "milestone"]
    finally:
        app.close()
    assert "'ledger.domain.events:Milestone'" in guard(path)


def test_the_renewed_guard_still_refuses_a_type_that_is_no_govledger_event(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    made_by_an_earlier_release(path)
    GovLedger(str(path)).close()
    db = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="no govledger event"):
            db.execute(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                "VALUES ('proposal:SEC:SECMP0030', 2, 'os:system', x'7b7d')"
            )
    finally:
        db.close()


def test_opening_an_earlier_releases_file_without_recording_leaves_it_as_it_was(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    made_by_an_earlier_release(path)
    before = path.read_bytes()
    app = GovLedger(str(path))
    try:
        assert [e.kind for _, e in app.read_events()] == ["submitted"]
    finally:
        app.close()
    assert path.read_bytes() == before
    assert "Milestone" not in guard(path)


def test_an_earlier_releases_postgresql_ledger_accepts_a_release_once_its_owner_opens_it(
    postgres_schema_url: str,
) -> None:
    import psycopg

    from ledger.store.settings import PostgresUrl

    app = GovLedger(postgres_schema_url)
    app.close()
    schema = PostgresUrl.parse(postgres_schema_url).schema
    with psycopg.connect(postgres_schema_url.split("?")[0], autocommit=True) as conn:
        (source,) = conn.execute(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace s "
            "ON s.oid = p.pronamespace WHERE s.nspname = %s "
            "AND p.proname = 'govledger_event_in_order'",
            (schema,),
        ).fetchone()
        older = source.replace("ledger.domain.events:ReleasePlanned,", "")
        assert older != source
        conn.execute(older)  # the guard as a release before releases made it
    app = GovLedger(postgres_schema_url)
    try:
        app.record("release_planned", "SEC", "November 2019 SEC Release", on="2019-02-14",
                   actor="SECAS")  # fmt: skip
        assert [e.kind for _, e in app.read_events()] == ["release_planned"]
    finally:
        app.close()
