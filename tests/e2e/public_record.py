"""Replaying `examples/sec-public-record.txt` through the CLI: each fact's commands in turn,
on a ledger of the caller's choosing. Used by its test, and by hand:
`python -m tests.e2e.public_record events-copy.db`."""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from click.testing import CliRunner

from cli.main import main

RECORD = Path(__file__).parents[2] / "examples" / "sec-public-record.txt"
SITE = "https://smartenergycodecompany.co.uk/"
ENV = {"GOVLEDGER_ACTOR": "a public-record trial", "COLUMNS": "1000"}
PLACEHOLDER = re.compile(r"\{(\S+) (\w+)\}")


@dataclass
class Fact:
    heading: str
    commands: list[str] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # the one-line refusals met

    @property
    def standing(self) -> str:
        """How much of it the ledger holds as the source states it."""
        if not self.commands:
            return "not recorded"
        return "partly" if self.not_recorded else "recorded"


def facts(path: Path = RECORD) -> list[Fact]:
    found: list[Fact] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            found.append(Fact(line[3:]))
        elif line.startswith("# not recorded:") and found:
            found[-1].not_recorded.append(line.removeprefix("# not recorded:").strip())
        elif line.strip() and not line.startswith("#") and found:
            found[-1].commands.append(line)
    return found


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, *args], env=ENV, prog_name="govledger")
    return result.exit_code, result.stdout, result.stderr


def event_id(db: str, subject: str, kind: str) -> str:
    _, out, _ = invoke(db, "history", subject, "--format", "jsonl")
    lines = [orjson.loads(line) for line in out.splitlines()]
    return str([e for e in lines if e["kind"] == kind][-1]["event_id"])


def arguments(db: str, command: str) -> list[str]:
    command = PLACEHOLDER.sub(lambda m: event_id(db, m[1], m[2]), command)
    return [a.replace("S/", SITE, 1) if a.startswith("S/") else a for a in shlex.split(command)]


def replay(db: str, path: Path = RECORD) -> list[Fact]:
    """Record every fact's commands in turn; each fact keeps the refusals it met."""
    told = facts(path)
    for fact in told:
        for command in fact.commands:
            status, _, err = invoke(db, *arguments(db, command))
            if status != 0:
                fact.refused.append(err.strip())
    return told


if __name__ == "__main__":
    for fact in replay(sys.argv[1]):
        state = "refused" if fact.refused else fact.standing
        print(f"{state:13} {fact.heading}")
        for why in fact.refused + fact.not_recorded:
            print(f"{'':13}   {why}")
