"""Helpers for the trust tests: run the CLI, and reach past govledger into the store as an
attacker with direct access to the database would."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from click.testing import CliRunner, Result

from cli.main import main
from ledger.store.settings import PostgresUrl, is_postgres


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


class RawStore:
    """Direct SQL on a ledger's tables, bypassing govledger."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.postgres = is_postgres(db)
        if self.postgres:
            import psycopg

            url = PostgresUrl.parse(db)
            self.schema = url.schema or "public"
            self.conn: Any = psycopg.connect(**url.connection(), autocommit=True)
            self.events = f'"{self.schema}".govledger_events'
            self.chain = f'"{self.schema}".govledger_events_chain'
            self.tree = f'"{self.schema}".govledger_events_tree'
            self.nid = "notification_id"
        else:
            self.conn = sqlite3.connect(db, isolation_level=None)
            self.events, self.chain, self.nid = "stored_events", "stored_events_chain", "rowid"
            self.tree = "stored_events_tree"

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        sql = sql.format(events=self.events, chain=self.chain, nid=self.nid, tree=self.tree)
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.conn.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

    def unguard(self) -> None:
        """Remove the append-only triggers, as someone with the database's keys could."""
        if self.postgres:
            from ledger.store.postgres import ChainedPostgresRecorder

            for table in (
                self.events,
                self.chain,
                self.tree,
                self.tree.replace("_tree", "_checkpoints"),
            ):
                for trigger in ChainedPostgresRecorder.GUARDS:
                    self.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        else:
            triggers = self.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('stored_events', 'stored_events_chain', 'stored_events_tree', "
                "'stored_events_checkpoints')"
            )
            for (name,) in triggers:
                self.execute(f"DROP TRIGGER {name}")

    def retree(self) -> None:
        """Make the whole Merkle tree again over the events as the chain now links them
        (triggers dropped first, as `unguard` does)."""
        from ledger import merkle
        from ledger.store.tree import leaf_of

        self.unguard()
        self.execute("DELETE FROM {tree}")
        rows = self.execute(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state FROM {chain} c "
            "JOIN {events} e ON e.originator_id = c.originator_id "
            "AND e.originator_version = c.originator_version ORDER BY c.position"
        )
        nodes = merkle.tree_of(leaf_of(row) for row in rows)
        for (level, index), hashed in nodes.items():
            self.execute(
                "INSERT INTO {tree} (level, idx, hash) VALUES (?, ?, ?)", (level, index, hashed)
            )

    def append_leaf(self, size: int, row: Sequence[Any]) -> None:
        """Store the nodes the event `row` completes as leaf `size` of the Merkle tree."""
        from ledger import merkle
        from ledger.store.tree import leaf_of

        def get(level: int, index: int) -> bytes:
            found = self.execute(
                "SELECT hash FROM {tree} WHERE level = ? AND idx = ?", (level, index)
            )
            return bytes(found[0][0])

        for level, index, hashed in merkle.appended(size, [leaf_of(row)], get):
            self.execute(
                "INSERT INTO {tree} (level, idx, hash) VALUES (?, ?, ?)", (level, index, hashed)
            )

    def keys(self) -> list[str]:
        rows = self.execute("SELECT originator_id, originator_version FROM {events} ORDER BY {nid}")
        return [f"{oid} v{version}" for oid, version in rows]

    def row(self, position: int) -> tuple[Any, ...]:
        rows = self.execute(
            "SELECT {nid}, originator_id, originator_version, topic, state FROM {events} "
            "ORDER BY {nid} LIMIT 1 OFFSET ?",
            (position - 1,),
        )
        return tuple(rows[0])

    def close(self) -> None:
        self.conn.close()
