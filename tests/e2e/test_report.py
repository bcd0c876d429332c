"""`report`: the ledger's own SEC Update carries every fact of the seed paper's
sections 2 and 3 and its Table one; the HTML renders in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.conftest import SEED, new_ledger

TABLE_ONE = {
    "SECMP0002": ("Add New Command to Reset Debt Registers", "Refinement"),
    "SECMP0004": (
        "Inclusion of Meter Serial Number data item in the Smart Metering Inventory",
        "Refinement",
    ),
    "SECMP0005": ("Inclusion of Tariff and Register Labels on SMETS2 Devices", "Refinement"),
    "SECMP0006": ("Specifying the number of digits for device displays", "Report Phase"),
    "SECMP0007": ("Firmware updates to mandated HAN devices", "Refinement"),
    "SECMP0008": (
        "Provision of a DCC Alert (formerly Service Request Error Response) for Quarantined Service Requests",  # noqa: E501
        "Refinement",
    ),
    "SECMP0009": ("Centralised Firmware Library", "Refinement"),
    "SECMP0010": ("Introduction of triage arrangements for Communication Hubs", "Refinement"),
    "SECMP0011": ("Including the MAP ID in the Smart Metering Inventory", "Refinement"),
    "SECMP0012": ("Channel selection to support Shared HAN Solutions", "Refinement"),
    "SECMP0013": ("Smart meter device diagnostics and triage", "Refinement"),
    "SECMP0015": ("GPF timestamp for reading instantaneous Gas values", "Refinement"),
    "SECMP0018": ("Standard Electricity Distributor Configuration Settings", "Refinement"),
    "SECMP0019": ("Auxiliary Load Control Switches (ALCS) Description Label", "Refinement"),
    "SECMP0021": ("Increase Other SEC Party representation for TABASC and SSC", "Refinement"),
    "SECMP0023": ("Correct Units of Measurement for Uncontrolled Gas Flow Rate", "Refinement"),
    "SECMP0024": ("Enduring Approach to Communication Hub Firmware Management", "Refinement"),
    "SECMP0025": ("Electricity Network Party Access to Load Switching Information", "Refinement"),
    "SECMP0027": ("Amending Service Request Forecasting", "Refinement"),
    "SECMP0028": ("Prioritising Service Requests", "Refinement"),
    "SECMP0029": ("Business Continuity and Disaster Recovery Testing Amendments", "Refinement"),
    "SECMP0030": ("Demand Management of DCC Systems", "Refinement"),
    "SECMP0031": ("Adding UTRN Functionality to SMETS", "Modification Proposal Submitted"),
    "SECMP0032": (
        "Prioritising Prepayment Customers in No WAN Situations",
        "Modification Proposal Submitted",
    ),
    "SECMP0033": ("Update to CH Handover Support Materials", "Report Phase"),
    "SECMP0034": (
        "Changes to the SEC Section D for DCC analysis provisions",
        "Modification Proposal Submitted",
    ),
}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = new_ledger(tmp_path_factory.mktemp("seed") / "events.db")
    run("--db", db, "import", str(SEED))
    return db


@pytest.fixture(scope="module")
def paper(seeded: str) -> str:
    return run("--db", seeded, "report", "--as-of", "2017-04-10", "--since", "2017-03-01")


def section(text: str, name: str) -> str:
    return text.split(f". {name}\n", 1)[1].split("\n## ", 1)[0]


def test_section_2_1_sec_5_5_implements_secmp0026_approved_in_february_on_path_3(
    paper: str,
) -> None:
    updates = section(paper, "Code updates")
    v55 = updates.split("SEC Version 5.6")[0]
    assert "SEC Version 5.5 came into effect on 15 March 2017" in v55
    assert (
        "SECMP0026 \u2013 Changes to the Security Sub-Committee Nomination Process, Path 3 (Self-Governance)"  # noqa: E501
        in v55
    )
    assert "February 2017 (2017-02): Change Board, Change Board vote: approve" in v55
    assert "Amends: Section G 7.6-7.12." in v55
    for fact in ("senior position", "reject nominees", "security vetting"):
        assert fact in v55


def test_section_2_2_sec_5_6_implements_secmp0016_approved_by_beis_on_17_january(
    paper: str,
) -> None:
    v56 = section(paper, "Code updates").split("SEC Version 5.6")[1]
    assert v56.startswith(" came into effect on 1 April 2017 (2017-04-01)")
    assert (
        "SECMP0016 \u2013 Consideration of maximum credit value in credit cover calculation" in v56
    )
    assert "17 January 2017 (2017-01-17): BEIS, approved by BEIS as the Authority" in v56
    assert "Amends: Section A, Section J." in v56
    assert "about 70% to about 30%" in v56


def test_section_3_1_british_gas_submitted_secmp0034_whose_imr_is_due_on_21_april(
    paper: str,
) -> None:
    new = section(paper, "New Modification Proposals")
    assert (
        "On 5 April 2017 (2017-04-05), British Gas submitted SECMP0034 \u2013 Changes to the SEC "
        "Section D for DCC analysis provisions" in new
    )
    assert (
        "Pending: Initial Modification Report presented to the SEC Panel meeting on 21 April 2017"
        in new
    )


def test_section_3_2_the_march_panel_considered_three_imrs(paper: str) -> None:
    decisions = section(paper, "Decisions taken").splitlines()
    by_id = {line.split(" ")[1]: line for line in decisions if line.startswith("- ")}
    assert set(by_id) == {"SECMP0031", "SECMP0032", "SECMP0033"}
    assert (
        "Update to CH Handover Support Materials: March 2017 (2017-03): Panel, IMR accepted: Path 3, to report"  # noqa: E501
        in by_id["SECMP0033"]
    )
    for pid in ("SECMP0031", "SECMP0032"):
        assert TABLE_ONE[pid][0] in by_id[pid]
        assert (
            "March 2017 (2017-03): Panel, IMR considered: referred to BEIS under SEC X2.3(d)"
            in by_id[pid]
        )
        assert "cancel or suspend" in by_id[pid]


def test_section_3_3_secmp0006_consultation_issued_4_april_responses_by_27_april(
    paper: str,
) -> None:
    assert section(paper, "Consultations issued").strip() == (
        "- On 4 April 2017 (2017-04-04), the Modification Report Consultation for SECMP0006 \u2013 "
        "Specifying the number of digits for device displays was issued; responses by "
        "27 April 2017 (2017-04-27)."
    )


def test_table_one_lists_every_open_proposal_with_the_ledgers_status(paper: str) -> None:
    table = section(paper, "Open Modification Proposals")
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("| SECMP")
    ]
    assert {r[0]: (r[1], r[2]) for r in rows} == TABLE_ONE
    assert [r[0] for r in rows] == sorted(TABLE_ONE)


def test_a_since_after_the_as_of_is_refused_in_one_line(seeded: str) -> None:
    result = CliRunner().invoke(
        main, ["--db", seeded, "report", "--as-of", "2017-04-10", "--since", "2017-05-01"]
    )
    assert result.exit_code == 2
    assert result.output == "govledger: --since 2017-05-01 is after --as-of 2017-04-10\n"


class Cells(HTMLParser):
    """The text of each row of the table with id open-proposals."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.rows, self.cell = False, [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "open-proposals") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell += data


def test_the_html_report_renders_table_one_in_headless_chromium(
    seeded: str, tmp_path: Path
) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    page = tmp_path / "update.html"
    page.write_text(
        run(
            "--db",
            seeded,
            "report",
            "--as-of",
            "2017-04-10",
            "--since",
            "2017-03-01",
            "--format",
            "html",
        )
    )
    assert not re.search(r"(src|href)=\"https?:", page.read_text())
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    cells = Cells()
    cells.feed(dom)
    rows = [r for r in cells.rows if r]
    assert {r[0]: (r[1], r[2]) for r in rows} == TABLE_ONE
    assert dom.count("<rect") >= len(TABLE_ONE)
