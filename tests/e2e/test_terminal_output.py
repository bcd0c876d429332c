"""What a person reads at a terminal (`--format table`, as a terminal gets by default), at
the console widths COLUMNS sets: ids, dates and statuses never broken, text wrapped within
its column, empty columns left out, and one block per row where no table fits."""

from __future__ import annotations

import functools
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT

BLOCK_RULE = re.compile(r"^\d+ of \d+ ─+$")
FIELD = re.compile(r"^(\S+(?: \S+)*)  +(\S.*)$")
CONSULTATION_6 = "7ec531f7-6bdd-5787-a793-16ce69cda23e"  # SECMP0006's, issued 2017-04-04


@pytest.fixture
def seed(tmp_path: Path) -> str:
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    return str(copy)


@functools.cache
def every_event_id(seed: str) -> tuple[str, ...]:
    return tuple(r["event_id"] for r in rows(seed, "events"))


def short_id(seed: str, event_id: str) -> str:
    """The shortest prefix, eight characters or more, that starts no other event's id."""
    every = every_event_id(seed)
    n = 8
    while sum(e.startswith(event_id[:n]) for e in every) > 1:
        n += 1
    return event_id[:n]


def invoke(db: str, width: int, *args: str) -> Result:
    env = {"COLUMNS": str(width), "GOVLEDGER_ACTOR": "SECAS"}
    return CliRunner(env=env).invoke(main, ["--db", db, *args], prog_name="govledger")


def shown(db: str, width: int, *args: str) -> str:
    result = invoke(db, width, *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def rows(db: str, *args: str) -> list[dict[str, Any]]:
    out = shown(db, 1000, *args, "--format", "jsonl")
    return [orjson.loads(line) for line in out.splitlines()]


def blocks(out: str) -> list[dict[str, list[str]]]:
    """The vertical layout read back: each block's fields, each a list of its lines."""
    found: list[dict[str, list[str]]] = []
    name = ""
    for line in out.splitlines():
        if BLOCK_RULE.match(line.rstrip()):
            found.append({})
        elif found and line.startswith(" "):
            found[-1][name].append(line.strip())
        elif found and (field := FIELD.match(line.rstrip())):
            name, value = field.groups()
            found[-1][name] = [value]
    return found


def table_rows(out: str) -> list[dict[str, list[str]]]:
    """A table read back: each row's cells by header, each a list of its lines (a row
    begins where its first column, never empty here, has a value)."""
    head = [line[1:-1].split("┃") for line in out.splitlines() if line.startswith("┃")]
    body = [line[1:-1].split("│") for line in out.splitlines() if line.startswith("│")]
    names = [
        " ".join(part.strip() for part in parts if part.strip())
        for parts in zip(*head, strict=True)
    ]
    found: list[dict[str, list[str]]] = []
    for cells in body:
        if cells[0].strip():
            found.append({name: [] for name in names})
        for name, cell in zip(names, cells, strict=True):
            if cell.strip():
                found[-1][name].append(cell.strip())
    return found


def whole(fields: dict[str, list[str]], name: str) -> str:
    """A value shown on one line (an id, a date, a status)."""
    assert len(fields[name]) == 1, (name, fields[name])
    return fields[name][0]


def wrapped(fields: dict[str, list[str]], name: str) -> str:
    """A text value, its lines joined where they were wrapped."""
    return " ".join(fields.get(name, []))


def widest_line(out: str) -> int:
    return max(len(line) for line in out.splitlines())


def test_at_200_columns_the_open_register_is_a_table_with_each_id_date_and_status_whole(
    seed: str,
) -> None:
    out = shown(seed, 200, "register", "--open", "--format", "table")
    expected = rows(seed, "register", "--open")
    shown_rows = table_rows(out)
    assert [
        (whole(r, "id"), whole(r, "status"), whole(r, "status since"), wrapped(r, "title"))
        for r in shown_rows
    ] == [(r["id"], r["status"], r["status_since"], r["title"]) for r in expected]
    assert widest_line(out) <= 200


def test_long_titles_wrap_within_their_column_and_nothing_else_breaks(seed: str) -> None:
    out = shown(seed, 120, "register", "--open", "--format", "table")
    expected = rows(seed, "register", "--open")
    shown_rows = table_rows(out)
    assert [(whole(r, "id"), wrapped(r, "title")) for r in shown_rows] == [
        (r["id"], r["title"]) for r in expected
    ]
    assert max(len(r["title"]) for r in shown_rows) > 1  # some title took several lines
    assert [whole(r, "status") for r in shown_rows] == [r["status"] for r in expected]
    assert widest_line(out) <= 120


def test_at_80_columns_the_open_register_is_one_block_per_proposal_with_each_value_whole(
    seed: str,
) -> None:
    out = shown(seed, 80, "register", "--open", "--format", "table")
    expected = rows(seed, "register", "--open")
    found = blocks(out)
    assert [(whole(b, "id"), whole(b, "status"), whole(b, "status since")) for b in found] == [
        (r["id"], r["status"], r["status_since"]) for r in expected
    ]
    assert [wrapped(b, "title") for b in found] == [r["title"] for r in expected]
    assert widest_line(out) <= 80


def test_a_block_leaves_out_the_fields_its_row_has_no_value_for(seed: str) -> None:
    found = blocks(shown(seed, 80, "register", "--open", "--format", "table"))
    expected = rows(seed, "register", "--open")
    assert [sorted(b) for b in found] == [
        sorted(name.replace("_", " ") for name, value in r.items() if value) for r in expected
    ]


def test_columns_empty_in_every_row_are_left_out_of_a_table_and_named_below_it(
    seed: str,
) -> None:
    out = shown(seed, 200, "register", "--open", "--format", "table")
    assert list(table_rows(out)[0]) == [
        "id",
        "title",
        "status",
        "status since",
        "path",
        "proposer",
        "raised",
    ]
    assert out.splitlines()[-1] == "(no values: decided, implemented in)"


def test_columns_empty_in_every_row_are_kept_in_json_and_csv(seed: str) -> None:
    assert all("decided" in r and "implemented_in" in r for r in rows(seed, "register", "--open"))
    csv_out = shown(seed, 80, "register", "--open", "--format", "csv")
    assert csv_out.splitlines()[0].endswith(",decided,implemented_in")


@pytest.mark.parametrize("width", [80, 200])
def test_history_on_a_terminal_is_one_block_per_event_with_its_id_and_time_whole(
    seed: str, width: int
) -> None:
    out = shown(seed, width, "history", "SECMP0006", "--format", "table")
    expected = rows(seed, "history", "SECMP0006")
    assert [
        (whole(b, "event id"), whole(b, "recorded at"), whole(b, "kind")) for b in blocks(out)
    ] == [(short_id(seed, r["event_id"]), r["recorded_at"], r["kind"]) for r in expected]
    assert [wrapped(b, "source") for b in blocks(out)] == [r["source"] for r in expected]
    assert widest_line(out) <= width


@pytest.mark.parametrize("width", [80, 1000])  # 1000: where a table of them would fit
def test_events_on_a_terminal_are_one_block_per_event_in_record_order(
    seed: str, width: int
) -> None:
    out = shown(seed, width, "events", "--format", "table")
    expected = rows(seed, "events")
    found = blocks(out)
    assert [
        (whole(b, "position"), whole(b, "kind"), whole(b, "event id"), whole(b, "on"))
        for b in found
    ] == [(str(r["position"]), r["kind"], short_id(seed, r["event_id"]), r["on"]) for r in expected]
    assert out.splitlines()[0] == f"Events ({len(expected)})"
    assert widest_line(out) <= width


def test_layout_table_shows_history_as_a_table_whose_event_ids_are_whole_at_200_columns(
    seed: str,
) -> None:
    out = shown(seed, 200, "history", "SECMP0006", "--format", "table", "--layout", "table")
    expected = rows(seed, "history", "SECMP0006")
    assert [(whole(r, "recorded at"), whole(r, "event id")) for r in table_rows(out)] == [
        (r["recorded_at"], short_id(seed, r["event_id"])) for r in expected
    ]
    assert widest_line(out) <= 200


def test_a_table_asked_for_where_none_fits_is_wider_than_the_console_not_broken(
    seed: str,
) -> None:
    out = shown(seed, 80, "history", "SECMP0006", "--format", "table", "--layout", "table")
    expected = rows(seed, "history", "SECMP0006")
    assert [whole(r, "event id") for r in table_rows(out)] == [
        short_id(seed, r["event_id"]) for r in expected
    ]
    assert widest_line(out) > 80


def test_layout_vertical_gives_blocks_where_a_table_would_fit(seed: str) -> None:
    out = shown(seed, 200, "register", "--open", "--format", "table", "--layout", "vertical")
    assert [whole(b, "id") for b in blocks(out)] == [
        r["id"] for r in rows(seed, "register", "--open")
    ]
    assert "┃" not in out


def test_the_layout_changes_nothing_in_json_lines(seed: str) -> None:
    plain = shown(seed, 80, "history", "SECMP0006", "--format", "jsonl")
    assert shown(seed, 80, "history", "SECMP0006", "--format", "jsonl", "--layout", "table") == (
        plain
    )


def test_an_unknown_layout_is_refused_in_one_line_and_nothing_is_shown(seed: str) -> None:
    result = invoke(seed, 80, "register", "--format", "table", "--layout", "sideways")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "govledger: Invalid value for '--layout': 'sideways' is not one of 'auto', 'table', "
        "'vertical'. (see 'govledger register --help')"
    ]


def test_disputes_on_a_terminal_show_the_event_ids_a_correction_needs(seed: str) -> None:
    shown(seed, 80, "cite", CONSULTATION_6, "--source", "SEC page", "--disputes", "on=2017-04-05")
    expected = rows(seed, "disputes")
    found = blocks(shown(seed, 80, "disputes", "--format", "table"))
    assert [
        (whole(b, "event id"), whole(b, "citation id"), whole(b, "disputing")) for b in found
    ] == [
        (short_id(seed, r["event_id"]), short_id(seed, r["citation_id"]), r["disputing"])
        for r in expected
    ]
    assert expected[0]["event_id"] == CONSULTATION_6


def test_on_a_real_terminal_events_are_one_block_per_event_without_asking(seed: str) -> None:
    reader, writer = pty.openpty()
    env = {**os.environ, "COLUMNS": "1000", "NO_COLOR": "1"}  # where a table would fit
    done = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", seed, "events"],
        cwd=ROOT,
        stdout=writer,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(writer)
    received = b""
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # the terminal closed when the command ended
            break
        if not chunk:
            break
        received += chunk
    os.close(reader)
    assert done.wait(timeout=60) == 0
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", received.decode()).replace("\r\n", "\n")
    assert [whole(b, "event id") for b in blocks(out)] == [
        short_id(seed, r["event_id"]) for r in rows(seed, "events")
    ]


def test_a_list_of_statuses_wraps_between_its_statuses_never_inside_one(seed: str) -> None:
    out = shown(seed, 200, "process", "SEC", "--part", "steps", "--format", "table")
    expected = rows(seed, "process", "SEC", "--part", "steps")
    found = table_rows(out)
    assert [" ".join(f["from"]) for f in found] == [r["from"] for r in expected]
    for step, row in zip(expected, found, strict=True):
        statuses = step["from"].split(", ")
        assert all(s in statuses for line in row["from"] for s in line.rstrip(",").split(", "))
    assert max(len(row["from"]) for row in found) > 1  # some list took several lines
