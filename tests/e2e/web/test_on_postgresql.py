"""The web view of a ledger kept on PostgreSQL answers as the CLI does."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from govledger.web.app import create_app
from tests.e2e.web.conftest import govledger, seed_copy


def test_the_register_page_and_its_download_on_postgresql_are_the_clis_answer(
    postgres_schema_url: str, tmp_path: Path
) -> None:
    govledger(
        seed_copy(tmp_path),
        "migrate",
        "--from",
        str(tmp_path / "events.db"),
        "--to",
        postgres_schema_url,
    )
    govledger(postgres_schema_url, "project")
    client = TestClient(create_app(postgres_schema_url))
    question = ["register", "--open", "--code", "SEC", "--as-of", "2017-04-10", "--format", "csv"]
    assert client.get("/SEC/register/2017-04-10.csv?open=1").text == govledger(
        postgres_schema_url, *question
    )
    page = client.get("/SEC/register/2017-04-10?open=1")
    assert page.status_code == 200
    assert page.text.count('<td data-column="id">') == 26
    assert "complete to everything recorded up to" in page.text
