"""The JSON Lines interchange format: one event a line, as `events` writes it (`event_line`)
and `import` reads it (`iter_lines`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

import orjson

from ledger.commands import (
    COMMANDS,
    COMMON,
    RELEASE_COMMANDS,
    VERSION_CORRECTION_FACTS,
    VERSION_FACTS,
)
from ledger.domain.errors import InvalidInput
from ledger.domain.events import (
    EVENT_KINDS,
    LedgerEvent,
    ProposalEvent,
    VersionEffective,
    VersionEvent,
)
from ledger.domain.facts import LIST_FIELDS
from ledger.domain.ids import split_id
from ledger.interchange.checks import check_required, check_text

NAMESPACE = UUID("6f1c1a5e-8d52-4d0c-9a51-6a1e0c7e2b01")
IGNORED = ("position", "recorded_at")
VERSION_CORRECTION_KINDS = ("version_corrected", "version_retracted")
FLAGS = frozenset(
    name
    for model in EVENT_KINDS.values()
    for name, field in model.model_fields.items()
    if field.annotation in (bool, bool | None)
)  # facts that are true or false
NOT_FIELDS = frozenset((*IGNORED, "kind", "proposal"))
ALLOWED = {
    VersionEffective.kind: frozenset((*COMMON, *VERSION_FACTS)),
    **{kind: frozenset((*COMMON, *VERSION_CORRECTION_FACTS)) for kind in VERSION_CORRECTION_KINDS},
    **{kind: frozenset((*COMMON, *c.facts, "code", "proposal")) for kind, c in COMMANDS.items()},
    **{kind: frozenset((*COMMON, *c.facts)) for kind, c in RELEASE_COMMANDS.items()},
}


def subject_field(kind: str) -> str:
    """The field of a line that names what it is about: a proposal, a version, a release."""
    if kind in COMMANDS:
        return "proposal"
    return "release" if kind in RELEASE_COMMANDS else "number"


# Escapes that can make a control or non-ASCII character out of plain ASCII JSON.
ESCAPES = (b"\\u", b"\\b", b"\\f", b"\\n", b"\\r", b"\\t", b"\x7f")


@dataclass(frozen=True)
class Line:
    number: int
    kind: str
    code: str
    subject: str
    fields: dict[str, Any]


def event_line(position: int, event: LedgerEvent) -> dict[str, Any]:
    """An event as a line of the interchange format: what `events` writes, `import` reads."""
    line: dict[str, Any] = {"kind": event.kind}
    if isinstance(event, ProposalEvent):
        code, subject = split_id(event.originator_id)
        line.update(code=code, proposal=subject)
    elif isinstance(event, VersionEvent) and not isinstance(event, VersionEffective):
        code, subject = split_id(event.originator_id)  # a correction names its version
        line.update(code=code, number=subject)
    line.update(event.payload())
    line.update(position=position, recorded_at=event.timestamp.isoformat())
    return line


def parse_lines(data: bytes) -> list[Line]:
    """Every line of a file, checked for shape; the first bad line is named. (Event ids
    and the `implemented` lines a version line records are the import's to check.)"""
    return list(iter_lines([data]))


def iter_lines(chunks: Iterable[bytes]) -> Iterator[Line]:
    """The lines of a file read as it goes (a binary file, or any chunks ending at a
    newline), each checked for shape; the first bad line is named."""
    number = 0
    for chunk in chunks:
        for raw in chunk.splitlines():
            number += 1
            if not raw.strip():
                continue
            try:
                yield parse_line(number, raw)
            except InvalidInput as error:
                raise InvalidInput(f"line {number}: {error}") from None


def parse_line(number: int, raw: bytes) -> Line:
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"not valid JSON ({error.args[0]})") from None
    if not isinstance(record, dict):
        raise InvalidInput("not a JSON object")
    if b"\\u" in raw or raw.count(b":") != colons_written(record):
        refuse_repeated_keys(raw)
    kind = _text(record, "kind")
    allowed = ALLOWED.get(kind)
    if allowed is None:
        raise InvalidInput(f"unknown event kind {kind!r}")
    if kind == VersionEffective.kind and record.get("number") is None:
        subject = ""  # a direction or designation with no number
    else:
        subject = _text(record, subject_field(kind))
    fields = {k: v for k, v in record.items() if k not in NOT_FIELDS}
    if not fields.keys() <= allowed:
        unknown = sorted(fields.keys() - allowed)
        raise InvalidInput(f"{kind}: unknown field {unknown[0]!r}")
    for name, value in fields.items():
        _check_type(name, value)
    if not raw.isascii() or any(escape in raw for escape in ESCAPES):
        for name, value in record.items():
            check_text(name, value)
    check_required(kind, record)
    code = fields.pop("code", "SEC") if kind in COMMANDS else fields.get("code", "SEC")
    for name in ("corrects", "retracts", "cites"):
        if name in fields:
            fields[name] = _uuid(name, fields[name])
    fields["event_id"] = _event_id(record)
    return Line(number, kind, code, subject, fields)


def colons_written(value: Any) -> int:
    """The colons of `value` written as JSON without escapes: one after each key, and those
    inside keys and strings.

    orjson keeps the last of a repeated key without a word. A line without `\\u` escapes
    writes each of its colons as itself, so when no key repeats its colons are exactly
    these; a repeated key adds its own colon (and those of the value orjson dropped), so
    the line holds more. Only then, or with escapes, is the line parsed again key by key."""
    kind = type(value)
    if kind is str:
        return value.count(":")
    if kind is list:
        return sum(map(colons_written, value))
    if kind is not dict:
        return 0
    total = len(value)
    for key, item in value.items():
        total += key.count(":")
        if type(item) is str:
            total += item.count(":")
        elif item is not None:
            total += colons_written(item)
    return total


def refuse_repeated_keys(raw: bytes) -> None:
    import json

    json.loads(raw, object_pairs_hook=unique_keys)


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise InvalidInput(f"the key {key!r} is given twice (each field is given once)")
        seen.add(key)
    return dict(pairs)


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"missing or empty {name!r}")
    return value


def _uuid(name: str, value: Any) -> UUID:
    try:
        return UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"{name} {value!r} is not an event id (a UUID)") from None


def _check_type(name: str, value: Any) -> None:
    if name == "changes":
        if not isinstance(value, dict) or not value:
            raise InvalidInput("'changes' must be a JSON object of corrected fields")
    elif name == "disputes":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise InvalidInput("'disputes' must be a JSON object of the values a source gives")
    elif name in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{name!r} must be a list of strings")
    elif name in FLAGS:
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(f"{name!r} must be true or false")
    elif value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name!r} must be a string")


def _event_id(record: dict[str, Any]) -> UUID:
    """The line's own id, or one derived from its content so re-imports are no-ops."""
    given = record.get("event_id")
    if given is not None:
        try:
            return UUID(given)
        except (ValueError, AttributeError, TypeError):
            raise InvalidInput(f"event_id {given!r} is not a UUID") from None
    content = {k: v for k, v in record.items() if k not in (*IGNORED, "actor")}
    return uuid5(NAMESPACE, orjson.dumps(content, option=orjson.OPT_SORT_KEYS).decode())
