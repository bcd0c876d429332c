"""Input a user gives by mistake, and pipes that close early: one line, a documented exit
status, and the ledger left byte for byte as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT, SEED, new_ledger

SEED_LEDGER = ROOT / "events.db"
SIZE = SEED_LEDGER.stat().st_size  # whole pages, so half of it is too
COMMANDS = [
    ("register",),
    ("show", "SECMP0006"),
    ("verify",),
    ("events",),
    ("withdraw", "SECMP0006", "--on", "2017-05-01"),
    ("import", str(SEED)),
]
EMPTY_FILE = (
    "an empty file, not a ledger (a new ledger is started in a file that does not exist yet)"
)
MEMORY = (
    "keeps nothing (an in-memory database is gone when the command ends): "
    "name a file or a postgresql:// URL"
)


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def ledger_copy(tmp_path: Path) -> Path:
    """The seed ledger, copied where a test may damage it."""
    path = tmp_path / "ledger.db"
    shutil.copyfile(SEED_LEDGER, path)
    return path


def flipped(path: Path, start: int, end: int) -> None:
    data = bytearray(path.read_bytes())
    for i in range(start, end):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    shutil.copyfile(SEED, path)
    return path


def text(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    path.write_text("Minutes of the Panel, 10 April 2017\n")
    return path


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    path.write_bytes(b"")
    return path


def cut_in_half(tmp_path: Path) -> Path:
    path = ledger_copy(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def header_flipped(tmp_path: Path) -> Path:
    path = ledger_copy(tmp_path)
    flipped(path, 20, 60)
    return path


def schema_page_flipped(tmp_path: Path) -> Path:
    path = ledger_copy(tmp_path)
    flipped(path, 100, 4096)
    return path


def column_dropped(tmp_path: Path) -> Path:
    path = ledger_copy(tmp_path)
    conn = sqlite3.connect(path)
    triggers = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%topic%'"
    ).fetchall()
    for (name,) in triggers:  # as someone with the database's own keys could
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("ALTER TABLE stored_events DROP COLUMN topic")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


def other_database(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meters (serial TEXT)")
    conn.commit()
    conn.close()
    return path


def directory(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    path.mkdir()
    return path


NOT_LEDGERS: list[tuple[Callable[[Path], Path], str]] = [
    (
        jsonl,
        "not a ledger: it looks like JSON Lines (events are brought in with "
        "`govledger import FILE`)",
    ),
    (text, "not a ledger: not a SQLite database"),
    (empty, EMPTY_FILE),
    (
        cut_in_half,
        f"damaged: the file is cut short ({SIZE // 2} bytes of the {SIZE} its header gives)",
    ),
    (header_flipped, "damaged or not a ledger (SQLite: file is not a database)"),
    (schema_page_flipped, "damaged or not a ledger (SQLite: database disk image is malformed)"),
    (column_dropped, "damaged: stored_events has no column 'topic'"),
    (
        other_database,
        "a SQLite database, but not a govledger ledger (it has no stored_events table)",
    ),
    (directory, "a directory, not a ledger file"),
]


def stored(path: Path) -> list[tuple[object, ...]]:
    """Every recorded event and link of the chain, as stored."""
    conn = sqlite3.connect(path)
    try:
        return [
            *conn.execute("SELECT rowid, * FROM stored_events ORDER BY rowid"),
            *conn.execute("SELECT * FROM stored_events_chain ORDER BY position"),
        ]
    finally:
        conn.close()


def contents(path: Path) -> bytes | None:
    """The ledger file byte for byte (SQLite may add its empty side files beside it)."""
    return path.read_bytes() if path.is_file() else None


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(("make", "problem"), NOT_LEDGERS, ids=[m.__name__ for m, _ in NOT_LEDGERS])
def test_a_db_that_is_not_a_whole_ledger_is_one_line_and_left_as_it_was(
    tmp_path: Path, make: Callable[[Path], Path], problem: str, command: tuple[str, ...]
) -> None:
    db = make(tmp_path)
    before = contents(db)
    result = invoke("--db", str(db), *command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"govledger: {db}: {problem}\n"
    assert contents(db) == before


def test_a_ledger_the_user_may_not_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ledger.store import check as store_check

    db = ledger_copy(tmp_path)

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    # the tests may run as root, who reads any file: the refusal is the operating system's
    monkeypatch.setattr(store_check, "open", refused, raising=False)
    result = invoke("--db", str(db), "register")
    assert (result.exit_code, result.stderr) == (
        2,
        f"govledger: {db}: cannot be read (Permission denied)\n",
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("db", [":memory:", "file::memory:?cache=shared"])
def test_an_in_memory_db_is_refused_as_keeping_nothing(
    db: str, command: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("--db", db, *command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"govledger: --db {db!r} {MEMORY}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("register", "--as-of", ""), "--as-of is empty: use YYYY-MM-DD, or YYYY-MM for a month"),
        (
            ("show", "SECMP0006", "--as-of", " "),
            "--as-of is empty: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("register", "--known-at", ""),
            "--known-at is empty: use an ISO 8601 date or date-time "
            "(e.g. 2026-12-01 or 2026-12-01T09:30:00Z)",
        ),
        (
            ("diff", "--from", "", "--to", "2017-04-10"),
            "--from is empty: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("diff", "--from", "2017-03-01", "--to", "2017-04-10", "--known-at", ""),
            "--known-at is empty: use an ISO 8601 date or date-time "
            "(e.g. 2026-12-01 or 2026-12-01T09:30:00Z)",
        ),
        (
            ("report", "--as-of", "2017-04-10", "--since", ""),
            "--since is empty: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("export", "--out", "audit", "--as-of", ""),
            "--as-of is empty: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("submit", "SECMP0099", "--title", "t", "--proposer", "p", "--on", ""),
            "SECMP0099: cannot record submitted: on missing",
        ),
    ],
)
def test_an_empty_date_is_refused_never_taken_as_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    db = ledger_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = stored(db)
    result = invoke("--db", str(db), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"govledger: {message}\n")
    assert stored(db) == before


def govledger(*args: str | bytes, cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """govledger in a process of its own (its argv as bytes, as a shell passes them)."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd, timeout=60, **streams)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((b"submit", b"SECMP\xff", b"--title", b"t", b"--proposer", b"p", b"--on", b"2017-05-02"),
         b"the argument 'SECMP\\xff'"),
        ((b"submit", b"SECMP0099", b"--title", b"caf\xe9", b"--proposer", b"p", b"--on", b"2017"),
         b"the argument 'caf\\xe9'"),
        ((b"register", b"--code=\xff\xfe"), b"the argument '--code=\\xff\\xfe'"),
    ],
)  # fmt: skip
def test_an_argument_that_is_not_utf8_is_one_line(
    tmp_path: Path, args: tuple[bytes, ...], shown: bytes
) -> None:
    db = ledger_copy(tmp_path)
    before = contents(db)
    done = govledger(b"--db", str(db).encode(), *args, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"govledger: " + shown + b" is not UTF-8 text\n"
    assert contents(db) == before


def test_an_actor_in_the_environment_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    db = ledger_copy(tmp_path)
    before = contents(db)
    env = {**os.environb, b"GOVLEDGER_ACTOR": b"Panel\xa0Secretariat"}
    done = govledger(
        "--db", str(db), "withdraw", "SECMP0006", "--on", "2017-05-01", cwd=tmp_path, env=env
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"govledger: GOVLEDGER_ACTOR 'Panel\\xa0Secretariat' is not UTF-8 text\n"
    assert contents(db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("events",),
        ("register",),
        ("register", "--format", "table"),
        ("history", "SECMP0006", "--format", "table"),
        ("diff", "--from", "2017-01-01", "--to", "2017-04-10", "--format", "csv"),
        ("--help",),
        ("register", "--help"),
    ],
)
def test_output_to_a_pipe_that_closed_ends_quietly_with_status_0(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = ledger_copy(tmp_path)
    reader, writer = os.pipe()
    os.close(reader)  # as `| head -1` does once it has its line: every write fails
    try:
        done = govledger("--db", str(db), *args, cwd=tmp_path, stdout=writer)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, b"")


def test_a_shell_pipe_into_head_prints_one_line_and_nothing_else(tmp_path: Path) -> None:
    db = ledger_copy(tmp_path)
    done = subprocess.run(
        f"set -o pipefail; {sys.executable} -m cli --db {db} events | head -1",
        shell=True,
        executable="/bin/bash",
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.count(b"\n") == 1
    assert done.stdout.startswith(b'{"kind":')


def test_a_fault_of_govledger_itself_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from projections import queries

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the fold lost its place\nsecond line")

    monkeypatch.setattr(queries, "register", broken)
    result = invoke("--db", str(ledger_copy(tmp_path)), "register")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "govledger: internal error (RuntimeError: the fold lost its place): nothing more was "
        "done; please report it (GOVLEDGER_DEBUG=1 shows the traceback)\n"
    )


def test_an_interrupted_command_says_so_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from projections import queries

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "register", interrupted)
    result = invoke("--db", str(ledger_copy(tmp_path)), "register")
    assert (result.exit_code, result.stdout) == (130, "")
    assert result.stderr == "\ngovledger: interrupted\n"


def test_export_refuses_a_symbolic_link_where_it_writes_and_writes_nothing(
    tmp_path: Path,
) -> None:
    db = ledger_copy(tmp_path)
    out = tmp_path / "audit"
    out.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("kept\n")
    (out / "register.csv").symlink_to(outside)
    result = invoke("--db", str(db), "export", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"govledger: --out {out}: register.csv is a symbolic link (to {outside}); export "
        "writes only files of its own in the folder: nothing was written\n"
    )
    assert outside.read_text() == "kept\n"
    assert [p.name for p in out.iterdir()] == ["register.csv"]


def test_export_into_a_folder_reached_through_a_link_writes_there(tmp_path: Path) -> None:
    db = ledger_copy(tmp_path)
    real = tmp_path / "share"
    real.mkdir()
    (tmp_path / "audit").symlink_to(real)
    result = invoke("--db", str(db), "export", "--out", str(tmp_path / "audit"))
    assert result.exit_code == 0, result.output
    assert (real / "manifest.json").is_file()


SUBMITTED = (
    '{"kind":"submitted","code":"SEC","proposal":"SECMP0099","on":"2017-05-02",'
    '"title":"Meter data at 10:00","proposer":"British Gas"'
)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (SUBMITTED + ',"proposal":"SECMP0098"}', "proposal"),
        (SUBMITTED + ',"kind":"withdrawn"}', "kind"),
        (SUBMITTED + ',"title":"Meter data at 10:00"}', "title"),
        (SUBMITTED + ',"pro\\u0070oser":"Ofgem"}', "proposer"),
        (SUBMITTED.replace('"on":"2017-05-02"', '"on" : "2017-05-02" ,"on":"2017-05"') + "}", "on"),
    ],
)  # fmt: skip
def test_a_line_giving_a_key_twice_is_refused_naming_the_line_and_the_key(
    tmp_path: Path, line: str, key: str
) -> None:
    db = ledger_copy(tmp_path)
    before = stored(db)
    lines = tmp_path / "lines.jsonl"
    lines.write_text(SUBMITTED + "}\n" + line + "\n")
    result = invoke("--db", str(db), "import", str(lines))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"govledger: line 2: the key {key!r} is given twice (each field is given once)\n"
    )
    assert stored(db) == before


def test_a_line_whose_strings_hold_colons_is_imported(tmp_path: Path) -> None:
    db = Path(new_ledger(tmp_path / "new.db"))
    lines = tmp_path / "lines.jsonl"
    lines.write_text(SUBMITTED + ',"source":"Panel: 10:30, item 4: \\"SECMP0099\\""}\n')
    result = invoke("--db", str(db), "import", str(lines))
    assert (result.exit_code, result.stdout) == (
        0,
        "Imported 1 event: 1 line read, 0 of them already in the ledger.\n",
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("db", ["", "ledgers/"])
def test_a_db_that_names_no_file_is_refused(
    db: str, command: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("--db", db, *command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"govledger: --db {db!r} is not a file path or postgresql:// URL\n"
    assert list(tmp_path.iterdir()) == []


def test_a_fault_while_closing_the_ledger_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.session import Session

    def broken(_: Session) -> None:
        raise OSError("disk went away")  # an OSError from outside a command is a fault too

    monkeypatch.setattr(Session, "close", broken)
    result = invoke("--db", str(ledger_copy(tmp_path)), "register")
    assert (result.exit_code, result.stderr) == (
        3,
        "govledger: internal error (OSError: disk went away): nothing more was done; "
        "please report it (GOVLEDGER_DEBUG=1 shows the traceback)\n",
    )


def test_export_never_writes_through_a_link_that_appears_after_its_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli import export

    db = ledger_copy(tmp_path)
    out = tmp_path / "audit"
    out.mkdir()
    outside = tmp_path / "elsewhere.json"
    outside.write_text("kept\n")
    (out / "manifest.json").symlink_to(outside)
    monkeypatch.setattr(export, "refuse_links", lambda *_: None)  # the link came in between
    result = invoke("--db", str(db), "export", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"govledger: {out / 'manifest.json'}: Too many levels of symbolic links\n"
    )
    assert outside.read_text() == "kept\n"
