"""The pages: each a read question, shown as HTML or downloaded as CSV or JSON."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from govledger.web import svg
from govledger.web.addresses import address, day_of
from govledger.web.downloads import csv_text, download, json_text
from govledger.web.views import Pages, asked, cli, picked, times_args

CHART_POINTS = 48
CHANGES_DAYS = 90


class Handlers(Pages):
    async def index(self, request: Request) -> Response:
        return self.templates.TemplateResponse(  # type: ignore[no-any-return]
            request, "index.html", {"codes": self.data.codes(), "code": None, "nav": []}
        )

    async def code_home(self, request: Request) -> Response:
        return RedirectResponse(address(request.path_params["code"], "register"), 303)

    async def register(self, request: Request) -> Response:
        if (sent := picked(request, "register")) is not None:
            return sent
        a = asked(request)
        open_only = request.query_params.get("open") == "1"
        answer = self.data.register(a.code, a.day, a.known_at, open_only)
        rows = answer.rows
        facets: dict[str, int] = {}
        for row in rows:
            facets[row["status"]] = facets.get(row["status"], 0) + 1
        status = request.query_params.get("status")
        shown = {"known_at": a.known, "open": "1" if open_only else None}

        def facet(name: str | None) -> str:
            return address(a.code, "register", day=a.when, query=shown | {"status": name})

        if status:
            rows = [r for r in rows if r["status"] == status]
        if a.fmt != "html":
            return self.table(a, rows, answer.columns, f"register-{a.code}-{a.day}")
        flags = ["--open"] if open_only else []
        return self.page(
            request,
            "register.html",
            a,
            "register",
            answer,
            ("register",),
            cli("register", "--code", a.code, *flags, *times_args(a), "--format", "csv"),
            rows=rows,
            facets=[(name, n, facet(name)) for name, n in sorted(facets.items())],
            unfiltered=facet(None),
            status=status,
            open_only=open_only,
            query={"open": "1" if open_only else None, "status": status},
            chart=address(a.code, "chart", day=a.day.isoformat(), fmt=".svg", query=a.query),
        )

    async def chart(self, request: Request) -> Response:
        """The open proposals by status, from the first event to the date, as an image."""
        a = asked(request)
        answer = self.data.register(a.code, a.day, a.known_at, True)
        earliest = answer.horizon.earliest if answer.horizon else None
        first = earliest or a.day
        days = _spread(min(first, a.day), a.day, CHART_POINTS)
        counts = self.data.open_by_status(a.code, days, a.known_at)
        title = f"{a.code}: open proposals by status, {days[0]} to {days[-1]}"
        return Response(svg.open_by_status(counts, title), media_type="image/svg+xml")

    async def proposal(self, request: Request) -> Response:
        pid = request.path_params["pid"]
        if (sent := picked(request, "proposals", pid)) is not None:
            return sent
        a = asked(request)
        answer = self.data.proposal(a.code, pid, a.day, a.known_at)
        timeline = answer.extra.get("timeline", [])
        if a.fmt == "csv":  # nothing at all before its first event, as `show` writes
            return download(csv_text(timeline) if answer.rows else "", "csv", f"{pid}-{a.day}")
        if a.fmt == "json":
            return download(json_text(answer.rows), "json", f"{pid}-{a.day}")
        row = answer.rows[0] if answer.rows else None
        picture = svg.timeline(timeline, f"{pid}: timeline as of {a.day}") if row else ""
        return self.page(
            request,
            "proposal.html",
            a,
            "register",
            answer,
            ("proposals", pid),
            cli("show", pid, "--code", a.code, *times_args(a), "--format", "json"),
            pid=pid,
            row=row,
            timeline=timeline,
            picture=picture,
        )

    async def history(self, request: Request) -> Response:
        pid = request.path_params["pid"]
        if (sent := picked(request, "proposals", pid, "history")) is not None:
            return sent
        a = asked(request)
        answer = self.data.history(a.code, pid, a.day, a.known_at)
        if a.fmt == "csv" and not answer.rows:
            return download("", "csv", f"{pid}-history-{a.day}")
        if a.fmt != "html":
            return self.table(a, answer.rows, (), f"{pid}-history-{a.day}")
        return self.page(
            request,
            "history.html",
            a,
            "register",
            answer,
            ("proposals", pid, "history"),
            cli("history", pid, "--code", a.code, *times_args(a), "--format", "csv"),
            pid=pid,
        )

    async def code(self, request: Request) -> Response:
        if (sent := picked(request, "code")) is not None:
            return sent
        a = asked(request)
        answer = self.data.code(a.code, a.day, a.known_at)
        view = answer.rows[0]
        if a.fmt == "json":
            return download(json_text(answer.rows), "json", f"{a.code}-code-{a.day}")
        if a.fmt == "csv":
            return download(code_csv(answer.extra["headline"], view), "csv", f"{a.code}-{a.day}")
        return self.page(
            request,
            "code.html",
            a,
            "code",
            answer,
            ("code",),
            cli("code", a.code, *times_args(a), "--format", "json"),
            code_view=view,
            headline=answer.extra["headline"],
        )

    async def changes_home(self, request: Request) -> Response:
        """The picker's two dates sent on to their address; else the changes of the 90
        days up to the date of the address (or today)."""
        params, asked_for = request.path_params, request.query_params
        end = day_of(asked_for.get("to") or params.get("when"), "the date picked")
        start = end - timedelta(days=CHANGES_DAYS)
        if asked_for.get("from"):
            start = day_of(asked_for["from"], "the date picked")
        query = {"known_at": asked_for.get("known_at")}
        target = address(
            params["code"], "changes", start.isoformat(), day=end.isoformat(), query=query
        )
        return RedirectResponse(target, 303)

    async def changes(self, request: Request) -> Response:
        params = request.path_params
        if "from" in request.query_params or "to" in request.query_params:
            return await self.changes_home(request)
        a = asked(request)
        start = day_of(params["start"], "the first date in the address")
        answer = self.data.diff(a.code, start, a.day, a.known_at)
        if a.fmt != "html":
            return self.table(a, answer.rows, (), f"{a.code}-changes-{start}-{a.day}")
        known = ["--known-at", a.known] if a.known else []
        dates = ["--from", start.isoformat(), "--to", a.day.isoformat()]
        return self.page(
            request,
            "changes.html",
            a,
            "changes",
            answer,
            ("changes", params["start"]),
            cli("diff", *dates, "--code", a.code, *known, "--format", "csv"),
            start=start.isoformat(),
        )

    async def gaps(self, request: Request) -> Response:
        return await self._listing(request, "gaps", "Gaps")

    async def disputes(self, request: Request) -> Response:
        return await self._listing(request, "disputes", "Disputes")

    async def _listing(self, request: Request, view: str, title: str) -> Response:
        if (sent := picked(request, view)) is not None:
            return sent
        a = asked(request)
        answer = getattr(self.data, view)(a.code, a.day, a.known_at)
        if a.fmt != "html":
            return self.table(a, answer.rows, answer.columns, f"{a.code}-{view}-{a.day}")
        return self.page(
            request,
            "listing.html",
            a,
            view,
            answer,
            (view,),
            cli(view, "--code", a.code, *times_args(a), "--format", "csv"),
            title=title,
        )

    async def releases(self, request: Request) -> Response:
        if (sent := picked(request, "releases")) is not None:
            return sent
        a = asked(request)
        answer = self.data.releases(a.code, a.day, a.known_at)
        from cli.output import said_unknown

        told = said_unknown(answer.rows, ("announced", "go_live", "version", "scope"), "csv")
        if a.fmt == "csv":
            return download(csv_text(told, answer.columns), "csv", f"{a.code}-releases-{a.day}")
        if a.fmt == "json":
            return download(json_text(answer.rows), "json", f"{a.code}-releases-{a.day}")
        calendar = svg.release_calendar(answer.rows, f"{a.code} releases as of {a.day}")
        return self.page(
            request,
            "releases.html",
            a,
            "releases",
            answer,
            ("releases",),
            cli("releases", "--code", a.code, *times_args(a), "--format", "csv"),
            calendar=calendar,
        )

    async def release(self, request: Request) -> Response:
        name = request.path_params["name"]
        if (sent := picked(request, "release", name)) is not None:
            return sent
        a = asked(request)
        answer = self.data.release(a.code, name, a.day, a.known_at)
        if a.fmt == "csv":
            rows = answer.extra.get("proposals", [])
            said = csv_text(rows) if answer.rows else ""
            return download(said, "csv", f"{a.code}-release-{a.day}")
        if a.fmt == "json":
            return download(json_text(answer.rows), "json", f"{a.code}-release-{a.day}")
        return self.page(
            request,
            "release.html",
            a,
            "releases",
            answer,
            ("release", name),
            cli("release", "show", name, "--code", a.code, *times_args(a), "--format", "json"),
            name=name,
        )

    async def process(self, request: Request) -> Response:
        if (sent := picked(request, "process")) is not None:
            return sent
        a = asked(request)
        answer = self.data.process(a.code, a.day)
        told = answer.rows[0]
        if a.fmt == "csv":
            return download(csv_text(told["steps"]), "csv", f"{a.code}-process-{a.day}")
        if a.fmt == "json":
            import orjson

            text = orjson.dumps(told, option=orjson.OPT_INDENT_2).decode() + "\n"
            return download(text, "json", f"{a.code}-process-{a.day}")
        return self.page(
            request,
            "process.html",
            a,
            "process",
            answer,
            ("process",),
            cli("process", a.code, "--on", a.day.isoformat(), "--format", "json"),
            told=told,
        )

    async def proof(self, request: Request) -> Response:
        event_id = request.path_params["event_id"]
        proof = self.data.proof(event_id)
        if request.path_params.get("fmt") == ".json":
            from ledger.transparency import proof_json

            return download(proof_json(proof) + "\n", "json", f"proof-{event_id}")
        return self.templates.TemplateResponse(  # type: ignore[no-any-return]
            request,
            "proof.html",
            {
                "proof": proof,
                "code": None,
                "nav": [],
                "checkpoint": self.checkpoint(),
                "command": cli("prove", event_id, "--format", "json"),
            },
        )


def code_csv(headline: str, view: dict[str, object]) -> str:
    """What `code --format csv` writes: the headline, then each table that has rows."""
    from cli.output import said_unknown
    from projections.escaping import visible
    from projections.views.code_view import UNKNOWN_COLUMNS

    text = visible(headline) + "\n"
    for name in ("chain", "sections", "pending"):
        rows = view[name]
        if rows:
            assert isinstance(rows, list)
            rows = said_unknown(rows, ("version",), "csv", "no number")
            text += "\n" + csv_text(said_unknown(rows, UNKNOWN_COLUMNS, "csv"))
    return text


def _spread(first: date, last: date, points: int) -> list[date]:
    """About `points` dates from `first` to `last`, both included."""
    span = (last - first).days
    if span <= 0:
        return [last]
    count = min(points, span + 1)
    return sorted({first + timedelta(days=round(span * i / (count - 1))) for i in range(count)})
