"""A PostgreSQL ledger that cannot be opened is one line and exit 2, never a traceback."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner, Result

from cli.main import main

COMMANDS = [
    ["register"],
    ["events"],
    ["submit", "SECMP0040", "--title", "T", "--proposer", "DCC", "--on", "2017-05-01"],
    ["verify"],
]


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_server_that_does_not_answer_is_named_in_one_line(command: list[str]) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/ledger"
    result = cli("--db", url, *command)
    assert (result.exit_code, result.output) == (
        2,
        f"govledger: cannot open the ledger at {url}: Connection refused\n",
    )


def test_a_password_in_the_url_is_never_printed() -> None:
    port = free_port()
    result = cli("--db", f"postgresql://clerk:s3cret@127.0.0.1:{port}/ledger", "register")
    assert result.output == (
        f"govledger: cannot open the ledger at postgresql://clerk:***@127.0.0.1:{port}/ledger: "
        "Connection refused\n"
    )


def test_migrating_to_a_server_that_does_not_answer_is_refused_in_one_line(
    sqlite_db: str,
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/ledger"
    cli("--db", sqlite_db, "submit", "SECMP0040", "--title", "T", "--proposer", "DCC",
        "--on", "2017-05-01")  # fmt: skip
    result = cli("migrate", "--from", sqlite_db, "--to", url)
    assert (result.exit_code, result.output) == (
        2,
        f"govledger: cannot open the ledger at {url}: Connection refused\n",
    )


def test_an_unknown_database_is_named(postgres_server: str) -> None:
    url = postgres_server.rsplit("/", 1)[0] + "/govledger_no_such_database"
    result = cli("--db", url, "register")
    assert (result.exit_code, result.output) == (
        2,
        f'govledger: cannot open the ledger at {url}: database "govledger_no_such_database" '
        "does not exist\n",
    )


def test_an_unknown_schema_is_named_with_how_to_create_it(postgres_server: str) -> None:
    url = f"{postgres_server}?schema=govledger_no_such_schema"
    result = cli("--db", url, "register")
    dbname = postgres_server.rsplit("/", 1)[1]
    assert (result.exit_code, result.output) == (
        2,
        f'govledger: cannot open the ledger at {url}: schema "govledger_no_such_schema" does '
        f'not exist in database "{dbname}" (create it first: CREATE SCHEMA '
        "govledger_no_such_schema)\n",
    )


def test_an_unknown_role_is_named(postgres_server: str) -> None:
    url = postgres_server.replace("//postgres@", "//govledger_no_such_role@")
    result = cli("--db", url, "register")
    assert (result.exit_code, result.output) == (
        2,
        f'govledger: cannot open the ledger at {url}: role "govledger_no_such_role" does not '
        "exist\n",
    )


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("postgresql://postgres@127.0.0.1:port/test", "the port is not a number"),
        ("postgresql://postgres@127.0.0.1:5432/", None),
    ],
)
def test_a_malformed_url_is_refused_before_connecting(url: str, why: str | None) -> None:
    result = cli("--db", url, "register")
    expected = (
        f"govledger: --db {url}: {why}\n" if why else f"govledger: --db {url} names no database\n"
    )
    assert (result.exit_code, result.output) == (2, expected)
