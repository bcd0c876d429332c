"""One ledger fixture, one variant per store: a SQLite file, and a real PostgreSQL server."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sec-update-2017-04-10.jsonl"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def new_ledger(path: str | Path) -> str:
    """An empty ledger at `path`, made as its users make one: `govledger init PATH`."""
    from click.testing import CliRunner

    from cli.main import main

    result = CliRunner().invoke(main, ["init", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


PROGRESS = re.compile(r"^govledger: [a-z ]+ [\d,]+ [a-z]+ in \d+\.\d s \([^)]*\)\n", re.M)


def without_progress(stderr: str) -> str:
    """What a command wrote to stderr, less the one line of progress a long command ends
    with when stderr is not a terminal."""
    return PROGRESS.sub("", stderr)


def postgres_url() -> str:
    return os.environ.get("GOVLEDGER_TEST_POSTGRES", DEFAULT_POSTGRES)


def _postgres_or_skip() -> str:
    url = postgres_url()
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            pass
    except Exception as error:  # any failure to reach the server
        reason = f"no PostgreSQL server answers at {url}: {error}".splitlines()[0]
        if os.environ.get("GOVLEDGER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"GOVLEDGER_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture
def postgres_server() -> str:
    """The test server's URL (its default schema: create nothing there)."""
    return _postgres_or_skip()


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL naming a schema of its own, dropped afterwards."""
    import psycopg

    url = _postgres_or_skip()
    schema = f"govledger_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}schema={schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's ledger lives: run once on each store."""
    if request.param == "sqlite":
        yield new_ledger(tmp_path / "events.db")
    else:
        yield request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return new_ledger(tmp_path / "events.db")
