"""A shared ledger on PostgreSQL: a role granted SELECT and INSERT records and reads, cannot
change history, and many processes may open a ledger at once."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import psycopg
import pytest

from ledger.application import GovLedger
from ledger.chain import audit
from ledger.interchange import parse_lines
from projections.tables.schema import NAMES
from tests.conftest import ROOT, SEED


@pytest.fixture
def owner(postgres_schema_url: str) -> str:
    """A ledger created by the schema's owner: the seed history, and its read models."""
    from projections.tables.catchup import catch_up

    app = GovLedger(postgres_schema_url)
    app.import_lines(parse_lines(SEED.read_bytes()), "owner")
    catch_up(app)
    app.close()
    return postgres_schema_url


@pytest.fixture
def clerk(owner: str) -> Iterator[str]:
    """The same ledger through a role granted only SELECT and INSERT on its events (and
    the writes that keep the projection tables, as the README's grants say)."""
    schema = owner.rsplit("schema=", 1)[1]
    role = f"govledger_clerk_{uuid.uuid4().hex[:8]}"
    base = owner.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        conn.execute(
            f'GRANT SELECT, INSERT ON "{schema}".govledger_events, '
            f'"{schema}".govledger_events_chain TO "{role}"'
        )
        conn.execute(
            f'GRANT USAGE ON SEQUENCE "{schema}".govledger_events_notification_id_seq TO "{role}"'
        )
        views = ", ".join(f'"{schema}".{name}' for name in (*NAMES, "govledger_tracking"))
        conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {views} TO "{role}"')
    parts = urlparse(owner)
    yield owner.replace(f"//{parts.username}@", f"//{role}@", 1)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


def test_a_role_granted_select_and_insert_records_and_keeps_the_chain(clerk: str) -> None:
    app = GovLedger(clerk)
    before = len(list(app.read_events()))
    assert app.record("scheduled", "SEC", "SECMP0006", on="2017-05-02", what="Panel", actor="c")
    assert len(list(app.read_events())) == before + 1
    verdict = audit(app.recorder)  # type: ignore[arg-type]
    assert verdict.intact and verdict.count == before + 1
    app.close()


def test_that_role_records_and_reads_through_the_cli(clerk: str) -> None:
    from click.testing import CliRunner

    from cli.main import main

    runner = CliRunner()
    voted = runner.invoke(
        main,
        [
            "--db",
            clerk,
            "--actor",
            "c",
            "vote",
            "SECMP0033",
            "--outcome",
            "approve",
            "--on",
            "2017-05-24",
        ],
    )
    assert voted.exit_code == 0, voted.output
    read = runner.invoke(main, ["--db", clerk, "register", "--format", "csv"])
    assert read.exit_code == 0, read.output
    assert "SECMP0033,Update to CH Handover Support Materials,Approved,2017-05-24" in read.stdout


@pytest.mark.parametrize("statement", ["UPDATE {t} SET topic = 'x'", "DELETE FROM {t}"])
def test_that_role_cannot_change_or_remove_recorded_events(clerk: str, statement: str) -> None:
    schema = clerk.rsplit("schema=", 1)[1]
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
