"""Every command of the root group by name, each module imported only when one of its
commands is first looked up: a command line loads the command it runs, not all of them.

Help, completion of command names and man pages look every command up, and so load them
all; the names alone (`list(commands)`, "did you mean") load nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping

import click

MODULES = {  # each command module and the names of the COMMANDS it defines
    "cli.where": ("init", "where"),
    "cli.record": (
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
    ),
    "cli.checkpoints": ("keygen", "checkpoint", "prove", "cosign"),
    "cli.corrections": ("correct", "retract"),
    "cli.citations": ("cite", "disputes"),
    "cli.read": ("register", "show", "history", "events"),
    "cli.timetravel": ("code", "diff", "reconcile", "gaps"),
    "cli.transfer": ("import",),
    "cli.trust": ("verify", "digest", "adopt"),
    "cli.migrate": ("migrate",),
    "cli.project": ("rebuild", "project"),
    "cli.export": ("export",),
    "cli.process": ("process",),
    "cli.report": ("report",),
    "cli.schema": ("schema",),
    "cli.release": ("release", "releases"),
    "cli.serve": ("serve",),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands: the names of MODULES, each command made when first looked up
    (its module imported, and `prepare` applied to each of the module's commands once)."""

    def __init__(
        self, modules: dict[str, tuple[str, ...]], prepare: Callable[[click.Command], None]
    ) -> None:
        self._module_of = {name: module for module, names in modules.items() for name in names}
        self._prepare = prepare
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in self._module_of:
            self._load(self._module_of[name])
        return self._loaded[name]

    def _load(self, module_name: str) -> None:
        for command in importlib.import_module(module_name).COMMANDS:
            if command.name is not None and command.name not in self._loaded:
                self._prepare(command)
                self._loaded[command.name] = command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._module_of.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._module_of or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._module_of, *self._loaded]))

    def __len__(self) -> int:
        return len(self._module_of.keys() | self._loaded.keys())
