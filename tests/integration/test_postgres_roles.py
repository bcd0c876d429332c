"""A shared ledger on PostgreSQL: a role granted SELECT, and INSERT on the events, records
and reads, cannot change history nor the tables everyone reads, which the owner keeps
(`govledger project`); and many processes may open a ledger at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import psycopg
import pytest

from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines
from ledger.store.audit import audit
from ledger.store.settings import PostgresUrl
from projections.tables.schema import NAMES, TABLES
from tests.conftest import ROOT, SEED

if TYPE_CHECKING:
    from click.testing import Result

ALL_COLUMNS = {t.name: t.all_columns for t in TABLES}


@pytest.fixture
def owner(postgres_schema_url: str) -> str:
    """A ledger created by the schema's owner: the seed history, and its read models."""
    from projections.projector.catchup import catch_up

    app = GovLedger(postgres_schema_url)
    app.import_lines(parse_lines(SEED.read_bytes()), "owner")
    catch_up(app)
    app.close()
    return postgres_schema_url


def as_role(url: str, role: str) -> str:
    return url.replace(f"//{PostgresUrl.parse(url).user}@", f"//{role}@", 1)


@pytest.fixture
def clerk(owner: str) -> Iterator[str]:
    """The same ledger through a role granted, as the README says, SELECT on everything
    and INSERT on the events and their chain only: the owner keeps the tables."""
    schema = PostgresUrl.parse(owner).schema
    role = f"govledger_clerk_{uuid.uuid4().hex[:8]}"
    base = owner.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
        conn.execute(
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON TABLES TO "{role}"'
        )
        conn.execute(
            f'GRANT INSERT ON "{schema}".govledger_events, '
            f'"{schema}".govledger_events_chain, "{schema}".govledger_events_tree TO "{role}"'
        )
        conn.execute(
            f'GRANT USAGE ON SEQUENCE "{schema}".govledger_events_notification_id_seq TO "{role}"'
        )
    yield as_role(owner, role)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


def govledger(db: str, *args: str) -> Result:
    from click.testing import CliRunner

    from cli.main import main

    return CliRunner().invoke(main, ["--db", db, "--actor", "c", *args])


VOTE = ("vote", "SECMP0033", "--outcome", "approve", "--on", "2017-05-24")
APPROVED = "SECMP0033,Update to CH Handover Support Materials,Approved,2017-05-24"
KEPT = (
    "govledger: the projection tables are kept by `govledger project`, "
    "run by the role that owns them\n"
)


def test_a_role_granted_select_and_insert_records_and_keeps_the_chain(clerk: str) -> None:
    app = GovLedger(clerk)
    before = len(list(app.read_events()))
    assert app.record("scheduled", "SEC", "SECMP0006", on="2017-05-02", what="Panel", actor="c")
    assert len(list(app.read_events())) == before + 1
    verdict = audit(app.recorder)  # type: ignore[arg-type]
    assert verdict.intact and verdict.count == before + 1
    app.close()


def test_that_role_records_through_the_cli_and_says_who_keeps_the_tables(clerk: str) -> None:
    voted = govledger(clerk, *VOTE)
    assert (voted.exit_code, voted.stderr) == (0, KEPT)
    assert voted.stdout == (
        "Recorded SECMP0033 Change Board vote on 2017-05-24; status now Approved.\n"
    )


def test_a_read_by_that_role_says_the_tables_are_behind_until_the_owner_projects(
    clerk: str, owner: str
) -> None:
    govledger(clerk, *VOTE)
    behind = govledger(clerk, "register", "--format", "csv")
    assert behind.exit_code == 0, behind.output
    assert behind.stderr == (
        "govledger: the projection tables are 1 event behind the ledger (kept by "
        "`govledger project`, run by the role that owns them): "
        "this answer is complete to event 39\n"
    )
    assert APPROVED not in behind.stdout
    assert govledger(owner, "project").stdout == (
        "Projected 1 event: the tables are up to date at event 40.\n"
    )
    caught_up = govledger(clerk, "register", "--format", "csv")
    assert (caught_up.exit_code, caught_up.stderr) == (0, "")
    assert APPROVED in caught_up.stdout


def test_tables_made_before_a_column_was_added_are_read_by_that_role_until_the_owner_adds_it(
    clerk: str, owner: str
) -> None:
    schema = PostgresUrl.parse(owner).schema
    with psycopg.connect(owner.split("?")[0], autocommit=True) as conn:
        conn.execute(f'ALTER TABLE "{schema}".milestones DROP COLUMN announced')
    on = ("--on", "2017-05-24", "--announced", "2017-04-28")
    scheduled = govledger(clerk, "schedule", "SECMP0006", "--what", "Change Board vote", *on)
    assert (scheduled.exit_code, scheduled.stderr) == (0, KEPT)
    report = govledger(clerk, "report", "--as-of", "2017-04-28")
    assert report.exit_code == 0, report.output
    assert "Nothing announced by the report's date is scheduled after it." in report.stdout
    assert govledger(owner, "project").exit_code == 0
    report = govledger(clerk, "report", "--as-of", "2017-04-28")
    assert "- SECMP0006: Change Board vote, 24 May 2017; announced 28 April 2017." in report.stdout
    assert govledger(owner, "verify", "--projections").exit_code == 0


@pytest.mark.parametrize("command", ["project", "rebuild"])
def test_that_role_may_not_project_or_rebuild(clerk: str, command: str) -> None:
    refused = govledger(clerk, command)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "govledger: this role may not write the projection tables: "
        f"run `govledger {command}` as the role that owns them\n",
    )


def test_tables_the_owner_rebuilds_stay_readable_by_that_role(clerk: str, owner: str) -> None:
    assert govledger(owner, "rebuild").exit_code == 0
    read = govledger(clerk, "register", "--format", "csv")
    assert (read.exit_code, read.stderr) == (0, "")
    assert "SECMP0034,Changes to the SEC Section D" in read.stdout


@pytest.mark.parametrize("table", [*NAMES, "govledger_tracking"])
def test_that_role_cannot_change_a_projection_table_or_the_tracking_record(
    clerk: str, table: str
) -> None:
    schema = PostgresUrl.parse(clerk).schema
    with (
        psycopg.connect(clerk.split("?")[0], autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"),
    ):
        conn.execute(f'UPDATE "{schema}".{table} SET {column_of(table)} = NULL')


def column_of(table: str) -> str:
    return "notification_id" if table == "govledger_tracking" else ALL_COLUMNS[table][0]


def following(db: str, *options: str) -> subprocess.Popen[str]:
    """`govledger project --follow` beside the server, once it has caught up."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", db, "project", "--follow", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert (
        process.stdout.readline() == "Nothing to project: the tables are up to date at event 39.\n"
    )
    return process


def test_the_owner_following_projects_what_that_role_records(clerk: str, owner: str) -> None:
    keeper = following(owner, "--stop-after", "1", "--timeout", "60")
    assert govledger(clerk, *VOTE).exit_code == 0
    out, err = keeper.communicate(timeout=60)
    assert (keeper.returncode, err) == (0, "")
    assert out == (
        "Projected 1 event: the tables are up to date at event 40.\n"
        "Stopped following: the tables are up to date at event 40.\n"
    )
    read = govledger(clerk, "register", "--format", "csv")
    assert (read.stderr, APPROVED in read.stdout) == ("", True)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_follower_stops_cleanly_on_sigterm_or_ctrl_c(owner: str, stop: signal.Signals) -> None:
    keeper = following(owner)
    keeper.send_signal(stop)
    out, err = keeper.communicate(timeout=30)
    assert (keeper.returncode, err) == (0, "")
    assert out == "Stopped following: the tables are up to date at event 39.\n"


@pytest.mark.parametrize("statement", ["UPDATE {t} SET topic = 'x'", "DELETE FROM {t}"])
def test_that_role_cannot_change_or_remove_recorded_events(clerk: str, statement: str) -> None:
    schema = PostgresUrl.parse(clerk).schema
    with (
        psycopg.connect(clerk.split("?")[0], autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement.format(t=f'"{schema}".govledger_events'))


def test_many_processes_opening_a_new_ledger_at_once_all_succeed(
    postgres_schema_url: str,
) -> None:
    code = "import sys; from ledger.application import GovLedger; GovLedger(sys.argv[1]).close()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, postgres_schema_url], cwd=ROOT, stderr=subprocess.PIPE
        )
        for _ in range(8)
    ]
    failures = [p.communicate()[1].decode() for p in processes if p.wait() != 0]
    assert failures == []
