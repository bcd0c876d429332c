"""Help a newcomer can scan: the commands grouped by what they are for, each with its
whole one-line summary, and every option naming what it takes."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from cli.main import main
from cli.sections import SECTIONS


def root_help() -> str:
    result = CliRunner().invoke(main, ["--help"], env={"COLUMNS": "400"}, prog_name="govledger")
    assert result.exit_code == 0, result.output
    return result.stdout


def help_of(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def rows_of(text: str, title: str) -> dict[str, str]:
    """Each command listed under `title` in the root help, with its summary unwrapped."""
    body = text.split(f"\n{title}:\n", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, str] = {}
    for line in body.splitlines():
        if not line.startswith("   "):
            name, _, told = line.strip().partition(" ")
            rows[name] = told.strip()
        else:
            rows[name] += " " + line.strip()
    return rows


def first_sentence(command: click.Command) -> str:
    words = []
    for word in (command.help or "").split("\n\n", 1)[0].split():
        words.append(word)
        if word.endswith("."):
            break
    return " ".join(words)


def test_the_root_help_lists_the_commands_under_their_sections_in_order() -> None:
    text = root_help()
    titles = [line[:-1] for line in text.splitlines() if line.endswith(":") and line[0] != " "]
    assert titles == ["Options", *SECTIONS]
    for title, names in SECTIONS.items():
        assert list(rows_of(text, title)) == list(names)


def test_every_command_is_in_exactly_one_section() -> None:
    listed = [name for names in SECTIONS.values() for name in names]
    assert sorted(listed) == sorted(main.commands)
    assert "\nOther:\n" not in root_help()


@pytest.mark.parametrize("name", sorted(main.commands))
def test_each_command_shows_its_whole_first_line_of_help(name: str) -> None:
    text = root_help()
    section = next(title for title, names in SECTIONS.items() if name in names)
    assert rows_of(text, section)[name] == first_sentence(main.commands[name])


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (("consult",), "--on DATE"),
        (("consult",), "--deadline DATE"),
        (("milestone",), "--deadline DATE"),
        (("register",), "--as-of DATE"),
        (("register",), "--known-at TIMESTAMP"),
        (("release", "move"), "--to DATE"),
        (("submit",), "--code CODE"),
        (("register",), "--code CODE"),
        (("imr",), "--path [1|2|3|self-governance|fast-track|authority]"),
        (("convert",), "--path [1|2|3|self-governance|fast-track|authority]"),
        (("show",), "--db DB"),
        (("release", "plan"), "--actor NAME"),
    ],
)
def test_an_option_names_what_it_takes(command: tuple[str, ...], option: str) -> None:
    assert re.search(rf"^\s+{re.escape(option)}\s", help_of(*command), re.M)


def test_no_date_option_is_left_as_free_text() -> None:
    def every(group: click.Group) -> list[click.Command]:
        found: list[click.Command] = []
        for command in group.commands.values():
            found += every(command) if isinstance(command, click.Group) else [command]
        return found

    dated = ("on", "deadline", "as_of", "go_live", "announced")
    for command in every(main):
        for param in command.params:
            if isinstance(param, click.Option) and param.name in dated:
                assert param.metavar == "DATE", (command.name, param.name)
