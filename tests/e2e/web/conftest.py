"""The web view served by uvicorn in a background thread, against a copy of the seed
ledger, and driven by Debian's Chromium through Playwright (no browser downloaded)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import main
from govledger.web.server import served
from tests.conftest import ROOT

CHROMIUM = os.environ.get("GOVLEDGER_CHROMIUM", "/usr/bin/chromium")


def govledger(db: str | Path, *args: str) -> str:
    """What the CLI prints for `args` on the ledger `db` (it must succeed)."""
    result = CliRunner().invoke(main, ["--db", str(db), *args], prog_name="govledger")
    assert result.exit_code == 0, result.output
    return result.stdout


def seed_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "events.db"
    shutil.copyfile(ROOT / "events.db", copy)
    return copy


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_copy(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def site(seed: Path) -> Iterator[str]:
    with served(seed) as url:
        yield url


@pytest.fixture
def serve() -> Callable[[Path], Any]:
    return served


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("GOVLEDGER_REQUIRE_CHROMIUM"):
            pytest.fail(f"GOVLEDGER_REQUIRE_CHROMIUM is set but there is no {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.console_errors = errors
    yield opened
    context.close()
