"""The code as it stood, what changed, the process in force and the release calendar,
in a real browser, each linked to the proposals behind it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.web.conftest import govledger, seed_copy


def test_the_code_page_shows_the_version_in_force_and_links_what_it_implements(
    page: Any, site: str, seed: Path
) -> None:
    cli = json.loads(govledger(seed, "code", "SEC", "--as-of", "2017-04-10", "--format", "json"))
    page.goto(f"{site}/SEC/code/2017-04-10")
    assert page.inner_text("#headline") == "SEC 5.6 in force on 2017-04-10, since 2017-04-01"
    shown = page.locator("#chain td[data-column=version]").all_inner_texts()
    assert shown == [row["version"] for row in cli[0]["chain"]]
    page.locator("#chain a", has_text="SECMP0016").click()
    page.wait_for_url(f"{site}/SEC/proposals/SECMP0016/2017-04-10")
    assert page.inner_text("[data-fact=status]") == "Implemented"


def test_the_changes_between_two_dates_follow_both_pickers(page: Any, site: str) -> None:
    page.goto(f"{site}/SEC/changes/2017-03-01/2017-04-10")
    assert "SECMP0034" in page.locator("#rows td[data-column=id]").all_inner_texts()
    page.fill("#to", "2017-03-31")
    page.wait_for_url(f"{site}/SEC/changes/2017-03-01/2017-03-31")
    ids = page.locator("#rows td[data-column=id]").all_inner_texts()
    assert "SECMP0034" not in ids
    assert "SEC 5.5" in ids  # in force from 2017-03-15


def test_the_process_page_shows_the_process_in_force_on_the_date(page: Any, site: str) -> None:
    page.goto(f"{site}/SEC/process/2017-04-10")
    assert "the SEC process of 2017" in page.inner_text("h1")
    page.fill("#as-of", "2019-01-01")
    page.wait_for_url(f"{site}/SEC/process/2019-01-01")
    assert "November 2018" in page.inner_text("h1")
    assert "Draft Proposal" in page.inner_text("#statuses")


def test_the_release_calendar_marks_each_release_at_its_go_live(
    page: Any, tmp_path: Path, serve: Any
) -> None:
    db = seed_copy(tmp_path)
    name = "November 2019 SEC Release"
    govledger(db, "release", "plan", name, "--go-live", "2019-11-07", "--on", "2019-02-14")
    govledger(db, "release", "live", name, "--on", "2019-11-28")
    govledger(
        db,
        "release",
        "plan",
        "February 2020 SEC Release",
        "--go-live",
        "2020-02-27",
        "--on",
        "2019-06-01",
    )
    with serve(db) as site:
        page.goto(f"{site}/SEC/releases/2019-12-31")
        marks = page.locator("#calendar g.release")
        assert marks.count() == 2
        told = sorted(marks.locator("title").all_text_contents())
        assert told == [
            "February 2020 SEC Release: planned, 2020-02-27",
            f"{name}: live, 2019-11-28",
        ]
        page.locator("#rows a", has_text=name).click()
        page.wait_for_url(f"{site}/SEC/release/November%202019%20SEC%20Release/2019-12-31")
        assert page.locator("#history tbody tr").count() == 2
        page.goto(f"{site}/SEC/releases/2019-03-01")
        assert page.locator("#calendar g.release").count() == 1  # the other not yet announced
