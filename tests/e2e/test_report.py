"""`report`: the ledger's own SEC Update, headed and ordered like the seed paper, carries
every fact of its sections 2 and 3 and its Table one, each under the version or
proposal it belongs to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from markdown_it import MarkdownIt

from cli.main import main
from tests.conftest import SEED, new_ledger
from tests.e2e.report_support import SEED_REPORT, TABLE_ONE, run


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = new_ledger(tmp_path_factory.mktemp("seed") / "events.db")
    run("--db", db, "import", str(SEED))
    return db


@pytest.fixture(scope="module")
def paper(seeded: str) -> str:
    return run("--db", seeded, *SEED_REPORT, "--author", "Kayla Reinhart")


def section(text: str, heading: str) -> str:
    """The text under a heading, to the next heading of any level."""
    return re.split(r"\n#+ ", text.split(f" {heading}\n", 1)[1], maxsplit=1)[0]


def test_the_paper_is_headed_with_its_title_classification_date_and_author(paper: str) -> None:
    head = paper.split("\n## ", 1)[0]
    assert head.splitlines()[0] == "# SEC Update, 10 April 2017"
    assert (
        "This document is classified as **White** in accordance with the Panel Information "
        "Policy. Information can be shared with the public" in head
    )
    assert "**Date:** 10 April 2017" in head
    assert "**Author:** Kayla Reinhart" in head


def test_a_paper_without_an_author_names_none_and_another_class_is_said(seeded: str) -> None:
    out = run("--db", seeded, *SEED_REPORT, "--classification", "amber")
    assert "**Author:**" not in out
    assert (
        "This document is classified as **Amber** in accordance with the Panel Information "
        "Policy.\n" in out
    )


def test_the_sections_follow_the_papers_order(paper: str) -> None:
    assert [line for line in paper.splitlines() if line.startswith("#")] == [
        "# SEC Update, 10 April 2017",
        "## 1. Purpose",
        "## 2. Code Updates",
        "### 2.1 SEC Version 5.5",
        "### 2.2 SEC Version 5.6",
        "## 3. SEC Modifications Update",
        "### 3.1 New Modification Proposals",
        "### 3.2 Decisions Taken",
        "### 3.3 Modification Report Consultations",
        "### 3.4 Open Modification Proposals",
        "## 4. Coming Up",
    ]


def test_the_purpose_names_the_period_and_how_complete_the_record_is_in_words(
    paper: str,
) -> None:
    assert re.fullmatch(
        "This paper informs the SEC Panel of the activities in relation to the SEC from "
        "1 March 2017 to 10 April 2017, as the ledger records them: complete to everything "
        r"it had recorded by \d{1,2} [A-Z][a-z]+ \d{4} \(39 events\)\.",
        section(paper, "Purpose").strip(),
    )


def test_no_timestamp_or_iso_date_reaches_the_paper(paper: str) -> None:
    assert re.findall(r"\d{4}-\d{2}", paper) == []


def test_section_2_1_sec_5_5_implements_secmp0026_approved_in_february_on_path_3(
    paper: str,
) -> None:
    v55 = section(paper, "SEC Version 5.5")
    assert "SEC Version 5.5 came into effect on 15 March 2017." in v55
    assert (
        "It implements SECMP0026 \u2013 Changes to the Security Sub-Committee Nomination "
        "Process, Path 3 (Self-Governance).\n\n"
        "- February 2017, Change Board: Change Board vote: approve.\n" in v55
    )
    assert "It amends Section G 7.6-7.12." in v55
    for fact in ("senior position", "reject nominees", "security vetting"):
        assert fact in v55
    assert "SECMP0016" not in v55 and "BEIS" not in v55


def test_section_2_2_sec_5_6_implements_secmp0016_approved_by_beis_on_17_january(
    paper: str,
) -> None:
    v56 = section(paper, "SEC Version 5.6")
    assert "SEC Version 5.6 came into effect on 1 April 2017." in v56
    assert (
        "It implements SECMP0016 \u2013 Consideration of maximum credit value in credit cover "
        "calculation, Path 1 or 2 (implied).\n\n"
        "- 17 January 2017, BEIS: approved by BEIS as the Authority.\n" in v56
    )
    assert "It amends Section A, Section J." in v56
    assert "about 70% to about 30%" in v56
    assert "SECMP0026" not in v56 and "Change Board" not in v56


def test_each_versions_paragraphs_stand_outside_its_list_of_decisions(paper: str) -> None:
    page = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(paper), "html.parser")
    for amends in ("It amends Section G 7.6-7.12.", "It amends Section A, Section J."):
        (paragraph,) = [p for p in page.find_all("p") if p.get_text() == amends]
        assert paragraph.find_parent("li") is None
    decisions = [li.get_text() for li in page.find_all("li")][:2]
    assert decisions == [
        "February 2017, Change Board: Change Board vote: approve.",
        "17 January 2017, BEIS: approved by BEIS as the Authority.",
    ]


def test_section_3_1_british_gas_submitted_secmp0034_whose_imr_is_due_on_21_april(
    paper: str,
) -> None:
    new = section(paper, "New Modification Proposals")
    assert (
        "On 5 April 2017, British Gas submitted SECMP0034 \u2013 Changes to the SEC "
        "Section D for DCC analysis provisions; status Modification Proposal Submitted." in new
    )
    assert (
        "- Pending: Initial Modification Report presented to the SEC Panel meeting on "
        "21 April 2017; announcement date not recorded." in new
    )


def test_section_3_2_the_march_panel_considered_three_imrs(paper: str) -> None:
    decisions = section(paper, "Decisions Taken").splitlines()
    by_id = {line.split(" ")[1]: line for line in decisions if line.startswith("- ")}
    assert set(by_id) == {"SECMP0031", "SECMP0032", "SECMP0033"}
    assert (
        "Update to CH Handover Support Materials. March 2017, Panel: IMR accepted: Path 3, "
        "to report." in by_id["SECMP0033"]
    )
    for pid in ("SECMP0031", "SECMP0032"):
        assert TABLE_ONE[pid][0] in by_id[pid]
        assert (
            "March 2017, Panel: IMR considered: referred to BEIS under SEC X2.3(d)." in by_id[pid]
        )
        assert "cancel or suspend" in by_id[pid]


def test_section_3_3_secmp0006_consultation_issued_4_april_responses_by_27_april(
    paper: str,
) -> None:
    assert section(paper, "Modification Report Consultations").strip() == (
        "- On 4 April 2017, the Modification Report Consultation for SECMP0006 \u2013 "
        "Specifying the number of digits for device displays was issued; responses by "
        "27 April 2017."
    )


def test_table_one_lists_every_open_proposal_with_the_ledgers_status_since_when(
    paper: str,
) -> None:
    table = section(paper, "Open Modification Proposals")
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("| SECMP")
    ]
    assert {r[0]: (r[1], r[2]) for r in rows} == TABLE_ONE
    assert [r[0] for r in rows] == sorted(TABLE_ONE)
    since = {r[0]: r[3] for r in rows}
    assert (since["SECMP0002"], since["SECMP0006"]) == ("March 2017", "4 April 2017")
    assert "Table one: Modification Proposals open on 10 April 2017" in table


def test_coming_up_closes_the_paper_with_the_meeting_of_21_april(paper: str) -> None:
    assert paper.endswith(
        "## 4. Coming Up\n\n- SECMP0034: Initial Modification Report presented to the SEC "
        "Panel meeting, 21 April 2017; announcement date not recorded.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--since", "2017-05-01"),
            "govledger: --since 2017-05-01 is after --as-of 2017-04-10\n",
        ),
        (
            ("--author", " "),
            "govledger: --author is empty: give a name, or leave it out\n",
        ),
        (
            ("--author", "SECAS\x1b[31m"),
            "govledger: '--author' contains a control character (U+001B) at position 6\n",
        ),
    ],
)
def test_a_bad_option_is_refused_in_one_line(
    seeded: str, args: tuple[str, ...], message: str
) -> None:
    result = CliRunner().invoke(main, ["--db", seeded, "report", "--as-of", "2017-04-10", *args])
    assert (result.exit_code, result.output) == (2, message)


def test_an_unknown_classification_is_refused_with_the_ones_there_are(seeded: str) -> None:
    result = CliRunner().invoke(main, ["--db", seeded, *SEED_REPORT, "--classification", "Purple"])
    assert result.exit_code == 2
    assert "'Purple' is not one of 'white', 'green', 'amber', 'red'" in result.output


def test_a_title_holding_html_is_text_in_every_section_of_the_html_report(
    tmp_path: Path,
) -> None:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    title = "<b>Bold</b> & <script>alert(1)</script>"
    run(
        "--db",
        db,
        "submit",
        "SECMP0035",
        "--title",
        title,
        "--proposer",
        "EDF",
        "--on",
        "2017-04-06",
    )
    page = BeautifulSoup(run("--db", db, *SEED_REPORT, "--format", "html"), "html.parser")
    assert page.find_all(["b", "script"]) == []
    shown = f"SECMP0035 \u2013 {title}"
    assert shown in page.select_one("#new-proposals").get_text()
    assert [td.get_text() for td in page.select("#open-proposals td")].count(title) == 1
