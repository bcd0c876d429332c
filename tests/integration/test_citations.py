"""Sources and disagreements through the application, on a SQLite file and on PostgreSQL:
seen through both times, in the tables, and carried by export and import."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest

from ledger.application import GovLedger
from ledger.domain.clock import clock
from ledger.domain.errors import NotFound
from ledger.domain.proposal import proposal_key
from ledger.interchange.lines import event_line, parse_lines
from ledger.outcome import ImportOutcome
from ledger.rules_audit import audit_rules
from ledger.store.audit import audit
from projections import queries
from projections.projector.audit import audit_projections
from projections.tables.schema import CITED_INDEX, DECISIONS, MILESTONES
from projections.views.disputes import dispute_rows, disputes_by

WHO = {"actor": "auditor"}
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
MINUTES = "Change Board minutes, 21 June 2017"
AS_OF = date(2026, 1, 1)


@pytest.fixture
def ledger(db: str) -> Iterator[GovLedger]:
    app = GovLedger(db)
    ticks = count()
    with clock(lambda: T0 + timedelta(minutes=next(ticks))):
        yield app
    app.close()


def approved(app: GovLedger) -> UUID:
    """SECMP0040 approved by the Change Board on 2017-06-21; the vote's id (events 1-3)."""
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
    app.record(
        "change_board_voted",
        "SEC",
        "SECMP0040",
        outcome="approve",
        on="2017-06-21",
        source=MINUTES,
        **WHO,
    )
    return app.proposal("SEC", "SECMP0040").events[-1].event_id


def disputes(app: GovLedger, known_at: datetime | None = None) -> list[dict[str, Any]]:
    events, _ = queries.cited(app, AS_OF, known_at)
    return dispute_rows(events, AS_OF)


def register_row(app: GovLedger, known_at: datetime | None = None) -> dict[str, Any]:
    rows, _ = queries.register(app, as_of=AS_OF, known_at=known_at)
    return next(r for r in rows if r["id"] == "SECMP0040")


def source_cells(app: GovLedger, table: Any) -> list[str]:
    tables = queries.tables_for(app)  # caught up first
    try:
        rows = tables.table(table)
        return [r["source"] for r in rows if r["source"] and r["recorded_to"] is None]
    finally:
        tables.close()


def test_a_dispute_is_seen_from_when_it_was_recorded_and_not_before(ledger: GovLedger) -> None:
    vote = approved(ledger)
    outcome = ledger.cite(vote, "SEC register page", {"on": "2017-06-23"}, "auditor")
    what, recorded = outcome.about, outcome.disputes
    assert what == "SECMP0040, Change Board vote on 2017-06-21"
    assert [(d.fact, d.standing, d.value) for d in recorded] == [("on", "2017-06-21", "2017-06-23")]
    before = T0 + timedelta(minutes=2, seconds=30)
    assert disputes(ledger, known_at=before) == []
    (row,) = disputes(ledger)
    assert {k: row[k] for k in ("id", "event", "fact", "standing", "disputing", "settled")} == {
        "id": "SECMP0040",
        "event": "Change Board vote on 2017-06-21",
        "fact": "on",
        "standing": "2017-06-21",
        "disputing": "2017-06-23",
        "settled": False,
    }
    assert (row["standing_source"], row["disputing_source"]) == (MINUTES, "SEC register page")


def test_the_register_row_marks_its_disputed_decision_date_as_recorded_at_the_time(
    ledger: GovLedger,
) -> None:
    vote = approved(ledger)
    ledger.cite(vote, "SEC register page", {"on": "2017-06-23"}, "auditor")
    mark = f"2017-06-21 ({MINUTES}) against 2017-06-23 (SEC register page)"
    assert register_row(ledger)["disputes"] == (
        f"status since disputed: {mark}; decided disputed: {mark}"
    )
    assert register_row(ledger)["decided"] == "2017-06-21"
    assert "disputes" not in register_row(ledger, known_at=T0 + timedelta(minutes=2, seconds=30))


def test_a_confirmation_lists_every_source_in_the_tables_until_it_is_retracted(
    ledger: GovLedger,
) -> None:
    vote = approved(ledger)
    ledger.cite(vote, "SEC Newsletter, July 2017", {}, "auditor")
    both = f"{MINUTES}; SEC Newsletter, July 2017"
    assert source_cells(ledger, DECISIONS) == [both]
    assert both in source_cells(ledger, MILESTONES)
    confirmation = ledger.proposal("SEC", "SECMP0040").events[-1].event_id
    ledger.retract(confirmation, "another proposal's newsletter", "auditor")
    assert source_cells(ledger, DECISIONS) == [MINUTES]


def test_a_correction_that_adopts_the_disputing_value_settles_the_dispute(
    ledger: GovLedger,
) -> None:
    vote = approved(ledger)
    ledger.cite(vote, "SEC register page", {"on": "2017-06-23"}, "auditor")
    ledger.correct(vote, {"on": "2017-06-23"}, "the register page is right", "auditor")
    correction = ledger.proposal("SEC", "SECMP0040").events[-1].event_id
    (row,) = disputes(ledger)
    assert {k: row[k] for k in ("recorded", "standing", "disputing", "settled")} == {
        "recorded": "2017-06-21",
        "standing": "2017-06-23",
        "disputing": "2017-06-23",
        "settled": True,
    }
    assert row["settled_by"] == str(correction)
    assert register_row(ledger)["decided"] == "2017-06-23"
    assert register_row(ledger)["disputes"].startswith(
        "status since dispute settled: 2017-06-23 (SEC register page), "
        f"by correction {correction}, was 2017-06-21"
    )
    (before,) = disputes(ledger, known_at=T0 + timedelta(minutes=3, seconds=30))
    assert (before["standing"], before["settled"]) == ("2017-06-21", False)


def test_citations_travel_through_export_and_import_and_the_copy_verifies(
    ledger: GovLedger, tmp_path: Path
) -> None:
    vote = approved(ledger)
    ledger.cite(vote, "SEC Newsletter, July 2017", {}, "auditor", on="2017-07-03")
    ledger.cite(vote, "SEC register page", {"on": "2017-06-23", "outcome": "reject"}, "auditor")
    data = b"\n".join(orjson.dumps(event_line(p, e)) for p, e in ledger.read_events())
    copy = GovLedger(str(tmp_path / "copy.db"))
    try:
        assert copy.import_lines(parse_lines(data), "importer") == ImportOutcome(5, 5, 0)
        assert copy.import_lines(parse_lines(data), "importer") == ImportOutcome(5, 0, 5)
        assert disputes(copy) == disputes(ledger)
        assert register_row(copy) == register_row(ledger)
        assert audit(copy.recorder).intact  # type: ignore[arg-type]
        assert audit_rules(copy).breach is None
        assert audit_projections(copy).difference is None
    finally:
        copy.close()
    assert audit_projections(ledger).difference is None


def test_an_imported_citation_of_another_proposals_event_is_refused(ledger: GovLedger) -> None:
    vote = approved(ledger)
    ledger.record("submitted", "SEC", "SECMP0041", title="t", proposer="p", on="2017-05-03", **WHO)
    line = {"kind": "cited", "proposal": "SECMP0041", "cites": str(vote), "on": "2017-07-01"}
    data = orjson.dumps({**line, "source": "x"})
    with pytest.raises(NotFound) as refused:
        ledger.import_lines(parse_lines(data), "importer")
    assert str(refused.value) == f"line 1: SECMP0041: no event {vote} to cite"
    assert len(list(ledger.read_events())) == 4


def test_the_projection_tables_match_the_events_after_citations_corrections_and_retractions(
    ledger: GovLedger,
) -> None:
    vote = approved(ledger)
    steps = [
        lambda: ledger.cite(vote, "SEC Newsletter", {}, "auditor"),
        lambda: ledger.cite(vote, "SEC register page", {"on": "2017-06-23"}, "auditor"),
        lambda: ledger.correct(vote, {"on": "2017-06-23"}, "the register page is right", "x"),
        lambda: ledger.retract(ledger.proposal("SEC", "SECMP0040").events[3].event_id, "r", "x"),
    ]
    for step in steps:  # the tables caught up step by step, as commands do
        step()
        queries.tables_for(ledger).close()
    assert audit_projections(ledger).difference is None
    assert audit_rules(ledger).breach is None


def sql(db: str, statement: str) -> list[tuple[Any, ...]]:
    """One statement on the ledger's own database, as its owner (SQLite or PostgreSQL)."""
    if not db.startswith("postgresql://"):
        with sqlite3.connect(db) as conn:
            return conn.execute(statement).fetchall()
    import psycopg

    from ledger.store.settings import PostgresUrl

    url = PostgresUrl.parse(db)
    with psycopg.connect(**url.connection(), autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{url.schema}"')
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def index_of_citations(db: str) -> bool:
    if db.startswith("postgresql://"):
        return sql(db, f"SELECT to_regclass('{CITED_INDEX}')") != [(None,)]
    return sql(db, f"SELECT name FROM sqlite_master WHERE name = '{CITED_INDEX}'") != []


def test_tables_made_before_the_index_of_citations_still_find_them_and_a_writer_adds_it(
    db: str,
) -> None:
    app = GovLedger(db)
    try:
        vote = approved(app)
        app.cite(vote, "SEC register page", {"on": "2017-06-23"}, "auditor")
        queries.tables_for(app).close()  # the tables caught up, with the index
    finally:
        app.close()
    assert index_of_citations(db)
    sql(db, f"DROP INDEX {CITED_INDEX}")  # as the tables of an earlier release were
    assert not index_of_citations(db)
    reader = GovLedger(db)
    try:
        assert register_row(reader)["decided"] == "2017-06-21"
        assert "decided disputed" in register_row(reader)["disputes"]
        reader.record(
            "submitted", "SEC", "SECMP0041", title="t", proposer="p", on="2017-05-03", **WHO
        )
        queries.register(reader, as_of=AS_OF)  # the catch-up of a writer
    finally:
        reader.close()
    assert index_of_citations(db)


def test_the_disputes_of_a_proposal_are_found_by_its_stored_key(ledger: GovLedger) -> None:
    vote = approved(ledger)
    ledger.cite(vote, "SEC register page", {"status": "Rejected"}, "auditor")
    events, _ = queries.cited(ledger, AS_OF, None, "SEC")
    assert list(events) == [proposal_key("SEC", "SECMP0040")]
    (dispute,) = disputes_by(events[proposal_key("SEC", "SECMP0040")], AS_OF)
    assert (dispute.fact, dispute.standing, dispute.value) == ("status", "Approved", "Rejected")
    assert queries.cited(ledger, AS_OF, None, "UNC")[0] == {}
