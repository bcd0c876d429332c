"""The open register on a date, read through the rows filed by year, equals a fold
of the events; so does the query of ledgers whose tables predate the filing."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.dates import effective_date
from ledger.domain.fold import fold
from ledger.domain.processes import process_for
from projections.projector.catchup import catch_up, rebuild
from projections.projector.open_years import years
from projections.projector.rows import record_time
from projections.tables import schema
from projections.tables.read import Tables, connect
from projections.views.register import register_row
from tests.integration.projection_support import IDS, OPS, START, events_by_aggregate, play, ticking

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Steps now and then years apart, so that a status holds across several years.
long_actions = st.tuples(
    st.sampled_from(OPS),
    st.sampled_from(IDS),
    st.one_of(st.integers(-20, 60), st.integers(300, 1500)),
    st.integers(-3, 40),
    st.integers(0, 10_000),
)
long_histories = st.lists(long_actions, min_size=4, max_size=30)

# A proposal in Refinement from 2017-02-01 until withdrawn on 2020-06-30; corrections
# then move its submission into 2016 and its withdrawal into 2021; another proposal
# open since 2018 and never decided.
SPANNING = [
    ("submitted", "SECMP0101", "2017-01-10", {"title": "Spanning", "proposer": "EDF"}),
    (
        "imr_considered",
        "SECMP0101",
        "2017-02-01",
        {"outcome": "accepted", "path": "3", "route": "refinement"},
    ),
    ("submitted", "SECMP0102", "2018-03-05", {"title": "Still open", "proposer": "SSE"}),
    ("withdrawn", "SECMP0101", "2020-06-30", {}),
]


def folded_open(grouped: dict[str, list[ev.LedgerEvent]], as_of: date, known_at: Any) -> list:
    rows = []
    for key, events in sorted(grouped.items()):
        if not key.startswith("proposal:"):
            continue
        state = fold([e for e in events if isinstance(e, ev.ProposalEvent)], as_of, known_at)
        if state is not None and state.is_open:
            rows.append({"code": state.code, **register_row(state)})
    return sorted(rows, key=lambda r: (r["code"], r["id"]))


def dates_of(grouped: dict[str, list[ev.LedgerEvent]]) -> list[date]:
    """Every date an event takes effect, the day before, and the ends of its years."""
    dates = {effective_date(e.on) for events in grouped.values() for e in events}
    around = {d - timedelta(days=1) for d in dates}
    ends = {date(d.year, m, n) for d in dates for m, n in ((1, 1), (12, 31))}
    middles = {date(d.year + 1, 7, 1) for d in dates}
    return sorted(dates | around | ends | middles)


def moments(grouped: dict[str, list[ev.LedgerEvent]]) -> list:
    times = sorted({e.timestamp for events in grouped.values() for e in events})
    return [None, *times, *(t - timedelta(microseconds=1) for t in times)]


def open_register(
    tables: Tables, as_of: date, known_at: Any, code: str | None = None
) -> list[dict[str, Any]]:
    return tables.register(
        as_of.isoformat(), record_time(known_at) if known_at else None, code, open_only=True
    )


def assert_every_view_folds(db: str, app: GovLedger, every_moment: bool = True) -> None:
    grouped = events_by_aggregate(app)
    tables = connect(db)
    try:
        for known_at in moments(grouped) if every_moment else [None]:
            for as_of in dates_of(grouped):
                want = folded_open(grouped, as_of, known_at)
                assert open_register(tables, as_of, known_at) == want, (as_of, known_at)
                assert open_register(tables, as_of, known_at, "SEC") == want
                assert open_register(tables, as_of, known_at, "SE") == []
                if known_at is not None:  # read by record time, however early or late
                    by_record_time = tables.recorded_by(
                        record_time(known_at), as_of.isoformat(), "SEC", open_only=True
                    )
                    assert by_record_time == want
    finally:
        tables.close()


def drop_open_years(db: str) -> None:
    """Make the tables as a ledger projected before `register_open_years` has them."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute(f"DROP TABLE {schema.OPEN_YEARS.name}")
        conn.execute(f"DROP INDEX {schema.REGISTER_HISTORY.name}_open_ended")


def record_spanning(app: GovLedger) -> None:
    with ticking(START) as times:
        for kind, subject, on, facts in SPANNING:
            times.append(times[-1] + timedelta(seconds=10))
            app.record(kind, "SEC", subject, on=on, actor="test", **facts)
        recorded = {e.kind: e for _, e in app.read_events() if e.originator_id.endswith("0101")}
        for kind, on in (("submitted", "2016-10-01"), ("withdrawn", "2021-03-31")):
            times.append(times[-1] + timedelta(seconds=10))
            app.correct(recorded[kind].event_id, {"on": on}, "the date was wrong", "test")
    catch_up(app)


def test_a_period_is_filed_under_every_year_it_touches_and_not_the_year_it_ends_on() -> None:
    assert list(years("2017-02-01", "2020-06-30")) == [2017, 2018, 2019, 2020]
    assert list(years("2017-02-01", "2020-01-01")) == [2017, 2018, 2019]
    assert list(years("2017-02-01", "2017-02-02")) == [2017]


def test_the_tables_name_as_decided_only_statuses_the_process_decides() -> None:
    # the stored index predicate names the decided statuses of its day; a status decided
    # since (Partly Implemented) is left to each proposal's process by every reader
    assert set(schema.DECIDED) == process_for("SEC").decided - {"Partly Implemented"}


@given(long_histories)
@SETTINGS
def test_the_open_register_on_any_date_as_known_at_any_time_equals_a_fold(history) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, catch_up)
        catch_up(app)
        assert_every_view_folds(db, app)
        app.close()


@given(long_histories)
@SETTINGS
def test_without_the_rows_filed_by_year_the_open_register_is_still_the_fold(history) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, catch_up)
        catch_up(app)
        drop_open_years(db)
        tables = connect(db)
        assert not tables.has_open_years()
        tables.close()
        assert_every_view_folds(db, app)
        app.close()


def test_a_status_held_over_several_years_and_corrected_is_open_on_every_day_of_them(
    db: str,
) -> None:
    app = GovLedger(db)
    record_spanning(app)
    tables = connect(db)
    try:
        assert tables.has_open_years()
        for as_of, known_at, want in [
            ("2016-12-01", None, ["SECMP0101"]),
            ("2016-12-01", "2026-01-01T00:00:45+00:00", []),
            ("2017-01-10", "2026-01-01T00:00:45+00:00", ["SECMP0101"]),
            ("2019-12-31", None, ["SECMP0101", "SECMP0102"]),
            ("2020-06-30", "2026-01-01T00:00:45+00:00", ["SECMP0102"]),
            ("2020-06-30", None, ["SECMP0101", "SECMP0102"]),
            ("2021-03-31", None, ["SECMP0102"]),
            ("2031-01-01", None, ["SECMP0102"]),
        ]:
            got = tables.register(as_of, known_at, "SEC", open_only=True)
            assert [r["id"] for r in got] == want, (as_of, known_at)
    finally:
        tables.close()
    app.close()


def test_the_open_register_on_both_stores_equals_a_fold_on_every_day_and_record_time(
    db: str,
) -> None:
    app = GovLedger(db)
    record_spanning(app)
    assert_every_view_folds(db, app)
    app.close()


def test_a_ledger_projected_before_the_filing_by_year_files_its_rows_when_next_caught_up(
    sqlite_db: str,
) -> None:
    app = GovLedger(sqlite_db)
    record_spanning(app)
    drop_open_years(sqlite_db)
    app.close()
    app = GovLedger(sqlite_db)
    with ticking(START + timedelta(hours=1)):
        app.record(
            "submitted",
            "SEC",
            "SECMP0103",
            on="2021-05-05",
            actor="test",
            title="T",
            proposer="SSE",
        )
    catch_up(app)
    filed = dump_open_years(sqlite_db)
    rebuild(app)
    assert filed == dump_open_years(sqlite_db)
    assert filed  # the spanning proposal's years
    assert_every_view_folds(sqlite_db, app, every_moment=False)
    app.close()


def dump_open_years(db: str) -> list[tuple[Any, ...]]:
    tables = connect(db)
    try:
        return sorted(tables.query(f"SELECT * FROM {schema.OPEN_YEARS.name}"))
    finally:
        tables.close()


def test_tables_made_before_the_later_indexes_answer_alike_and_a_writer_adds_them(
    sqlite_db: str,
) -> None:
    import sqlite3

    added = (schema.RECORDED_INDEX, schema.VERSIONS_BY_DATE)

    def indexed() -> list[bool]:
        tables = connect(sqlite_db)
        try:
            return [name in tables.catalogue() for name in added]
        finally:
            tables.close()

    app = GovLedger(sqlite_db)
    record_spanning(app)
    assert indexed() == [True, True]
    with sqlite3.connect(sqlite_db) as conn:
        for name in added:  # as an earlier release made them
            conn.execute(f"DROP INDEX {name}")
    conn.close()
    assert indexed() == [False, False]
    assert_every_view_folds(sqlite_db, app)
    app.record("submitted", "SEC", "SECMP0109", title="t", proposer="p", on="2021-05-03", actor="t")
    catch_up(app)
    assert indexed() == [True, True]
    app.close()
