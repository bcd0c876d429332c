"""Every table of the web view, downloaded as CSV or JSON, is what the CLI writes with
`--format` for the same question."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from govledger.web.app import create_app
from tests.e2e.web.conftest import govledger

QUESTIONS = [
    ("/SEC/register/2017-04-10.csv?open=1", "register --open --code SEC --as-of 2017-04-10"),
    ("/SEC/register/2017-03-31.json", "register --code SEC --as-of 2017-03-31"),
    (
        "/SEC/register/2017-04-10.csv?known_at=2000-01-01",
        "register --as-of 2017-04-10 --known-at 2000-01-01",
    ),
    ("/SEC/proposals/SECMP0034/2017-04-10.json", "show SECMP0034 --as-of 2017-04-10"),
    ("/SEC/proposals/SECMP0006/2017-04-10.csv", "show SECMP0006 --as-of 2017-04-10"),
    ("/SEC/proposals/SECMP0034/2017-03-01.csv", "show SECMP0034 --as-of 2017-03-01"),
    ("/SEC/proposals/SECMP0034/2017-03-01.json", "show SECMP0034 --as-of 2017-03-01"),
    ("/SEC/proposals/SECMP0006/history/2017-04-10.csv", "history SECMP0006 --as-of 2017-04-10"),
    ("/SEC/proposals/SECMP0006/history/2017-04-10.json", "history SECMP0006 --as-of 2017-04-10"),
    ("/SEC/code/2017-04-10.csv", "code SEC --as-of 2017-04-10"),
    ("/SEC/code/2017-03-20.json", "code SEC --as-of 2017-03-20"),
    ("/SEC/changes/2017-03-01/2017-04-10.csv", "diff --from 2017-03-01 --to 2017-04-10 --code SEC"),
    (
        "/SEC/changes/2017-03-01/2017-04-10.json",
        "diff --from 2017-03-01 --to 2017-04-10 --code SEC",
    ),
    ("/SEC/gaps/2017-04-10.csv", "gaps --code SEC --as-of 2017-04-10"),
    ("/SEC/gaps/2017-04-10.json", "gaps --code SEC --as-of 2017-04-10"),
    ("/SEC/disputes/2017-04-10.csv", "disputes --code SEC --as-of 2017-04-10"),
    ("/SEC/releases/2017-04-10.csv", "releases --code SEC --as-of 2017-04-10"),
    ("/SEC/releases/2017-04-10.json", "releases --code SEC --as-of 2017-04-10"),
    ("/SEC/process/2017-04-10.csv", "process SEC --on 2017-04-10"),
    ("/SEC/process/2019-01-01.json", "process SEC --on 2019-01-01"),
]


@pytest.fixture(scope="module")
def client(seed: Path) -> TestClient:
    return TestClient(create_app(str(seed)))


@pytest.mark.parametrize(("address", "question"), QUESTIONS)
def test_a_download_is_what_the_cli_writes_for_the_same_question(
    client: TestClient, seed: Path, address: str, question: str
) -> None:
    fmt = address.split("?")[0].rsplit(".", 1)[1]
    answer = client.get(address)
    assert answer.status_code == 200
    assert answer.text == govledger(seed, *question.split(), "--format", fmt)


def test_a_proof_download_is_what_govledger_prove_prints(client: TestClient, seed: Path) -> None:
    event_id = govledger(seed, "events").split('"event_id":"')[1].split('"')[0]
    answer = client.get(f"/proofs/{event_id}.json")
    assert answer.text == govledger(seed, "prove", event_id, "--format", "json")
