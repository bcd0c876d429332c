"""What titles contain is read, never run: the ledger accepts one kind of text from the
command line and from files, and every output shows what a ledger holds without letting
it act on a terminal, a Markdown or HTML page, or a spreadsheet."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from cli.output import to_csv
from projections.escaping import csv_cell, markdown_text
from tests.conftest import SEED, new_ledger, without_progress

ACTOR = {"GOVLEDGER_ACTOR": "SECAS", "COLUMNS": "400"}
SUBMIT = ("submit", "SECMP0035", "--proposer", "British Gas", "--on", "2017-05-02")
ESC_TITLE = "Bad\x1b[31m"
AWKWARD = {
    "title": "\"Quoted\" | # <script>alert('x')</script> =1+1 café \u2013 ü",
    "proposer": '=HYPERLINK("http://example.com","click")',
    "source": "@SUM(A1:A2) & [bold]not bold[/bold]",
    "note": "- a list?\n# a heading?\n\tand a tab",
}


def invoke(db: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ACTOR, input=input)


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return result.stdout


def events(db: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in run(db, "events").splitlines()]


def refused(db: str, *args: str) -> str:
    """The one line a refusal prints, after checking it wrote nothing."""
    before = Path(db).read_bytes() if Path(db).exists() else None
    result = invoke(db, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert (Path(db).read_bytes() if Path(db).exists() else None) == before
    return result.stderr


# Text the ledger refuses, from the command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (*SUBMIT, "--title", ESC_TITLE),
            "--title: contains a control character (U+001B) at position 4",
        ),
        (
            (*SUBMIT, "--title", "Two\nlines"),
            "--title: contains a control character (U+000A) at position 4",
        ),
        (
            (*SUBMIT, "--title", "T", "--source", "Paper\x9b2J"),
            "--source: contains a control character (U+009B) at position 6",
        ),
        (
            (*SUBMIT, "--title", "T", "--note", "line\r\nline"),
            "--note: contains a control character (U+000D) at position 5",
        ),
        (
            (*SUBMIT, "--title", "T", "--title-as-given", "T\x7f"),
            "--title-as-given: contains a control character (U+007F) at position 2",
        ),
        (
            (*SUBMIT[:2], "--on", "2017-05", "--title", "T", "--proposer", "Gas\u202etxt.exe"),
            "--proposer: contains a bidirectional formatting character (U+202E) at position 4",
        ),
        (
            (*SUBMIT, "--title", "T\u2066x\u2069"),
            "--title: contains a bidirectional formatting character (U+2066) at position 2",
        ),
        (
            ("schedule", "SECMP0006", "--what", "Panel\x00", "--on", "2017-05"),
            "--what: contains a control character (U+0000) at position 6",
        ),
        (
            (
                "cancel",
                "SECMP0006",
                "--directed-by",
                "BEIS",
                "--clause",
                "X2\x08",
                "--on",
                "2017-05",
            ),
            "--clause: contains a control character (U+0008) at position 3",
        ),
        (
            ("version", "5.9", "--on", "2017-06-01", "--basis", "designation", "--amends", "D\x1b"),
            "--amends: contains a control character (U+001B) at position 2",
        ),
    ],
)
def test_text_with_a_control_character_is_refused_naming_the_option_and_the_character(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, "baseline", "SECMP0006", "--title", "T", "--status", "Refinement", "--on", "2017-03")
    assert refused(db, *args) == f"govledger: {message}\n"
    assert len(events(db)) == 1


def test_the_first_recording_of_refused_text_leaves_a_new_ledger_empty(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    message = refused(db, *SUBMIT, "--title", ESC_TITLE)
    assert message == "govledger: --title: contains a control character (U+001B) at position 4\n"
    assert events(db) == []


def test_the_actor_is_checked_like_any_other_text(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    result = invoke(db, "--actor", "clerk\x07", *SUBMIT, "--title", "T")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: --actor: contains a control character (U+0007) at position 6\n",
    )


def test_a_correction_and_a_retraction_name_the_field_they_were_given(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, *SUBMIT, "--title", "T")
    (submitted,) = events(db)
    event_id = str(submitted["event_id"])
    assert refused(db, "correct", event_id, "--set", "title=A\x1b", "--reason", "typo") == (
        "govledger: --set title: contains a control character (U+001B) at position 2\n"
    )
    assert refused(db, "retract", event_id, "--reason", "wrong\u202d") == (
        "govledger: --reason: contains a bidirectional formatting character (U+202D) "
        "at position 6\n"
    )


def test_a_note_or_a_reason_may_run_over_lines_and_keeps_its_newlines_and_tabs(
    tmp_path: Path,
) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, *SUBMIT, "--title", "T", "--note", "first\nsecond\tindented")
    (submitted,) = events(db)
    run(db, "correct", str(submitted["event_id"]), "--set", "proposer=BG", "--reason", "a\nb")
    assert [(e.get("note"), e.get("reason")) for e in events(db)] == [
        ("first\nsecond\tindented", None),
        (None, "a\nb"),
    ]


# The same rule for imported files


def write_lines(path: Path, *lines: dict[str, object]) -> str:
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return str(path)


LINE = {"kind": "submitted", "proposal": "SECMP0050", "proposer": "P", "on": "2017-05"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ESC_TITLE}, "'title' contains a control character (U+001B) at position 4"),
        ({"title": "Two\nlines"}, "'title' contains a control character (U+000A) at position 4"),
        (
            {"title": "T", "source": "x\u202ey"},
            "'source' contains a bidirectional formatting character (U+202E) at position 2",
        ),
        (
            {"title": "T", "note": "a\rb"},
            "'note' contains a control character (U+000D) at position 2",
        ),
    ],
)
def test_an_imported_line_is_refused_for_the_same_text_naming_the_line_and_field(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, *SUBMIT, "--title", "T")
    bad = write_lines(tmp_path / "bad.jsonl", {**LINE, "title": "Fine"}, {**LINE, **fields})
    assert refused(db, "import", bad) == f"govledger: line 2: {message}\n"


def test_what_events_writes_is_imported_again_unchanged_however_awkward_the_text(
    tmp_path: Path,
) -> None:
    first, second = new_ledger(tmp_path / "first.db"), new_ledger(tmp_path / "second.db")
    run(
        first,
        "submit",
        "SECMP0035",
        "--on",
        "2017-05-02",
        *(arg for name, value in AWKWARD.items() for arg in (f"--{name}", value)),
    )
    run(first, "schedule", "SECMP0035", "--what", "IMR | <b>Panel</b>", "--on", "2017-05-19")
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(run(first, "events"), encoding="utf-8")
    assert run(second, "import", str(exported)) == (
        "Imported 2 events: 2 lines read, 0 of them already in the ledger.\n"
    )
    assert [{k: v for k, v in e.items() if k != "recorded_at"} for e in events(second)] == [
        {k: v for k, v in e.items() if k != "recorded_at"} for e in events(first)
    ]
    assert {k: events(second)[0][k] for k in AWKWARD} == AWKWARD


# Ledgers recorded before the rule: read safely


HOSTILE_TITLE = "Evil \x1b[31mred\x1b[0m [bold]loud[/bold] \u202eabc"
HOSTILE_TITLE_SHOWN = "Evil \\x1b[31mred\\x1b[0m [bold]loud[/bold] \\u202eabc"
HTML_TITLE = "# Heading <script>alert(1)</script> | a & b"


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ledger recorded when govledger still took any text from the command line."""
    db = new_ledger(tmp_path_factory.mktemp("legacy") / "events.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ledger.domain.aggregate.check_text", lambda *_: None)
        run(
            db,
            "submit",
            "SECMP0040",
            "--title",
            HOSTILE_TITLE,
            "--proposer",
            '=HYPERLINK("http://x","y")',
            "--on",
            "2017-04-05",
            "--note",
            "one\ntwo\x07",
        )
        run(
            db,
            "submit",
            "SECMP0041",
            "--title",
            HTML_TITLE,
            "--proposer",
            "-2+3",
            "--on",
            "2017-04-06",
        )
    yield db


def test_a_terminal_table_shows_control_characters_and_markup_literally(legacy: str) -> None:
    out = run(legacy, "register", "--format", "table")
    assert "\x1b" not in out and "\u202e" not in out
    row = next(line for line in out.splitlines() if "SECMP0040" in line)
    assert f" {HOSTILE_TITLE_SHOWN} " in row


def test_show_prints_the_title_and_proposer_with_control_characters_written_out(
    legacy: str,
) -> None:
    out = run(legacy, "show", "SECMP0040", "--format", "table")
    assert f"\ntitle: {HOSTILE_TITLE_SHOWN}\n" in out
    assert '\nproposer: =HYPERLINK("http://x","y")\n' in out
    assert "\x1b" not in out


def test_history_shows_a_recorded_bell_and_newline_as_escapes(legacy: str) -> None:
    out = run(legacy, "history", "SECMP0040", "--format", "table")
    assert " one\\ntwo\\x07 " in out
    assert "\x07" not in out and "\x1b" not in out


def test_markdown_cells_cannot_open_a_heading_raw_html_or_a_column(legacy: str) -> None:
    out = run(legacy, "register", "--format", "md")
    row = next(line for line in out.splitlines() if "SECMP0041" in line)
    assert row.split(" | ")[1] == "\\# Heading &lt;script&gt;alert(1)&lt;/script&gt; \\| a &amp; b"
    assert row.count(" | ") == 8  # nine columns, as the header has
    hostile = next(line for line in out.splitlines() if "SECMP0040" in line)
    assert hostile.split(" | ")[1] == (
        "Evil \\x1b\\[31mred\\x1b\\[0m \\[bold\\]loud\\[/bold\\] \\u202eabc"
    )


def test_the_markdown_report_opens_no_heading_and_passes_no_html(legacy: str) -> None:
    out = run(legacy, "report", "--as-of", "2017-04-10", "--since", "2017-04-01")
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# SEC Update, 10 April 2017",
        "## 1. Purpose",
        "## 2. Code Updates",
        "## 3. SEC Modifications Update",
        "### 3.1 New Modification Proposals",
        "### 3.2 Decisions Taken",
        "### 3.3 Modification Report Consultations",
        "### 3.4 Open Modification Proposals",
        "## 4. Coming Up",
    ]
    assert "<script>" not in out and "\x1b" not in out
    assert (
        "On 6 April 2017, \\-2+3 submitted SECMP0041 \u2013 \\# Heading "
        "&lt;script&gt;alert(1)&lt;/script&gt; \\| a &amp; b; status Modification Proposal "
        "Submitted.\n" in out
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("   # Injected heading", "&#32;&#32;&#32;# Injected heading"),
        ("# Injected heading", "\\# Injected heading"),
        ("    code block", "&#32;&#32;&#32;&#32;code block"),
        ("  1. item", "&#32;&#32;1. item"),
        (" 2) item", "&#32;2) item"),
        ("  - item", "&#32;&#32;- item"),
        ("   + item", "&#32;&#32;&#32;+ item"),
        (" * item", "&#32;* item"),
        ("   > quoted", "&#32;&#32;&#32;&gt; quoted"),
        ("  ```", "&#32;&#32;```"),
        ("   ===", "&#32;&#32;&#32;==="),
        ("  <div>", "&#32;&#32;&lt;div&gt;"),
        ("a  # not at the start", "a  # not at the start"),
    ],
)
def test_no_value_opens_a_markdown_block_whatever_spaces_lead_it(text: str, escaped: str) -> None:
    from markdown_it import MarkdownIt

    assert markdown_text(text) == escaped
    render, read = MarkdownIt("commonmark").enable("table").render, html.escape(text, quote=False)
    assert render(f"Before.\n\n{escaped}\n") == f"<p>Before.</p>\n<p>{read}</p>\n"
    assert render(f"Before.\n{escaped}\n") == f"<p>Before.\n{read}</p>\n"
    assert f"<tbody>\n<tr>\n<td>{read}</td>\n</tr>\n</tbody>" in render(
        f"| a |\n|-|\n| {escaped} |"
    )


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    run(db, "import", str(SEED))
    return db


def test_a_note_led_by_spaces_opens_no_block_in_the_markdown_report(seeded: str) -> None:
    for number, on, note in (
        ("5.7", "2017-04-20", "   # Injected heading"),
        ("5.8", "2017-04-21", "    code block"),
        ("5.9", "2017-04-22", "  1. item"),
    ):
        run(seeded, "version", number, "--on", on, "--basis", "designation", "--note", note)
    out = run(seeded, "report", "--as-of", "2017-04-30", "--since", "2017-04-15")
    notes = [line for line in out.splitlines() if line.startswith("&#32;")]
    assert notes == [
        "&#32;&#32;&#32;# Injected heading",
        "&#32;&#32;&#32;&#32;code block",
        "&#32;&#32;1. item",
    ]
    assert [line for line in out.splitlines() if line.lstrip(" ").startswith("#")] == [
        "# SEC Update, 30 April 2017",
        "## 1. Purpose",
        "## 2. Code Updates",
        "### 2.1 SEC Version 5.7",
        "### 2.2 SEC Version 5.8",
        "### 2.3 SEC Version 5.9",
        "## 3. SEC Modifications Update",
        "### 3.1 New Modification Proposals",
        "### 3.2 Decisions Taken",
        "### 3.3 Modification Report Consultations",
        "### 3.4 Open Modification Proposals",
        "## 4. Coming Up",
    ]


def test_a_markdown_cell_led_by_spaces_opens_no_block(seeded: str) -> None:
    run(seeded, "schedule", "SECMP0006", "--what", "Panel", "--on", "2017-05", "--note", "  # x")
    table = run(seeded, "history", "SECMP0006", "--format", "md").splitlines()
    header = next(line for line in table if line.startswith("| recorded_at |")).split(" | ")
    row = next(line for line in table if " | scheduled | " in line).split(" | ")
    assert row[header.index("note")] == "&#32;&#32;# x"


def test_the_html_report_escapes_every_title(legacy: str) -> None:
    out = run(
        legacy, "report", "--as-of", "2017-04-10", "--since", "2017-04-01", "--format", "html"
    )
    assert "<script>" not in out and "\x1b" not in out
    assert "<td># Heading &lt;script&gt;alert(1)&lt;/script&gt; | a &amp; b</td>" in out
    assert f"<td>{HOSTILE_TITLE_SHOWN}</td>" in out


def test_csv_text_cells_that_a_spreadsheet_would_run_begin_with_a_quote(legacy: str) -> None:
    out = run(legacy, "register", "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["SECMP0040"]["proposer"] == '\'=HYPERLINK("http://x","y")'
    assert rows["SECMP0041"]["proposer"] == "'-2+3"
    assert rows["SECMP0041"]["title"] == HTML_TITLE
    assert rows["SECMP0040"]["title"] == HOSTILE_TITLE_SHOWN
    assert rows["SECMP0040"]["raised"] == "2017-04-05"


@pytest.mark.parametrize(
    ("value", "cell"),
    [(None, ""), ("=1+1", "'=1+1"), ("-2+3", "'-2+3"), ("plain", "plain"), (-5, -5), (1.5, 1.5)],
)
def test_a_csv_cell_guards_text_and_keeps_numbers(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_command_line_csv_writes_booleans_as_words_and_lists_with_the_exports_separator() -> None:
    row = {"n": -5, "flag": True, "off": False, "items": ["=a", "b"], "text": "@x", "none": None}
    assert to_csv([row], list(row)) == "n,flag,off,items,text,none\n-5,true,false,'=a; b,'@x,\n"


def test_the_exported_csv_guards_the_same_cells(legacy: str, tmp_path: Path) -> None:
    run(legacy, "export", "--out", str(tmp_path), "--format", "csv")
    with open(tmp_path / "milestones.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["proposal"], r["what"], r["note"]) for r in rows] == [
        (
            "SECMP0040",
            f'submitted by =HYPERLINK("http://x","y"): {HOSTILE_TITLE_SHOWN}',
            "one\ntwo\\x07",
        ),
        ("SECMP0041", f"submitted by -2+3: {HTML_TITLE}", ""),
    ]
    with open(tmp_path / "register.csv", newline="", encoding="utf-8") as f:
        register = {r["id"]: r for r in csv.DictReader(f)}
    assert register["SECMP0040"]["proposer"] == '\'=HYPERLINK("http://x","y")'


def test_xlsx_text_cells_are_strings_never_formulas(legacy: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run(legacy, "export", "--out", str(tmp_path), "--format", "xlsx")
    sheet = load_workbook(tmp_path / "tables.xlsx")["register"]
    header = [c.value for c in sheet[1]]
    cells = {
        str(row[header.index("id")].value): {h: c for h, c in zip(header, row, strict=True)}
        for row in sheet.iter_rows(min_row=2)
    }
    formula_like = cells["SECMP0040"]["proposer"]
    assert (formula_like.value, formula_like.data_type, formula_like.quotePrefix) == (
        '=HYPERLINK("http://x","y")',
        "s",
        True,
    )
    title = cells["SECMP0040"]["title"]
    assert (title.value, title.data_type, title.quotePrefix) == (HOSTILE_TITLE_SHOWN, "s", False)
    assert (cells["SECMP0041"]["proposer"].value, cells["SECMP0041"]["proposer"].data_type) == (
        "-2+3",
        "s",
    )
    raised = cells["SECMP0040"]["raised_as_given"]
    assert (raised.value, raised.data_type, raised.quotePrefix) == ("2017-04-05", "s", False)


def test_json_exports_keep_the_exact_text(legacy: str, tmp_path: Path) -> None:
    run(legacy, "export", "--out", str(tmp_path), "--format", "jsonl")
    rows = [orjson.loads(x) for x in (tmp_path / "register.jsonl").read_bytes().splitlines()]
    assert {r["id"]: r["title"] for r in rows} == {
        "SECMP0040": HOSTILE_TITLE,
        "SECMP0041": HTML_TITLE,
    }
    assert {e["proposal"]: e["title"] for e in events(legacy)} == {
        "SECMP0040": HOSTILE_TITLE,
        "SECMP0041": HTML_TITLE,
    }
