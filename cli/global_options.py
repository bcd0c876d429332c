"""--db and --actor, taken before the command name (the root group's options) or after it
(every command's, given to the session the root group made)."""

from __future__ import annotations

from typing import Any

import click

from cli.completion import DB_SEEN
from cli.session import Session

DB_HELP = (
    "The ledger: a SQLite file, or a postgresql:// URL (else GOVLEDGER_DB, else govledger.toml, "
    "else events.db; `govledger where` says which)."
)
ACTOR_HELP = "Who is recording (else GOVLEDGER_ACTOR, else govledger.toml, else the OS user)."


def code_defaults(command: click.Command, code: str) -> dict[str, Any]:
    """click's default_map of `command` making `code` the default of every --code that has a
    default (one that means every code by default is left so)."""
    if isinstance(command, click.Group):
        found = {name: code_defaults(sub, code) for name, sub in command.commands.items()}
        return {name: defaults for name, defaults in found.items() if defaults}
    if any(p.name == "code" and p.default is not None for p in command.params):
        return {"code": code}
    return {}


def has_code_default(command: click.Command) -> bool:
    """Whether a config file's code may change a default of `command` (so must be read)."""
    return bool(code_defaults(command, ""))


def db_after_the_command(ctx: click.Context, _: click.Parameter, db: str | None) -> None:
    if db is None:
        return
    session = ctx.find_object(Session)
    if session is None:  # completing a command line: nothing is opened
        ctx.meta[DB_SEEN] = db
    else:
        session.name_db(db, "--db after the command")


def actor_after_the_command(ctx: click.Context, _: click.Parameter, actor: str | None) -> None:
    session = ctx.find_object(Session)
    if actor is not None and session is not None:
        session.name_actor(actor)


def take_global_options(command: click.Command) -> None:
    """--db and --actor are taken after the command name too (`govledger show X --db a.db`)."""
    for name, callback, metavar, help_text in (
        ("--db", db_after_the_command, "DB", DB_HELP),
        ("--actor", actor_after_the_command, "NAME", ACTOR_HELP),
    ):
        command.params.append(
            click.Option(
                [name], metavar=metavar, expose_value=False, callback=callback, help=help_text
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            take_global_options(sub)
