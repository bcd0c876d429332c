"""What every page shares: its times read off the address, the banner, the checkpoint it
was served from, the date picker, the downloads, and the same question at the CLI."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from govledger.web.addresses import FORMATS, address, day_of, known_at_of
from govledger.web.data import Answer, LedgerData
from govledger.web.downloads import csv_text, download, json_text

NAV = (
    ("register", "Register"),
    ("code", "Code"),
    ("changes", "Changes"),
    ("gaps", "Gaps"),
    ("disputes", "Disputes"),
    ("releases", "Releases"),
    ("process", "Process"),
)


@dataclass(frozen=True)
class Asked:
    """The question an address asks: a code, a date (None: today), a record time, a format."""

    code: str
    when: str | None
    day: date
    known: str | None
    known_at: datetime | None
    fmt: str

    @property
    def query(self) -> dict[str, Any]:
        return {"known_at": self.known}


def asked(request: Request, when_key: str = "when") -> Asked:
    params = request.path_params
    when = params.get(when_key)
    known = request.query_params.get("known_at")
    return Asked(
        code=params["code"],
        when=when,
        day=day_of(when),
        known=known,
        known_at=known_at_of(known),
        fmt=FORMATS[params.get("fmt", "")],
    )


def picked(request: Request, *parts: str) -> Response | None:
    """The date picker's answer (`?as_of=DATE`) sent on to the date's own address, the
    rest of the address and its query kept."""
    chosen = request.query_params.get("as_of")
    if chosen is None:
        return None
    day_of(chosen, "the date picked")  # an impossible date is refused, not sent on
    query = {k: v for k, v in request.query_params.items() if k != "as_of"}
    target = address(request.path_params["code"], *parts, day=chosen, query=query)
    return RedirectResponse(target, status_code=303)


def cli(*args: str | None) -> str:
    """The command that asks the same question at the command line."""
    return shlex.join(["govledger", *(a for a in args if a is not None)])


def times_args(a: Asked) -> list[str | None]:
    found: list[str | None] = ["--as-of", a.day.isoformat()]
    if a.known:
        found += ["--known-at", a.known]
    return found


class Pages:
    def __init__(self, data: LedgerData, templates: Any) -> None:
        self.data = data
        self.templates = templates

    def checkpoint(self) -> dict[str, Any]:
        return self.data.checkpoint()

    def page(
        self,
        request: Request,
        template: str,
        a: Asked,
        view: str,
        answer: Answer,
        parts: tuple[str, ...] = (),
        command: str = "",
        **context: Any,
    ) -> Response:
        query = a.query | context.pop("query", {})
        downloads = {
            f: address(a.code, *parts, day=a.when, fmt=f".{f}", query=query)
            for f in ("csv", "json")
        }
        values = {
            "code": a.code,
            "codes": self.data.codes(),
            "view": view,
            "nav": [(v, label, address(a.code, v, day=a.when, query=a.query)) for v, label in NAV],
            "asked": a,
            "banner": answer.banner,
            "answer": answer,
            "checkpoint": self.checkpoint(),
            "picker": address(a.code, *parts, query=query | {"known_at": None}),
            "hidden": {k: v for k, v in query.items() if v and k != "open"},
            "downloads": downloads,
            "command": command,
            "link": lambda *p, day=a.when: address(a.code, *p, day=day, query=a.query),
        }
        response: Response = self.templates.TemplateResponse(request, template, values | context)
        return response

    @staticmethod
    def table(
        a: Asked, rows: list[dict[str, Any]], columns: tuple[str, ...], name: str
    ) -> Response:
        if a.fmt == "csv":
            return download(csv_text(rows, columns), "csv", name)
        return download(json_text(rows), "json", name)
