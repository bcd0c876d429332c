"""The HTML report in real headless Chromium: each of the seed paper's facts in the
section it belongs to, a stage timeline with month ticks and a legend, and a print on
A4 of the expected number of pages, none ending with a heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from tests.conftest import SEED, new_ledger
from tests.e2e.report_support import SEED_REPORT, TABLE_ONE, headless, run

A4 = (595, 842)  # points, rounded
SEED_PAGES = 3
HEADINGS = [
    "1. Purpose",
    "2. Code Updates",
    "2.1 SEC Version 5.5",
    "2.2 SEC Version 5.6",
    "3. SEC Modifications Update",
    "3.1 New Modification Proposals",
    "3.2 Decisions Taken",
    "3.3 Modification Report Consultations",
    "3.4 Open Modification Proposals",
    "4. Coming Up",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    db = new_ledger(folder / "events.db")
    run("--db", db, "import", str(SEED))
    html = folder / "update.html"
    html.write_text(run("--db", db, *SEED_REPORT, "--format", "html", "--author", "SECAS Team"))
    return html


@pytest.fixture(scope="module")
def dom(page: Path) -> BeautifulSoup:
    dumped = headless(page, page.parent / "profile-dom", "--dump-dom").stdout
    return BeautifulSoup(dumped, "html.parser")


@pytest.fixture(scope="module")
def pdf(page: Path) -> PdfReader:
    printed = page.parent / "update.pdf"
    headless(
        page, page.parent / "profile-pdf", "--no-pdf-header-footer", f"--print-to-pdf={printed}"
    )
    return PdfReader(printed)


def text(dom: BeautifulSoup, selector: str) -> str:
    found = dom.select_one(selector)
    assert isinstance(found, Tag), selector
    return " ".join(found.get_text().split())


def test_the_page_loads_nothing_from_the_network(page: Path) -> None:
    assert not re.search(r"(src|href)=\"https?:", page.read_text())


def test_the_header_gives_the_classification_title_date_and_author(dom: BeautifulSoup) -> None:
    header = text(dom, "header.paper")
    assert header.startswith(
        "This document is classified as White in accordance with the Panel Information Policy."
    )
    assert text(dom, "header.paper h1") == "SEC Update, 10 April 2017"
    facts = dict(zip(dom.select("header dt"), dom.select("header dd"), strict=True))
    assert {dt.get_text(): dd.get_text() for dt, dd in facts.items()} == {
        "Date": "10 April 2017",
        "Author": "SECAS Team",
    }


def test_the_sections_follow_the_papers_order(dom: BeautifulSoup) -> None:
    assert [" ".join(h.get_text().split()) for h in dom.select("h2, h3")] == HEADINGS


def test_each_version_holds_its_own_modification_decisions_and_sections(
    dom: BeautifulSoup,
) -> None:
    v55, v56 = text(dom, "#version-2\\.1"), text(dom, "#version-2\\.2")
    assert "SEC Version 5.5 came into effect on 15 March 2017." in v55
    assert "February 2017, Change Board: Change Board vote: approve." in v55
    assert "It amends Section G 7.6-7.12." in v55
    assert "SECMP0016" not in v55 and "BEIS" not in v55
    assert "SEC Version 5.6 came into effect on 1 April 2017." in v56
    assert "17 January 2017, BEIS: approved by BEIS as the Authority." in v56
    assert "It amends Section A, Section J." in v56
    assert "SECMP0026" not in v56 and "Change Board" not in v56
    assert [li.get_text() for li in dom.select("#version-2\\.1 .decisions li")] == [
        "February 2017, Change Board: Change Board vote: approve."
    ]


def test_section_3_holds_the_new_proposal_the_decisions_and_the_consultation(
    dom: BeautifulSoup,
) -> None:
    new = text(dom, "#new-proposals")
    assert "On 5 April 2017, British Gas submitted SECMP0034" in new
    assert "Pending: Initial Modification Report presented to the SEC Panel meeting" in new
    decided = {li["data-id"]: " ".join(li.get_text().split()) for li in dom.select("#decisions li")}
    assert set(decided) == {"SECMP0031", "SECMP0032", "SECMP0033"}
    assert "March 2017, Panel: IMR accepted: Path 3, to report." in decided["SECMP0033"]
    assert "responses by 27 April 2017" in text(dom, "#consultations li[data-id=SECMP0006]")
    assert "21 April 2017" in text(dom, "#coming-up li[data-id=SECMP0034]")


def test_table_one_lists_every_open_proposal_with_the_ledgers_status(dom: BeautifulSoup) -> None:
    rows = [
        [td.get_text() for td in tr.select("td")] for tr in dom.select("#open-proposals tbody tr")
    ]
    assert {r[0]: (r[1], r[2]) for r in rows} == TABLE_ONE
    assert [r[0] for r in rows] == sorted(TABLE_ONE)


def test_dates_read_in_words_and_stay_machine_readable(dom: BeautifulSoup) -> None:
    assert re.findall(r"\d{4}-\d{2}", dom.body.get_text()) == []
    times = {t["datetime"]: t.get_text() for t in dom.select("time")}
    assert (times["2017-04-01"], times["2017-02"]) == ("1 April 2017", "February 2017")


def test_the_timeline_draws_every_open_proposal_with_month_ticks_and_a_legend(
    dom: BeautifulSoup,
) -> None:
    figure = dom.select_one("#stage-timeline")
    assert isinstance(figure, Tag)
    titles = [t.get_text() for t in figure.select("rect title")]
    assert {t.split(":")[0] for t in titles} == set(TABLE_ONE)
    assert "SECMP0006: Report Phase from 4 April 2017" in titles
    assert [t.get_text() for t in figure.select("text.tick-label")] == ["Mar 2017", "Apr 2017"]
    legend = [li.get_text() for li in figure.select(".legend li")]
    assert legend[:3] == ["Modification Proposal Submitted", "Refinement", "Report Phase"]
    assert "Figure one: the stages of the open Modification Proposals to 10 April 2017" in (
        figure.get_text()
    )


def test_the_seed_report_prints_on_a4_in_the_expected_number_of_pages(pdf: PdfReader) -> None:
    assert len(pdf.pages) == SEED_PAGES
    for sheet in pdf.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == A4


def test_no_printed_page_ends_with_a_heading(pdf: PdfReader) -> None:
    last_lines = [sheet.extract_text().strip().splitlines()[-1] for sheet in pdf.pages]
    assert [line for line in last_lines if line.replace("\ufb01", "fi") in HEADINGS] == []
    assert last_lines[-1].endswith("announcement date not recorded.")


def test_a_long_history_ticks_every_month_and_labels_at_most_twelve(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    run(
        "--db",
        db,
        "submit",
        "SECMP0035",
        "--title",
        "Old",
        "--proposer",
        "EDF",
        "--on",
        "2015-01-05",
    )
    page = tmp_path / "long.html"
    page.write_text(run("--db", db, *SEED_REPORT, "--format", "html"))
    dom = BeautifulSoup(headless(page, tmp_path / "profile", "--dump-dom").stdout, "html.parser")
    labels = [t.get_text() for t in dom.select("#stage-timeline text.tick-label")]
    assert len(dom.select("#stage-timeline line.tick")) == 28  # January 2015 to April 2017
    assert [label for label in labels if label] == [
        "Jan 2015", "Apr 2015", "Jul 2015", "Oct 2015", "Jan 2016", "Apr 2016",
        "Jul 2016", "Oct 2016", "Jan 2017", "Apr 2017",
    ]  # fmt: skip
    assert "SECMP0035: Modification Proposal Submitted from 5 January 2015" in [
        t.get_text() for t in dom.select("#stage-timeline rect title")
    ]


def test_a_report_with_no_open_proposal_says_so_and_draws_no_timeline(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    run("--db", db, "import", str(SEED))
    page = tmp_path / "empty.html"
    page.write_text(run("--db", db, "report", "--as-of", "2016-01-01", "--format", "html"))
    dom = BeautifulSoup(headless(page, tmp_path / "profile", "--dump-dom").stdout, "html.parser")
    assert dom.select("#stage-timeline, #open-proposals") == []
    assert text(dom, "#open-proposals-section p") == (
        "No Modification Proposal was open on 1 January 2016."
    )
    assert text(dom, "#code-updates p") == "No version came into effect in the period."
