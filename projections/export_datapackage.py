"""datapackage.json: a Frictionless Data Package describing every exported file, its
columns and their types, so that a reader of the files need not guess them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.export_schema import LIST_SEPARATOR, Column, Kind

FIELD_TYPES: dict[Kind, dict[str, Any]] = {
    Kind.DATE: {"type": "date"},
    Kind.RECORDED_DATE: {"type": "date"},
    Kind.TIMESTAMP: {"type": "datetime"},
    Kind.INTEGER: {"type": "integer"},
    Kind.BOOLEAN: {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    Kind.LIST: {"type": "list", "delimiter": LIST_SEPARATOR, "itemType": "string"},
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "jsonl": "application/jsonl",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def field(column: Column) -> dict[str, Any]:
    described = {"description": column.description} if column.description else {}
    return {"name": column.name, **FIELD_TYPES.get(column.kind, {"type": "string"}), **described}


def resource(
    name: str, path: str, fmt: str, columns: Sequence[Column], sheet: str | None = None
) -> dict[str, Any]:
    """One table's file (or, in a workbook, its sheet)."""
    found: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": path,
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
    }
    if fmt == "csv":
        found["encoding"] = "utf-8"
    if sheet is not None:
        found["dialect"] = {"headerRows": [1], "excel": {"sheet": sheet}}
    found["schema"] = {"fields": [field(c) for c in columns], "missingValues": [""]}
    return found


def datapackage(generator: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "govledger-export",
        "title": "govledger projection tables",
        "description": (
            "The governance history's tables as exported by govledger; manifest.json "
            "beside this file gives the as-of, the known-at and each file's SHA-256."
        ),
        "profile": "data-package",
        "generator": generator,
        "resources": resources,
    }
