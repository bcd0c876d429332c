"""`schema`: the JSON Schema of every event and of the JSON Lines interchange format."""

from __future__ import annotations

import click


@click.command("schema")
@click.option(
    "--of",
    "what",
    type=click.Choice(["interchange", "events"]),
    default="interchange",
    show_default=True,
    help="A line of the JSON Lines files, or every stored event by kind.",
)
def schema(what: str) -> None:
    """Print a JSON Schema, generated from the event models, for integrators.

    \b
    Example:
      govledger schema > govledger-line.schema.json
      govledger schema --of events
    """
    import json

    from ledger.interchange.schema import event_schemas, interchange_schema

    document = interchange_schema() if what == "interchange" else event_schemas()
    click.echo(json.dumps(document, indent=2, sort_keys=True))


COMMANDS = [schema]
