"""A view's table as the CLI writes it with `--format csv` or `--format json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str] = ()) -> str:
    from cli.output import to_csv

    named = list(dict.fromkeys([*columns, *(name for row in rows for name in row)]))
    return to_csv(rows, named)


def json_text(rows: Sequence[Any]) -> str:
    import orjson

    return orjson.dumps(list(rows), option=orjson.OPT_INDENT_2).decode() + "\n"


def download(text: str, fmt: str, name: str) -> Response:
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    disposition = f'inline; filename="{name}.{fmt}"'
    return Response(text, media_type=kind, headers={"Content-Disposition": disposition})
