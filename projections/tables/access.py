"""The projection tables for a read: straight from the database when they are up
to date; otherwise the ledger is opened and they are caught up first, or, when
another role keeps them, read as they are with a line saying how far behind."""

from __future__ import annotations

import sys
from typing import Any

from projections.tables.read import Tables, connect, open_tables


def db_of(source: Any) -> str:
    """The store a read names: a CLI session's --db, or an open ledger's settings."""
    db = getattr(source, "db", None)
    if isinstance(db, str):
        return db
    from ledger.store.settings import db_of_env

    return db_of_env(source.env)


def ledger_of(source: Any) -> Any:
    reader = getattr(source, "reader", None)
    return reader() if callable(reader) else source


def tables_for(source: Any) -> Tables:
    """Up-to-date tables for `source` (a CLI session or a GovLedger)."""
    db = db_of(source)
    tables = open_tables(db)
    if tables is not None:
        return tables
    from projections.tables.keeper import behind, keep_up

    if keep_up(ledger_of(source)):
        return connect(db)
    tables = connect(db)  # kept by another role: what they hold, saying so
    sys.stderr.write(f"govledger: {behind(tables)}\n")
    return tables
