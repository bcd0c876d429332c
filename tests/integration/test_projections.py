"""The projection tables equal a replay of the events, on random histories."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.corrections import standing
from ledger.domain.dates import effective_date
from ledger.domain.fold import fold
from ledger.domain.ids import split_id
from projections.projector.catchup import catch_up, rebuild
from projections.projector.rows import decision_row, is_decision, milestone_row, record_time
from projections.tables.read import connect
from projections.tables.schema import MILESTONES, NAMES
from projections.views.register import register_row
from tests.integration.projection_support import events_by_aggregate, histories, play

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ordered(rows: object) -> list:  # type: ignore[type-arg]
    """Rows in one order, where a value may be None (which does not compare with text)."""

    def key(row: object) -> tuple:  # type: ignore[type-arg]
        values = row if isinstance(row, tuple | list) else (row,)
        return tuple((v is not None, str(v) if v is not None else "") for v in values)

    return sorted(rows, key=key)  # type: ignore[call-overload]


def expected_register(
    grouped: dict[str, list[ev.LedgerEvent]], as_of, known_at
) -> list[dict[str, object]]:
    rows = []
    for key, events in sorted(grouped.items()):
        if not key.startswith("proposal:"):
            continue
        state = fold([e for e in events if isinstance(e, ev.ProposalEvent)], as_of, known_at)
        if state is not None:
            rows.append({"code": state.code, **register_row(state)})
    return sorted(rows, key=lambda r: (r["code"], r["id"]))


def moments(grouped: dict[str, list[ev.LedgerEvent]]) -> list:
    times = sorted({e.timestamp for events in grouped.values() for e in events})
    return [None, *times, *(t - timedelta(microseconds=1) for t in times)]


def days(grouped: dict[str, list[ev.LedgerEvent]]) -> list:
    dates = sorted({effective_date(e.on) for events in grouped.values() for e in events})
    return [None, *dates, *(d - timedelta(days=1) for d in dates)]


def dump(db: str) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in NAMES}


@given(histories)
@SETTINGS
def test_register_history_answers_every_as_of_and_known_at_as_a_fold_does(history) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, catch_up)
        catch_up(app)
        grouped = events_by_aggregate(app)
        tables = connect(db)
        for known_at in moments(grouped):
            for as_of in days(grouped):
                got = tables.register(
                    as_of.isoformat() if as_of else None,
                    record_time(known_at) if known_at else None,
                )
                want = expected_register(grouped, as_of, known_at)
                assert [{"code": r["code"], **r} for r in got] == want, (as_of, known_at)
        tables.close()
        app.close()


@given(histories)
@SETTINGS
def test_decisions_milestones_and_versions_equal_the_standing_events(history) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, catch_up)
        catch_up(app)
        grouped = events_by_aggregate(app)
        decisions, milestones, versions, amendments = [], [], [], []
        for key, events in grouped.items():
            for e in standing(events):
                if isinstance(e, ev.ProposalEvent):
                    code, pid = split_id(key)
                    milestones.append(milestone_row(code, pid, e))
                    if is_decision(e):
                        decisions.append(decision_row(code, pid, e))
                elif isinstance(e, ev.VersionEffective):
                    versions.append((e.code, e.number, e.on, e.implements, e.amends))
                    amendments += [(e.code, e.number, s) for s in dict.fromkeys(e.amends)]
        tables = connect(db)
        current = tables.query
        assert ordered(
            current(
                "SELECT code, proposal, happened_on, effective, body, outcome, detail, source, "
                "event_id FROM decisions WHERE recorded_to IS NULL"
            )
        ) == ordered(decisions)
        assert ordered(
            current(
                f"SELECT {', '.join(MILESTONES.columns)} FROM milestones WHERE recorded_to IS NULL"
            )
        ) == ordered(milestones)
        got_versions = current(
            "SELECT code, number, happened_on, implements, amends FROM versions "
            "WHERE recorded_to IS NULL"
        )
        assert ordered(
            (c, n, on, [i for i in imp.split("; ") if i], [a for a in am.split("; ") if a])
            for c, n, on, imp, am in got_versions
        ) == ordered(versions)
        assert ordered(
            current("SELECT code, number, section FROM amendments WHERE recorded_to IS NULL")
        ) == ordered(amendments)
        tables.close()
        app.close()


@given(histories)
@SETTINGS
def test_rebuilding_gives_the_same_tables_as_catching_up_step_by_step(history) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "events.db")
        app = GovLedger(db)
        play(app, history, catch_up)
        catch_up(app)
        stepwise = dump(db)
        rebuild(app)
        assert dump(db) == stepwise
        app.close()
