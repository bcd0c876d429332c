"""A proposal as it stood, in a real browser: its facts, its timeline drawn as SVG with
implied stages marked, its raw history, and the inclusion proof of each event."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from ledger.merkle import leaf_hash, verify_inclusion
from tests.e2e.web.conftest import govledger


def test_a_proposal_page_shows_its_timeline_as_svg_one_mark_an_entry(
    page: Any, site: str, seed: Path
) -> None:
    cli = json.loads(
        govledger(seed, "show", "SECMP0006", "--as-of", "2017-04-10", "--format", "json")
    )
    page.goto(f"{site}/SEC/proposals/SECMP0006/2017-04-10")
    picture = page.locator("#timeline-picture svg")
    assert picture.is_visible()
    marks = picture.locator("g.stage")
    assert marks.count() == len(cli[0]["timeline"])
    told = marks.locator("title").all_text_contents()
    assert [t.split("  ")[0] for t in told] == [row["on"] for row in cli[0]["timeline"]]
    assert page.inner_text("[data-fact=status]") == cli[0]["status"]


def test_an_implied_stage_is_drawn_and_listed_as_implied(
    page: Any, tmp_path: Path, serve: Any
) -> None:
    from tests.e2e.web.conftest import seed_copy

    db = seed_copy(tmp_path)
    govledger(db, "version", "5.7", "--on", "2017-06-01", "--implements", "SECMP0033")
    with serve(db) as site:
        page.goto(f"{site}/SEC/proposals/SECMP0033/2017-06-30")
        implied = page.locator("#timeline-picture g.stage.implied")
        assert implied.count() >= 1
        assert "(implied)" in implied.first.locator("title").text_content()
        assert page.locator("#timeline tr.implied").count() == implied.count()


def test_a_proposal_before_its_first_event_says_nothing_had_happened_to_it(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/SEC/proposals/SECMP0034/2017-03-31")
    assert page.inner_text("#absent") == "SECMP0034: nothing had happened to it by 2017-03-31"
    assert page.locator("#timeline-picture").count() == 0


def test_the_history_shows_both_times_and_the_actor_of_each_event_as_the_cli_does(
    page: Any, site: str, seed: Path
) -> None:
    cli = json.loads(govledger(seed, "history", "SECMP0006", "--format", "json"))
    page.goto(f"{site}/SEC/proposals/SECMP0006")
    page.click("#history-link")
    page.wait_for_url("**/SEC/proposals/SECMP0006/history**")
    for column in ("recorded_at", "happened_on", "actor"):
        shown = page.locator(f"#rows td[data-column={column}]").all_inner_texts()
        assert shown == [row[column] for row in cli]


def test_each_event_shown_offers_an_inclusion_proof_that_verifies(page: Any, site: str) -> None:
    page.goto(f"{site}/SEC/proposals/SECMP0006/2017-04-10")
    links = page.locator("#timeline a.proof")
    assert links.count() == 2
    links.first.click()
    page.wait_for_url("**/proofs/**")
    proof = page.request.get(site + page.get_attribute("#proof-json", "href")).json()
    assert page.inner_text("#root") == proof["root"]
    decoded = [base64.b64decode(p) for p in proof["path"]]
    leaf = leaf_hash(base64.b64decode(proof["entry"]))
    root = base64.b64decode(proof["root"])
    assert verify_inclusion(proof["index"], proof["tree_size"], leaf, decoded, root)
    assert not verify_inclusion(proof["index"], proof["tree_size"], leaf, decoded[1:], root)


def test_a_page_shows_the_latest_checkpoint_it_was_served_from(
    page: Any, tmp_path: Path, serve: Any
) -> None:
    from tests.e2e.web.conftest import seed_copy

    db = seed_copy(tmp_path / "ledger")
    govledger(db, "keygen", "govledger.example/sec", "--out", str(tmp_path / "sec"))
    note = govledger(db, "checkpoint", "--key", str(tmp_path / "sec.key"))
    with serve(db) as site:
        page.goto(f"{site}/SEC/register/2017-04-10")
        said = page.inner_text("#checkpoint")
        size, root = note.splitlines()[1:3]
        assert said.startswith(f"Served from checkpoint govledger.example/sec of {size} events")
        assert root in said
        page.goto(f"{site}/SEC/proposals/SECMP0006")
        page.locator("#timeline a.proof").first.click()
        assert note.strip() in page.inner_text("pre")


def test_the_proposal_downloads_equal_the_cli_show(page: Any, site: str, seed: Path) -> None:
    page.goto(f"{site}/SEC/proposals/SECMP0034/2017-04-10")
    for fmt in ("csv", "json"):
        got = page.request.get(site + page.get_attribute(f"#download-{fmt}", "href")).text()
        assert got == govledger(seed, "show", "SECMP0034", "--as-of", "2017-04-10", "--format", fmt)


def test_a_disputed_event_is_marked_on_the_timeline_and_listed_in_disputes_and_gaps(
    page: Any, tmp_path: Path, serve: Any
) -> None:
    from tests.e2e.web.conftest import seed_copy

    db = seed_copy(tmp_path)
    shown = json.loads(govledger(db, "show", "SECMP0006", "--format", "json"))[0]
    consultation = shown["timeline"][-1]["event_id"]
    source = "SEC register page, SECMP0006"
    govledger(db, "cite", consultation, "--source", source, "--disputes", "on=2017-04-05")
    with serve(db) as site:
        page.goto(f"{site}/SEC/proposals/SECMP0006/2017-04-10")
        disputed = page.locator("#timeline-picture g.stage.disputed")
        assert disputed.count() == 1
        assert "[disputed]" in disputed.locator("title").text_content()
        assert page.locator("#timeline tr.disputed").count() == 1
        assert source in page.inner_text("#disputes")
        page.goto(f"{site}/SEC/disputes/2017-04-10")
        assert page.locator("#rows td[data-column=disputing]").all_inner_texts() == ["2017-04-05"]
        page.goto(f"{site}/SEC/gaps/2017-04-10")
        assert "disputed fact" in page.locator("#rows td[data-column=gap]").all_inner_texts()
