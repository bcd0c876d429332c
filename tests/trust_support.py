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
    return result.output


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
            self.nid = "notification_id"
        else:
            self.conn = sqlite3.connect(db, isolation_level=None)
            self.events, self.chain, self.nid = "stored_events", "stored_events_chain", "rowid"

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        sql = sql.format(events=self.events, chain=self.chain, nid=self.nid)
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.conn.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

    def unguard(self) -> None:
        """Remove the append-only triggers, as someone with the database's keys could."""
        if self.postgres:
            from ledger.store.postgres import ChainedPostgresRecorder

            for table in (self.events, self.chain):
                for trigger in ChainedPostgresRecorder.GUARDS:
                    self.execute(f"DROP TRIGGER {trigger} ON {table}")
        else:
            triggers = self.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('stored_events', 'stored_events_chain')"
            )
            for (name,) in triggers:
                self.execute(f"DROP TRIGGER {name}")

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
