"""Every question the web view asks of the ledger, in one place: the same read functions
the CLI's read commands call, answered read-only. Each answer is plain rows (as the CLI's
`--format json` gives them), the columns of its table, and the banner of what it covers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ledger.domain.errors import NotFound


class TablesBehind(NotFound):
    """The projection tables hold fewer events than the ledger: the web view only reads."""


@dataclass(frozen=True)
class Answer:
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]
    banner: str
    extra: dict[str, Any] = field(default_factory=dict)
    horizon: Any = None


@dataclass
class ReadOnly:
    """What `projections.queries` reads from: the store's address, and no way to write.
    When the tables are behind, a CLI read would catch them up; this one refuses."""

    db: str

    def reader(self) -> Any:
        raise TablesBehind(
            "the projection tables are behind the ledger; the web view only reads "
            "(govledger project brings them up to date)"
        )


class LedgerData:
    """One ledger, read-only, for the lifetime of the web application."""

    def __init__(self, db: str) -> None:
        self.source = ReadOnly(db)
        self._ledger: Any = None

    def codes(self) -> list[str]:
        from ledger.domain.processes import PROCESSES

        return sorted(PROCESSES)

    def check_code(self, code: str) -> None:
        from ledger.domain.processes import process_for

        process_for(code)

    def register(
        self, code: str, as_of: date, known_at: datetime | None, open_only: bool
    ) -> Answer:
        from projections import queries
        from projections.tables.schema import REGISTER

        self.check_code(code)
        rows, horizon = queries.register(
            self.source, as_of=as_of, known_at=known_at, open_only=open_only, code=code
        )
        return Answer(rows, tuple(REGISTER[1:]), horizon.banner("Register"), horizon=horizon)

    def open_by_status(
        self, code: str, days: list[date], known_at: datetime | None
    ) -> list[tuple[date, dict[str, int]]]:
        """How many proposals of `code` were open in each status on each of `days`."""
        from collections import Counter

        from projections import queries

        counts = []
        for day in days:
            rows, _ = queries.register(
                self.source, as_of=day, known_at=known_at, open_only=True, code=code
            )
            counts.append((day, dict(Counter(r["status"] for r in rows))))
        return counts

    def proposal(
        self, code: str, proposal_id: str, as_of: date, known_at: datetime | None
    ) -> Answer:
        """A proposal as `show --format json` gives it (one row), its timeline as rows."""
        from govledger.answers import about
        from ledger.domain.proposal import proposal_key
        from projections import queries
        from projections.views.disputes import dispute_row, disputes_by
        from projections.views.register import register_row
        from projections.views.timeline import timeline_rows

        self.check_code(code)
        state, recorded, horizon = queries.proposal(
            self.source, proposal_key(code, proposal_id), as_of=as_of, known_at=known_at
        )
        banner = horizon.banner(proposal_id)
        if state is None:
            return Answer(
                [], (), banner, {"absent": self._absent(code, proposal_id, recorded, horizon)}
            )
        row = register_row(state)
        row.update(about(state))
        row["titles_in_sources"] = [{"title": t, "source": s} for t, s in state.titles]
        timeline = timeline_rows(state, recorded)
        row["timeline"] = timeline
        disputes = disputes_by(recorded, as_of)
        if disputes:
            row["disputes"] = [dispute_row(d, state.shown_id) for d in disputes]
        columns = ("on", "what", "implied", "source", "event_id")
        return Answer([row], columns, banner, {"timeline": timeline})

    def _absent(self, code: str, proposal_id: str, recorded: list[Any], horizon: Any) -> str:
        """Why a proposal has no view at this time, as `show` says it (or NotFound)."""
        from ledger.domain.proposal import proposal_key
        from projections import queries

        if recorded:
            return f"nothing had happened to it by {horizon.as_of.isoformat()}"
        if (
            horizon.known_at is not None
            and queries.proposal(self.source, proposal_key(code, proposal_id), as_of=horizon.as_of)[
                1
            ]
        ):
            known = horizon.known_at.isoformat(timespec="seconds")
            return f"not yet recorded as known at {known}"
        raise NotFound(f"{proposal_id}: not in the ledger")

    def history(
        self, code: str, proposal_id: str, as_of: date, known_at: datetime | None
    ) -> Answer:
        from ledger.domain.proposal import proposal_key
        from projections import queries
        from projections.views.timeline import history_rows

        self.check_code(code)
        _, recorded, horizon = queries.proposal(
            self.source, proposal_key(code, proposal_id), as_of=as_of, known_at=known_at
        )
        banner = horizon.banner(f"{proposal_id} history")
        if not recorded:
            return Answer(
                [], (), banner, {"absent": self._absent(code, proposal_id, recorded, horizon)}
            )
        return Answer(history_rows(recorded, as_of), (), banner)

    def code(self, code: str, as_of: date, known_at: datetime | None) -> Answer:
        """The code on a date as `code --format json` gives it (one row)."""
        from projections import queries
        from projections.views.code_view import code_view, headline

        self.check_code(code)
        in_force, pending, horizon = queries.versions(
            self.source, code, as_of=as_of, known_at=known_at
        )
        view = code_view(code, as_of, in_force, pending)
        view["complete_to"] = horizon.banner(code)
        said = headline(view, pending[0] if pending else None)
        return Answer([view], (), horizon.banner(f"{code} code"), {"headline": said})

    def diff(self, code: str, start: date, end: date, known_at: datetime | None) -> Answer:
        from ledger.domain.errors import InvalidInput
        from projections import queries
        from projections.views.diff import diff_rows

        self.check_code(code)
        if start > end:
            raise InvalidInput(f"from {start.isoformat()} is after to {end.isoformat()}")
        view, horizon = queries.states_between(self.source, start, end, known_at)
        banner = horizon.banner(f"Changes from {start.isoformat()} to {end.isoformat()}", False)
        return Answer(diff_rows(view, start, end, code), (), banner)

    def gaps(self, code: str, as_of: date, known_at: datetime | None) -> Answer:
        from projections import queries
        from projections.views.disputes import disputes_by
        from projections.views.gaps import gap_rows

        self.check_code(code)
        states, horizon = queries.folded_states(self.source, as_of, known_at, code)
        cited, _ = queries.cited(self.source, as_of, known_at, code)
        rows = gap_rows(states, {key: disputes_by(found, as_of) for key, found in cited.items()})
        return Answer(rows, ("code", "id", "gap", "by", "what"), horizon.banner("Gaps"))

    def disputes(self, code: str, as_of: date, known_at: datetime | None) -> Answer:
        from cli.citations import COLUMNS
        from projections import queries
        from projections.views.disputes import dispute_rows

        self.check_code(code)
        events, horizon = queries.cited(self.source, as_of, known_at, code)
        return Answer(dispute_rows(events, as_of), COLUMNS, horizon.banner("Disputes"))

    def releases(self, code: str, as_of: date, known_at: datetime | None) -> Answer:
        from projections import queries
        from projections.views.release_view import release_row

        self.check_code(code)
        states, horizon = queries.releases(self.source, as_of=as_of, known_at=known_at, code=code)
        rows = [release_row(s) for s in states]
        for row in rows:
            del row["code"]
        columns = ("release", "announced", "go_live", "state", "version", "scope")
        return Answer(rows, columns, horizon.banner("Releases"))

    def release(self, code: str, name: str, as_of: date, known_at: datetime | None) -> Answer:
        """One release as `release show --format json` gives it (one row)."""
        from projections import queries
        from projections.views.release_view import history_rows, proposal_rows, release_facts

        self.check_code(code)
        answer = queries.release(self.source, code, name, as_of=as_of, known_at=known_at)
        state = answer.state
        if state is None:
            if not answer.recorded:
                raise NotFound(f"{name.strip()}: not in the ledger")
            absent = f"not yet announced by {as_of.isoformat()}"
            return Answer([], (), answer.horizon.banner(name.strip()), {"absent": absent})
        facts = release_facts(state)
        proposals = proposal_rows(state, answer.proposals)
        history = history_rows(state)
        facts.update(
            versions=[v.subject for v in answer.versions], history=history, proposals=proposals
        )
        extra = {"history": history, "proposals": proposals}
        return Answer([facts], (), answer.horizon.banner(state.name), extra)

    def process(self, code: str, on: date) -> Answer:
        """The process in force on a date, as `process --format json` gives it (one row)."""
        from cli.process import PARTS
        from cli.record import RECORDED_BY
        from ledger.domain.processes import process_for
        from ledger.domain.processes.describe import describe

        told = describe(process_for(code, on))
        for row in told["steps"]:
            row["command"] = RECORDED_BY.get(row["step"].split(":")[0])
            if row["step"].startswith("milestone:"):
                row["command"] = f"milestone --step {row['step'].split(':', 1)[1]}"
        return Answer([told], (), f"{code} process in force on {on.isoformat()}", {"parts": PARTS})

    def recorder(self) -> Any:
        """The ledger's recorder, opened once, for checkpoints and proofs."""
        if self._ledger is None:
            from ledger.application import GovLedger

            self._ledger = GovLedger(self.source.db)
        return self._ledger.recorder

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def checkpoint(self) -> dict[str, Any]:
        """The latest checkpoint the ledger keeps (origin, size, root, the signed note), or
        the tree's size when it keeps none."""
        from ledger.transparency import latest_checkpoint, parse_checkpoint

        recorder = self.recorder()
        text = latest_checkpoint(recorder)
        if text is None:
            return {"note": None, "size": recorder.tree_size()}
        found = parse_checkpoint(text, None, "the latest checkpoint")
        import base64

        root = base64.b64encode(found.root).decode()
        return {"note": text, "origin": found.origin, "size": found.size, "root": root}

    def proof(self, event_id: str) -> dict[str, Any]:
        """An inclusion proof of one event against the latest checkpoint (else the tree)."""
        from ledger.transparency import inclusion

        return inclusion(self.recorder(), event_id, None)
