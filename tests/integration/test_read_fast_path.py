"""Read commands answered through the projection tables give what a fold of every
event they may see gives, and start without loading pydantic or eventsourcing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from ledger.application import GovLedger
from ledger.domain.dates import effective_date
from ledger.domain.errors import InvalidInput
from ledger.domain.proposal import proposal_key
from projections import queries
from projections.projector.catchup import catch_up
from projections.views.diff import diff_rows
from projections.views.ledger_view import LedgerView
from projections.views.reconcile import reconcile
from tests.conftest import ROOT, SEED
from tests.integration.projection_support import FIRST_DAY, IDS, START, actions, play

forward = st.tuples(
    st.just("advance"), st.sampled_from(IDS[:2]), st.integers(1, 60), st.integers(1, 40),
    st.integers(0, 10_000),
)  # fmt: skip
# Lifecycles carried forward first (so that versions come into effect), then anything.
histories = st.builds(
    lambda ahead, rest: ahead + rest,
    st.lists(forward, max_size=16),
    st.lists(actions, max_size=24),
).filter(bool)
DAYS = st.integers(-30, 700)
SECONDS = st.one_of(st.none(), st.integers(-5, 700))
views = st.lists(st.tuples(DAYS, DAYS, SECONDS), min_size=1, max_size=4)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def folded(app: GovLedger, known_at: datetime | None) -> tuple[LedgerView, datetime | None]:
    """Every event recorded by `known_at`, folded from scratch: the oracle."""
    seen = [(p, e) for p, e in app.read_events() if known_at is None or e.timestamp <= known_at]
    return LedgerView.of(seen), max((e.timestamp for _, e in seen), default=None)


def expected_horizon(
    view: LedgerView, as_of: date, known_at: datetime | None, complete_to: datetime | None
) -> queries.Horizon | None:
    """The horizon a fold gives (a view before anything is an answer too)."""
    return queries.Horizon(as_of, known_at, view.last_position, complete_to, view.earliest_date())


def answer(query: Any, *args: Any, **kwargs: Any) -> Any:
    """What a query answers, or None when it refuses with a one-line reason."""
    try:
        return query(*args, **kwargs)
    except InvalidInput:
        return None


def moments(view: tuple[int, int, int | None]) -> tuple[date, date, datetime | None]:
    first, second, seconds = view
    known_at = None if seconds is None else START + timedelta(seconds=seconds, microseconds=500)
    return FIRST_DAY + timedelta(days=first), FIRST_DAY + timedelta(days=second), known_at


def recorded(history: list[Any]) -> Any:
    folder = tempfile.TemporaryDirectory()
    app = GovLedger(str(Path(folder.name) / "events.db"))
    play(app, history, catch_up)
    return folder, app


@SETTINGS
@given(history=histories, asked=views)
def test_show_and_history_equal_a_fold_of_the_proposals_events(history, asked) -> None:
    folder, app = recorded(history)
    try:
        for view in asked:
            as_of, _, known_at = moments(view)
            everything, complete_to = folded(app, known_at)
            horizon = expected_horizon(everything, as_of, known_at, complete_to)
            for subject in IDS:
                key = proposal_key("SEC", subject)
                got = answer(queries.proposal, app, key, as_of=as_of, known_at=known_at)
                if horizon is None:
                    assert got is None
                    continue
                events = everything.proposals.get(key, [])
                assert got == (everything.state(key, as_of), events, horizon)
    finally:
        app.close()
        folder.cleanup()


@SETTINGS
@given(history=histories, asked=views)
def test_the_code_on_a_date_equals_a_fold_of_every_version(history, asked) -> None:
    folder, app = recorded(history)
    try:
        for view in asked:
            as_of, _, known_at = moments(view)
            everything, complete_to = folded(app, known_at)
            horizon = expected_horizon(everything, as_of, known_at, complete_to)
            got = answer(queries.versions, app, "SEC", as_of=as_of, known_at=known_at)
            if horizon is None:
                assert got is None
                continue
            chain = everything.versions_in_force("SEC")
            in_force = [v for v in chain if effective_date(v.on) <= as_of]
            pending = [v for v in chain if effective_date(v.on) > as_of]
            assert got == (in_force, pending, horizon)
    finally:
        app.close()
        folder.cleanup()


@SETTINGS
@given(history=histories, asked=views)
def test_a_diff_of_the_aggregates_the_tables_name_equals_a_diff_of_the_whole_ledger(
    history, asked
) -> None:
    folder, app = recorded(history)
    try:
        for view in [*asked, (-1, 800, None)]:  # and one window over everything
            start, end, known_at = moments(view)
            start, end = min(start, end), max(start, end)
            everything, complete_to = folded(app, known_at)
            horizon = expected_horizon(everything, end, known_at, complete_to)
            got = answer(queries.states_between, app, start, end, known_at)
            if horizon is None:
                assert got is None
                continue
            touched, told = got
            assert told == horizon
            assert diff_rows(touched, start, end) == diff_rows(everything, start, end)
    finally:
        app.close()
        folder.cleanup()


@SETTINGS
@given(history=histories, asked=views, listed=st.lists(st.sampled_from(IDS), unique=True))
def test_reconciling_against_the_tables_equals_reconciling_against_a_fold(
    history, asked, listed
) -> None:
    published = [{"id": i, "title": "A proposal", "status": "Refinement"} for i in listed]
    folder, app = recorded(history)
    try:
        for view in asked:
            as_of, _, known_at = moments(view)
            everything, complete_to = folded(app, known_at)
            horizon = expected_horizon(everything, as_of, known_at, complete_to)
            got = answer(queries.register_states, app, as_of, known_at)
            if horizon is None:
                assert got is None
                continue
            states, told = got
            assert told == horizon
            assert reconcile(published, states, "SEC") == reconcile(
                published, everything.states(as_of), "SEC"
            )
    finally:
        app.close()
        folder.cleanup()


PROBE = """
import sys
from click.testing import CliRunner
from cli.main import main
result = CliRunner().invoke(main, ["--db", sys.argv[1], "register", "--open", "--format", "csv"])
assert result.exit_code == 0, result.output
print(sorted(m for m in ("pydantic", "eventsourcing") if m in sys.modules))
"""


def test_the_register_of_a_caught_up_ledger_is_read_without_pydantic_or_eventsourcing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "events.db"
    shutil.copyfile(ROOT / "events.db", db)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(db)], cwd=ROOT, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout == "[]\n"


def test_every_time_travel_read_leaves_the_committed_ledger_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copyfile(ROOT / "events.db", db)
    before = db.read_bytes()
    table = SEED.parent / "sec-update-2017-04-10-table-one.md"
    for args in (
        ["register", "--as-of", "2017-03-31"],
        ["show", "SECMP0006", "--as-of", "2017-04-10"],
        ["history", "SECMP0006"],
        ["code", "SEC", "--as-of", "2017-03-20"],
        ["diff", "--from", "2017-03-01", "--to", "2017-04-10"],
        ["reconcile", str(table), "--as-of", "2017-04-10"],
    ):
        result = CliRunner().invoke(main, ["--db", str(db), *args, "--format", "json"])
        assert result.exit_code in (0, 1), result.output
    assert db.read_bytes() == before


def test_the_seed_read_through_the_tables_on_either_store_gives_the_papers_answers(
    db: str,
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "import", str(SEED)]).exit_code == 0

    def run(*args: str) -> str:
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code in (0, 1), result.output
        return result.output

    shown = run("show", "SECMP0006", "--as-of", "2017-03-31", "--format", "jsonl")
    assert '"status":"Refinement"' in shown
    code = run("code", "SEC", "--as-of", "2017-03-20", "--format", "jsonl")
    assert '"in_force":"5.5","since":"2017-03-15"' in code
    changes = run("diff", "--from", "2017-03-31", "--to", "2017-04-10", "--format", "csv")
    assert "2017-04-04,status,SECMP0006,Refinement,Report Phase," in changes
    table = SEED.parent / "sec-update-2017-04-10-table-one.md"
    differences = run("reconcile", str(table), "--as-of", "2017-04-10", "--format", "csv")
    assert "SECMP0006,status differs,Refinement,Report Phase,2017-04-04" in differences
