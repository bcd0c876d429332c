"""Every bad file in tests/e2e/bad_inputs/ is refused by `import` with one line, exit 2, and the
ledger file byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from tests.conftest import SEED, new_ledger
from tests.trust_support import cli, ok

CORPUS = Path(__file__).parent / "bad_inputs"
BAD_FILES = sorted(CORPUS.glob("*.jsonl"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chained ledger: the seed, and one event recorded after it."""
    db = Path(new_ledger(tmp_path_factory.mktemp("template") / "events.db"))
    ok("--db", str(db), "import", str(SEED))
    ok("--db", str(db), "submit", "SECMP0098", "--title", "T", "--proposer", "P", "--on", "2017-05")
    return db


def refused_without_trace(template: Path, tmp_path: Path, bad: Path) -> str:
    db = tmp_path / "events.db"
    shutil.copy(template, db)
    before = db.read_bytes()
    result = cli("--db", str(db), "import", str(bad))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("govledger: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert ok("--db", str(db), "verify").startswith("40 events, chain intact, head ")
    return result.stderr


def test_the_corpus_holds_at_least_40_bad_files() -> None:
    assert len(BAD_FILES) >= 40


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_a_bad_file_is_refused_with_one_line_and_changes_nothing(
    template: Path, tmp_path: Path, bad: Path
) -> None:
    refused_without_trace(template, tmp_path, bad)


def test_a_10_mb_field_is_refused_with_one_line_and_changes_nothing(
    template: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.jsonl"
    line = {"kind": "submitted", "proposal": "SECMP0050", "proposer": "P", "on": "2017-05"}
    huge.write_bytes(orjson.dumps({**line, "title": "x" * (10 * 1024 * 1024)}) + b"\n")
    message = refused_without_trace(template, tmp_path, huge)
    assert message == "govledger: line 1: title is longer than 10000 characters\n"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("truncated_file", "line 3: not valid JSON"),
        ("non_utf8_latin1_title", "line 1: not valid JSON (str is not valid UTF-8"),
        ("nul_byte_in_title", "line 1: 'title' contains a control character"),
        (
            "injection_fullwidth_digits_in_id",
            "line 1: 'proposal' 'SECMP\uff10\uff10\uff15\uff10' must be",
        ),
        ("duplicate_event_id_different_content", "line 2: event_id 0b7c2a52"),
        ("duplicate_event_id_of_another_proposals_event", "line 1: event_id 3a722f8d"),
        ("illegal_good_lines_then_illegal", "line 3: SECMP0050: cannot record resumed"),
    ],
)
def test_the_refusal_names_the_line_and_what_was_wrong(
    template: Path, tmp_path: Path, bad: str, message: str
) -> None:
    stderr = refused_without_trace(template, tmp_path, CORPUS / f"{bad}.jsonl")
    assert stderr.startswith(f"govledger: {message}")
