"""Shell completion of what the ledger holds: proposal ids, and event ids by their prefix.

Completion reads the ledger's SQLite file directly and read-only, so a Tab press opens no
application and writes nothing; a PostgreSQL ledger, or a file that cannot be read,
completes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    import sqlite3

EVENT_IDS_SHOWN = 50  # event ids offered at once: type more of the prefix to narrow them
DB_SEEN = "govledger.db"  # where --db given after the command is kept while completing


def ledger_of(ctx: click.Context) -> str:
    """The ledger the command line being completed names (its callbacks have not run)."""
    from cli.session import Session

    after = ctx.meta.get(DB_SEEN)
    before = ctx.find_root().params.get("db")
    return Session(after or before).db


@contextmanager
def read_only(db: str) -> Iterator[sqlite3.Connection | None]:
    import sqlite3

    if db.startswith(("postgresql://", "postgres://")):
        yield None
        return
    try:
        conn = sqlite3.connect(f"file:{quote(db)}?mode=ro", uri=True)
    except sqlite3.Error:
        yield None
        return
    with closing(conn):
        yield conn


def rows_of(ctx: click.Context, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
    """The rows `sql` finds in the ledger being completed; none if it cannot be read."""
    import sqlite3

    from ledger.domain.errors import LedgerError

    try:
        db = ledger_of(ctx)
    except LedgerError:  # a config file that cannot be read: nothing to complete from
        return []
    with read_only(db) as conn:
        if conn is None:
            return []
        try:
            return conn.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []


def proposal_ids(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The proposals the ledger holds whose id starts with what is typed (any case)."""
    rows = rows_of(
        ctx,
        "SELECT DISTINCT originator_id FROM stored_events "
        "WHERE originator_id LIKE 'proposal:%' ORDER BY originator_id",
    )
    typed = incomplete.upper()
    items = []
    for (key,) in rows:
        _, code, proposal = key.split(":", 2)
        if proposal.upper().startswith(typed):
            items.append(CompletionItem(proposal, help=code))
    return items


def event_ids(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The recorded events whose id starts with what is typed (read off the index over
    event ids), at most EVENT_IDS_SHOWN of them, each with its subject and kind; with
    nothing typed, the latest."""
    from ledger.store.event_ids import normalised_prefix, prefix_bounds, sqlite_expression

    prefix = normalised_prefix(incomplete) or ""
    expression = sqlite_expression("state")
    args: tuple[bytes, ...] = prefix_bounds(prefix) if prefix else ()
    where = f"WHERE {expression} >= ? AND {expression} < ? ORDER BY {expression}"
    if not prefix:
        where = "ORDER BY rowid DESC"
    rows = rows_of(
        ctx,
        f"SELECT {expression}, originator_id, topic FROM stored_events {where} LIMIT ?",
        (*args, EVENT_IDS_SHOWN),
    )
    found = [(bytes(e).decode("utf-8", "replace"), s, t) for e, s, t in rows if e is not None]
    return [
        CompletionItem(event_id, help=f"{subject.split(':', 1)[-1]} {topic.rsplit(':', 1)[-1]}")
        for event_id, subject, topic in found
        if event_id.startswith(prefix)
    ]
