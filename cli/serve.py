"""`govledger serve`: the read-only web view of the ledger (the `[web]` extra)."""

from __future__ import annotations

import click

from cli.session import Session, pass_session


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@pass_session
def serve(session: Session, host: str, port: int) -> None:
    """Serve the ledger read-only in a browser: every view at an address for its date
    (/SEC/register/2017-04-10), each table also as .csv and .json. Nothing is written.

    \b
    Example:
      govledger serve
      govledger --db audit.db serve --port 8080
    """
    from ledger.domain.errors import InvalidInput

    try:
        import uvicorn

        from govledger.web.app import create_app
    except ImportError:
        raise InvalidInput("serve needs the web extra: pip install 'govledger[web]'") from None
    from projections import queries

    queries.tables_for(session).close()  # as any read: the tables brought up to date first
    click.echo(f"govledger: serving {session.db} read-only at http://{host}:{port}/", err=True)
    uvicorn.run(create_app(session.db), host=host, port=port, log_level="warning")


COMMANDS = [serve]
