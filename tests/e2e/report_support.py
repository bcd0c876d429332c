"""What the seed paper's report holds, and how its tests run govledger and Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main

SEED_REPORT = ("report", "--as-of", "2017-04-10", "--since", "2017-03-01")
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


def chromium() -> str:
    """The browser, or a skip where it is not installed and not required."""
    browser = shutil.which("chromium")
    if browser is None:
        if os.environ.get("GOVLEDGER_REQUIRE_CHROMIUM"):
            pytest.fail("GOVLEDGER_REQUIRE_CHROMIUM is set but chromium is not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    return browser


def headless(page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium on a local page with no network and a fresh profile."""
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *action,
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
