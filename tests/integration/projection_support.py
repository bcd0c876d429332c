"""Random ledger histories for the projection tests: proposals stepping through the
process on random dates (some back-dated), versions, corrections and retractions,
recorded at random record times (now and then with the clock set back)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.clock import clock
from ledger.domain.errors import LedgerError

IDS = ("SECMP0101", "SECMP0102", "SECMP0103")
START = datetime(2026, 1, 1, tzinfo=UTC)

SCRIPTS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "SECMP0101": [
        ("submitted", {"title": "A proposal", "proposer": "British Gas"}),
        ("imr_considered", {"outcome": "accepted", "path": "3", "route": "refinement"}),
        ("consultation_issued", {"deadline": "2017-12-31"}),
        ("consultation_closed", {}),
        ("change_board_voted", {"outcome": "approve"}),
        ("version", {}),
    ],
    "SECMP0102": [
        ("submitted", {"title": "Another proposal", "proposer": "EDF"}),
        ("imr_considered", {"outcome": "accepted", "path": "2", "route": "report"}),
        ("consultation_issued", {"deadline": "2018-01-31"}),
        ("consultation_closed", {}),
        ("change_board_voted", {"outcome": "approve"}),
        ("authority_determined", {"outcome": "approve", "authority": "Ofgem"}),
        ("version", {}),
    ],
    "SECMP0103": [
        ("baselined", {"title": "A reported proposal", "status": "Refinement"}),
        ("consultation_issued", {"deadline": "2017-09-30"}),
        ("consultation_closed", {}),
        ("change_board_voted", {"outcome": "reject"}),
    ],
}
IDS = tuple(SCRIPTS)
EXTRAS: dict[str, tuple[str, dict[str, Any]]] = {
    "withdraw": ("withdrawn", {}),
    "cancel": ("cancelled", {"directed_by": "BEIS", "clause": "X2.3(d)"}),
    "suspend": ("suspended", {"directed_by": "BEIS"}),
    "resume": ("resumed", {}),
    "schedule": ("scheduled", {"what": "Panel meeting"}),
    "announce": ("scheduled", {"what": "Panel meeting"}),  # announced some days before
    "refer": ("imr_considered", {"outcome": "referred", "referred_to": "BEIS"}),
}
OPS = (
    *(["advance"] * 8),
    *EXTRAS,
    "correct",
    "correct",
    "retract",
    "catch_up",
    "catch_up",
)
FIRST_DAY = date(2017, 1, 1)

actions = st.tuples(
    st.sampled_from(OPS),
    st.sampled_from(IDS),
    st.integers(-20, 60),  # days after the proposal's last step (negative: back-dated)
    st.integers(-3, 40),  # seconds after the previous record time (negative: clock set back)
    st.integers(0, 10_000),  # which earlier event a correction or retraction points at
)
histories = st.lists(actions, min_size=1, max_size=40)


def shown(day: date, pick: int) -> str:
    """A day, or now and then only its month."""
    return day.strftime("%Y-%m") if pick % 7 == 0 else day.isoformat()


@contextmanager
def ticking(start: datetime) -> Iterator[list[datetime]]:
    """A clock that returns the last time in the list it yields, for every record."""
    times = [start]
    with clock(lambda: times[-1]):
        yield times


def play(app: GovLedger, history: list[tuple[str, str, int, int, int]], catch_up: Any) -> None:
    """Record the history's actions; refusals are skipped, as a user would be refused."""
    stage = dict.fromkeys(IDS, 0)
    last = dict.fromkeys(IDS, FIRST_DAY)
    versions = 0
    with ticking(START) as times:
        for op, subject, days, seconds, pick in history:
            times.append(times[-1] + timedelta(seconds=seconds, microseconds=pick))
            day = max(FIRST_DAY, last[subject] + timedelta(days=days))
            on = shown(day, pick)
            try:
                if op == "catch_up":
                    catch_up(app)
                    continue
                if op in ("correct", "retract"):
                    recorded = [e for _, e in app.read_events()]
                    if not recorded:
                        continue
                    target = recorded[pick % len(recorded)]
                    if op == "correct":
                        app.correct(target.event_id, {"on": on}, "the date was wrong", "test")
                    else:
                        app.retract(target.event_id, "recorded in error", "test")
                    continue
                script = SCRIPTS[subject]
                if op == "advance" and stage[subject] >= len(script):
                    continue
                kind, facts = script[stage[subject]] if op == "advance" else EXTRAS[op]
                if kind == "version":
                    versions += 1
                    app.record(
                        "version_effective",
                        "SEC",
                        f"6.{versions}",
                        on=on,
                        actor="test",
                        implements=[subject],
                        amends=["Section D", f"Section {'ABC'[pick % 3]}"],
                    )
                else:
                    if op == "announce":
                        facts = {**facts, "announced": shown(day - timedelta(pick % 30), pick + 1)}
                    app.record(kind, "SEC", subject, on=on, actor="test", **facts)
                if op == "advance":
                    stage[subject] += 1
                last[subject] = day
            except LedgerError:
                continue


def events_by_aggregate(app: GovLedger) -> dict[str, list[ev.LedgerEvent]]:
    grouped: dict[str, list[ev.LedgerEvent]] = defaultdict(list)
    for _, event in app.read_events():
        grouped[event.originator_id].append(event)
    return grouped
