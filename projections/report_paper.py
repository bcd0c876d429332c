"""The Panel report as a paper: what each format's template lays out, in the paper's order.

One model for every format: its headings numbered as the SEC Update paper numbers
them (1. Purpose; 2. Code Updates, one subsection per version; 3. the code's
Modifications Update: new proposals, decisions, consultations, the open proposals;
4. Coming Up), every decision under the version or proposal it belongs to, and every
date in words. Values are plain text; each template escapes them for its format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ledger.domain.processes import process_for
from projections.report import Report, Row
from projections.report_dates import Day
from projections.report_timeline import Timeline, timeline

PUBLIC = (
    "Information can be shared with the public, and any members may publish the "
    "information, subject to copyright."
)


def day_or_none(text: str | None) -> Day | None:
    return Day(text) if text else None


@dataclass(frozen=True)
class Proposal:
    id: str
    title: str | None

    @property
    def shown_title(self) -> str:
        return self.title or "title not recorded"


@dataclass(frozen=True)
class Decision:
    proposal: Proposal
    on: Day
    body: str
    detail: str
    note: str | None


@dataclass(frozen=True)
class Implemented:
    proposal: Proposal
    path: str | None  # 'Path 3 (Self-Governance)', in the process's words
    decisions: list[Decision]


@dataclass(frozen=True)
class VersionUpdate:
    number: str  # the subsection's, '2.1'
    name: str  # 'SEC Version 5.5', or 'SEC designation (no number)'
    effective: Day
    implements: list[Implemented]
    basis: str | None  # a sentence where the version was not made by a modification
    sections: list[str]
    note: str | None


@dataclass(frozen=True)
class Scheduled:
    proposal: str
    what: str
    on: Day
    announced: Day | None


@dataclass(frozen=True)
class NewProposal:
    proposal: Proposal
    proposer: str | None
    raised: Day
    status: str
    pending: list[Scheduled]


@dataclass(frozen=True)
class Consultation:
    proposal: Proposal
    issued: Day
    deadline: Day | None


@dataclass(frozen=True)
class OpenProposal:
    proposal: Proposal
    status: str
    since: Day | None


@dataclass(frozen=True)
class Heading:
    number: str  # '1' for a section (written '1.'), '3.1' for a subsection
    name: str


@dataclass(frozen=True)
class Headings:
    purpose: Heading
    code_updates: Heading
    modifications: Heading
    new_proposals: Heading
    decisions: Heading
    consultations: Heading
    open_proposals: Heading
    coming_up: Heading
    table: tuple[str, str, str, str]
    table_caption: str
    figure_caption: str


@dataclass(frozen=True)
class Paper:
    title: str
    classification: str
    classification_note: str | None
    date: Day
    author: str | None
    purpose: str
    headings: Headings
    code: str
    consultation_word: str
    versions: list[VersionUpdate]
    new_proposals: list[NewProposal]
    decisions: list[Decision]
    consultations: list[Consultation]
    open_proposals: list[OpenProposal]
    coming_up: list[Scheduled]
    timeline: Timeline
    nothing: dict[str, str]  # what each section says when it is empty


def paper(report: Report, classification: str = "White", author: str | None = None) -> Paper:
    process = process_for(report.code)
    code, plural = report.code, f"{process.proposal_word}s"
    as_of = Day(report.as_of)
    return Paper(
        title=f"{code} Update, {as_of}",
        classification=classification,
        classification_note=PUBLIC if classification == "White" else None,
        date=as_of,
        author=author or None,
        purpose=purpose(report),
        headings=Headings(
            purpose=Heading("1", "Purpose"),
            code_updates=Heading("2", "Code Updates"),
            modifications=Heading("3", f"{code} Modifications Update"),
            new_proposals=Heading("3.1", f"New {plural}"),
            decisions=Heading("3.2", "Decisions Taken"),
            consultations=Heading("3.3", f"{process.consultation_word}s"),
            open_proposals=Heading("3.4", f"Open {plural}"),
            coming_up=Heading("4", "Coming Up"),
            table=(
                f"{process.proposal_word} #",
                f"{process.proposal_word} Title",
                "Status",
                "Since",
            ),
            table_caption=f"Table one: {plural} open on {as_of}",
            figure_caption=f"Figure one: the stages of the open {plural} to {as_of}",
        ),
        code=code,
        consultation_word=process.consultation_word,
        versions=[version(report, number, v) for number, v in enumerate(report.versions, 1)],
        new_proposals=[
            NewProposal(
                Proposal(p["id"], p["title"]),
                p["proposer"],
                Day(p["raised"]),
                p["status"],
                [scheduled(x) for x in p["pending"]],
            )
            for p in report.new_proposals
        ],
        decisions=[decision(d, d["title"]) for d in report.decisions],
        consultations=[
            Consultation(
                Proposal(c["proposal"], c["title"]),
                Day(c["happened_on"]),
                day_or_none(c["deadline"]),
            )
            for c in report.consultations
        ],
        open_proposals=[
            OpenProposal(
                Proposal(r["id"], r["title"]), r["status"] or "", day_or_none(r["status_since"])
            )
            for r in report.open_proposals
        ],
        coming_up=[scheduled(x) for x in report.pending],
        timeline=timeline(report),
        nothing={
            "versions": "No version came into effect in the period.",
            "new_proposals": "None raised in the period.",
            "decisions": "None in the period.",
            "consultations": "None issued in the period.",
            "open_proposals": f"No {process.proposal_word} was open on {as_of}.",
            "coming_up": "Nothing announced by the report's date is scheduled after it.",
        },
    )


def purpose(report: Report) -> str:
    code = report.code
    period = f"from {Day(report.since)} to {Day(report.as_of)}"
    recorded = (
        f"complete to everything it had recorded by {Day(recorded_day(report.complete_to))} "
        f"({report.events} events)"
        if report.complete_to
        else "it holds no events yet"
    )
    return (
        f"This paper informs the {code} Panel of the activities in relation to the {code} "
        f"{period}, as the ledger records them: {recorded}."
    )


def recorded_day(timestamp: str) -> str:
    """The day of a record time ('2026-11-26T18:49:56.311365+00:00' -> '2026-11-26')."""
    return datetime.fromisoformat(timestamp).date().isoformat()


def version(report: Report, number: int, v: Row) -> VersionUpdate:
    code = report.code
    name = f"{code} Version {v['number']}" if v["number"] else f"{code} {v['basis']} (no number)"
    if v["basis"] is None:
        basis: str | None = "Its basis and contents are not recorded."
    elif v["basis"] != "modification":
        basis = f"Made by {v['basis']}, implementing no modification."
    else:
        basis = None
    return VersionUpdate(
        number=f"2.{number}",
        name=name,
        effective=Day(v["happened_on"]),
        implements=[
            Implemented(
                Proposal(m["id"], m["title"]),
                path_words(report.code, m["path"], m["path_name"]),
                [decision(d, m["title"]) for d in m["decisions"]],
            )
            for m in v["modifications"]
        ],
        basis=basis,
        sections=v["sections"],
        note=v["note"],
    )


def path_words(code: str, path: str | None, name: str | None) -> str | None:
    if not path:
        return None
    if not name:
        return f"Path {path}"
    return process_for(code).path_words.format(key=path, name=name)


def decision(d: Row, title: str | None) -> Decision:
    return Decision(
        Proposal(d["proposal"], title), Day(d["happened_on"]), d["body"], d["detail"], d["note"]
    )


def scheduled(x: Row) -> Scheduled:
    return Scheduled(
        x["proposal"],
        str(x["what"]).removeprefix("scheduled: "),
        Day(x["happened_on"]),
        day_or_none(x["announced"]),
    )
