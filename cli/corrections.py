"""Corrections and retractions: new events that point at the ones they amend."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import click

from cli.main import Session, pass_session
from cli.project import catch_up_after


def _event_id(text: str) -> UUID:
    from ledger.domain.errors import InvalidInput

    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not an event id (see `govledger history ID`)") from None


def _changes(pairs: tuple[str, ...]) -> dict[str, Any]:
    from ledger.domain.errors import InvalidInput

    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--set {pair!r}: write FIELD=VALUE")
        name = name.strip()
        if name == "amends":
            changes[name] = [v.strip() for v in value.split(";") if v.strip()]
        else:
            changes[name] = value.strip() or None
    return changes


@click.command("correct")
@click.argument("event_id", metavar="EVENT_ID")
@click.option(
    "--set",
    "pairs",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A corrected fact (repeatable), e.g. --set on=2017-04-06.",
)
@click.option("--reason", required=True, help="Why the recorded event was wrong.")
@pass_session
def correct(session: Session, event_id: str, pairs: tuple[str, ...], reason: str) -> None:
    """Supersede a recorded event with corrected facts. The event stays recorded;
    views known at a time before the correction still show it.

    \b
    Example:
      govledger correct 1f0c...e9 --set on=2017-04-06 --reason "minutes give 6 April"
    """
    what = session.app.correct(_event_id(event_id), _changes(pairs), reason, session.actor)
    catch_up_after(session)
    click.echo(f"Recorded a correction of {what}.")


@click.command("retract")
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--reason", required=True, help="Why the event was recorded in error.")
@pass_session
def retract(session: Session, event_id: str, reason: str) -> None:
    """Withdraw an event recorded in error. The event stays recorded, marked retracted.

    \b
    Example:
      govledger retract 1f0c...e9 --reason "recorded against the wrong proposal"
    """
    what = session.app.retract(_event_id(event_id), reason, session.actor)
    catch_up_after(session)
    click.echo(f"Recorded a retraction of {what}.")


COMMANDS = [correct, retract]
