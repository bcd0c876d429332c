"""Releases: `release plan|scope|move|version|live` record a release's events, `release
show` reads one release, `releases` lists them as they stood on a date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cli.completion import proposal_ids
from cli.options import envelope_options, point_in_time, times
from cli.output import emit, format_option, resolve, said_unknown
from cli.param_types import CODE
from cli.project import catch_up_after
from cli.read import banner
from cli.recorded import outcome_options, say, tag
from cli.session import Session, pass_session


def release_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """What every command recording a release's event takes: the release, and the options
    of every recording command."""
    options = [click.argument("name", metavar="RELEASE"), *envelope_options()]
    func = outcome_options(func)
    for option in reversed(options):
        func = option(func)
    return func


def record_release(
    session: Session, kind: str, name: str, dry_run: bool, fmt: str, **fields: Any
) -> None:
    """Record one event of a release and say what the release's history now tells of it."""
    from cli.record import as_option
    from ledger.domain.errors import InvalidInput
    from ledger.domain.text import InvalidText

    code = fields.pop("code")
    if not name.strip():
        raise InvalidInput("RELEASE is empty: name the release (the November 2019 SEC Release)")
    app = session.app
    try:
        outcome = app.record(kind, code, name, actor=session.actor, dry_run=dry_run, **fields)
    except InvalidText as error:
        if error.field == "release":
            raise InvalidInput(f"RELEASE: {error.problem}") from None
        raise as_option(error) from None
    except InvalidInput as error:
        if str(error).startswith(f"{name.strip()}:"):
            raise
        raise InvalidInput(f"{name.strip()}: {error}") from None
    if not dry_run:
        catch_up_after(session)
    made = outcome.events[-1]
    say(outcome, fmt, [f"{tag(outcome, made)} for {made.subject} on {made.event.on}: {made.told}."])


@click.group("release")
def release() -> None:
    """Record a release's events (plan, scope, move, version, live), or show one.

    \b
    Example:
      govledger release plan "November 2019 SEC Release" --go-live 2019-11-07 --on 2019-02-14
      govledger release show "November 2019 SEC Release" --as-of 2019-10-01
    """


@release.command("plan")
@release_options
@click.option("--go-live", metavar="DATE", help="The go-live date planned (if a source gives it).")
@pass_session
def plan(session: Session, name: str, **fields: Any) -> None:
    """Record a release announced on --on, with the go-live date then planned.

    \b
    Example:
      govledger release plan "November 2019 SEC Release" --go-live 2019-11-07 --on 2019-02-14
    """
    record_release(session, "release_planned", name, **fields)


@release.command("scope")
@release_options
@click.argument("proposals", nargs=-1, required=True, metavar="ID...", shell_complete=proposal_ids)
@pass_session
def scope(session: Session, name: str, proposals: tuple[str, ...], **fields: Any) -> None:
    """Record the release's scope as baselined on --on: every proposal in it (a later
    baseline replaces it, and says what it added and removed).

    \b
    Example:
      govledger release scope "November 2019 SEC Release" MP100 MP102 --on 2019-06-20
    """
    record_release(session, "release_scoped", name, proposals=list(proposals), **fields)


@release.command("move")
@release_options
@click.option("--to", "go_live", required=True, metavar="DATE", help="The new go-live date.")
@click.option("--decided-by", help="Who decided it (the SEC Panel, the Authority).")
@pass_session
def move(session: Session, name: str, **fields: Any) -> None:
    """Record a decision of --on that moved the release's go-live (from the date it had).

    \b
    Example:
      govledger release move "November 2019 SEC Release" --to 2019-11-28 \\
        --decided-by "SEC Panel" --on 2019-09-13
    """
    record_release(session, "release_moved", name, **fields)


@release.command("version")
@release_options
@click.argument("version_number", metavar="NUMBER")
@pass_session
def version(session: Session, name: str, version_number: str, **fields: Any) -> None:
    """Record the version number the release brings, published on --on.

    \b
    Example:
      govledger release version "November 2019 SEC Release" 27.0 --on 2019-10-01
    """
    record_release(session, "release_numbered", name, version=version_number, **fields)


@release.command("live")
@release_options
@pass_session
def live(session: Session, name: str, **fields: Any) -> None:
    """Record that the release went live on --on.

    \b
    Example:
      govledger release live "November 2019 SEC Release" --on 2019-11-28
    """
    record_release(session, "release_live", name, **fields)


@release.command("show")
@click.argument("name", metavar="RELEASE")
@click.option("--code", type=CODE, default="SEC", show_default=True)
@point_in_time
@format_option
@pass_session
def show(
    session: Session,
    name: str,
    code: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str | None,
) -> None:
    """One release on --as-of: its go-live (and how it moved), version number and scope,
    its dated history, and each proposal in it or implemented in it.

    \b
    Example:
      govledger release show "November 2019 SEC Release" --as-of 2019-10-01
    """
    from govledger import answers
    from projections.escaping import visible
    from projections.views.release_view import fact_lines, history_rows

    day, recorded_by = times(as_of, known_at)
    answer = answers.release(session, code, name, as_of=day, known_at=recorded_by)
    state, versions, proposals = answer.state, answer.versions, answer.proposals
    if state is None:
        if resolve(fmt) == "json":
            emit([], fmt)
        banner(answer.horizon.banner(name.strip()), fmt)
        banner(f"{name.strip()}: {answer.absent}", fmt)
        return
    if resolve(fmt) == "csv":
        emit(proposals, fmt)
        return
    if resolve(fmt) in ("json", "jsonl"):
        emit(answer.rows, fmt)
        return
    banner(answer.horizon.banner(state.name), fmt)
    for label, value in fact_lines(state, versions):
        click.echo(f"{label}: {visible(value)}")
    click.echo("")
    emit(history_rows(state), fmt or "table", title=f"{state.name}: history")
    if proposals:
        click.echo("")
        emit(
            said_unknown(proposals, ("title",), fmt),
            fmt or "table",
            title=f"{state.name}: proposals",
        )


@click.command("releases")
@click.option(
    "--code", type=CODE, default=None, help="Only this code's releases (default: every code)."
)
@point_in_time
@format_option
@pass_session
def releases(
    session: Session, code: str | None, as_of: str | None, known_at: str | None, fmt: str | None
) -> None:
    """The releases announced by --as-of, as they then stood: go-live (planned, or when
    it went live), version number and scope.

    \b
    Example:
      govledger releases --code SEC --as-of 2019-10-01
    """
    from govledger import answers

    day, recorded_by = times(as_of, known_at)
    answer = answers.releases(session, as_of=day, known_at=recorded_by, code=code)
    rows = answer.rows
    banner(answer.horizon.banner("Releases"), fmt)
    emit(
        said_unknown(rows, ("announced", "go_live", "version", "scope"), fmt),
        fmt,
        title=f"Releases ({len(rows)})",
        columns=("release", "announced", "go_live", "state", "version", "scope"),
    )


COMMANDS = [release, releases]
