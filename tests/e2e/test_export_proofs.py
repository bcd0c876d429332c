"""An export carries the ledger's latest checkpoint and an inclusion proof of every event
it covers, and the standalone script (standard library and `cryptography` only) checks
them with the public key alone, naming what fails."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT, SEED, new_ledger
from tests.trust_support import ok

SCRIPT = ROOT / "examples" / "verify_export.py"


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    db = new_ledger(tmp_path / "events.db")
    ok("--db", db, "import", str(SEED))
    ok("keygen", "govledger.example/sec", "--out", str(tmp_path / "sec"))
    ok("--db", db, "checkpoint", "--key", str(tmp_path / "sec.key"))
    out = tmp_path / "audit"
    said = ok("--db", db, "export", "--out", str(out))
    assert said.splitlines()[-1] == (
        "With checkpoint.txt (the ledger's latest checkpoint, 39 events) and "
        "proofs.jsonl (an inclusion proof of each of its 39 events)."
    )
    return out, tmp_path / "sec.pub"


def script(folder: Path, key: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), str(key)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout.splitlines()[-1]


def test_the_standalone_script_proves_every_exported_event_with_the_public_key(
    export: tuple[Path, Path],
) -> None:
    assert script(*export) == (
        0,
        "39 events proven in govledger.example/sec's checkpoint of 39 events",
    )


def test_the_script_refuses_an_export_whose_entry_was_changed_by_one_bit(
    export: tuple[Path, Path],
) -> None:
    folder, key = export
    lines = (folder / "proofs.jsonl").read_text().splitlines()
    proof = orjson.loads(lines[4])
    entry = bytearray(base64.b64decode(proof["entry"]))
    entry[-3] ^= 1
    proof["entry"] = base64.b64encode(bytes(entry)).decode()
    proof["leaf_hash"] = base64.b64encode(
        __import__("hashlib").sha256(b"\x00" + bytes(entry)).digest()
    ).decode()
    lines[4] = orjson.dumps(proof).decode()
    (folder / "proofs.jsonl").write_text("\n".join(lines) + "\n")
    assert script(folder, key) == (
        1,
        "not verified: proofs.jsonl line 5: the proof does not give the signed root",
    )


def test_the_script_refuses_another_key_and_a_changed_table(
    export: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, key = export
    ok("keygen", "govledger.example/sec", "--out", str(tmp_path / "other"))
    code, line = script(folder, tmp_path / "other.pub")
    assert (code, line) == (
        1,
        "not verified: the checkpoint carries no signature by govledger.example/sec",
    )
    register = folder / "register.csv"
    register.write_bytes(register.read_bytes() + b"SECMP0099,Approved\n")
    assert script(folder, key) == (
        1,
        "not verified: register.csv is not the file manifest.json lists",
    )
