"""The SEC's public record of 2016-2022 (examples/sec-public-record.txt), recorded through
the CLI on a copy of the seed ledger as its pages state it: nothing refused, every fact
either recorded or said why not, and the views an auditor reads showing gaps, disputes
and releases as the sources give them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.e2e.public_record import Fact, facts, invoke, replay

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Fact]]]:
    db = tmp_path_factory.mktemp("public") / "events.db"
    shutil.copy(ROOT / "events.db", db)
    yield str(db), replay(str(db))


def as_json(db: str, *args: str) -> Any:
    status, out, err = invoke(db, *args, "--format", "json")
    assert (status, err) == (0, ""), err
    return orjson.loads(out)


def test_every_fact_of_the_public_record_is_recorded_or_says_why_not() -> None:
    told = facts()
    assert told, "the public record lists no facts"
    assert [f.heading for f in told if not f.commands and not f.not_recorded] == []


def test_nothing_in_the_public_record_is_refused(recorded: tuple[str, list[Fact]]) -> None:
    _, told = recorded
    assert [(f.heading, f.refused) for f in told if f.refused] == []


def test_the_ledger_holding_the_public_record_verifies(recorded: tuple[str, list[Fact]]) -> None:
    db, _ = recorded
    status, out, _ = invoke(db, "verify", "--projections")
    assert status == 0
    assert "projection tables match the events" in out


def test_the_three_disagreements_of_the_sources_are_listed_with_both_values(
    recorded: tuple[str, list[Fact]],
) -> None:
    db, _ = recorded
    rows = as_json(db, "disputes")
    assert [(r["id"], r["fact"], r["standing"], r["disputing"]) for r in rows] == [
        ("SECMP0007", "proposer", "John Noad", "Mark Pitchford"),
        ("SECMP0062", "on", "2020-11-29", "2020-11-05"),
        ("MP147", "on", "2020-10-20", "2020-10-23"),
    ]


def test_a_proposal_implemented_in_two_releases_shows_both_parts_and_its_implied_path(
    recorded: tuple[str, list[Fact]],
) -> None:
    db, _ = recorded
    [shown] = as_json(db, "show", "SECMP0062")
    assert (shown["status"], shown["path"], shown["decided"], shown["implemented_in"]) == (
        "Implemented",
        "3 (implied)",
        "2020-02-07",
        "June 2020 SEC Release (part 1); November 2020 SEC Release (part 2)",
    )
    [partly] = as_json(db, "show", "SECMP0007", "--as-of", "2021-12-31")
    assert partly["status"] == "Partly Implemented"


def test_a_release_known_from_its_moves_shows_them_with_its_announcement_not_recorded(
    recorded: tuple[str, list[Fact]],
) -> None:
    db, _ = recorded
    [release] = as_json(db, "release", "show", "November 2019 SEC Release")
    assert (release["announced"], release["went_live"]) == (None, "2019-11-29")
    assert [(m["on"], m["to"]) for m in release["moves"]] == [
        ("2019-10-08", "2019-11-24"),
        ("2019-10-30", "2019-11-29"),
    ]


def test_gaps_lists_what_the_public_record_implies_but_does_not_give(
    recorded: tuple[str, list[Fact]],
) -> None:
    db, _ = recorded
    rows = as_json(db, "gaps", "--code", "SEC")
    mine = [r["what"] for r in rows if r["id"] == "MP076"]
    assert any(w.startswith("Authority Determination (implied") for w in mine), mine
    assert "proposer not recorded" in [r["what"] for r in rows if r["id"] == "MP161"]
