"""What every response carries: a strict Content-Security-Policy and no sniffing; and
every failure as a page that says what was wrong, never a traceback."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def status_of(error: Exception) -> tuple[int, str]:
    """The status and the one line a failure is shown with."""
    from govledger.web.data import TablesBehind
    from ledger.domain.errors import LedgerError, NotFound, first_line

    if isinstance(error, HTTPException):
        words = {404: "no such page", 405: "this view only reads"}
        return error.status_code, words.get(error.status_code, str(error.detail))
    if isinstance(error, TablesBehind):
        return 503, str(error)
    if isinstance(error, NotFound):
        return 404, str(error)
    if isinstance(error, LedgerError):
        return 400, str(error)
    return 500, f"internal error ({type(error).__name__}: {first_line(error)})"


def error_page(templates: Any) -> Any:
    async def handler(request: Request, error: Exception) -> Response:
        from projections.escaping import visible

        status, message = status_of(error)
        message = visible(message)  # a control character in the address shown as its escape
        response: Response = templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "code": None, "nav": []},
            status_code=status,
        )
        return response

    return handler
