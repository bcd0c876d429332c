"""What an option takes, named in help and completed by the shell; the value is checked
where it is used (a code's process judges its own paths), so these convert nothing."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem


class Code(click.ParamType):
    """An industry code govledger has a process for: SEC, UNC, BSC."""

    name = "code"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "CODE"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from ledger.domain.processes import PROCESSES

        typed = incomplete.upper()
        return [CompletionItem(code) for code in sorted(PROCESSES) if code.startswith(typed)]


class ProcessPath(click.ParamType):
    """A path of a code's process: shown as every process's paths, completed with the
    paths of the code given on the command line."""

    name = "path"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(paths(None)) + "]"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        code = ctx.params.get("code")
        return [CompletionItem(key) for key in paths(code) if key.startswith(incomplete)]


def paths(code: Any) -> list[str]:
    """Every path of `code`'s processes (of every code's when None or unknown), in order."""
    from ledger.domain.processes import PROCESSES

    known = PROCESSES.get(code) if isinstance(code, str) else None
    keys: list[str] = []
    for process in (p for processes in PROCESSES.values() for p in processes):
        if known is None or process in known:
            keys += [path for path in process.paths if path not in keys]
    return keys


CODE = Code()
PROCESS_PATH = ProcessPath()
