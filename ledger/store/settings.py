"""Which event store a ledger lives in: a SQLite file, or a PostgreSQL server.

A `--db` is read here and nowhere else: `PostgresUrl` is the one parser of a
`postgresql://` URL (eventsourcing's settings, psycopg's connection, the URL as
it may be printed), and `sqlite_env` names a file. Nothing here imports
eventsourcing or psycopg, so the read-only fast path can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlparse, urlunparse

from ledger.domain.errors import InvalidInput

COMMON_ENV = {
    "MAPPER_TOPIC": "ledger.store.mapper:PydanticMapper",
    "TRANSCODER_TOPIC": "ledger.store.mapper:OrjsonTranscoder",
    "ORIGINATOR_ID_TYPE": "text",
}
CONNECT_TIMEOUT = 5  # seconds a server has to answer before the store is unavailable


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def shown(db: str) -> str:
    """The store as it may be printed: a PostgreSQL URL without its password."""
    if not is_postgres(db):
        return db
    parts = urlparse(db)
    if parts.password is None:
        return db
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunparse(parts._replace(netloc=f"{parts.username}:***@{host}"))


@dataclass(frozen=True)
class PostgresUrl:
    """A `postgresql://user:password@host:port/dbname?schema=NAME` URL, parsed once."""

    url: str
    host: str
    port: int
    dbname: str
    user: str
    password: str
    schema: str  # "" when the URL names none (the server's default, public)

    @classmethod
    def parse(cls, url: str) -> PostgresUrl:
        """Refused in one line when the port is not a number or no database is named."""
        parts = urlparse(url)
        try:
            port = parts.port or 5432
        except ValueError:
            raise InvalidInput(f"--db {shown(url)}: the port is not a number") from None
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname.strip("/"):
            raise InvalidInput(f"--db {shown(url)} names no database")
        return cls(
            url=url,
            host=parts.hostname or "127.0.0.1",
            port=port,
            dbname=dbname,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            schema=parse_qs(parts.query).get("schema", [""])[0],
        )

    def connection(self) -> dict[str, Any]:
        """psycopg's keyword arguments for a connection to this database."""
        return {
            "host": self.host,
            "port": self.port,
            "dbname": self.dbname,
            "user": self.user,
            "password": self.password,
            "connect_timeout": CONNECT_TIMEOUT,
        }

    def env(self) -> dict[str, str]:
        """eventsourcing's settings for this database."""
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "ledger.store.postgres:ChainedPostgresRecorder",
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
        }


def refuse_bad_path(db: str) -> None:
    """A --db that names neither a file nor a server."""
    if not db.strip() or db.endswith("/"):
        raise InvalidInput(f"--db {db!r} is not a file path or postgresql:// URL")


def store_env(db: str) -> dict[str, str]:
    """eventsourcing's environment for the store named by `db`."""
    if is_postgres(db):
        return {**COMMON_ENV, **PostgresUrl.parse(db).env()}
    refuse_bad_path(db)
    return {
        **COMMON_ENV,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "APPLICATION_RECORDER_TOPIC": "ledger.store.sqlite:ChainedSQLiteRecorder",
        "SQLITE_DBNAME": db,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def db_of_env(env: dict[str, Any]) -> str:
    """The --db that eventsourcing's settings of an open ledger name (`store_env`'s inverse)."""
    if env.get("SQLITE_DBNAME"):
        return str(env.get("SQLITE_DBNAME"))
    user = quote(env.get("POSTGRES_USER") or "postgres")
    password = env.get("POSTGRES_PASSWORD") or ""
    auth = f"{user}:{quote(password)}" if password else user
    host = f"{env.get('POSTGRES_HOST') or '127.0.0.1'}:{env.get('POSTGRES_PORT') or 5432}"
    schema = env.get("POSTGRES_SCHEMA") or ""
    query = f"?schema={quote(schema)}" if schema else ""
    return f"postgresql://{auth}@{host}/{quote(env.get('POSTGRES_DBNAME') or '')}{query}"
