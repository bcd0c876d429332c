"""The web application: read-only routes over one ledger, every page at an address for
the date it shows (`/SEC/register/2017-04-10`), each table also at `.csv` and `.json`."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.convertors import register_url_convertor
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from govledger.web.addresses import Segment, Suffix
from govledger.web.cells import body, cell, columns_of
from govledger.web.data import LedgerData
from govledger.web.pages import Handlers
from govledger.web.safety import SecurityHeaders, error_page

HERE = Path(__file__).parent
register_url_convertor("segment", Segment())
register_url_convertor("suffix", Suffix())


def dated(path: str, endpoint: object, name: str) -> list[Route]:
    """A view at its own address (today) and at the address of each date."""
    return [
        Route(f"{path}{{fmt:suffix}}", endpoint, name=name),  # type: ignore[arg-type]
        Route(f"{path}/{{when:segment}}{{fmt:suffix}}", endpoint, name=f"{name}-dated"),  # type: ignore[arg-type]
    ]


def create_app(db: str) -> Starlette:
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals.update(cell=cell, body=body, columns_of=columns_of)
    templates = Jinja2Templates(env=env)
    h = Handlers(LedgerData(db), templates)
    code = "/{code:segment}"
    routes = [
        Route("/", h.index),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        Route("/proofs/{event_id:segment}{fmt:suffix}", h.proof),
        Route(code, h.code_home),
        *dated(f"{code}/register", h.register, "register"),
        Route(f"{code}/chart/{{when:segment}}.svg", h.chart),
        *dated(f"{code}/proposals/{{pid:segment}}/history", h.history, "history"),
        *dated(f"{code}/proposals/{{pid:segment}}", h.proposal, "proposal"),
        *dated(f"{code}/code", h.code, "code"),
        Route(f"{code}/changes", h.changes_home),
        Route(f"{code}/changes/{{when:segment}}", h.changes_home),
        Route(f"{code}/changes/{{start:segment}}/{{when:segment}}{{fmt:suffix}}", h.changes),
        *dated(f"{code}/gaps", h.gaps, "gaps"),
        *dated(f"{code}/disputes", h.disputes, "disputes"),
        *dated(f"{code}/releases", h.releases, "releases"),
        *dated(f"{code}/release/{{name:segment}}", h.release, "release"),
        *dated(f"{code}/process", h.process, "process"),
    ]
    from ledger.domain.errors import LedgerError

    handler = error_page(templates)
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={LedgerError: handler, Exception: handler, 404: handler, 405: handler},
    )
