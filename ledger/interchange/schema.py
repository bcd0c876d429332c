"""JSON Schemas generated from the event models: stored events, and interchange lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic.json_schema import models_json_schema

from ledger.commands import COMMANDS, RELEASE_COMMANDS
from ledger.domain import events as ev
from ledger.interchange.lines import VERSION_CORRECTION_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ENVELOPE = ("originator_id", "originator_version", "timestamp")
OPTIONAL = ("event_id", "actor")


def document(title: str, models: Sequence[type[BaseModel]], description: str) -> dict[str, Any]:
    _, top = models_json_schema([(m, "validation") for m in models])
    defs = top.get("$defs", {})
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        "oneOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in models],
        "$defs": defs,
    }


def event_schemas() -> dict[str, Any]:
    """Every stored event, as the store holds its state (the kind is its topic)."""
    models = list(ev.EVENT_KINDS.values())
    schema = document(
        "govledger stored events",
        models,
        "The state of each recorded event; which model applies is the stored topic.",
    )
    for kind, model in ev.EVENT_KINDS.items():
        schema["$defs"][model.__name__]["x-govledger-kind"] = kind
    return schema


def line_model(kind: str, model: type[ev.LedgerEvent]) -> type[BaseModel]:
    fields: dict[str, Any] = {"kind": (Literal[kind], ...)}  # type: ignore[valid-type]
    for name, info in model.model_fields.items():
        if name in ENVELOPE:
            continue
        if name in OPTIONAL:
            fields[name] = (info.annotation | None, None)  # type: ignore[operator]
        else:
            fields[name] = (info.annotation, info.default if not info.is_required() else ...)
    fields["code"] = (str, "SEC")
    if issubclass(model, ev.ProposalEvent):
        fields["proposal"] = (str, ...)
    elif kind in VERSION_CORRECTION_KINDS:
        fields["number"] = (str, ...)  # the version it corrects or retracts
    fields["position"] = (int | None, None)
    fields["recorded_at"] = (str | None, None)
    name = "".join(part.title() for part in kind.split("_")) + "Line"
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def interchange_schema() -> dict[str, Any]:
    """One line of the JSON Lines files that `events` writes and `import` reads."""
    kinds = [*COMMANDS, ev.VersionEffective.kind, *VERSION_CORRECTION_KINDS, *RELEASE_COMMANDS]
    models = [line_model(k, ev.EVENT_KINDS[k]) for k in kinds]
    return document(
        "govledger JSON Lines interchange line",
        models,
        "One event a line. `position` and `recorded_at` are written by `events` and "
        "ignored by `import`; `event_id` is derived from the content when absent.",
    )
