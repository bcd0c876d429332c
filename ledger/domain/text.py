"""The text the ledger accepts, from the command line and from imported files alike.

Text is refused if it holds a character that can change what a terminal, a table or a
reader shows: a C0 or C1 control character or DEL, a lone surrogate (bytes that were not
UTF-8), or a bidirectional embedding, override or isolate (U+202A-U+202E,
U+2066-U+2069), which can make text read differently from what it holds. A note or a
reason may run over several lines: there, and only there, newline and tab are text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ledger.domain.errors import InvalidInput

MULTILINE = frozenset({"note", "reason"})
CONTROL = "\x00-\x1f\x7f-\x9f"
BIDI = "\u202a-\u202e\u2066-\u2069"
SURROGATE = "\ud800-\udfff"
UNSAFE = re.compile(f"[{CONTROL}{BIDI}{SURROGATE}]")
UNSAFE_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}{SURROGATE}]")


class InvalidText(InvalidInput):
    """Text the ledger refuses; `field` names where it was given, `problem` what is wrong."""

    def __init__(self, message: str, field: str = "", problem: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.problem = problem


def what_is(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "a lone surrogate"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a bidirectional formatting character"
    return "a control character"


def problem_in(field: str, text: str) -> str | None:
    """What is wrong with `text` given as `field`, or None if the ledger accepts it."""
    found = (UNSAFE_IN_LINES if field in MULTILINE else UNSAFE).search(text)
    if found is None:
        return None
    char = found.group()
    return f"contains {what_is(char)} (U+{ord(char):04X}) at position {found.start() + 1}"


def check_text(field: str, value: Any) -> None:
    """Refuse `value` (a text, a list of texts, or corrected facts by name) if any text
    in it is one the ledger does not accept; anything else is not text and passes."""
    if value is None or (isinstance(value, str) and value.isprintable()):
        return  # every character it refuses is one Python does not count printable
    for name, text in _texts(field, value):
        problem = problem_in(name.rpartition(".")[2], text)
        if problem:
            raise InvalidText(f"{name!r} {problem}", name, problem)


def _texts(field: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(field, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(field, key)
            yield from _texts(f"{field}.{key}", item)
