"""Which event store a ledger lives in: a SQLite file, or a PostgreSQL server."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse

from ledger.domain.errors import InvalidInput

COMMON_ENV = {
    "MAPPER_TOPIC": "ledger.persistence:PydanticMapper",
    "TRANSCODER_TOPIC": "ledger.persistence:OrjsonTranscoder",
    "ORIGINATOR_ID_TYPE": "text",
}


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def store_env(db: str) -> dict[str, str]:
    """eventsourcing's environment for the store named by `db`."""
    if is_postgres(db):
        return {**COMMON_ENV, **postgres_env(db)}
    if not db or db.endswith("/"):
        raise InvalidInput(f"--db {db!r} is not a file path or postgresql:// URL")
    return {
        **COMMON_ENV,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "APPLICATION_RECORDER_TOPIC": "ledger.recorders:ChainedSQLiteRecorder",
        "SQLITE_DBNAME": db,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def postgres_env(url: str) -> dict[str, str]:
    parts = urlparse(url)
    if not parts.path.strip("/"):
        raise InvalidInput(f"--db {url!r} names no database")
    schema = parse_qs(parts.query).get("schema", [""])[0]
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": "ledger.postgres_recorder:ChainedPostgresRecorder",
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
    }
