"""What every command shares: the open ledger of a command line (`Session`, passed with
`pass_session`) and the exit statuses. Command modules import this, never `cli.main`."""

from __future__ import annotations

import click

from govledger.connection import Connection

EXIT_OK = 0
EXIT_DIFFERS = 1  # reconcile found differences; verify found the chain broken or unmatched
EXIT_BAD_INPUT = 2  # input refused (or a store that cannot be used): nothing was written
EXIT_INTERNAL = 3  # a fault of govledger's own
EXIT_INTERRUPTED = 130  # Ctrl-C


class Session(Connection):
    """The ledger a command line names (--db) and who records in it (--actor): the same
    open ledger as the Python API's."""


pass_session = click.make_pass_decorator(Session)
