"""A command line loads the command it runs and what that command needs, not every
command: the root group finds each command's module by its name."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

import cli
from cli.commands import MODULES
from cli.main import main
from tests.conftest import ROOT

RECORDING = ("cli.record", "cli.corrections", "cli.citations", "cli.release", "cli.transfer")
OTHERS = ("cli.checkpoints", "cli.export", "cli.trust", "cli.migrate", "cli.serve", "cli.report")
EVENT_MODELS = ("ledger.domain.events", "pydantic", "eventsourcing", "ledger.application")

PROBE = """
import json, sys
from click.testing import CliRunner
from cli.main import main
result = CliRunner().invoke(main, ["--db", sys.argv[1], *sys.argv[3:]])
assert result.exit_code == 0, result.output
heavy = json.loads(sys.argv[2])
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def modules_loaded_by(db: Path, *args: str) -> list[str]:
    """Which of the heavy modules a fresh interpreter has loaded after `govledger ARGS`."""
    heavy = json.dumps([*RECORDING, *OTHERS, *EVENT_MODELS])
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), heavy, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    return list(json.loads(probe.stdout))


def seed_copy(tmp_path: Path) -> Path:
    db = tmp_path / "events.db"
    shutil.copyfile(ROOT / "events.db", db)
    return db


def test_the_open_register_loads_no_recording_command_and_no_event_model(tmp_path: Path) -> None:
    assert modules_loaded_by(seed_copy(tmp_path), "register", "--open") == []


def test_a_recording_command_loads_its_own_module_and_no_other_command(tmp_path: Path) -> None:
    decision = ("imr", "SECMP0031", "--outcome", "accepted", "--path", "3", "--on", "2017-04-21")
    loaded = modules_loaded_by(seed_copy(tmp_path), *decision, "--route", "refinement")
    assert [m for m in loaded if m.startswith("cli.")] == ["cli.record"]


def test_every_command_listed_in_the_help_is_reachable_by_its_name() -> None:
    ctx = click.Context(main, info_name="govledger")
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert "--db" in [opt for param in command.params for opt in param.opts]
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert all(f"  {name} " in help_text for name in main.list_commands(ctx))


def test_each_command_module_defines_the_commands_the_root_group_expects_of_it() -> None:
    for module_name, names in MODULES.items():
        module = importlib.import_module(module_name)
        assert [command.name for command in module.COMMANDS] == list(names), module_name


def test_every_module_of_commands_is_known_to_the_root_group() -> None:
    with_commands = {
        f"cli.{info.name}"
        for info in pkgutil.iter_modules(cli.__path__)
        if info.name != "__main__"  # runs the command line when imported
        and hasattr(importlib.import_module(f"cli.{info.name}"), "COMMANDS")
    }
    assert with_commands == set(MODULES)


def test_a_mistyped_command_is_answered_with_the_commands_it_may_mean() -> None:
    result = CliRunner().invoke(main, ["registr"])
    assert result.exit_code == 2
    assert "Did you mean 'register'?" in result.output


BUILT = """
import json, sys
from click.testing import CliRunner
from pydantic import BaseModel
from cli.main import main
from ledger.domain import events
models = [m for m in vars(events).values() if isinstance(m, type) and issubclass(m, BaseModel)]
built_at_import = [m.__name__ for m in models if m.__pydantic_complete__]
result = CliRunner().invoke(main, ["--db", sys.argv[1], *sys.argv[2:]])
assert result.exit_code == 0, result.output
print(json.dumps([built_at_import, [m.__name__ for m in models if m.__pydantic_complete__]]))
"""


def test_a_recording_builds_the_schemas_of_the_events_it_touches_and_no_others(
    tmp_path: Path,
) -> None:
    decision = ("imr", "SECMP0031", "--outcome", "accepted", "--path", "3", "--on", "2017-04-21")
    probe = subprocess.run(
        [sys.executable, "-c", BUILT, str(seed_copy(tmp_path)), *decision, "--route", "refinement"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    at_import, after = json.loads(probe.stdout)
    assert at_import == []
    assert "ImrConsidered" in after
    untouched = {"Corrected", "Cited", "VersionEffective", "ReleasePlanned", "Withdrawn"}
    assert not untouched & set(after)
