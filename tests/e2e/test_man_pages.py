"""Man pages, generated from the commands themselves (the `man` extra)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from cli.main import main

click_man = pytest.importorskip("click_man.core", reason="the man extra: govledger[man]")


def every_command(group: click.Group, path: tuple[str, ...] = ()) -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append("-".join(("govledger", *path, name)))
        if isinstance(command, click.Group):
            names += every_command(command, (*path, name))
    return names


@pytest.mark.filterwarnings("ignore::DeprecationWarning:click_man")
def test_every_command_gets_a_man_page_with_its_options(tmp_path: Path) -> None:
    click_man.write_man_pages("govledger", main, target_dir=str(tmp_path))
    pages = {page.stem for page in tmp_path.glob("*.1")}
    assert pages == {"govledger", *every_command(main)}
    consult = (tmp_path / "govledger-consult.1").read_text()
    assert r"\-\-deadline" in consult and "DATE" in consult
    assert "Record a Modification Report Consultation issued" in consult
    assert r"\-\-db" in (tmp_path / "govledger-release-plan.1").read_text()
