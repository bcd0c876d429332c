"""Commands that record what happened: each one event (a version: one per proposal too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from cli.completion import proposal_ids
from cli.options import envelope_options
from cli.param_types import PROCESS_PATH
from cli.project import catch_up_after
from cli.recorded import implied_lines, outcome_options, say, status_change, tag
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput
from ledger.domain.process import FIRST_OUTCOMES, OUTCOMES, VARIANTS, VERSION_BASES, VOTE_READINGS
from ledger.domain.text import InvalidText

if TYPE_CHECKING:
    from ledger.outcome import Outcome, RecordedEvent


def recorded_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every recording command shares."""
    options = [
        *envelope_options(),
        click.option("--title-as-given", help="The proposal's title as the source gives it."),
        click.option(
            "--strict",
            is_flag=True,
            envvar="GOVLEDGER_STRICT",
            help="Refuse a step whose earlier steps are not recorded, instead of recording "
            "the gap (also GOVLEDGER_STRICT=1).",
        ),
    ]
    func = outcome_options(func)
    for option in reversed(options):
        func = option(func)
    return func


def as_option(error: InvalidText) -> InvalidInput:
    """Refused text named by the option it was given as: `--title: contains ...`."""
    field, _, key = error.field.partition(".")
    option = "--set" if field == "changes" else f"--{field.replace('_', '-')}"
    return InvalidInput(f"{option}{' ' + key if key else ''}: {error.problem}")


def record(
    session: Session, kind: str, subject: str, who: str = "", dry_run: bool = False, **fields: Any
) -> Outcome:
    """Record one event through the ledger, a refusal naming `who` (the subject) first."""
    code = fields.pop("code")
    who = who or subject
    app = session.app  # a --db that cannot be used is refused as it is, before recording
    try:
        outcome = app.record(kind, code, subject, actor=session.actor, dry_run=dry_run, **fields)
    except InvalidText as error:
        raise as_option(error) from None
    except InvalidInput as error:
        if str(error).startswith(f"{who}:") or str(error).startswith(f"{code}:"):
            raise
        asked = kind.replace("_", " ")
        raise InvalidInput(f"{who}: cannot record {asked}: {error}") from None
    if not dry_run:
        catch_up_after(session)
    return outcome


def step_lines(outcome: Outcome) -> list[str]:
    """A proposal's step: where it went, the step, the status before and after, and what
    it implies."""
    event = outcome.events[-1]
    said = f"{tag(outcome, event)} {event.subject} {event.step} on {event.event.on}"
    return [f"{said}; {status_change(event)}.", *implied_lines(event)]


def unrecorded_release(session: Session, code: str, release: str | None) -> list[str]:
    """A release that an implementation or a version names but the ledger does not hold:
    recorded as given (a gap), and said, in case it is misspelled."""
    if release and release.strip() and session.app.release(code, release) is None:
        return [
            f"Note: {release.strip()} is not a recorded release "
            "(govledger release plan, or live, records it)."
        ]
    return []


RECORDED_BY: dict[str, str] = {"corrected": "correct", "retracted": "retract", "cited": "cite"}
"""The command that records each step kind (what `govledger process` shows)."""


def proposal_command(name: str, kind: str, example: str) -> Callable[..., Any]:
    """A command that records one step of a proposal."""
    RECORDED_BY[kind] = name

    def decorate(func: Callable[..., Any]) -> click.Command:
        def callback(
            session: Session, proposal_id: str, dry_run: bool, fmt: str, **fields: Any
        ) -> None:
            outcome = record(session, kind, proposal_id, dry_run=dry_run, **fields)
            notes = []
            if kind == "implemented":
                notes = unrecorded_release(session, fields["code"], fields.get("release"))
            say(outcome, fmt, step_lines(outcome), notes)

        callback.__click_params__ = list(getattr(func, "__click_params__", []))  # type: ignore[attr-defined]
        command = recorded_options(
            click.argument("proposal_id", metavar="ID", shell_complete=proposal_ids)(
                pass_session(callback)
            )
        )
        help_text = f"{func.__doc__}\n\n\b\nExample:\n  {example}"
        return click.command(name, help=help_text)(command)

    return decorate


@proposal_command(
    "submit",
    "submitted",
    'govledger submit SECMP0034 --title "Changes to the SEC Section D for DCC '
    'analysis provisions" --proposer "British Gas" --on 2017-04-05',
)
@click.option("--title", help="The proposal's title (leave it out if no source gives it).")
@click.option("--proposer", help="The party that raised it (leave it out if unknown).")
@click.option("--alternative-of", metavar="ID", help="The proposal this is an alternative to.")
@click.option(
    "--path", type=PROCESS_PATH, help="The path it is raised on (an Authority-led variation: 1)."
)
def submit() -> None:
    """Record a new Modification Proposal submitted by a party."""


@proposal_command(
    "baseline",
    "baselined",
    'govledger baseline SECMP0006 --title "Specifying the number of digits for '
    'device displays" --status Refinement --on 2017-03 --source "Table one"',
)
@click.option("--title", help="The proposal's title, if the register gives it.")
@click.option("--proposer", help="The party that raised it, if the register says.")
@click.option("--path", type=PROCESS_PATH, help="Its path, if the register says (1, 2 or 3).")
@click.option("--status", help="Its status as the register reports it.")
def baseline() -> None:
    """Bring in a proposal from an existing register: what it reported, as of --on."""


@proposal_command(
    "imr",
    "imr_considered",
    "govledger imr SECMP0033 --outcome accepted --path 3 --route report --on 2017-03",
)
@click.option("--outcome", type=click.Choice(FIRST_OUTCOMES), required=True)
@click.option(
    "--path",
    type=PROCESS_PATH,
    help="The path agreed (accepted): `govledger process CODE` lists them.",
)
@click.option(
    "--route", help="Where it goes next: refinement or report (UNC: workgroup or consultation)."
)
@click.option("--variant", type=click.Choice(VARIANTS), help="A variant.")
@click.option("--referred-to", help="Who it was referred to (referred), e.g. BEIS.")
@click.option("--clause", help="The clause it was referred under, e.g. X2.3(d).")
def imr() -> None:
    """Record the Panel's consideration of the Initial Modification Report."""


@proposal_command(
    "refinement", "refinement_started", "govledger refinement SECMP0034 --on 2017-04-21"
)
def refinement() -> None:
    """Record that the proposal entered the Refinement Process."""


@proposal_command(
    "consult",
    "consultation_issued",
    "govledger consult SECMP0006 --on 2017-04-04 --deadline 2017-04-27",
)
@click.option("--deadline", metavar="DATE", help="The response deadline (leave it out if unknown).")
def consult() -> None:
    """Record a Modification Report Consultation issued, with its deadline."""


@proposal_command(
    "close-consultation",
    "consultation_closed",
    "govledger close-consultation SECMP0006 --on 2017-04-27",
)
def close_consultation() -> None:
    """Record that the Modification Report Consultation closed."""


@proposal_command(
    "vote",
    "change_board_voted",
    "govledger vote SECMP0033 --outcome approve --on 2017-05-24",
)
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@click.option(
    "--as",
    "taken_as",
    type=click.Choice(VOTE_READINGS),
    help="What the vote was, where a source says so and the path is not recorded.",
)
def vote() -> None:
    """Record the Change Board vote: a decision on Path 3, a recommendation otherwise."""


@proposal_command(
    "decide",
    "authority_determined",
    "govledger decide SECMP0016 --outcome approve --authority BEIS --on 2017-01-17",
)
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@click.option("--authority", required=True, help="The Authority, e.g. Ofgem or BEIS.")
def decide() -> None:
    """Record the Authority's determination (Paths 1 and 2)."""


@proposal_command("withdraw", "withdrawn", "govledger withdraw SECMP0034 --on 2017-05-01")
def withdraw() -> None:
    """Record that the proposer withdrew the proposal."""


@proposal_command(
    "cancel",
    "cancelled",
    'govledger cancel SECMP0031 --directed-by BEIS --clause "X2.3(d)" --on 2017-05',
)
@click.option("--directed-by", required=True, help="Who directed it.")
@click.option("--clause", help="The clause of the direction.")
def cancel() -> None:
    """Record a cancellation by direction."""


@proposal_command(
    "suspend",
    "suspended",
    'govledger suspend SECMP0032 --directed-by BEIS --clause "X2.3(d)" --on 2017-05',
)
@click.option("--directed-by", required=True, help="Who directed it.")
@click.option("--clause", help="The clause of the direction.")
def suspend() -> None:
    """Record a suspension by direction."""


@proposal_command("resume", "resumed", "govledger resume SECMP0032 --on 2017-09")
def resume() -> None:
    """Record that a suspended proposal resumed where it stopped."""


@proposal_command(
    "schedule",
    "scheduled",
    'govledger schedule SECMP0034 --what "IMR at the SEC Panel" --on 2017-04-21 '
    "--announced 2017-04-10",
)
@click.option("--what", required=True, help="What is scheduled for that date.")
@click.option(
    "--announced",
    metavar="DATE",
    help="When it was announced: YYYY-MM-DD, or YYYY-MM (counted from the month's end); "
    "on or before --on. Leave it out if no source gives it: the announcement date is then "
    "not recorded, and views of every date before --on show the schedule as pending, "
    "marked 'announcement date not recorded'.",
)
def schedule() -> None:
    """Record something scheduled for --on: pending in views of the dates from its
    announcement (--announced) until then, and not in views of earlier dates."""


@proposal_command(
    "convert",
    "converted",
    "govledger convert DP150 --to MP150 --route refinement --path 3 --on 2020-02-20",
)
@click.option("--to", "reference", required=True, metavar="ID", help="Its id from now on.")
@click.option("--route", help="Where it goes: refinement or report (leave it out if unknown).")
@click.option("--path", type=PROCESS_PATH, help="The path agreed.")
@click.option("--variant", type=click.Choice(VARIANTS), help="A variant.")
def convert() -> None:
    """Record a Draft Proposal converted into a Modification Proposal (SEC, from 2018)."""


@proposal_command(
    "milestone",
    "milestone",
    "govledger milestone MP150 --step impact_assessment --on 2020-03-10",
)
@click.option(
    "--step", required=True, help="The process's name for it: `govledger process CODE` lists them."
)
@click.option("--deadline", metavar="DATE", help="A response deadline, if it has one.")
@click.option("--outcome", help="What came of it, in a few words.")
def milestone() -> None:
    """Record a step the code's process names within a stage (a Workgroup Report, ...)."""


@proposal_command(
    "implement",
    "implemented",
    "govledger implement 0678 --code UNC --on 2019-11-01",
)
@click.option("--version", "version", help="The version it was implemented in.")
@click.option("--release", help="The release it went live in.")
@click.option(
    "--part",
    help="The part of the change it implements (legal text): the proposal is Partly "
    "Implemented until its last part.",
)
@click.option("--last-part", is_flag=True, default=None, help="This --part is the last.")
def implement() -> None:
    """Record a proposal implemented, whole or in part, in a release or on a date (in a
    version: `version`)."""


@click.command("version")
@recorded_options
@click.argument("number", required=False)
@click.option("--implements", multiple=True, metavar="ID", help="A proposal it implements.")
@click.option("--amends", multiple=True, metavar="SECTION", help="A section it amends.")
@click.option(
    "--basis",
    type=click.Choice(VERSION_BASES),
    help="How it was made: by modification (implied by --implements), or designated or "
    "directed by the Secretary of State (then NUMBER may be left out). Left out with "
    "nothing it implements, the basis is not recorded.",
)
@click.option("--release", help="The release that brought it (the November 2019 SEC Release).")
@pass_session
def version(session: Session, number: str | None, **fields: Any) -> None:
    """Record a version of the code coming into effect on --on: what it implements and
    amends, or only its number and date when no source gives more (recording it again
    with more completes it); or a direction or designation with no number.

    \b
    Example:
      govledger version 5.6 --on 2017-04-01 --implements SECMP0016 \\
        --amends "Section A" --amends "Section J"
      govledger version 27.0 --on 2019-11-07
      govledger version --basis direction --on 2018-06-01 --amends "Section X"
    """
    from uuid import uuid4

    fields["implements"] = list(fields["implements"])
    fields["amends"] = list(fields["amends"])
    code, on = fields["code"], fields["on"]
    dry_run, fmt = fields.pop("dry_run"), fields.pop("fmt")
    who = f"{code} {number}" if number else f"{code} {fields['basis'] or 'version'} of {on}"
    outcome = record(
        session, "version_effective", number or "", who, dry_run, event_id=uuid4(), **fields
    )
    made = outcome.of_kind("version_effective", "version_corrected")
    lines = [version_line(outcome, made[-1])]
    for implemented in outcome.of_kind("implemented"):
        lines += implied_lines(implemented)
    say(outcome, fmt, lines, unrecorded_release(session, code, fields.get("release")))


def version_line(outcome: Outcome, made: RecordedEvent) -> str:
    """What recording a version did: recorded it (again, once retracted), or completed
    one known only by its number and date."""
    from ledger.domain import events as ev

    event, said = made.event, tag(outcome, made)
    if isinstance(event, ev.VersionCorrected):
        given = "; ".join(
            f"{name} {', '.join(value) if isinstance(value, list) else value}"
            for name, value in event.changes.items()
        )
        said = tag(outcome, made, "Completed", "Would complete")
        return f"{said} {made.subject}, known until now only by its number and date: {given}."
    assert isinstance(event, ev.VersionEffective)
    if event.number is None:
        return f"{said} {made.subject}, with no version number."
    return (
        f"{said} {made.subject}{' again' if made.again else ''}, effective {event.on}"
        + (" (its earlier record is retracted)" if made.again else "")
        + ("; its basis and contents are not recorded" if event.basis is None else "")
        + "."
    )


COMMANDS = [
    submit,
    baseline,
    imr,
    convert,
    milestone,
    refinement,
    consult,
    close_consultation,
    vote,
    decide,
    withdraw,
    cancel,
    suspend,
    resume,
    schedule,
    implement,
    version,
]
