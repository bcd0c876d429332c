"""The Python API answers every read question as the command line does in `--format json`
(on the committed seed ledger and on a synthetic history), refuses what the command line
refuses, and records through the same use cases."""

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
from click.testing import CliRunner, Result

import govledger
from bench.synthetic import History
from cli.main import main
from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines
from tests.conftest import ROOT

SEED_DATES = ("2017-01-31", "2017-03", "2017-04-10", "2017-12-31")


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env={"GOVLEDGER_ACTOR": "SECAS"})


def cli_json(db: str, *args: str) -> Any:
    result = invoke(db, *args, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return orjson.loads(result.stdout)


def cli_refusal(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert result.exit_code == 2, result.output
    return result.stderr.removeprefix("govledger: ").strip()


@pytest.fixture
def seed(tmp_path: Path) -> Iterator[tuple[str, govledger.Ledger]]:
    copy = str(tmp_path / "seed.db")
    shutil.copy(ROOT / "events.db", copy)
    with govledger.open(copy, actor="SECAS") as ledger:
        yield copy, ledger


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


STEPS_BY_COMMAND = [
    ("submit", "SECMP0035", "--title", "Changes to the SEC Section D, for DCC analysis",
     "--proposer", "British Gas", "--on", "2017-04-05", "--source", "SEC Update"),
    ("imr", "SECMP0035", "--outcome", "accepted", "--path", "3", "--route", "report",
     "--on", "2017-04-21"),
    ("consult", "SECMP0035", "--on", "2017-05", "--deadline", "2017-06-02"),
    ("vote", "SECMP0035", "--outcome", "approve", "--on", "2017-06-21"),
    ("version", "5.8", "--implements", "SECMP0035", "--amends", "Section D",
     "--on", "2017-11-02"),
]  # fmt: skip


def steps_by_api(ledger: govledger.Ledger) -> None:
    ledger.submit(
        "SECMP0035",
        title="Changes to the SEC Section D, for DCC analysis",
        proposer="British Gas",
        on=date(2017, 4, 5),
        source="SEC Update",
    )
    ledger.imr("SECMP0035", outcome="accepted", path="3", route="report", on="2017-04-21")
    ledger.consult("SECMP0035", on="2017-05", deadline=date(2017, 6, 2))
    ledger.vote("SECMP0035", outcome="approve", on="2017-06-21")
    ledger.version("5.8", implements=["SECMP0035"], amends=["Section D"], on="2017-11-02")


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    gone = ("event_id", "recorded_at", "position")
    return [{k: v for k, v in r.items() if k not in gone} for r in rows]


def test_steps_recorded_through_the_api_read_as_the_same_steps_recorded_by_commands(
    tmp_path: Path,
) -> None:
    by_commands, by_api = str(tmp_path / "commands.db"), str(tmp_path / "api.db")
    shutil.copy(ROOT / "events.db", by_commands)
    shutil.copy(ROOT / "events.db", by_api)
    for step in STEPS_BY_COMMAND:
        assert invoke(by_commands, *step).exit_code == 0
    with govledger.open(by_api, actor="SECAS") as ledger:
        steps_by_api(ledger)
    for db in (by_commands, by_api):
        assert cli_json(db, "register", "--as-of", "2017-12-31")[-1]["status"] == "Implemented"
    for command in (("register",), ("gaps",)):
        assert cli_json(by_api, *command) == cli_json(by_commands, *command)
    code_by_api, code_by_commands = (
        cli_json(db, "code", "--as-of", "2017-12-31")[0] for db in (by_api, by_commands)
    )
    assert code_by_api.pop("complete_to") != ""  # it names each ledger's own record time
    assert code_by_api == {k: v for k, v in code_by_commands.items() if k != "complete_to"}
    assert without_ids(cli_json(by_api, "history", "SECMP0035")) == without_ids(
        cli_json(by_commands, "history", "SECMP0035")
    )


def test_a_step_the_process_refuses_raises_the_commands_refusal_and_writes_nothing(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    ledger.withdraw("SECMP0034", on="2017-05-01")
    held = len(ledger.events())
    with pytest.raises(govledger.LedgerError) as refused:
        ledger.vote("SECMP0034", outcome="approve", on="2017-05-24")
    assert len(ledger.events()) == held
    ledger.close()
    said = cli_refusal(db, "vote", "SECMP0034", "--outcome", "approve", "--on", "2017-05-24")
    assert str(refused.value) == said
    assert "cannot record Change Board vote" in said


def test_a_correction_a_citation_and_a_release_recorded_through_the_api_are_read_back(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    submitted = next(r for r in ledger.history("SECMP0034") if r["kind"] == "submitted")
    ledger.cite(submitted["event_id"], source="SEC Panel minutes", disputes={"on": "2017-04-04"})
    assert [d["disputing"] for d in ledger.disputes()] == ["2017-04-04"]
    ledger.correct(submitted["event_id"], changes={"on": "2017-04-04"}, reason="the minutes")
    assert ledger.disputes()[0]["settled"]
    ledger.release_plan("November 2017 SEC Release", go_live="2017-11-02", on="2017-06-01")
    ledger.release_scope("November 2017 SEC Release", ["SECMP0034"], on="2017-07-01")
    assert ledger.releases() == cli_json(db, "releases")
    assert ledger.releases()[0]["scope"] == ["SECMP0034"]
    assert [ledger.release("November 2017 SEC Release")] == cli_json(
        db, "release", "show", "November 2017 SEC Release"
    )
    assert ledger.release("November 2017 SEC Release", as_of="2017-05-01") is None


def test_a_malformed_event_id_is_refused_as_the_command_line_refuses_it(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    with pytest.raises(govledger.InvalidInput) as refused:
        ledger.retract("not-an-id", reason="wrong")
    said = invoke(db, "retract", "not-an-id", "--reason", "wrong").stderr
    assert f"govledger: {refused.value}\n" == said


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


def test_a_file_of_events_is_imported_as_the_command_imports_it(tmp_path: Path) -> None:
    seed_file = ROOT / "data" / "sec-update-2017-04-10.jsonl"
    by_command, by_api = str(tmp_path / "command.db"), str(tmp_path / "api.db")
    assert invoke(by_command, "import", str(seed_file)).exit_code == 0
    with govledger.open(by_api, actor="govledger seed") as ledger:
        recorded, held = ledger.import_events(seed_file)
        lines = [line for line in seed_file.read_text().splitlines() if line.strip()]
        assert (recorded, held) == (len(lines), 0)
        assert ledger.import_events(seed_file) == (0, recorded)
        assert ledger.register() == cli_json(by_command, "register")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with (
        govledger.open(str(tmp_path / "new.db")) as ledger,
        pytest.raises(govledger.InvalidInput, match="no events in the file"),
    ):
        ledger.import_events(empty)
    assert not (tmp_path / "new.db").exists()


RELEASE = "November 2020 SEC Release"
EVERY_STEP: list[tuple[tuple[str, ...], Any]] = [
    (("submit", "DP150", "--title", "Faster DCC releases", "--proposer", "DCC",
      "--on", "2020-01-10"),
     lambda api: api.submit("DP150", title="Faster DCC releases", proposer="DCC", on="2020-01-10")),
    (("milestone", "DP150", "--step", "csc_review", "--on", "2020-02-05"),
     lambda api: api.milestone("DP150", step="csc_review", on=date(2020, 2, 5))),
    (("convert", "DP150", "--to", "MP150", "--route", "refinement", "--path", "3",
      "--on", "2020-02-20"),
     lambda api: api.convert("DP150", to="MP150", route="refinement", path="3", on="2020-02-20")),
    (("milestone", "MP150", "--step", "impact_assessment", "--on", "2020-03-10",
      "--outcome", "costed"),
     lambda api: api.milestone("MP150", step="impact_assessment", on="2020-03-10",
                               outcome="costed")),
    (("submit", "MP151", "--title", "Faster DCC releases, alternative", "--proposer", "EDF",
      "--alternative-of", "MP150", "--on", "2020-03-01"),
     lambda api: api.submit("MP151", title="Faster DCC releases, alternative", proposer="EDF",
                        alternative_of="MP150", on="2020-03-01")),
    (("consult", "MP150", "--deadline", "2020-04-10", "--on", "2020-03-20"),
     lambda api: api.consult("MP150", deadline=date(2020, 4, 10), on="2020-03-20")),
    (("close-consultation", "MP150", "--on", "2020-04-10"),
     lambda api: api.close_consultation("MP150", on="2020-04-10")),
    (("schedule", "MP150", "--what", "Change Board vote", "--on", "2020-04-22",
      "--announced", "2020-04-01"),
     lambda api: api.schedule("MP150", what="Change Board vote", on="2020-04-22",
                          announced=date(2020, 4, 1))),
    (("vote", "MP150", "--outcome", "approve", "--on", "2020-04-22", "--source",
      "Change Board minutes"),
     lambda api: api.vote("MP150", outcome="approve", on="2020-04-22",
                          source="Change Board minutes")),
    (("withdraw", "MP151", "--on", "2020-05-01", "--note", "withdrawn by EDF"),
     lambda api: api.withdraw("MP151", on="2020-05-01", note="withdrawn by EDF")),
    (("release", "plan", RELEASE, "--go-live", "2020-11-05", "--on", "2020-02-14"),
     lambda api: api.release_plan(RELEASE, go_live=date(2020, 11, 5), on="2020-02-14")),
    (("release", "scope", RELEASE, "MP150", "--on", "2020-06-20"),
     lambda api: api.release_scope(RELEASE, ["MP150"], on="2020-06-20")),
    (("release", "move", RELEASE, "--to", "2020-11-06", "--decided-by", "SEC Panel",
      "--on", "2020-09-13"),
     lambda api: api.release_move(RELEASE, to="2020-11-06", decided_by="SEC Panel",
                                  on="2020-09-13")),
    (("release", "version", RELEASE, "27.0", "--on", "2020-10-01"),
     lambda api: api.release_version(RELEASE, "27.0", on="2020-10-01")),
    (("release", "live", RELEASE, "--on", "2020-11-06"),
     lambda api: api.release_live(RELEASE, on="2020-11-06")),
    (("implement", "MP150", "--release", RELEASE, "--part", "legal text", "--on", "2020-11-06"),
     lambda api: api.implement("MP150", release=RELEASE, part="legal text", on="2020-11-06")),
    (("implement", "MP150", "--release", RELEASE, "--part", "DCC systems", "--last-part",
      "--on", "2020-11-06"),
     lambda api: api.implement("MP150", release=RELEASE, part="DCC systems", last_part=True,
                           on="2020-11-06")),
    (("baseline", "SECMP0030", "--title", "Old proposal", "--status", "Refinement",
      "--on", "2017-03", "--source", "Table one"),
     lambda api: api.baseline("SECMP0030", title="Old proposal", status="Refinement", on="2017-03",
                          source="Table one")),
    (("submit", "SECMP0040", "--title", "Authority-led", "--proposer", "British Gas",
      "--on", "2017-05-02"),
     lambda api: api.submit("SECMP0040", title="Authority-led", proposer="British Gas",
                        on="2017-05-02")),
    (("imr", "SECMP0040", "--outcome", "accepted", "--path", "2", "--route", "refinement",
      "--on", "2017-05-19"),
     lambda api: api.imr("SECMP0040", outcome="accepted", path="2", route="refinement",
                     on="2017-05-19")),
    (("submit", "SECMP0043", "--title", "Refined later", "--on", "2017-05-02"),
     lambda api: api.submit("SECMP0043", title="Refined later", on="2017-05-02")),
    (("imr", "SECMP0043", "--outcome", "accepted", "--path", "3", "--route", "report",
      "--on", "2017-05-19"),
     lambda api: api.imr("SECMP0043", outcome="accepted", path="3", route="report",
                         on="2017-05-19")),
    (("refinement", "SECMP0043", "--on", "2017-06-01"),
     lambda api: api.refinement("SECMP0043", on="2017-06-01")),
    (("consult", "SECMP0040", "--on", "2017-07-03"),
     lambda api: api.consult("SECMP0040", on="2017-07-03")),
    (("vote", "SECMP0040", "--outcome", "approve", "--on", "2017-08-23"),
     lambda api: api.vote("SECMP0040", outcome="approve", on="2017-08-23")),
    (("decide", "SECMP0040", "--outcome", "approve", "--authority", "Ofgem",
      "--on", "2017-09-30"),
     lambda api: api.decide("SECMP0040", outcome="approve", authority="Ofgem", on="2017-09-30")),
    (("version", "5.9", "--implements", "SECMP0040", "--amends", "Section A", "--amends",
      "Section J", "--on", "2017-11-02"),
     lambda api: api.version("5.9", implements=["SECMP0040"], amends=["Section A", "Section J"],
                         on="2017-11-02")),
    (("submit", "SECMP0041", "--on", "2017-09"),
     lambda api: api.submit("SECMP0041", on="2017-09")),
    (("suspend", "SECMP0041", "--directed-by", "BEIS", "--clause", "X2.3(d)", "--on", "2017-10"),
     lambda api: api.suspend("SECMP0041", directed_by="BEIS", clause="X2.3(d)", on="2017-10")),
    (("resume", "SECMP0041", "--on", "2017-12-01"),
     lambda api: api.resume("SECMP0041", on="2017-12-01")),
    (("submit", "SECMP0042", "--title", "Cancelled one", "--on", "2017-09-02"),
     lambda api: api.submit("SECMP0042", title="Cancelled one", on="2017-09-02")),
    (("cancel", "SECMP0042", "--directed-by", "BEIS", "--on", "2017-10-02"),
     lambda api: api.cancel("SECMP0042", directed_by="BEIS", on="2017-10-02")),
    (("submit", "0678", "--code", "UNC", "--title", "UNC change", "--proposer", "Centrica",
      "--on", "2019-01-17"),
     lambda api: api.submit("0678", code="UNC", title="UNC change", proposer="Centrica",
                        on="2019-01-17")),
    (("imr", "0678", "--code", "UNC", "--outcome", "accepted", "--path", "authority",
      "--route", "workgroup", "--on", "2019-01-17"),
     lambda api: api.imr("0678", code="UNC", outcome="accepted", path="authority",
                     route="workgroup", on="2019-01-17")),
    (("version", "--basis", "direction", "--amends", "Section X", "--on", "2018-06-01"),
     lambda api: api.version(basis="direction", amends=["Section X"], on="2018-06-01")),
]  # fmt: skip


def test_every_recording_method_writes_the_event_its_command_writes(tmp_path: Path) -> None:
    by_commands, by_api = str(tmp_path / "commands.db"), str(tmp_path / "api.db")
    with govledger.open(by_api, actor="SECAS") as ledger:
        for command, step in EVERY_STEP:
            result = invoke(by_commands, *command)
            assert (result.exit_code, result.stderr) == (0, ""), command
            assert step(ledger) is True, command
        assert without_ids(ledger.events()) == without_ids(cli_json(by_commands, "events"))
        assert ledger.register() == cli_json(by_commands, "register")
        assert ledger.releases() == cli_json(by_commands, "releases")
    kinds = {row["kind"] for row in cli_json(by_api, "events")}
    assert len(kinds) == 22


def test_strict_recording_refuses_a_gap_as_the_strict_command_does(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    with pytest.raises(govledger.ProcessViolation) as refused:
        ledger.vote("SECMP0034", outcome="approve", on="2017-05-24", strict=True)
    ledger.close()
    said = cli_refusal(
        db, "vote", "SECMP0034", "--outcome", "approve", "--on", "2017-05-24", "--strict"
    )
    assert str(refused.value) == said
    assert "strict recording refuses the gap" in said


def test_an_open_ledger_shows_where_it_is_without_a_password() -> None:
    ledger = govledger.open("postgresql://clerk:secret@db.example:5432/ledger")
    assert repr(ledger) == "<govledger.api.Ledger 'postgresql://clerk:***@db.example:5432/ledger'>"
    assert "secret" not in repr(ledger)
    ledger.close()
