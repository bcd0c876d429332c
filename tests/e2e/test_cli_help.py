"""Every command explains itself, with an example, and the package runs as `python -m cli`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.conftest import ROOT


def help_of(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="govledger")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    out = help_of(name)
    assert out.startswith(f"Usage: govledger {name} ")
    assert "Example" in out
    assert f"govledger {name}" in out.split("Example", 1)[1]


def test_the_root_help_lists_every_command_and_gives_an_example() -> None:
    out = help_of()
    assert "Example" in out
    for name in main.commands:
        assert f"  {name} " in out


def test_the_package_runs_as_python_dash_m_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: ")
    assert "[OPTIONS] COMMAND [ARGS]..." in done.stdout.splitlines()[0]
    assert "Example" in done.stdout
