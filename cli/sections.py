"""The root help, scannable: commands grouped by what they are for, each with its whole
one-line summary."""

from __future__ import annotations

import click

SECTIONS = {
    "Setting up": ("init", "where"),
    "Recording": (
        "submit",
        "baseline",
        "imr",
        "convert",
        "milestone",
        "refinement",
        "consult",
        "close-consultation",
        "vote",
        "decide",
        "withdraw",
        "cancel",
        "suspend",
        "resume",
        "schedule",
        "implement",
        "version",
        "release",
        "cite",
    ),
    "Reading": (
        "register",
        "show",
        "history",
        "disputes",
        "gaps",
        "releases",
        "process",
        "report",
        "serve",
    ),
    "Time travel": ("code", "diff", "reconcile", "correct", "retract"),
    "Trust": ("verify", "digest", "adopt", "keygen", "checkpoint", "prove", "cosign"),
    "Exchange": ("import", "events", "export", "migrate", "schema"),
    "Projection tables": ("project", "rebuild"),
}


def summary(command: click.Command) -> str:
    """The first line of the command's help, whole."""
    return command.get_short_help_str(limit=1_000)


def format_sections(group: click.Group, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    listed = {name for names in SECTIONS.values() for name in names}
    others = tuple(name for name in group.list_commands(ctx) if name not in listed)
    for title, names in (*SECTIONS.items(), ("Other", others)):
        rows = []
        for name in names:
            command = group.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
