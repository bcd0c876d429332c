"""Corrections and retractions: new events that point at the ones they amend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import click

from cli.completion import event_ids
from cli.project import catch_up_after
from cli.recorded import outcome_options, say, status_change, tag
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from ledger.outcome import Outcome


def _event_id(text: str) -> UUID | str:
    """An event id as given: a whole id, or a prefix the ledger resolves (or refuses)."""
    try:
        return UUID(text)
    except ValueError:
        return text


def _changes(pairs: tuple[str, ...], option: str = "--set") -> dict[str, Any]:
    """The facts of repeated `--set FIELD=VALUE` (or another `option`): a list field is
    given as a whole list (one item an option, or items separated by `;`), any other
    field once."""
    from ledger.domain.errors import InvalidInput
    from ledger.domain.facts import LIST_FIELDS

    given: dict[str, list[str]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"{option} {pair!r}: write FIELD=VALUE")
        given.setdefault(name.strip(), []).append(value.strip())
    changes: dict[str, Any] = {}
    for name, values in given.items():
        if name in LIST_FIELDS:
            changes[name] = _whole_list(name, values, option)
        elif len(values) > 1:
            times = "twice" if len(values) == 2 else f"{len(values)} times"
            raise InvalidInput(f"{option} {name} given {times}: give each field once")
        else:
            changes[name] = values[0] or None
    return changes


def _whole_list(name: str, values: list[str], option: str) -> list[str]:
    from ledger.domain.errors import InvalidInput

    if values == [""]:
        return []  # `--set amends=` alone: the event amends nothing
    items = [item.strip() for value in values for item in value.split(";")]
    if "" in items:
        raise InvalidInput(
            f"{option} {name}: an empty item; give each item once, "
            f"or {option} {name}= alone for an empty list"
        )
    for item in items:
        if items.count(item) > 1:
            raise InvalidInput(f"{option} {name}: {item!r} given twice")
    return items


@click.command("correct")
@click.argument("event_id", metavar="EVENT_ID", shell_complete=event_ids)
@click.option(
    "--set",
    "pairs",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help=(
        "A corrected fact, e.g. --set on=2017-04-06; each field once, "
        "but a list field (amends) takes one --set per item."
    ),
)
@click.option("--reason", required=True, help="Why the recorded event was wrong.")
@outcome_options
@pass_session
def correct(
    session: Session, event_id: str, pairs: tuple[str, ...], reason: str, dry_run: bool, fmt: str
) -> None:
    """Supersede a recorded event with corrected facts. The event stays recorded;
    views known at a time before the correction still show it. Corrections of one
    event compose: each changes only the fields it sets, over the earlier ones.

    \b
    Example:
      govledger correct 1f0c...e9 --set on=2017-04-06 --reason "minutes give 6 April"
      govledger correct 7a2d...41 --set amends="Section D" --set amends="Section H" \\
        --reason "the notice lists both sections"
    """
    from cli.record import as_option
    from ledger.domain.text import InvalidText

    try:
        outcome = session.app.correct(
            _event_id(event_id), _changes(pairs), reason, session.actor, dry_run=dry_run
        )
    except InvalidText as error:
        raise as_option(error) from None
    if not dry_run:
        catch_up_after(session)
    say(outcome, fmt, amended("a correction", outcome))


def amended(what: str, outcome: Outcome) -> list[str]:
    """A correction's or retraction's line: the event it amends, and a proposal's status
    where it moved."""
    made = outcome.events[0]
    moved = made.status_before != made.status_after
    status = f"; {status_change(made)}" if moved else ""
    return [f"{tag(outcome, made)} {what} of {outcome.about}{status}."]


@click.command("retract")
@click.argument("event_id", metavar="EVENT_ID", shell_complete=event_ids)
@click.option("--reason", required=True, help="Why the event was recorded in error.")
@outcome_options
@pass_session
def retract(session: Session, event_id: str, reason: str, dry_run: bool, fmt: str) -> None:
    """Withdraw an event recorded in error. The event stays recorded, marked retracted.

    \b
    Example:
      govledger retract 1f0c...e9 --reason "recorded against the wrong proposal"
    """
    from cli.record import as_option
    from ledger.domain.text import InvalidText

    try:
        outcome = session.app.retract(_event_id(event_id), reason, session.actor, dry_run=dry_run)
    except InvalidText as error:
        raise as_option(error) from None
    if not dry_run:
        catch_up_after(session)
    say(outcome, fmt, amended("a retraction", outcome))


COMMANDS = [correct, retract]
