"""The insider's tools: a seeded ledger on each store, the database's own keys (triggers
dropped, any SQL), a clerk's role with only the README's grants, and the CLI."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from ledger.store.settings import PostgresUrl
from tests.conftest import SEED
from tests.trust_support import RawStore, cli, ok


@pytest.fixture
def ledger(db: str) -> str:
    """The seed, imported, its tables caught up: 39 events."""
    ok("--db", db, "import", str(SEED))
    return db


@pytest.fixture
def digest(ledger: str) -> str:
    """The digest an auditor filed before anyone tampered with the ledger."""
    return ok("--db", ledger, "digest").strip()


@pytest.fixture
def owner(ledger: str) -> Iterator[RawStore]:
    """Direct SQL with the database's own keys: the append-only triggers dropped."""
    store = RawStore(ledger)
    store.unguard()
    yield store
    store.close()


@pytest.fixture
def guarded(ledger: str) -> Iterator[RawStore]:
    """Direct SQL on the ledger with its triggers in place."""
    store = RawStore(ledger)
    yield store
    store.close()


@pytest.fixture
def clerk(postgres_schema_url: str) -> Iterator[RawStore]:
    """A PostgreSQL role with the README's recording grants, on a seeded ledger: SELECT on
    everything, INSERT on the events and the chain, the sequence; nothing else."""
    import psycopg

    url = postgres_schema_url
    ok("--db", url, "import", str(SEED))
    schema = PostgresUrl.parse(url).schema
    role = f"govledger_clerk_{uuid.uuid4().hex[:8]}"
    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        for statement in (
            f'CREATE ROLE "{role}" LOGIN',
            f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
            f'GRANT INSERT ON "{schema}".govledger_events, "{schema}".govledger_events_chain, '
            f'"{schema}".govledger_events_tree TO "{role}"',
            f'GRANT USAGE ON SEQUENCE "{schema}".govledger_events_notification_id_seq TO "{role}"',
        ):
            conn.execute(statement)
    store = RawStore(url.replace("//postgres@", f"//{role}@", 1))
    yield store
    store.close()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


def refused(*args: str) -> str:
    """A command refused in one line, exit status 2: its message."""
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("govledger: "), result.output
    return result.output.strip()


def broken(db: str, *more: str) -> str:
    """`verify` failing, exit status 1: what it says."""
    result = cli("--db", db, "verify", *more)
    assert result.exit_code == 1, result.output
    return result.stdout


def head(db: str) -> str:
    return ok("--db", db, "digest").strip()


def next_version(store: RawStore, originator_id: str) -> int:
    rows = store.execute(
        "SELECT MAX(originator_version) FROM {events} WHERE originator_id = ?", (originator_id,)
    )
    return int(rows[0][0]) + 1


def append_linked(store: RawStore, row: tuple[Any, ...], nid: int | None = None) -> None:
    """Store an event row after the last one, with the link and the Merkle tree's nodes a
    forger would compute for it, so that only what the row says (not a broken link or
    tree) can give it away."""
    from ledger.store.chain import link

    last = store.execute("SELECT position, link FROM {chain} ORDER BY position DESC LIMIT 1")
    position, previous = last[0]
    oid, version, topic, state = row
    if nid is None:
        store.execute(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "VALUES (?,?,?,?)",
            (oid, version, topic, state),
        )
    else:
        store.execute(
            "INSERT INTO {events} ({nid}, originator_id, originator_version, topic, state) "
            "VALUES (?,?,?,?,?)",
            (nid, oid, version, topic, state),
        )
    store.execute(
        "INSERT INTO {chain} VALUES (?,?,?,?,?,?)",
        (position + 1, oid, version, link(previous, oid, version, topic, state), "x", "now"),
    )
    store.append_leaf(position, row)
