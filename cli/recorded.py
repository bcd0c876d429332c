"""What a recording command says it did, as text or as one JSON object: every event it
wrote (or, with --dry-run, would write), with its id, subject, step and status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from cli.output import short_event_id

if TYPE_CHECKING:
    from ledger.outcome import ImportOutcome, Outcome, RecordedEvent


def outcome_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--dry-run and --format, which every recording command takes."""
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(("text", "json")),
        default="text",
        show_default=True,
        help="What was recorded as sentences, or as one JSON object.",
    )(func)
    return click.option(
        "--dry-run",
        is_flag=True,
        help="Check everything and say what would be recorded; write nothing.",
    )(func)


def tag(
    outcome: Outcome, event: RecordedEvent, done: str = "Recorded", would: str = "Would record"
) -> str:
    """Where it went, as git's one-line summary says it: the event's id, or the dry run."""
    if outcome.dry_run:
        return f"[dry run] {would}"
    return f"[event {short_event_id(event.event_id)}] {done}"


def status_change(event: RecordedEvent) -> str:
    now = event.status_after or "not recorded"
    if event.status_before is None:
        return f"status now {now}"
    if event.status_after is None:  # its every step retracted
        return f"nothing of it stands now (was {event.status_before})"
    if event.status_before == event.status_after:
        return f"status still {now}"
    return f"status now {now} (was {event.status_before})"


def implied_lines(event: RecordedEvent) -> list[str]:
    """The stages the event implies, and a vote whose path no source gives."""
    lines = []
    if event.implied:
        stages = "; ".join(f"{i.step} ({i.status})" for i in event.implied)
        lines.append(f"Implied, not recorded, for {event.subject}: {stages}.")
    if event.path_unresolved:
        lines.append(
            f"Path not recorded for {event.subject}: whether this vote was a decision or a "
            "recommendation is unknown until a later step or its path shows it."
        )
    return lines


def say(outcome: Outcome, fmt: str, lines: Sequence[str], notes: Sequence[str] = ()) -> None:
    """The command's account: `lines` then `notes`, or one JSON object holding both."""
    if fmt == "json":
        click.echo(_dumps(outcome_object(outcome, notes)))
        return
    for line in [*lines, *notes]:
        click.echo(line)


def outcome_object(outcome: Outcome, notes: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "dry_run": outcome.dry_run,
        "recorded": outcome.recorded and not outcome.dry_run,
        "about": outcome.about,
        "events": [event_object(outcome, e) for e in outcome.events],
        "notes": list(notes),
    }


def event_object(outcome: Outcome, event: RecordedEvent) -> dict[str, Any]:
    """One event; in a dry run its id is null, since none was written."""
    return {
        "event_id": None if outcome.dry_run else str(event.event_id),
        "kind": event.kind,
        "subject": event.subject,
        "step": event.step,
        "on": event.event.on,
        "status_before": event.status_before,
        "status_after": event.status_after,
        "implied": [{"step": i.step, "status": i.status} for i in event.implied],
        "path_unresolved": event.path_unresolved,
        "told": event.told,
        "disputes": [
            {
                "fact": d.fact,
                "value": d.value,
                "standing": d.standing,
                "standing_sources": list(d.standing_sources),
            }
            for d in event.disputes
        ],
    }


def say_import(outcome: ImportOutcome, fmt: str) -> None:
    if fmt == "json":
        click.echo(
            _dumps(
                {
                    "dry_run": outcome.dry_run,
                    "lines_read": outcome.lines_read,
                    "events_stored": outcome.events_stored,
                    "lines_held": outcome.lines_held,
                }
            )
        )
        return
    verb = "[dry run] Would import" if outcome.dry_run else "Imported"
    click.echo(
        f"{verb} {counted(outcome.events_stored, 'event')}: "
        f"{counted(outcome.lines_read, 'line')} read, "
        f"{outcome.lines_held:,} of them already in the ledger."
    )


def counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _dumps(value: Any) -> str:
    import orjson

    return orjson.dumps(value, option=orjson.OPT_INDENT_2, default=str).decode()
