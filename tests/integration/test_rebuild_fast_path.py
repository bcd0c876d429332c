"""Rebuilding fast gives the tables of the definition: every event deriving its
aggregate's rows from scratch, one event at a time."""

from __future__ import annotations

import gc
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.fold import states_by_date
from ledger.domain.ids import split_id
from projections.projector.catchup import Projector, rebuild
from projections.projector.decode import Decoder
from projections.projector.rows import Row, record_time
from projections.tables.read import connect
from projections.tables.schema import NAMES, REGISTER, REGISTER_HISTORY
from projections.views.register import facts_row
from tests.conftest import SEED, new_ledger
from tests.integration.projection_support import events_by_aggregate, histories, play

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BY_DEFINITION: dict[str, Any] = {"running": False, "batch": 1, "cache_events": 0}

# Back-dated steps, steps of one day, a clock set back, corrections and a retraction.
HISTORY = [
    ("advance", "SECMP0103", 5, 5, 1),
    ("advance", "SECMP0103", 0, 5, 2),
    ("advance", "SECMP0103", 0, 5, 3),
    ("advance", "SECMP0101", 10, 5, 1),
    ("advance", "SECMP0102", 3, 5, 2),
    ("advance", "SECMP0101", 30, 5, 3),
    ("schedule", "SECMP0101", 40, 5, 4),
    ("schedule", "SECMP0101", -20, 5, 6),
    ("advance", "SECMP0101", 12, -3, 7),
    ("correct", "SECMP0101", 2, 5, 2),
    ("advance", "SECMP0102", 20, 5, 8),
    ("suspend", "SECMP0102", 9, 5, 9),
    ("resume", "SECMP0102", 9, 5, 10),
    ("retract", "SECMP0101", 0, 5, 3),
    ("advance", "SECMP0101", 15, 5, 11),
    ("advance", "SECMP0101", -10, -2, 12),
    ("advance", "SECMP0102", 14, 5, 13),
    ("correct", "SECMP0102", 40, 5, 1),
    ("advance", "SECMP0101", 30, 5, 14),
    ("advance", "SECMP0101", 30, 5, 15),
]


def history_by_definition(events: list[ev.LedgerEvent], known_at: datetime) -> list[Row]:
    """register_history's rows as recorded by `known_at`: states_by_date's, equal runs merged."""
    code, proposal_id = split_id(events[0].originator_id)
    periods: list[tuple[date, Row]] = []
    proposal_events = [e for e in events if isinstance(e, ev.ProposalEvent)]
    for day, snapshot in states_by_date(proposal_events, known_at):
        facts = facts_row(proposal_id, snapshot)
        values = tuple(facts[c] for c in REGISTER[2:])
        if not periods or periods[-1][1] != values:
            periods.append((day, values))
    untils = [day.isoformat() for day, _ in periods[1:]]
    return [
        (code, proposal_id, day.isoformat(), until, *values)
        for (day, values), until in zip(periods, [*untils, None], strict=False)
    ]


def ev_of(app: GovLedger, notification: Any) -> Any:
    return app.mapper.to_domain_event(notification)


def dump(db: str) -> dict[str, list[tuple[object, ...]]]:
    tables = connect(db)
    try:
        return {t: sorted(tables.query(f"SELECT * FROM {{p}}{t}"), key=repr) for t in NAMES}
    finally:
        tables.close()


def no_catch_up(app: GovLedger) -> None:
    return None


@given(histories, st.integers(1, 7), st.integers(0, 40))
@SETTINGS
def test_rebuilding_in_batches_of_any_size_gives_the_tables_of_the_definition(
    history, batch: int, cache_events: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, no_catch_up)
        rebuild(app, **BY_DEFINITION)
        defined = dump(db)
        rebuild(app, batch=batch, cache_events=cache_events)
        assert dump(db) == defined
        app.close()


@given(histories, st.integers(1, 7))
@SETTINGS
def test_register_history_holds_the_periods_of_states_by_date_at_every_record_time(
    history, batch: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, no_catch_up)
        rebuild(app, batch=batch, cache_events=batch * 3)
        grouped = events_by_aggregate(app)
        tables = connect(db)
        columns = ", ".join(REGISTER_HISTORY.columns)
        for name, events in grouped.items():
            if not name.startswith("proposal:"):
                continue
            for moment in sorted({e.timestamp for e in events}):
                held = tables.query(
                    f"SELECT {columns} FROM register_history WHERE entity = ? "
                    "AND recorded_from <= ? AND (recorded_to IS NULL OR recorded_to > ?)",
                    (name, record_time(moment), record_time(moment)),
                )
                assert sorted(held, key=repr) == sorted(
                    history_by_definition(events, moment), key=repr
                )
        tables.close()
        app.close()


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_back_dated_and_corrected_events_rebuild_as_the_definition_has_them(
    db: str, batch: int
) -> None:
    app = GovLedger(db)
    play(app, HISTORY, no_catch_up)
    rebuild(app, **BY_DEFINITION)
    defined = dump(db)
    rebuild(app, batch=batch, cache_events=2)
    rebuilt = dump(db)
    app.close()
    assert rebuilt == defined
    closed = [row for row in rebuilt["register_history"] if row[-1] is not None]
    assert closed, "the history should supersede some of what it once recorded"


def test_every_stored_event_reads_back_as_the_mapper_reads_it(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    imported = CliRunner().invoke(main, ["--db", db, "import", str(SEED)])
    assert imported.exit_code == 0, imported.output
    app = GovLedger(db)
    play(app, HISTORY, no_catch_up)
    decode = Decoder(app.mapper)
    stored = app.recorder.select_notifications(start=1, limit=10_000)
    assert {type(decode(s)).__name__ for s in stored} >= {"Corrected", "Retracted", "Submitted"}
    for notification in stored:
        fast, full = decode(notification), ev_of(app, notification)
        assert (type(fast), fast, fast.model_fields_set) == (
            type(full),
            full,
            full.model_fields_set,
        )
        assert (type(fast.timestamp), type(fast.event_id)) == (
            type(full.timestamp),
            type(full.event_id),
        )
    app.close()


def test_a_history_row_made_and_unmade_at_one_record_time_is_filed_under_no_year() -> None:
    same_moment = [("advance", "SECMP0101", 0, 0, 1), *[("advance", "SECMP0101", 0, 0, 0)] * 3,
                   ("correct", "SECMP0101", 0, 0, 0)]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, same_moment, no_catch_up)
        rebuild(app, **BY_DEFINITION)
        defined = dump(db)
        rebuild(app, batch=5, cache_events=0)
        assert dump(db) == defined
        assert defined["register_open_years"] == []
        app.close()


@given(histories, st.integers(1, 7), st.integers(0, 40))
@SETTINGS
def test_one_projector_catching_up_again_and_again_gives_the_tables_of_the_definition(
    history, batch: int, cache_events: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        kept = Projector(app, batch=batch, cache_events=cache_events)
        play(app, history, lambda _: kept.run())
        kept.run()
        followed = dump(db)
        rebuild(app, **BY_DEFINITION)
        assert followed == dump(db)
        app.close()


@pytest.mark.parametrize("collecting", [True, False])
def test_a_catch_up_leaves_the_cycle_collector_as_it_found_it(db: str, collecting: bool) -> None:
    app = GovLedger(db)
    play(app, HISTORY[:3], no_catch_up)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        rebuild(app)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
        app.close()
