"""The addresses of the web view: a date in the path, a format after a dot, the record
time in the query; each parsed into the times the read functions take."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from starlette.convertors import Convertor

FORMATS = {".csv": "csv", ".json": "json", "": "html"}


class Segment(Convertor[str]):
    """One path segment, ending before an optional `.csv` or `.json`."""

    regex = r"[^/]+?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return quote(value, safe="")


class Suffix(Convertor[str]):
    regex = r"(?:\.csv|\.json)?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


def day_of(text: str | None, what: str = "the date in the address") -> date:
    """A date of the address (a day, or a month meaning its last day); today if none."""
    from ledger.domain.dates import parse_as_of

    return date.today() if text is None else parse_as_of(text, what)


def known_at_of(text: str | None) -> datetime | None:
    from ledger.domain.dates import parse_known_at
    from ledger.domain.errors import InvalidInput

    try:
        return None if text is None else parse_known_at(text)
    except InvalidInput as error:  # said in the address's words, not the CLI's
        raise InvalidInput(str(error).replace("--known-at", "known_at")) from None


def address(
    code: str,
    *parts: str,
    day: str | None = None,
    fmt: str = "",
    query: dict[str, Any] | None = None,
) -> str:
    """`/SEC/register/2017-04-10.csv?known_at=...`: each part quoted, the date last."""
    path = "/" + "/".join(quote(p, safe="") for p in (code, *parts))
    if day:
        path += "/" + quote(day, safe="")
    path += fmt
    kept = {k: v for k, v in (query or {}).items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")
