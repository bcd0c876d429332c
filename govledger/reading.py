"""The read questions of a ledger, each answered as the read command answers it in
`--format json`: a list of plain dicts (one dict for a view of one thing), the same keys
and values. Dates are `datetime.date` or the text the command line takes."""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from govledger import answers
from govledger.answers import Rows
from govledger.connection import Connection
from govledger.times import Day, Moment, day, moment


class Reading(Connection):
    def register(
        self,
        *,
        as_of: Day | None = None,
        known_at: Moment | None = None,
        code: str | None = None,
        open_only: bool = False,
    ) -> Rows:
        """One row per proposal on `as_of` (default today), as known at `known_at`
        (default: everything recorded), of `code` (default every code, with a `code`
        column when the ledger holds several); `open_only`: those not yet decided."""
        return answers.register(
            self, as_of=day(as_of), known_at=moment(known_at), open_only=open_only, code=code
        ).rows

    def proposal(
        self,
        proposal_id: str,
        *,
        code: str = "SEC",
        as_of: Day | None = None,
        known_at: Moment | None = None,
    ) -> dict[str, Any] | None:
        """One proposal on `as_of`: its register row, stage, process, ids, titles in the
        sources, `timeline` and `disputes`; None when it had not been recorded by
        `known_at` or nothing had happened to it by `as_of`."""
        rows = answers.proposal(
            self, code, proposal_id, as_of=day(as_of), known_at=moment(known_at)
        ).rows
        return rows[0] if rows else None

    def history(
        self,
        proposal_id: str,
        *,
        code: str = "SEC",
        as_of: Day | None = None,
        known_at: Moment | None = None,
    ) -> Rows:
        """The recorded events of one proposal, both times each, with actor, source and
        what corrected or retracted them."""
        return answers.history(
            self, code, proposal_id, as_of=day(as_of), known_at=moment(known_at)
        ).rows

    def events(self) -> Rows:
        """Every event in record order, as `govledger events` writes it (what `import` reads)."""
        return answers.events(self)

    def code(
        self, code: str = "SEC", *, as_of: Day | None = None, known_at: Moment | None = None
    ) -> dict[str, Any]:
        """The code on `as_of`: `in_force`, the `chain` of versions, the `sections`
        amended, the versions `pending`, and what it is `complete_to`."""
        return answers.code(self, code, as_of=day(as_of), known_at=moment(known_at)).rows[0]

    def diff(
        self,
        start: Day,
        end: Day,
        *,
        known_at: Moment | None = None,
        code: str | None = None,
    ) -> Rows:
        """What changed after `start` up to `end`: proposals that appeared, changed status
        (by which decision), were decided or implemented, and versions that took effect."""
        first, last = day(start, "start"), day(end, "end")
        if first > last:
            from ledger.domain.errors import InvalidInput

            raise InvalidInput(f"start {start} is after end {end}")
        return answers.diff(self, first, last, known_at=moment(known_at), code=code).rows

    def reconcile(
        self,
        path: str | PathLike[str],
        *,
        code: str = "SEC",
        as_of: Day | None = None,
        known_at: Moment | None = None,
    ) -> dict[str, Any]:
        """A published register (CSV, TSV or Markdown with id, title and status columns)
        against the ledger's on `as_of`: whether they `agree`, and the `differences`, each
        with the `govledger cite` command that records it as a dispute."""
        if not Path(path).is_file():
            from ledger.domain.errors import NotFound

            raise NotFound(f"{path}: no such file")
        return answers.reconcile(
            self, str(path), code=code, as_of=day(as_of), known_at=moment(known_at)
        ).rows[0]

    def gaps(
        self, *, as_of: Day | None = None, known_at: Moment | None = None, code: str | None = None
    ) -> Rows:
        """Every stage a recorded step implies, fact no source gave and open dispute."""
        return answers.gaps(self, as_of=day(as_of), known_at=moment(known_at), code=code).rows

    def disputes(
        self, *, as_of: Day | None = None, known_at: Moment | None = None, code: str | None = None
    ) -> Rows:
        """Every disputed fact: the value recorded, standing and disputing, their sources."""
        return answers.disputes(self, as_of=day(as_of), known_at=moment(known_at), code=code).rows

    def releases(
        self, *, as_of: Day | None = None, known_at: Moment | None = None, code: str | None = None
    ) -> Rows:
        """Each release announced by `as_of`: go-live, state, version and scope."""
        return answers.releases(self, as_of=day(as_of), known_at=moment(known_at), code=code).rows

    def release(
        self,
        name: str,
        *,
        code: str = "SEC",
        as_of: Day | None = None,
        known_at: Moment | None = None,
    ) -> dict[str, Any] | None:
        """One release on `as_of`: its facts, `versions`, `history` and `proposals`;
        None when it had not yet been announced by then."""
        rows = answers.release(self, code, name, as_of=day(as_of), known_at=moment(known_at)).rows
        return rows[0] if rows else None
