"""The web view is safe by default: recorded text is shown as text, a strict
Content-Security-Policy, nothing written, and a bad address is a clear page."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from govledger.web.app import create_app
from tests.e2e.web.conftest import govledger, seed_copy

HOSTILE = '<script>window.owned=1</script><img src=x onerror="window.owned=2"><b>bold</b> & co'


def test_a_title_holding_html_or_script_is_shown_as_text(
    page: Any, tmp_path: Path, serve: Any
) -> None:
    db = seed_copy(tmp_path)
    govledger(
        db,
        "submit",
        "SECMP0099",
        "--title",
        HOSTILE,
        "--proposer",
        "<i>x</i>",
        "--on",
        "2017-04-06",
    )
    with serve(db) as site:
        for address in ("/SEC/register/2017-04-10", "/SEC/proposals/SECMP0099/2017-04-10"):
            page.goto(site + address)
            row = page.locator("td[data-column=title]", has_text="window.owned")
            shown = page.inner_text("#title") if "proposals" in address else row.inner_text()
            assert shown == HOSTILE
            assert page.evaluate("window.owned") is None
            assert page.locator("main b, main i, main img[src=x]").count() == 0


def test_every_page_carries_a_strict_content_security_policy(site: str, page: Any) -> None:
    response = page.goto(f"{site}/SEC/register/2017-04-10")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert page.console_errors == []  # the page's own style, script and images obey it


@pytest.mark.parametrize(
    ("address", "status", "said"),
    [
        ("/SEC/register/2017-02-30", 400, "2017-02-30' is not a date"),
        ("/SEC/register/2017-04-10?known_at=yesterday", 400, "known_at 'yesterday' is not"),
        ("/SEC/register/2017-04-10?as_of=2017-13-01", 400, "2017-13-01' is not a date"),
        ("/NOPE/register/2017-04-10", 404, "no modification process is defined for code 'NOPE'"),
        ("/SEC/proposals/SECMP0999/2017-04-10", 404, "SECMP0999: not in the ledger"),
        ("/SEC/proposals/<script>/2017-04-10", 400, "'<script>' is not a SEC proposal id"),
        ("/SEC/changes/2017-04-10/2017-03-01", 400, "from 2017-04-10 is after to 2017-03-01"),
        ("/SEC/release/No Such Release", 404, "No Such Release: not in the ledger"),
        ("/proofs/00000000-0000-0000-0000-000000000000", 404, "no recorded event"),
        ("/nothing/here/at/all", 404, "no such page"),
    ],
)
def test_a_bad_address_is_a_clear_page_never_a_traceback(
    page: Any, site: str, address: str, status: int, said: str
) -> None:
    response = page.goto(site + address)
    assert response.status == status
    assert said in page.inner_text("#error")
    assert "Traceback" not in page.content()


def test_no_address_writes_and_the_ledger_file_is_left_as_it_was(tmp_path: Path) -> None:
    db = seed_copy(tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    client = TestClient(create_app(str(db)))
    for address in (
        "/SEC/register/2017-04-10",
        "/SEC/proposals/SECMP0006/2017-04-10",
        "/SEC/code/2017-04-10.json",
        "/SEC/gaps/2017-04-10.csv",
    ):
        assert client.get(address).status_code == 200
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert client.request(method, address).status_code == 405
    client.get("/proofs/" + govledger(db, "events").split('"event_id":"')[1].split('"')[0])
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing waiting to be written either


def answer_of(url: str) -> Any:
    """The server's answer at `url`, once it is listening."""
    import time
    import urllib.request

    for _ in range(400):
        try:
            return urllib.request.urlopen(url)
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answered at {url}")


def test_govledger_serve_answers_on_the_loopback_address_by_default(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess

    from govledger.web.server import free_port

    db = seed_copy(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        ["govledger", "--db", str(db), "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        said = server.stderr.readline() if server.stderr else ""
        assert said == f"govledger: serving {db} read-only at http://127.0.0.1:{port}/\n"
        with answer_of(f"http://127.0.0.1:{port}/SEC/register/2017-04-10") as answer:
            assert answer.status == 200
            assert b"SECMP0034" in answer.read()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)
