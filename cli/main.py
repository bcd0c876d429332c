"""The root `govledger` group: global options, and errors turned into one line and exit 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from cli.commands import MODULES, LazyCommands
from cli.global_options import (
    ACTOR_HELP,
    DB_HELP,
    code_defaults,
    has_code_default,
    take_global_options,
)
from cli.sections import format_sections
from cli.session import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, Session


class LedgerGroup(click.Group):
    """Turns every refusal into a one-line message and exit status 2, never a traceback."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            refuse_undecodable(sys.argv[1:] if args is None else args)
            code = super().main(args, *rest, **kwargs)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            click.echo(f"govledger: {error.format_message()}{hint}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as error:  # refused input, whatever click's own status
            click.echo(f"govledger: {error.format_message()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.Abort:
            click.echo("govledger: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            reader_gone()
        except Exception as error:  # raised outside a command: while closing the ledger
            from ledger.domain.errors import LedgerError

            if isinstance(error, LedgerError):
                refuse(str(error))
            internal_error(error)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_sections(self, ctx, formatter)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:  # --help or --version, read by a pipe that closed
            reader_gone()

    def invoke(self, ctx: click.Context) -> Any:
        from ledger.domain.errors import LedgerError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except LedgerError as error:
            refuse(str(error))
        except BrokenPipeError:
            reader_gone()
        except OSError as error:
            named = f"{error.filename}: " if error.filename else ""
            refuse(f"{named}{error.strerror or error}")
        except Exception as error:
            db = ctx.obj.db if isinstance(ctx.obj, Session) else ""
            explained = store_failure(error, db)
            if explained is None:
                internal_error(error)
            refuse(explained)


def refuse(message: str) -> NoReturn:
    click.echo(f"govledger: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def refuse_undecodable(args: Sequence[str]) -> None:
    """An argument, or a setting in the environment, that is not UTF-8 text (bytes the
    shell passed through undecoded) is refused before anything reads it."""
    named = [(f"the argument {shown(arg)}", arg) for arg in args]
    named += [
        (f"{name} {shown(os.environ[name])}", os.environ[name])
        for name in ("GOVLEDGER_DB", "GOVLEDGER_ACTOR")
        if name in os.environ
    ]
    for what, text in named:
        if any("\ud800" <= char <= "\udfff" for char in text):
            refuse(f"{what} is not UTF-8 text")


def shown(text: str) -> str:
    """`text` quoted, with undecodable bytes as \\x escapes."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "'" + text.encode("utf-8", "backslashreplace").decode("ascii", "replace") + "'"
    return "'" + raw.decode("utf-8", "backslashreplace") + "'"


def reader_gone() -> NoReturn:
    """Whoever read the output stopped reading (`govledger events | head -1`): stop quietly,
    with nothing more to flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        pass
    sys.exit(EXIT_OK)


def store_failure(error: Exception, db: str) -> str | None:
    """The one line that explains a failure of the ledger's store; None if it is not one."""
    from ledger.store.check import damage, reason
    from ledger.store.settings import shown as shown_store

    cause = sqlite_error(error) or sqlite_error(error.__cause__)
    if cause is not None:
        return f"{shown_store(db)}: {damage(cause)}"
    if is_store_failure(error):
        return f"the ledger's store failed: {reason(error)}"
    return None


def sqlite_error(error: BaseException | None) -> Exception | None:
    if error is None or "sqlite3" not in sys.modules:
        return None
    import sqlite3

    return error if isinstance(error, sqlite3.Error) else None


def is_store_failure(error: Exception) -> bool:
    """Whether eventsourcing raised `error`; a command that never loaded it cannot have."""
    if "eventsourcing.persistence" not in sys.modules:
        return False
    from eventsourcing.persistence import PersistenceError

    return isinstance(error, PersistenceError)


def internal_error(error: Exception) -> NoReturn:
    """A fault of govledger's own (not of its input): one line and exit status 3, with the
    traceback when GOVLEDGER_DEBUG is set."""
    if os.environ.get("GOVLEDGER_DEBUG"):
        import traceback

        traceback.print_exception(error)
    from ledger.domain.errors import first_line

    first = first_line(error)
    click.echo(
        f"govledger: internal error ({type(error).__name__}{': ' + first if first else ''}): "
        "nothing more was done; please report it (GOVLEDGER_DEBUG=1 shows the traceback)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


@click.group(
    cls=LedgerGroup,
    commands=LazyCommands(MODULES, take_global_options),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", metavar="DB", help=DB_HELP)
@click.option("--actor", metavar="NAME", help=ACTOR_HELP)
@click.version_option(package_name="govledger")
@click.pass_context
def main(ctx: click.Context, db: str | None, actor: str | None) -> None:
    """govledger: the modification history of an industry code, as an
    immutable ledger of events.

    \b
    Example:
      govledger init audit.db
      govledger --db audit.db submit SECMP0034 --on 2017-04-05
      govledger register --open --db audit.db
    """
    session = Session(db, actor)
    ctx.obj = session
    ctx.call_on_close(session.close)
    name = ctx.invoked_subcommand
    if name is not None and has_code_default(main.commands[name]):
        code = session.code()
        if code is not None:
            ctx.default_map = {name: code_defaults(main.commands[name], code.value)}
