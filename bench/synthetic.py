"""Synthetic ledger histories for benchmarks: plausible SEC lifecycles, as JSON Lines.

Each proposal is submitted, has its Initial Modification Report considered
(sometimes referred first), goes through Working Group and Panel meetings,
one or two consultation rounds, a Change Board vote and, off Path 3, an
Authority determination; a few are suspended and resumed, withdrawn or
cancelled. Every few months a version implements the proposals approved
since the last one. Some events are recorded months after they happened
(back-dated) and some are later corrected. Every line obeys the rules of
`ledger/domain/process.py`, so the whole file imports without a refusal.

A larger history is a longer one, not a denser one: proposals arrive at a
fixed rate per code, so the register on any date holds about as many rows
at 10,000 events as at 1,000,000. The SEC's proposal ids have four digits,
so a history bigger than one code can hold spreads over further synthetic
codes (`SYN1`, `SYN2`, ...) that follow the SEC's process rules (see
`register_synthetic_codes`).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid5

NAMESPACE = UUID("0b6f4c36-3f1e-4a43-9d44-2f5a0d7c11e1")
START = date(1991, 1, 1)
PER_YEAR = 120  # proposals raised per code per year
PER_CODE = 9_000  # proposals per code (ids have four digits)
ACTOR = "govledger bench"
SYNTHETIC_CODES = tuple(f"SYN{i}" for i in range(1, 10))

PROPOSERS = (
    "British Gas", "EDF Energy", "E.ON", "npower", "ScottishPower", "SSE", "Ovo Energy",
    "DCC", "Electricity North West", "Northern Powergrid", "SECAS", "Utilita", "Octopus",
)  # fmt: skip
SUBJECTS = (
    "Communication Hub", "Smart Metering Inventory", "DCC User Interface", "Prepayment",
    "Firmware", "HAN device", "Service Request", "Security Sub-Committee", "Credit Cover",
    "Threshold Anomaly Detection", "SMETS1 enrolment", "Alert", "Tariff", "Load switching",
)  # fmt: skip
ACTIONS = (
    "Changes to", "Amending", "Clarifying", "Introducing", "Removing obsolete",
    "Reporting on", "Testing of", "Charging for",
)  # fmt: skip
SECTIONS = ("A", "D", "E", "F", "G", "H", "I", "J", "L", "M", "X")
AUTHORITIES = ("Ofgem", "BEIS")


def register_synthetic_codes() -> None:
    """Make the synthetic codes known, each following the SEC's 2017 process."""
    from ledger.domain.processes import PROCESSES, register, sec_2017

    for code in SYNTHETIC_CODES:
        if code not in PROCESSES:
            sec = sec_2017.PROCESS
            register(replace(sec, code=code, name=f"{sec.name} ({code})"))


@dataclass(order=True)
class Pending:
    """A line waiting for its record date; ties keep the order lines were made in."""

    recorded: date
    seq: int
    line: dict[str, Any] = field(compare=False)


@dataclass
class Code:
    name: str
    next_version: int = 0
    approved: list[tuple[date, str]] = field(default_factory=list)

    def version_number(self) -> str:
        self.next_version += 1
        return f"{6 + self.next_version // 100}.{self.next_version % 100}"


class History:
    """One synthetic history of about `events` stored events, reproducible from `seed`."""

    def __init__(self, events: int, seed: int = 7, corrections: bool = True) -> None:
        self.target = events
        self.rng = random.Random(seed)
        self.seed = seed
        self.corrections = corrections
        self.made = 0

    def lines(self) -> Iterator[dict[str, Any]]:
        """The history in record order, stopping once it holds `events` stored events."""
        count = 0
        for line in self._all_lines():
            count += 1 + len(line.get("implements", ()))
            yield line
            if count >= self.target:
                return

    @property
    def codes(self) -> list[str]:
        needed = max(1, -(-self.target // (PER_CODE * 17)))
        return ["SEC", *SYNTHETIC_CODES][:needed]

    def _all_lines(self) -> Iterator[dict[str, Any]]:
        codes = [Code(name) for name in self.codes]
        per_code = min(PER_CODE, -(-self.target // (17 * len(codes))) + 50)
        heap: list[Pending] = []
        version_due = START + timedelta(days=90)
        for number in range(1, per_code + 1):
            raised = START + timedelta(days=round(number * 365.25 / PER_YEAR))
            for code in codes:
                for line, recorded in self._proposal(code.name, number, raised):
                    self.made += 1
                    heapq.heappush(heap, Pending(recorded, self.made, line))
            while heap and heap[0].recorded < raised:
                pending = heapq.heappop(heap)
                while version_due <= pending.recorded:
                    yield from self._versions(codes, version_due)
                    version_due += timedelta(days=self.rng.choice((61, 91, 122)))
                yield self._note_approval(codes, pending.line)
        while heap:
            pending = heapq.heappop(heap)
            while version_due <= pending.recorded:
                yield from self._versions(codes, version_due)
                version_due += timedelta(days=91)
            yield self._note_approval(codes, pending.line)
        yield from self._versions(codes, version_due)

    def _note_approval(self, codes: list[Code], line: dict[str, Any]) -> dict[str, Any]:
        decisive = (line["kind"] == "change_board_voted" and line.get("_path") == "3") or line[
            "kind"
        ] == "authority_determined"
        if decisive and line["outcome"] == "approve":
            code = next(c for c in codes if c.name == line["code"])
            code.approved.append((date.fromisoformat(line["on"]), line["proposal"]))
        line.pop("_path", None)
        return line

    def _versions(self, codes: list[Code], on: date) -> Iterator[dict[str, Any]]:
        for code in codes:
            ready = [pid for decided, pid in code.approved if decided < on]
            if not ready:
                continue
            code.approved = [(d, p) for d, p in code.approved if d >= on]
            number = code.version_number()
            sections = self.rng.sample(SECTIONS, self.rng.randint(1, 3))
            yield self._line(
                "version_effective",
                code=code.name,
                number=number,
                implements=ready,
                amends=[f"Section {s}" for s in sorted(sections)],
                basis="modification",
                on=on.isoformat(),
                source=f"{code.name} {number} release note",
            )

    def _line(self, kind: str, **fields: Any) -> dict[str, Any]:
        self.made += 1
        event_id = uuid5(NAMESPACE, f"{self.seed}:{self.made}")
        return {"kind": kind, **fields, "actor": ACTOR, "event_id": str(event_id)}

    def _proposal(
        self, code: str, number: int, raised: date
    ) -> Iterator[tuple[dict[str, Any], date]]:
        """One proposal's lines, each with the date it is recorded on."""
        rng = self.rng
        pid = f"SECMP{number:04d}"
        size = rng.randint(8, 30)
        day = raised
        made: list[tuple[dict[str, Any], date]] = []

        def step(kind: str, gap: tuple[int, int] = (7, 40), **facts: Any) -> dict[str, Any]:
            nonlocal day
            day += timedelta(days=rng.randint(*gap))
            line = self._line(
                kind,
                code=code,
                proposal=pid,
                on=day.isoformat(),
                source=f"{code} Panel minutes, {day:%B %Y}",
                **facts,
            )
            made.append((line, day))
            return line

        title = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} arrangements ({pid})"
        step("submitted", (0, 0), title=title, proposer=rng.choice(PROPOSERS))
        if rng.random() < 0.1:
            step("imr_considered", outcome="referred", referred_to="the Working Group")
        path = rng.choices(("1", "2", "3"), (0.1, 0.4, 0.5))[0]
        route = "refinement" if rng.random() < 0.75 else "report"
        step("imr_considered", outcome="accepted", path=path, route=route)
        meetings = size - len(made) - 4 - (path != "3")
        rounds = 2 if meetings > 8 and rng.random() < 0.3 else 1
        suspension = rng.random() < 0.03
        corrected = self.corrections and rng.random() < 0.05
        meetings = max(1, meetings - 2 * (rounds - 1) - 2 * suspension - corrected)
        for round_ in range(rounds):
            for _ in range(meetings // rounds):
                step("scheduled", (14, 45), what="Working Group meeting")
            if suspension and round_ == 0:
                step("suspended", directed_by="the Panel", clause="D6.3")
                step("resumed", (30, 120))
            if rng.random() < 0.04:
                if rng.random() < 0.5:
                    step("withdrawn")
                else:
                    step("cancelled", directed_by="the Authority", clause="D6.3")
                return self._back_dated(made)
            day += timedelta(days=rng.randint(7, 40))
            deadline = day + timedelta(days=rng.randint(28, 60))
            step("consultation_issued", (0, 0), deadline=deadline.isoformat())
            if round_ + 1 < rounds:
                step("refinement_started", (30, 60))
        step("consultation_closed", (28, 60))
        outcome = "approve" if rng.random() < 0.85 else "reject"
        vote = step("change_board_voted", (5, 30), outcome=outcome)
        vote["_path"] = path
        if path != "3":
            step(
                "authority_determined",
                (20, 90),
                outcome=outcome,
                authority=rng.choice(AUTHORITIES),
            )
        if corrected:
            self._correct(made, code, pid)
        return self._back_dated(made)

    def _back_dated(
        self, made: list[tuple[dict[str, Any], date]]
    ) -> Iterator[tuple[dict[str, Any], date]]:
        """Some meetings are recorded months after they took place."""
        for line, recorded in made:
            if line["kind"] == "scheduled" and self.rng.random() < 0.05:
                recorded += timedelta(days=self.rng.randint(60, 240))
            yield line, recorded

    def _correct(self, made: list[tuple[dict[str, Any], date]], code: str, pid: str) -> None:
        target, recorded = self.rng.choice([m for m in made if m[0]["kind"] != "scheduled"])
        when = recorded + timedelta(days=self.rng.randint(10, 400))
        line = self._line(
            "corrected",
            code=code,
            proposal=pid,
            on=when.isoformat(),
            corrects=target["event_id"],
            reason="source misquoted in the minutes",
            changes={"source": f"{code} Panel minutes (corrected), {when:%B %Y}"},
        )
        made.append((line, when))


def write(path: str, events: int, seed: int = 7) -> tuple[int, list[str]]:
    """Write a history of about `events` events to `path`; returns (lines, codes)."""
    import orjson

    written = 0
    history = History(events, seed)
    with open(path, "wb") as out:
        for line in history.lines():
            out.write(orjson.dumps(line) + b"\n")
            written += 1
    return written, history.codes
