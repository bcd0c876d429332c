"""Where the ledger is: `init` makes one, recording never does, `--db` is taken before or
after the command, a config file may name the ledger and the actor, `where` says which."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import SEED

SUBMIT = ("submit", "SECMP0035", "--on", "2017-05-02")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own, and a user config folder of its own."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("GOVLEDGER_DB", "GOVLEDGER_ACTOR"):
        monkeypatch.delenv(name, raising=False)
    return work


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, prog_name="govledger")


def where(*args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    result = invoke(*args, "where", env=env)
    assert result.exit_code == 0, result.output
    rows: dict[str, str] = {}
    for line in result.stdout.splitlines():
        name, _, told = line.partition("  ")
        rows.setdefault(name, told.strip())
    return rows


def user_config(here: Path, text: str) -> None:
    folder = here.parent / "config" / "govledger"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "govledger.toml").write_text(text)


def test_a_recording_command_refuses_a_ledger_that_does_not_exist_and_names_init(
    here: Path,
) -> None:
    result = invoke("--db", "typo.db", *SUBMIT)
    assert result.exit_code == 2
    assert (
        result.stderr == "govledger: no ledger at typo.db (`govledger init typo.db` creates one)\n"
    )
    assert not (here / "typo.db").exists()


def test_the_default_ledger_is_refused_too_when_it_does_not_exist(here: Path) -> None:
    result = invoke(*SUBMIT)
    assert result.exit_code == 2
    assert "no ledger at events.db, the default" in result.stderr
    assert "govledger init events.db" in result.stderr
    assert not (here / "events.db").exists()


def test_init_makes_an_empty_ledger_that_recording_then_reads_and_writes(here: Path) -> None:
    made = invoke("init", "new.db")
    assert (made.exit_code, made.stdout) == (0, "Created an empty ledger at new.db.\n")
    assert invoke("--db", "new.db", "events").stdout == ""
    assert invoke("--db", "new.db", *SUBMIT).exit_code == 0
    assert "SECMP0035" in invoke("--db", "new.db", "events").stdout


def test_init_leaves_a_ledger_that_is_already_there_as_it_is(here: Path) -> None:
    invoke("init", "a.db")
    invoke("--db", "a.db", *SUBMIT)
    before = (here / "a.db").read_bytes()
    again = invoke("init", "a.db")
    assert (again.exit_code, again.stdout) == (
        0,
        "a.db is a ledger already (1 event): left as it is.\n",
    )
    assert (here / "a.db").read_bytes() == before


def test_init_refuses_a_file_that_is_not_a_ledger_and_leaves_it(here: Path) -> None:
    (here / "notes.txt").write_text("minutes\n")
    result = invoke("init", "notes.txt")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: notes.txt: not a ledger: not a SQLite database\n",
    )
    assert (here / "notes.txt").read_text() == "minutes\n"


def test_init_without_a_path_makes_the_ledger_the_settings_name(here: Path) -> None:
    (here / "govledger.toml").write_text('db = "audit.db"\n')
    assert invoke("init").exit_code == 0
    assert (here / "audit.db").exists()


def test_init_refuses_a_path_and_a_different_db(here: Path) -> None:
    result = invoke("--db", "a.db", "init", "b.db")
    assert result.exit_code == 2
    assert "two ledgers named: a.db (--db before the command) and b.db (init PATH)" in result.stderr
    assert not (here / "a.db").exists() and not (here / "b.db").exists()


def test_import_into_a_new_path_is_refused_and_init_then_import_records_it(here: Path) -> None:
    refused = invoke("--db", "copy.db", "import", str(SEED))
    assert refused.exit_code == 2
    assert "no ledger at copy.db" in refused.stderr and "govledger init copy.db" in refused.stderr
    assert not (here / "copy.db").exists()
    invoke("init", "copy.db")
    imported = invoke("--db", "copy.db", "import", str(SEED))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("Imported ")


def test_db_after_the_command_name_is_the_same_as_before_it(here: Path) -> None:
    invoke("init", "a.db")
    assert invoke(*SUBMIT, "--db", "a.db").exit_code == 0
    before = invoke("--db", "a.db", "show", "SECMP0035", "--format", "json").stdout
    after = invoke("show", "SECMP0035", "--db", "a.db", "--format", "json").stdout
    assert before == after and "SECMP0035" in after


def test_db_after_a_subcommand_of_release_is_taken_too(here: Path) -> None:
    invoke("init", "a.db")
    result = invoke(
        "release", "plan", "November 2019 SEC Release", "--on", "2019-02-14", "--db", "a.db"
    )
    assert result.exit_code == 0, result.output
    assert (
        "November 2019 SEC Release" in invoke("--db", "a.db", "releases", "--format", "csv").stdout
    )


def test_two_different_ledgers_before_and_after_the_command_are_refused(here: Path) -> None:
    invoke("init", "a.db")
    invoke("init", "b.db")
    before = (here / "a.db").read_bytes(), (here / "b.db").read_bytes()
    result = invoke("--db", "a.db", *SUBMIT, "--db", "b.db")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "govledger: two ledgers named: a.db (--db before the command) "
        "and b.db (--db after the command)"
    )
    assert ((here / "a.db").read_bytes(), (here / "b.db").read_bytes()) == before


def test_actor_after_the_command_name_is_who_recorded(here: Path) -> None:
    invoke("init", "a.db")
    invoke(*SUBMIT, "--db", "a.db", "--actor", "SECAS")
    assert '"actor":"SECAS"' in invoke("--db", "a.db", "events").stdout


def test_where_says_the_default_ledger_and_the_os_user_when_nothing_names_them(here: Path) -> None:
    rows = where()
    assert rows["ledger"].startswith("events.db (the default): does not exist")
    assert rows["actor"].endswith("(the OS user)")
    assert rows["code"] == "SEC (the default)"
    assert rows["process"].startswith("the SEC process of November 2018 (in force on ")


def test_where_counts_the_events_of_a_ledger_that_exists(here: Path) -> None:
    invoke("init", "a.db")
    invoke("--db", "a.db", *SUBMIT)
    assert where("--db", "a.db")["ledger"] == "a.db (--db): a SQLite file, 1 event"


def test_where_names_the_process_of_the_code_asked(here: Path) -> None:
    result = invoke("where", "--code", "UNC")
    lines = dict(line.split("  ", 1) for line in result.stdout.splitlines() if "  " in line)
    assert lines["code"].strip() == "UNC (--code)"
    assert "UNC" in lines["process"]


def test_the_ledger_comes_from_the_first_place_that_names_it(here: Path) -> None:
    user_config(here, 'db = "/srv/user.db"\nactor = "from the user config"\n')
    assert where()["ledger"].startswith("/srv/user.db (")
    (here / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.govledger]\ndb = "py.db"\n'
    )
    assert where()["ledger"].startswith(f"py.db ({here / 'pyproject.toml'} [tool.govledger])")
    (here / "govledger.toml").write_text('db = "toml.db"\n')
    assert where()["ledger"].startswith(f"toml.db ({here / 'govledger.toml'})")
    env = {"GOVLEDGER_DB": "env.db"}
    assert where(env=env)["ledger"].startswith("env.db (GOVLEDGER_DB)")
    assert where("--db", "option.db", env=env)["ledger"].startswith("option.db (--db)")


def test_the_actor_comes_from_the_first_place_that_names_it(here: Path) -> None:
    user_config(here, 'actor = "Auditor"\n')
    assert where()["actor"].startswith("Auditor (")
    (here / "govledger.toml").write_text('actor = "SECAS"\n')
    assert where()["actor"] == f"SECAS ({here / 'govledger.toml'})"
    assert where(env={"GOVLEDGER_ACTOR": "Panel"})["actor"] == "Panel (GOVLEDGER_ACTOR)"
    assert where("--actor", "Ofgem", env={"GOVLEDGER_ACTOR": "Panel"})["actor"] == "Ofgem (--actor)"


def test_settings_from_different_files_are_each_taken_from_where_they_are(here: Path) -> None:
    user_config(here, 'actor = "Auditor"\n')
    (here / "govledger.toml").write_text('db = "audit.db"\n')
    invoke("init")
    assert invoke(*SUBMIT).exit_code == 0
    assert '"actor":"Auditor"' in invoke("events", "--db", "audit.db").stdout


def test_a_relative_db_in_the_user_config_is_relative_to_its_folder(here: Path) -> None:
    user_config(here, 'db = "mine.db"\n')
    folder = here.parent / "config" / "govledger"
    assert where()["ledger"].startswith(f"{folder / 'mine.db'} ")


def test_a_recording_refused_for_a_ledger_a_config_names_says_which_file(here: Path) -> None:
    (here / "govledger.toml").write_text('db = "audit.db"\n')
    result = invoke(*SUBMIT)
    assert result.exit_code == 2
    assert result.stderr == (
        f"govledger: no ledger at audit.db, named by {here / 'govledger.toml'} "
        "(`govledger init audit.db` creates one)\n"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("db = \n", "govledger.toml: not TOML ("),
        ('dbb = "x.db"\n', "govledger.toml: unknown setting 'dbb' (the settings: db, actor, code)"),
        ("db = 3\n", "govledger.toml: db must be a non-empty string"),
        ('actor = "  "\n', "govledger.toml: actor must be a non-empty string"),
    ],
)
def test_a_config_file_that_cannot_be_read_as_settings_is_refused_in_one_line(
    here: Path, text: str, said: str
) -> None:
    (here / "govledger.toml").write_text(text)
    result = invoke(*SUBMIT)
    assert result.exit_code == 2
    assert said in result.stderr and len(result.stderr.splitlines()) == 1
    assert os.listdir(here) == ["govledger.toml"]


def test_init_on_a_postgresql_schema_makes_its_tables_and_where_counts_its_events(
    here: Path, postgres_schema_url: str
) -> None:
    from ledger.store.settings import shown

    made = invoke("init", postgres_schema_url)
    assert (made.exit_code, made.stdout) == (
        0,
        f"An empty ledger at {shown(postgres_schema_url)}.\n",
    )
    assert invoke("--db", postgres_schema_url, *SUBMIT).exit_code == 0
    told = where("--db", postgres_schema_url)["ledger"]
    assert told.endswith("(--db): a PostgreSQL database, 1 event")
    again = invoke("init", postgres_schema_url)
    assert again.stdout.endswith("is a ledger already (1 event): left as it is.\n")


def test_where_says_why_a_ledger_cannot_be_used_rather_than_refusing(here: Path) -> None:
    (here / "notes.txt").write_text("minutes\n")
    rows = where("--db", "notes.txt")
    assert rows["ledger"] == (
        "notes.txt (--db): cannot be used: notes.txt: not a ledger: not a SQLite database"
    )
    assert rows["actor"].endswith("(the OS user)")


def test_init_in_a_folder_that_does_not_exist_is_refused_naming_it(here: Path) -> None:
    result = invoke("init", "audits/2017.db")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: audits/2017.db: the folder audits does not exist (make it first)\n",
    )
    assert not (here / "audits").exists()


def test_a_config_file_may_make_another_code_the_default_of_code(here: Path) -> None:
    (here / "govledger.toml").write_text('db = "unc.db"\ncode = "UNC"\n')
    invoke("init")
    rows = where()
    assert rows["code"] == f"UNC ({here / 'govledger.toml'})"
    assert rows["process"].startswith("the UNC modification rules")
    assert invoke("submit", "0678", "--on", "2019-01-17").exit_code == 0
    assert invoke("submit", "SECMP0035", "--code", "SEC", "--on", "2017-05-02").exit_code == 0
    lines = [orjson.loads(line) for line in invoke("events").stdout.splitlines()]
    assert [(line["code"], line["proposal"]) for line in lines] == [
        ("UNC", "0678"),
        ("SEC", "SECMP0035"),
    ]
    listed = invoke("register", "--format", "csv").stdout
    assert "0678" in listed and "SECMP0035" in listed  # a --code of every code stays so
