"""The register as it stood, read in a real browser: the rows the CLI gives, the date
picker, the status facets, the chart and the downloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.web.conftest import govledger


def shown_rows(page: Any) -> dict[str, str]:
    """Each row of the page's table: the proposal's id and its status as shown."""
    ids = page.locator("#rows td[data-column='id']").all_inner_texts()
    statuses = page.locator("#rows td[data-column='status']").all_inner_texts()
    return dict(zip(ids, statuses, strict=True))


def test_the_register_of_10_april_2017_shows_the_26_open_proposals_with_the_cli_statuses(
    page: Any, site: str, seed: Path
) -> None:
    cli = json.loads(
        govledger(seed, "register", "--open", "--as-of", "2017-04-10", "--format", "json")
    )
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    rows = shown_rows(page)
    assert len(rows) == 26
    assert rows == {r["id"]: r["status"] for r in cli}
    assert page.inner_text("#count") == "26"


def test_every_page_carries_the_banner_the_cli_prints(page: Any, site: str, seed: Path) -> None:
    told = govledger(seed, "register", "--open", "--as-of", "2017-04-10", "--format", "md")
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    banner = page.inner_text("#banner")
    assert banner.startswith("Register as of 2017-04-10: complete to everything recorded up to ")
    assert banner == told.splitlines()[0]


def test_changing_the_date_in_the_picker_changes_the_address_and_the_rows(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    assert "SECMP0034" in shown_rows(page)
    page.fill("#as-of", "2017-03-31")
    page.wait_for_url(f"{site}/SEC/register/2017-03-31?open=1")
    rows = shown_rows(page)
    assert "SECMP0034" not in rows
    assert rows  # the other proposals open then are still there
    assert page.input_value("#as-of") == "2017-03-31"
    assert page.inner_text("#banner").startswith("Register as of 2017-03-31")


def test_a_status_facet_keeps_only_its_rows_and_says_how_many(page: Any, site: str) -> None:
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    facet = page.locator("#facets a", has_text="Report Phase")
    counted = int(facet.locator("xpath=..").inner_text().rsplit(" ", 1)[1])
    facet.click()
    page.wait_for_url("**status=Report+Phase**")
    statuses = set(shown_rows(page).values())
    assert statuses == {"Report Phase"}
    assert len(shown_rows(page)) == counted


def test_the_csv_download_equals_the_cli_csv_for_the_same_question(
    page: Any, site: str, seed: Path
) -> None:
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    href = page.get_attribute("#download-csv", "href")
    assert href == "/SEC/register/2017-04-10.csv?open=1"
    downloaded = page.request.get(site + href)
    assert downloaded.headers["content-type"].startswith("text/csv")
    cli = govledger(
        seed, "register", "--open", "--code", "SEC", "--as-of", "2017-04-10", "--format", "csv"
    )
    assert downloaded.text() == cli
    assert page.inner_text("#command") == (
        "govledger register --code SEC --open --as-of 2017-04-10 --format csv"
    )


def test_the_json_download_equals_the_cli_json_for_the_same_question(
    page: Any, site: str, seed: Path
) -> None:
    page.goto(f"{site}/SEC/register/2017-03-31")
    downloaded = page.request.get(site + page.get_attribute("#download-json", "href"))
    cli = govledger(seed, "register", "--as-of", "2017-03-31", "--format", "json")
    assert downloaded.text() == cli


def test_the_register_as_known_at_a_time_before_anything_was_recorded_is_empty_and_says_so(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/SEC/register/2017-04-10?known_at=2000-01-01")
    assert shown_rows(page) == {}
    assert "nothing had been recorded by then" in page.inner_text("#banner")
    assert page.input_value("input[name=known_at]") == "2000-01-01"  # kept by the picker


def test_the_chart_of_open_proposals_by_status_draws_a_band_for_each_status(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/SEC/register/2017-04-10?open=1")
    statuses = set(shown_rows(page).values())
    page.wait_for_function("document.querySelector('#chart').complete")
    assert page.evaluate("document.querySelector('#chart').naturalWidth") > 0  # drawn
    source = page.get_attribute("#chart", "src")
    assert page.request.get(site + source).headers["content-type"] == "image/svg+xml"
    page.goto(site + source)
    bands = set(page.locator("polygon title").all_text_contents())
    assert bands >= statuses
