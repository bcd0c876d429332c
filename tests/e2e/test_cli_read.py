"""Reading from the command line: every read command, in every format, says what was recorded."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.domain.clock import clock
from tests.conftest import ROOT, SEED, new_ledger, without_progress

LEARNED = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
LEARNED_TEXT = "2026-10-01T09:30:00+00:00"
WIDE = {"GOVLEDGER_ACTOR": "SECAS", "COLUMNS": "1000"}
TITLE_35 = "Changes to the SEC Section D, for DCC analysis"
TITLE_6 = "Specifying the number of digits for device displays"
SOURCE_6 = "SEC Update, 10 April 2017, section 3.3"

BUILD = [
    (
        "submit",
        "SECMP0035",
        "--title",
        TITLE_35,
        "--proposer",
        "British Gas",
        "--on",
        "2017-04-05",
        "--source",
        "SEC Update, 10 April 2017, section 3.1",
    ),
    (
        "imr",
        "SECMP0035",
        "--outcome",
        "accepted",
        "--path",
        "3",
        "--route",
        "report",
        "--on",
        "2017-04-21",
    ),
    ("vote", "SECMP0035", "--outcome", "approve", "--on", "2017-06", "--note", "Unanimous."),
    ("version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035", "--amends", "Section D"),
    ("baseline", "SECMP0006", "--title", TITLE_6, "--status", "Refinement", "--on", "2017-03"),
    (
        "consult",
        "SECMP0006",
        "--on",
        "2017-04-04",
        "--deadline",
        "2017-04-27",
        "--source",
        SOURCE_6,
    ),
]

REGISTER: list[dict[str, Any]] = [
    {
        "id": "SECMP0006",
        "title": TITLE_6,
        "status": "Report Phase",
        "status_since": "2017-04-04",
        "path": None,
        "proposer": None,
        "raised": None,
        "decided": None,
        "implemented_in": None,
    },
    {
        "id": "SECMP0035",
        "title": TITLE_35,
        "status": "Implemented",
        "status_since": "2017-11-02",
        "path": "3",
        "proposer": "British Gas",
        "raised": "2017-04-05",
        "decided": "2017-06",
        "implemented_in": "5.8",
    },
]

# What each recorded event of SECMP0035 says: happened on, kind, what, source, note.
HISTORY_35 = [
    (
        "2017-04-05",
        "submitted",
        f"submitted by British Gas: {TITLE_35}",
        "SEC Update, 10 April 2017, section 3.1",
        None,
    ),
    ("2017-04-21", "imr_considered", "IMR accepted: Path 3, to report", None, None),
    ("2017-06", "change_board_voted", "Change Board vote: approve", None, "Unanimous."),
    ("2017-11-02", "implemented", "implemented in version 5.8", None, None),
]


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=WIDE, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return result.stdout


@pytest.fixture
def ledger(db: str) -> Iterator[str]:
    with clock(lambda: LEARNED):
        for command in BUILD:
            run(db, *command)
    yield db


def text(value: Any) -> str:
    """A value as the text formats show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def as_text(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: text(v) for k, v in row.items()} for row in rows]


def parse_jsonl(out: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in out.splitlines()]


def parse_csv(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def markdown_table(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("|")]


def markdown(rows: list[dict[str, Any]]) -> list[str]:
    columns = list(rows[0])
    return [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(text(row[c]) for c in columns) + " |" for row in rows),
    ]


def table_cells(out: str) -> list[list[str]]:
    """The header and rows of a terminal table, cell by cell."""
    return [
        [cell.strip() for cell in line[1:-1].split(line[0])]
        for line in out.splitlines()
        if line[:1] in ("┃", "│")
    ]


def table(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [[c.replace("_", " ") for c in rows[0]], *([text(v) for v in r.values()] for r in rows)]


def test_the_register_as_json_is_an_array_of_its_rows(ledger: str) -> None:
    assert orjson.loads(run(ledger, "register", "--format", "json")) == REGISTER


def test_the_register_as_json_lines_is_one_row_a_line(ledger: str) -> None:
    assert parse_jsonl(run(ledger, "register", "--format", "jsonl")) == REGISTER


def test_the_register_as_csv_has_a_header_and_quotes_titles_with_commas(ledger: str) -> None:
    out = run(ledger, "register", "--format", "csv")
    assert parse_csv(out) == as_text(REGISTER)
    assert f'"{TITLE_35}"' in out


def test_the_register_as_markdown_is_a_markdown_table(ledger: str) -> None:
    assert markdown_table(run(ledger, "register", "--format", "md")) == markdown(REGISTER)


def test_the_register_as_a_table_shows_every_row_and_its_count(ledger: str) -> None:
    out = run(ledger, "register", "--format", "table")
    assert table_cells(out) == table(REGISTER)
    assert "Register (2)" in out


def test_the_open_register_leaves_out_decided_proposals(ledger: str) -> None:
    assert parse_jsonl(run(ledger, "register", "--open", "--format", "jsonl")) == REGISTER[:1]


def test_by_default_a_read_piped_to_another_program_writes_json_lines(ledger: str) -> None:
    assert parse_jsonl(run(ledger, "register")) == REGISTER


TIMELINE_6 = [
    {
        "on": "2017-03",
        "what": "reported as Refinement",
        "implied": False,
        "source": None,
    },
    {
        "on": "2017-04-04",
        "what": "Modification Report Consultation issued, responses by 2017-04-27",
        "implied": False,
        "source": SOURCE_6,
    },
]


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "event_id"} for row in rows]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_show_as_json_gives_the_register_row_its_titles_and_its_timeline(
    ledger: str, fmt: str
) -> None:
    out = run(ledger, "show", "SECMP0006", "--format", fmt)
    [shown] = orjson.loads(out) if fmt == "json" else parse_jsonl(out)
    assert {k: v for k, v in shown.items() if k in REGISTER[0]} == REGISTER[0]
    assert shown["titles_in_sources"] == [{"title": TITLE_6, "source": None}]
    assert without_ids(shown["timeline"]) == TIMELINE_6


def test_show_as_a_table_lists_the_state_then_the_dated_timeline(ledger: str) -> None:
    out = run(ledger, "show", "SECMP0035", "--format", "table")
    state = "\n".join(
        [
            "id: SECMP0035",
            f"title: {TITLE_35}",
            "status: Implemented",
            "status since: 2017-11-02",
            "path: 3",
            "proposer: British Gas",
            "raised: 2017-04-05",
            "decided: 2017-06",
            "implemented in: 5.8",
        ]
    )
    assert state + "\n\n" in out
    cells = table_cells(out)
    assert cells[0][:3] == ["on", "what", "source"]  # nothing implied: its column left out
    assert [row[:3] for row in cells[1:]] == [
        [on, what, source or ""] for on, _, what, source, _ in HISTORY_35
    ]
    assert "(no values: implied)" in out


def event_ids(db: str, proposal: str) -> list[str]:
    lines = parse_jsonl(run(db, "events", "--format", "jsonl"))
    return [line["event_id"] for line in lines if line.get("proposal") == proposal]


def expected_history(db: str) -> list[dict[str, Any]]:
    return [
        {
            "recorded_at": LEARNED_TEXT,
            "happened_on": on,
            "kind": kind,
            "what": what,
            "actor": "SECAS",
            "source": source,
            "note": note,
            "event_id": event_id,
        }
        for (on, kind, what, source, note), event_id in zip(
            HISTORY_35, event_ids(db, "SECMP0035"), strict=True
        )
    ]


def history_fields(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields of history this test speaks for; others may be added beside them."""
    names = ("recorded_at", "happened_on", "kind", "what", "actor", "source", "note", "event_id")
    return [{name: row[name] for name in names} for row in rows]


def test_history_as_json_gives_both_times_actor_source_and_note_of_each_event(
    ledger: str,
) -> None:
    out = run(ledger, "history", "SECMP0035", "--format", "json")
    assert history_fields(orjson.loads(out)) == expected_history(ledger)


def test_history_as_json_lines_is_one_event_a_line(ledger: str) -> None:
    out = run(ledger, "history", "SECMP0035", "--format", "jsonl")
    assert history_fields(parse_jsonl(out)) == expected_history(ledger)


def test_history_as_csv_gives_the_same_events(ledger: str) -> None:
    out = run(ledger, "history", "SECMP0035", "--format", "csv")
    assert history_fields(parse_csv(out)) == as_text(expected_history(ledger))


def test_history_as_markdown_and_as_a_table_gives_the_same_events(ledger: str) -> None:
    expected = as_text(expected_history(ledger))
    lines = markdown_table(run(ledger, "history", "SECMP0035", "--format", "md"))
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [
        dict(zip(header, (c.strip() for c in line[1:-1].split(" | ")), strict=True))
        for line in lines[2:]
    ]
    assert history_fields(rows) == expected
    cells = table_cells(
        run(ledger, "history", "SECMP0035", "--format", "table", "--layout", "table")
    )
    names = [c.replace(" ", "_") for c in cells[0]]
    assert history_fields([dict(zip(names, row, strict=True)) for row in cells[1:]]) == (
        shortened(ledger, expected)
    )


def shortened(db: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with each event id as a terminal shows it: the shortest unique prefix."""
    every = [line["event_id"] for line in parse_jsonl(run(db, "events", "--format", "jsonl"))]

    def short(event_id: str) -> str:
        n = 8
        while sum(e.startswith(event_id[:n]) for e in every) > 1:
            n += 1
        return event_id[:n]

    ids = ("event_id", "corrects", "retracts", "cites")
    return [{k: short(v) if k in ids and v else v for k, v in row.items()} for row in rows]


EVENTS = [
    {
        "kind": "submitted",
        "code": "SEC",
        "proposal": "SECMP0035",
        "on": "2017-04-05",
        "actor": "SECAS",
        "source": "SEC Update, 10 April 2017, section 3.1",
        "title": TITLE_35,
        "proposer": "British Gas",
    },
    {
        "kind": "imr_considered",
        "code": "SEC",
        "proposal": "SECMP0035",
        "on": "2017-04-21",
        "actor": "SECAS",
        "outcome": "accepted",
        "path": "3",
        "route": "report",
    },
    {
        "kind": "change_board_voted",
        "code": "SEC",
        "proposal": "SECMP0035",
        "on": "2017-06",
        "actor": "SECAS",
        "note": "Unanimous.",
        "outcome": "approve",
    },
    {
        "kind": "implemented",
        "code": "SEC",
        "proposal": "SECMP0035",
        "on": "2017-11-02",
        "actor": "SECAS",
        "version": "5.8",
    },
    {
        "kind": "version_effective",
        "on": "2017-11-02",
        "actor": "SECAS",
        "code": "SEC",
        "number": "5.8",
        "implements": ["SECMP0035"],
        "amends": ["Section D"],
        "basis": "modification",
    },
    {
        "kind": "baselined",
        "code": "SEC",
        "proposal": "SECMP0006",
        "on": "2017-03",
        "actor": "SECAS",
        "title": TITLE_6,
        "status": "Refinement",
    },
    {
        "kind": "consultation_issued",
        "code": "SEC",
        "proposal": "SECMP0006",
        "on": "2017-04-04",
        "actor": "SECAS",
        "source": SOURCE_6,
        "deadline": "2017-04-27",
    },
]


def test_events_as_json_lines_are_every_event_in_record_order_with_both_times(
    ledger: str,
) -> None:
    lines = parse_jsonl(run(ledger, "events"))
    assert [line.pop("position") for line in lines] == list(range(1, 8))
    assert {line.pop("recorded_at") for line in lines} == {LEARNED.isoformat()}
    assert len({line.pop("event_id") for line in lines}) == 7
    assert lines == EVENTS


def test_events_in_every_other_format_say_what_the_json_lines_say(ledger: str) -> None:
    lines = parse_jsonl(run(ledger, "events", "--format", "jsonl"))
    assert orjson.loads(run(ledger, "events", "--format", "json")) == lines
    columns = list(dict.fromkeys(name for line in lines for name in line))
    full = [{c: line.get(c) for c in columns} for line in lines]
    kept = [c for c in columns if any(text(line.get(c)) for line in lines)]
    assert parse_csv(run(ledger, "events", "--format", "csv")) == as_text(full)
    assert markdown_table(run(ledger, "events", "--format", "md")) == markdown(full)
    shown = run(ledger, "events", "--format", "table", "--layout", "table")
    kept_rows = [{c: v for c, v in r.items() if c in kept} for r in full]
    assert table_cells(shown) == table(shortened(ledger, kept_rows))


@pytest.fixture
def seed(tmp_path: Path) -> str:
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    return str(copy)


SEED_OPEN = {
    **{
        pid: ("Refinement", "2017-03", "")
        for pid in (
            "SECMP0002",
            "SECMP0004",
            "SECMP0005",
            "SECMP0007",
            "SECMP0008",
            "SECMP0009",
            "SECMP0010",
            "SECMP0011",
            "SECMP0012",
            "SECMP0013",
            "SECMP0015",
            "SECMP0018",
            "SECMP0019",
            "SECMP0021",
            "SECMP0023",
            "SECMP0024",
            "SECMP0025",
            "SECMP0027",
            "SECMP0028",
            "SECMP0029",
            "SECMP0030",
        )
    },
    "SECMP0006": ("Report Phase", "2017-04-04", ""),
    "SECMP0031": ("Modification Proposal Submitted", "2017-03", ""),
    "SECMP0032": ("Modification Proposal Submitted", "2017-03", ""),
    "SECMP0033": ("Report Phase", "2017-03", "3"),
    "SECMP0034": ("Modification Proposal Submitted", "2017-04-05", ""),
}


def test_the_open_register_of_the_seed_is_the_26_proposals_the_paper_leaves_open(
    seed: str,
) -> None:
    rows = parse_csv(run(seed, "register", "--open", "--format", "csv"))
    assert {r["id"]: (r["status"], r["status_since"], r["path"]) for r in rows} == SEED_OPEN
    assert [r["id"] for r in rows] == sorted(SEED_OPEN)


def test_reading_the_committed_ledger_leaves_its_file_as_it_was(seed: str) -> None:
    before = Path(seed).read_bytes()
    run(seed, "register", "--open", "--format", "table")
    run(seed, "history", "SECMP0006", "--format", "csv")
    assert Path(seed).read_bytes() == before


SEED_SOURCE = "SEC Update to the UNC Modification Panel, 10 April 2017, section"


def test_show_secmp0006_on_the_seed_gives_report_phase_and_both_titles_with_sources(
    seed: str,
) -> None:
    out = run(seed, "show", "SECMP0006", "--format", "table")
    assert (
        "\n".join(
            [
                "id: SECMP0006",
                "title: Specifying the number of digits for device displays",
                "status: Report Phase",
                "status since: 2017-04-04",
                "path: ",
                "proposer: ",
                "raised: ",
                "decided: ",
                "implemented in: ",
                "titles in sources differ:",
                "  'Specifying the number of digits for device displays' "
                f"({SEED_SOURCE} 4.3, Table one (statuses as in the Modification Status Report "
                "for the March 2017 Panel))",
                f"  'Specifying the number of digits for device display' ({SEED_SOURCE} 3.3)",
            ]
        )
        in out
    )
    timeline = [row[:2] for row in table_cells(out)[1:]]
    assert timeline == [
        ["2017-03", "reported as Refinement"],
        ["2017-04-04", "Modification Report Consultation issued, responses by 2017-04-27"],
    ]


def test_history_of_secmp0006_on_the_seed_gives_its_two_recorded_events(seed: str) -> None:
    rows = parse_jsonl(run(seed, "history", "SECMP0006", "--format", "jsonl"))
    assert [
        (r["happened_on"], r["kind"], r["actor"], r["source"].startswith(SEED_SOURCE)) for r in rows
    ] == [
        ("2017-03", "baselined", "govledger seed", True),
        ("2017-04-04", "consultation_issued", "govledger seed", True),
    ]
    assert all(datetime.fromisoformat(r["recorded_at"]).tzinfo is not None for r in rows)


def test_events_then_import_into_a_fresh_ledger_gives_the_same_register(
    seed: str, tmp_path: Path
) -> None:
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(run(seed, "events"))
    fresh = new_ledger(tmp_path / "fresh.db")
    run(fresh, "import", str(exported))
    assert run(fresh, "register", "--format", "jsonl") == run(seed, "register", "--format", "jsonl")
    assert len(SEED.read_text().splitlines()) == 37


READS = [
    ("register",),
    ("register", "--open", "--format", "table"),
    ("show", "SECMP0006"),
    ("history", "SECMP0006"),
    ("events",),
]


@pytest.mark.parametrize("command", READS, ids=[" ".join(c) for c in READS])
def test_a_read_of_a_missing_ledger_file_is_an_error_and_creates_no_file(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = str(tmp_path / "missing.db")
    result = invoke(missing, *command)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"govledger: no ledger at {missing} (`govledger init {missing}` creates one)\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["show", "history"])
def test_show_or_history_of_a_proposal_not_in_the_ledger_is_an_error(
    ledger: str, command: str
) -> None:
    result = invoke(ledger, command, "SECMP0099")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("govledger: SECMP0099: ")
    assert result.stderr.count("\n") == 1
