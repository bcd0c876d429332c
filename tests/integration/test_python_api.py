"""The Python API answers every read question as the command line does in `--format json`
(on the committed seed ledger and on a synthetic history), and refuses what the command
line refuses."""

from __future__ import annotations

import doctest
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson
import pytest

import govledger
from bench.synthetic import History
from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines
from tests.conftest import ROOT
from tests.integration.api_support import cli_json, cli_refusal, invoke, seed_copy


@pytest.fixture
def seed(tmp_path: Path) -> Iterator[tuple[str, govledger.Ledger]]:
    yield from seed_copy(tmp_path)


SEED_DATES = ("2017-01-31", "2017-03", "2017-04-10", "2017-12-31")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, govledger.Ledger]]:
    db = str(tmp_path_factory.mktemp("synthetic") / "synthetic.db")
    lines = b"\n".join(orjson.dumps(line) for line in History(1_500, seed=11).lines())
    app = GovLedger(db)
    try:
        app.import_lines(parse_lines(lines), "govledger bench")
    finally:
        app.close()
    with govledger.open(db) as ledger:
        yield db, ledger


def ids_and_dates(ledger: govledger.Ledger) -> tuple[list[str], list[str]]:
    """Some proposals of the ledger, and dates across its history."""
    ids = sorted(row["id"] for row in ledger.register())
    days = sorted({row["on"] for row in ledger.events()})
    chosen = random.Random(5)
    return chosen.sample(ids, min(6, len(ids))), sorted(chosen.sample(days, min(5, len(days))))


def test_import_govledger_works_from_any_directory(tmp_path: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import govledger; print(govledger.open.__name__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (found.returncode, found.stdout, found.stderr) == (0, "open\n", "")


def test_the_register_is_the_commands_json_on_the_seed(seed: tuple[str, Any]) -> None:
    db, ledger = seed
    assert ledger.register() == cli_json(db, "register")
    for day in SEED_DATES:
        assert ledger.register(as_of=day) == cli_json(db, "register", "--as-of", day)
        assert ledger.register(as_of=day, open_only=True, code="SEC") == cli_json(
            db, "register", "--as-of", day, "--open", "--code", "SEC"
        )
    assert len(ledger.register(open_only=True)) == 26


def test_dates_are_taken_as_date_objects_or_as_the_command_lines_text(
    seed: tuple[str, Any],
) -> None:
    _, ledger = seed
    assert ledger.register(as_of=date(2017, 4, 10)) == ledger.register(as_of="2017-04-10")
    assert ledger.register(as_of="2017-03") == ledger.register(as_of=date(2017, 3, 31))
    assert ledger.register(known_at=date(2000, 1, 1)) == []
    assert ledger.register(known_at="2000-01-01T00:00:00Z") == []
    assert ledger.register(known_at=datetime(2100, 1, 1)) == ledger.register()


def test_each_proposal_and_its_history_are_the_commands_json_on_the_seed(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    ids = [row["id"] for row in ledger.register()]
    assert {"SECMP0006", "SECMP0034"} <= set(ids)
    for proposal_id in ids:
        for day in SEED_DATES[2:]:
            shown = cli_json(db, "show", proposal_id, "--as-of", day)
            assert [ledger.proposal(proposal_id, as_of=day)] == shown
            assert ledger.history(proposal_id, as_of=day) == cli_json(
                db, "history", proposal_id, "--as-of", day
            )


def test_a_proposal_before_it_happened_is_none_where_the_command_answers_nothing(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    assert cli_json(db, "show", "SECMP0034", "--as-of", "2017-03-01") == []
    assert ledger.proposal("SECMP0034", as_of="2017-03-01") is None
    assert ledger.history("SECMP0034", known_at="2000-01-01") == []
    assert cli_json(db, "history", "SECMP0034", "--known-at", "2000-01-01") == []


def test_the_code_diff_gaps_disputes_and_releases_are_the_commands_json_on_the_seed(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    for day in SEED_DATES:
        assert [ledger.code("SEC", as_of=day)] == cli_json(db, "code", "SEC", "--as-of", day)
        assert ledger.gaps(as_of=day) == cli_json(db, "gaps", "--as-of", day)
        assert ledger.disputes(as_of=day) == cli_json(db, "disputes", "--as-of", day)
        assert ledger.releases(as_of=day) == cli_json(db, "releases", "--as-of", day)
    assert ledger.code()["in_force"] == "5.6"
    changes = ledger.diff("2017-03-01", "2017-04-10")
    assert changes == cli_json(db, "diff", "--from", "2017-03-01", "--to", "2017-04-10")
    assert changes
    assert ledger.diff(date(2017, 1, 1), date(2017, 12, 31), code="SEC") == cli_json(
        db, "diff", "--from", "2017-01-01", "--to", "2017-12-31", "--code", "SEC"
    )


def test_every_event_is_the_commands_json_on_the_seed(seed: tuple[str, Any]) -> None:
    db, ledger = seed
    rows = ledger.events()
    assert rows == cli_json(db, "events")
    seed_lines = (ROOT / "data" / "sec-update-2017-04-10.jsonl").read_text().splitlines()
    assert len(rows) >= len([line for line in seed_lines if line.strip()]) > 0


def test_every_read_question_is_the_commands_json_on_a_synthetic_history(
    synthetic: tuple[str, Any],
) -> None:
    db, ledger = synthetic
    ids, days = ids_and_dates(ledger)
    assert len(ids) == 6 and len(days) == 5
    assert ledger.events() == cli_json(db, "events")
    for day in days:
        assert ledger.register(as_of=day) == cli_json(db, "register", "--as-of", day)
        assert ledger.register(as_of=day, open_only=True) == cli_json(
            db, "register", "--as-of", day, "--open"
        )
        assert [ledger.code(as_of=day)] == cli_json(db, "code", "--as-of", day)
        assert ledger.gaps(as_of=day) == cli_json(db, "gaps", "--as-of", day)
        for proposal_id in ids:
            shown = cli_json(db, "show", proposal_id, "--as-of", day)
            assert ([found] if (found := ledger.proposal(proposal_id, as_of=day)) else []) == shown
            assert ledger.history(proposal_id, as_of=day) == cli_json(
                db, "history", proposal_id, "--as-of", day
            )
    for start, end in pairwise(days):
        assert ledger.diff(start, end) == cli_json(db, "diff", "--from", start, "--to", end)
    assert any(ledger.diff(start, end) for start, end in pairwise(days))


def test_a_synthetic_history_known_at_an_earlier_time_is_the_commands_json(
    synthetic: tuple[str, Any],
) -> None:
    db, ledger = synthetic
    recorded = sorted(row["recorded_at"] for row in ledger.events())
    halfway = recorded[len(recorded) // 2]
    assert ledger.register(known_at=halfway) == cli_json(db, "register", "--known-at", halfway)
    assert ledger.register(known_at=halfway) != ledger.register()
    assert ledger.gaps(known_at=halfway) == cli_json(db, "gaps", "--known-at", halfway)


@pytest.mark.parametrize(
    ("ask", "command"),
    [
        (lambda ledger: ledger.register(code="XYZ"), ("register", "--code", "XYZ")),
        (lambda ledger: ledger.gaps(code="XYZ"), ("gaps", "--code", "XYZ")),
        (lambda ledger: ledger.proposal("SECMP0999"), ("show", "SECMP0999")),
        (lambda ledger: ledger.history("SECMP0999"), ("history", "SECMP0999")),
        (lambda ledger: ledger.release("Nowhere Release"), ("release", "show", "Nowhere Release")),
        (lambda ledger: ledger.register(as_of=""), ("register", "--as-of", "")),
    ],
)
def test_a_question_the_command_line_refuses_raises_the_same_refusal(
    seed: tuple[str, Any], ask: Any, command: tuple[str, ...]
) -> None:
    db, ledger = seed
    with pytest.raises(govledger.LedgerError) as refused:
        ask(ledger)
    said = cli_refusal(db, *command)
    assert str(refused.value) == said.replace("--as-of", "as_of")


def test_a_malformed_date_is_refused_naming_the_argument(seed: tuple[str, Any]) -> None:
    _, ledger = seed
    with pytest.raises(govledger.InvalidInput, match=r"^as_of '2017-13-01' is not a date"):
        ledger.register(as_of="2017-13-01")
    with pytest.raises(govledger.InvalidInput, match=r"^known_at 'soon' is not an ISO 8601"):
        ledger.gaps(known_at="soon")
    with pytest.raises(govledger.InvalidInput, match=r"^start 2017-05-01 is after end 2017-04"):
        ledger.diff("2017-05-01", "2017-04")


def test_reading_leaves_the_ledger_file_byte_for_byte_as_it_was(tmp_path: Path) -> None:
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    before = copy.read_bytes()
    with govledger.open(str(copy)) as ledger:
        assert ledger.events()
        assert ledger.proposal("SECMP0006", as_of="2017-04-10")
        assert ledger.code(known_at="2026-12-01")
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.db"]


def test_reading_a_ledger_that_does_not_exist_is_refused_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.db"
    with govledger.open(str(missing)) as ledger, pytest.raises(govledger.NotFound):
        ledger.events()
    assert not missing.exists()


def test_rows_become_a_data_frame_with_the_rows_columns(seed: tuple[str, Any]) -> None:
    _, ledger = seed
    rows = ledger.register(open_only=True)
    table = govledger.frame(rows)
    assert list(table.columns) == list(rows[0])
    assert table.to_dict("records") == rows
    assert len(govledger.frame(ledger.proposal("SECMP0006"))) == 1


def test_a_ledger_on_postgresql_answers_as_the_command_line_does(
    tmp_path: Path, postgres_schema_url: str
) -> None:
    copy = str(tmp_path / "seed.db")
    shutil.copy(ROOT / "events.db", copy)
    assert invoke(copy, "migrate", "--from", copy, "--to", postgres_schema_url).exit_code == 0
    with govledger.open(postgres_schema_url) as ledger:
        assert ledger.register(as_of="2017-04-10") == cli_json(
            postgres_schema_url, "register", "--as-of", "2017-04-10"
        )
        assert [ledger.proposal("SECMP0006")] == cli_json(postgres_schema_url, "show", "SECMP0006")
        assert ledger.gaps() == cli_json(postgres_schema_url, "gaps")
        with govledger.open(copy) as on_file:
            assert ledger.register() == on_file.register()


def test_the_readmes_python_session_is_what_the_seed_ledger_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    session = section.split("```pycon\n", 1)[1].split("```", 1)[0]
    for name in ("events.db", "copy.db"):
        shutil.copy(ROOT / "events.db", tmp_path / name)
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(session, {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert (runner.failures, runner.tries) == (0, len(test.examples))
    assert len(test.examples) > 15


def test_a_published_register_is_reconciled_as_the_command_reconciles_it(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    table_one = str(ROOT / "data" / "sec-update-2017-04-10-table-one.md")
    found = ledger.reconcile(table_one, as_of=date(2017, 4, 10))
    result = invoke(db, "reconcile", table_one, "--as-of", "2017-04-10", "--format", "json")
    assert result.exit_code == 1
    assert [found] == orjson.loads(result.stdout)
    assert not found["agrees"]
    assert {d["id"] for d in found["differences"]} == {"SECMP0006", "SECMP0034"}
    with pytest.raises(govledger.NotFound, match="no such file"):
        ledger.reconcile(ROOT / "data" / "missing.md")


def test_an_open_ledger_shows_where_it_is_without_a_password() -> None:
    ledger = govledger.open("postgresql://clerk:secret@db.example:5432/ledger")
    assert repr(ledger) == "<govledger.api.Ledger 'postgresql://clerk:***@db.example:5432/ledger'>"
    assert "secret" not in repr(ledger)
    ledger.close()
