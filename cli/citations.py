"""Sources and disagreements: citing a further source for a recorded event, and the
facts sources dispute."""

from __future__ import annotations

import click

from cli.completion import event_ids
from cli.corrections import _changes, _event_id
from cli.options import point_in_time, times
from cli.output import emit, format_option
from cli.param_types import CODE
from cli.project import catch_up_after
from cli.read import banner
from cli.recorded import outcome_options, say, tag
from cli.session import Session, pass_session


@click.command("cite")
@click.argument("event_id", metavar="EVENT_ID", shell_complete=event_ids)
@click.option(
    "--source", required=True, help="The further source: the document, section or meeting."
)
@click.option("--on", metavar="DATE", help="The source's date (default: today).")
@click.option(
    "--disputes",
    "pairs",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A fact this source gives otherwise, e.g. --disputes on=2019-06-14 (each field "
    "once); without it the source confirms the event.",
)
@outcome_options
@pass_session
def cite(
    session: Session,
    event_id: str,
    source: str,
    on: str | None,
    pairs: tuple[str, ...],
    dry_run: bool,
    fmt: str,
) -> None:
    """Cite a further source for a recorded event: it confirms the event as a whole, or,
    with --disputes, gives other values for some of its facts. The event is not changed:
    a disputed fact keeps its standing value (until `govledger correct`), and every view
    that shows it marks it disputed, with both values and their sources.

    \b
    Example:
      govledger cite 1f0c...e9 --source "SEC Newsletter, June 2019"
      govledger cite 1f0c...e9 --source "SEC register page" --disputes on=2019-06-14
    """
    from cli.record import as_option
    from ledger.domain.text import InvalidText
    from projections.views.disputes import value

    try:
        outcome = session.app.cite(
            _event_id(event_id),
            source,
            _changes(pairs, "--disputes"),
            session.actor,
            on,
            dry_run=dry_run,
        )
    except InvalidText as error:
        raise as_option(error) from None
    if not dry_run:
        catch_up_after(session)
    said = tag(outcome, outcome.events[0])
    if not outcome.disputes:
        say(outcome, fmt, [f"{said} a citation for {outcome.about}: {source!r} confirms it."])
        return
    lines = [f"{said} a dispute for {outcome.about}: {source!r} gives"]
    for d in outcome.disputes:
        held = "; ".join(d.standing_sources) or "no source"
        has = f"{value(d.standing)} ({held})"
        lines.append(f"  {d.fact} {value(d.value)}, where the ledger has {has}")
    lines.append("The ledger's values stand until corrected (govledger correct).")
    say(outcome, fmt, lines)


@click.command("disputes")
@click.option(
    "--code", type=CODE, default=None, help="Only this code's proposals (default: every code)."
)
@point_in_time
@format_option
@pass_session
def disputes(
    session: Session, code: str | None, as_of: str | None, known_at: str | None, fmt: str | None
) -> None:
    """Every disputed fact on --as-of, proposal by proposal: the event, the fact, its
    standing value with its sources, the value a cited source gives with that source,
    and whether a correction has settled it.

    \b
    Example:
      govledger disputes --code SEC --format csv > disputes.csv
    """
    from govledger import answers

    day, recorded_by = times(as_of, known_at)
    answer = answers.disputes(session, as_of=day, known_at=recorded_by, code=code)
    rows = answer.rows
    banner(answer.horizon.banner("Disputes"), fmt)
    emit(rows, fmt, title=f"Disputes ({len(rows)})", columns=COLUMNS)


COLUMNS = (
    "code",
    "id",
    "event",
    "fact",
    "recorded",
    "standing",
    "standing_source",
    "disputing",
    "disputing_source",
    "settled",
    "settled_by",
    "event_id",
    "citation_id",
)
COMMANDS = [cite, disputes]
