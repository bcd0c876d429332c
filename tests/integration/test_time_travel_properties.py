"""On random histories, every as-of/known-at view equals a fresh fold of what it may see.

The oracle is independent of the view's own filtering: the events recorded by
the known-at time are exported and imported into a new, empty ledger, whose
register as of the same date must be the same.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from itertools import count
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.application import GovLedger
from ledger.domain.clock import clock
from ledger.domain.errors import LedgerError
from ledger.interchange.lines import event_line, parse_lines
from projections import queries
from projections.tables.schema import record_time

START = date(2017, 1, 2)
T0 = datetime(2026, 1, 1, tzinfo=UTC)
ACTIONS = (
    "imr",
    "refine",
    "consult",
    "close",
    "vote",
    "decide",
    "withdraw",
    "suspend",
    "resume",
    "correct",
    "retract",
)

step = st.tuples(
    st.integers(0, 2),  # which proposal
    st.sampled_from(ACTIONS),
    st.integers(0, 400),  # days after START when it happened
    st.booleans(),  # month precision
    st.integers(0, 10_000),  # a choice among earlier events, for corrections
)


def fields(action: str, outcome: int) -> tuple[str, dict[str, object]]:
    return {
        "imr": (
            "imr_considered",
            {
                "outcome": "accepted",
                "path": str(1 + outcome % 3),
                "route": ("refinement", "report")[outcome % 2],
            },
        ),
        "refine": ("refinement_started", {}),
        "consult": ("consultation_issued", {"deadline": "2019-12-31"}),
        "close": ("consultation_closed", {}),
        "vote": ("change_board_voted", {"outcome": ("approve", "reject")[outcome % 2]}),
        "decide": ("authority_determined", {"outcome": "approve", "authority": "Ofgem"}),
        "withdraw": ("withdrawn", {}),
        "suspend": ("suspended", {"directed_by": "BEIS"}),
        "resume": ("resumed", {}),
    }[action]


def record_history(app: GovLedger, steps: list[tuple[int, str, int, bool, int]]) -> None:
    for n in range(3):
        app.record(
            "submitted",
            "SEC",
            f"SECMP{n + 1:04d}",
            title=f"Proposal {n}",
            proposer="A party",
            on="2017-01-01",
            actor="t",
        )
    for which, action, days, monthly, choice in steps:
        day = START + timedelta(days=days)
        on = day.strftime("%Y-%m") if monthly else day.isoformat()
        try:
            if action in ("correct", "retract"):
                events = [
                    e for _, e in app.read_events() if e.kind not in ("corrected", "retracted")
                ]
                target = events[choice % len(events)]
                if action == "correct":
                    app.correct(target.event_id, {"on": on}, "re-dated", "t")
                else:
                    app.retract(target.event_id, "in error", "t")
            else:
                kind, facts = fields(action, choice)
                app.record(kind, "SEC", f"SECMP{which + 1:04d}", on=on, actor="t", **facts)
        except LedgerError:
            pass


def fresh_register(lines: list[dict[str, object]], as_of: date, folder: Path) -> list[dict]:
    fresh = GovLedger(str(folder / f"fresh-{len(lines)}.db"))
    try:
        data = b"\n".join(orjson.dumps(line) for line in lines)
        if lines:
            fresh.import_lines(parse_lines(data), "oracle")
        try:
            rows, _ = queries.register(fresh, as_of=as_of)
        except LedgerError:
            return []
        return rows
    finally:
        fresh.close()


def by_record_time(app: GovLedger, as_of: date, known_at: datetime) -> list[dict]:
    """The register rows read from the rows recorded by `known_at` alone (one code: no
    code column), however early or late in the ledger `known_at` is."""
    tables = queries.tables_for(app)
    try:
        rows = tables.recorded_by(record_time(known_at), as_of.isoformat())
    finally:
        tables.close()
    return [{k: v for k, v in row.items() if k != "code"} for row in rows]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(step, min_size=1, max_size=14),
    views=st.lists(st.tuples(st.integers(0, 500), st.integers(0, 40)), min_size=1, max_size=4),
)
def test_every_as_of_and_known_at_view_equals_a_fresh_fold_of_what_it_may_see(
    steps: list[tuple[int, str, int, bool, int]], views: list[tuple[int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = GovLedger(str(Path(folder) / "events.db"))
        ticks = count()
        try:
            with clock(lambda: T0 + timedelta(minutes=next(ticks))):
                record_history(app, steps)
            lines = [event_line(p, e) for p, e in app.read_events()]
            for days, minutes in views:
                as_of = START + timedelta(days=days)
                known_at = T0 + timedelta(minutes=minutes, seconds=30)
                seen = [
                    {k: v for k, v in line.items() if k not in ("position", "recorded_at")}
                    for line in lines
                    if datetime.fromisoformat(str(line["recorded_at"])) <= known_at
                ]
                try:
                    rows, _ = queries.register(app, as_of=as_of, known_at=known_at)
                except LedgerError:
                    rows = []
                fresh = fresh_register(seen, as_of, Path(folder))
                assert rows == fresh
                assert by_record_time(app, as_of, known_at) == fresh
        finally:
            app.close()
