"""Long work shows progress: a bar on a terminal, one line with the count and rate when
stderr is not one; the commands' own output is unchanged."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT, SEED, new_ledger

LINE = re.compile(
    r"^govledger: (\w+(?: from)?) ([\d,]+) (\w+) in \d+\.\d s \(([\d,]+ \w+/s|at once)\)$"
)


@pytest.fixture
def seed(tmp_path: Path) -> str:
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    return str(copy)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def progress_line(result: Result) -> tuple[str, str, str]:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    found = LINE.match(lines[0])
    assert found, lines[0]
    return found.group(1), found.group(2), found.group(3)


def test_import_piped_writes_one_line_with_the_lines_read(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    lines = sum(1 for line in SEED.read_text().splitlines() if line.strip())
    result = invoke("--db", db, "import", str(SEED))
    assert progress_line(result) == ("imported", f"{lines:,}", "lines")
    assert result.stdout.startswith("Imported ")


def test_rebuild_piped_writes_one_line_with_the_events_projected(seed: str) -> None:
    result = invoke("--db", seed, "rebuild")
    assert progress_line(result) == ("rebuilt from", "39", "events")
    assert result.stdout.startswith("Rebuilt the projection tables from 39 events")


def test_verify_piped_writes_one_line_with_the_events_checked(seed: str) -> None:
    result = invoke("--db", seed, "verify")
    assert progress_line(result) == ("checked", "39", "events")
    assert result.stdout.startswith("39 events, chain intact")


def test_export_piped_writes_one_line_with_the_tables_written(seed: str, tmp_path: Path) -> None:
    result = invoke("--db", seed, "export", "--out", str(tmp_path / "audit"))
    done, count, unit = progress_line(result)
    assert (done, unit) == ("exported", "tables")
    assert f"Exported {count} tables" in result.stdout


def test_migrate_piped_writes_one_line_with_the_events_copied(seed: str, tmp_path: Path) -> None:
    result = invoke("migrate", "--from", seed, "--to", str(tmp_path / "copy.db"))
    assert progress_line(result) == ("copied", "39", "events")
    assert result.stdout.startswith("Copied 39 events")


def test_a_refused_import_writes_no_progress_line(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SEED.read_text() + "{not json\n")
    result = CliRunner().invoke(main, ["--db", db, "import", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("govledger: line ") and result.stderr.count("\n") == 1


def frames_on_a_terminal(command: list[str]) -> list[str]:
    """What `command` draws on a terminal given as its stderr, frame by frame (each redraw
    starts at the line's beginning), without the terminal's control sequences."""
    master, terminal = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the command closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0, out
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.decode())
    assert "govledger:" not in text
    return [frame.strip() for frame in text.split("\r") if frame.strip()]


posix_only = pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")


@posix_only
@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("verify",), "verifying"),
        (("rebuild",), "rebuilding from"),
        (("export", "--out", "{tmp}/audit"), "exporting"),
        (("migrate", "--to", "{tmp}/copy.db"), "copying"),
    ],
)
def test_on_a_terminal_a_bar_shows_the_count_done_of_the_total(
    seed: str, tmp_path: Path, args: tuple[str, ...], shown: str
) -> None:
    command = [sys.executable, "-m", "cli", "--db", seed, *(a.format(tmp=tmp_path) for a in args)]
    frames = frames_on_a_terminal(command)
    assert frames and frames[-1].startswith(shown), frames
    assert re.search(r" (\d+)/\1 (events|tables)", frames[-1]), frames[-1]


@posix_only
def test_on_a_terminal_an_import_shows_the_lines_read_then_the_events_projected(
    tmp_path: Path,
) -> None:
    db = new_ledger(tmp_path / "events.db")
    frames = frames_on_a_terminal([sys.executable, "-m", "cli", "--db", db, "import", str(SEED)])
    lines = sum(1 for line in SEED.read_text().splitlines() if line.strip())
    importing = [frame for frame in frames if frame.startswith("importing")]
    assert importing and f" {lines}/{lines} lines" in importing[-1], frames
    assert frames[-1].startswith("projecting") and " 39/39 events" in frames[-1], frames
