"""A witness cosigning a ledger's checkpoints through the CLI, on each store: what it
checks before it cosigns, what it remembers, and how an auditor checks its cosignature
(`verify --witness`, and the export's script with the standard library only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ledger.note import Note, Verifier
from tests.conftest import ROOT, SEED, new_ledger
from tests.integration.test_trust_checkpoints import submit
from tests.trust_support import cli, ok

SCRIPT = ROOT / "examples" / "verify_export.py"


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    ok("keygen", "govledger.example/sec", "--out", str(tmp_path / "sec"))
    ok("keygen", "witness.example/auditor", "--out", str(tmp_path / "w"), "--witness")
    return tmp_path


def checkpoint(db: str, keys: Path, name: str) -> Path:
    path = keys / name
    path.write_text(ok("--db", db, "checkpoint", "--key", str(keys / "sec.key")))
    return path


def cosign(db: str, keys: Path, cp: Path, *more: str) -> tuple[int, str, str]:
    """The exit status, what was printed (the cosigned checkpoint) and what was said."""
    result = cli("--db", db, "cosign", str(cp), "--key", str(keys / "w.key"),
                 "--log-key", str(keys / "sec.pub"), *more)  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_keygen_witness_writes_a_cosigning_key_pair(keys: Path) -> None:
    assert Verifier.parse((keys / "w.pub").read_text()).is_witness
    assert (keys / "w.key").stat().st_mode & 0o777 == 0o600


def test_a_witness_cosigns_each_checkpoint_that_extends_the_last_it_cosigned(
    db: str, keys: Path
) -> None:
    ok("--db", db, "import", str(SEED))
    code, _, said = cosign(db, keys, checkpoint(db, keys, "one.txt"))
    assert code == 0, said
    assert "trusted on first use" in said
    submit(db, "SECMP0101")
    code, second, said = cosign(db, keys, checkpoint(db, keys, "two.txt"))
    assert code == 0, said
    assert "extends the one cosigned at 39 events" in said
    (keys / "two-cosigned.txt").write_text(second)
    result = cli("--db", db, "verify", "--checkpoint", str(keys / "two-cosigned.txt"),
                 "--key", str(keys / "sec.pub"), "--witness", str(keys / "w.pub"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "cosigned by witness witness.example/auditor+" in result.output
    remembered = (keys / "w.witnessed").read_text()
    assert "\\n40\\n" in remembered


def test_a_witness_given_a_proof_file_needs_no_ledger(sqlite_db: str, keys: Path) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    one = checkpoint(sqlite_db, keys, "one.txt")
    assert cosign(sqlite_db, keys, one)[0] == 0
    submit(sqlite_db, "SECMP0101")
    two = checkpoint(sqlite_db, keys, "two.txt")
    proof = keys / "proof.json"
    proof.write_text(ok("--db", sqlite_db, "prove", "--from", str(one), "--to", str(two),
                        "--format", "json"))  # fmt: skip
    elsewhere = str(keys / "nowhere" / "events.db")
    code, _, said = cosign(elsewhere, keys, two, "--proof", str(proof))
    assert code == 0, said
    assert not Path(elsewhere).exists()
    wrong = cosign(elsewhere, keys, one, "--proof", str(proof), "--state", str(keys / "x"))
    assert wrong[0] == 0  # a new state: the first checkpoint is trusted on first use


def test_a_forked_history_under_the_same_key_is_refused_and_the_witness_state_kept(
    tmp_path: Path, keys: Path
) -> None:
    honest, forked = new_ledger(tmp_path / "honest.db"), new_ledger(tmp_path / "forked.db")
    ok("--db", honest, "import", str(SEED))
    assert cosign(honest, keys, checkpoint(honest, keys, "one.txt"))[0] == 0
    state = (keys / "w.witnessed").read_bytes()
    lines = SEED.read_text().splitlines()
    first = lines[0].replace('"note": "', '"note": "Rewritten. ', 1)  # one entry rewritten
    assert first != lines[0]
    (tmp_path / "other.jsonl").write_text("\n".join([first, *lines[1:]]) + "\n")
    ok("--db", forked, "import", str(tmp_path / "other.jsonl"))
    submit(forked, "SECMP0101")
    submit(forked, "SECMP0102")
    submit(forked, "SECMP0103")
    code, printed, said = cosign(forked, keys, checkpoint(forked, keys, "fork.txt"))
    assert code == 2
    assert said.startswith("govledger: not cosigned") and len(said.splitlines()) == 1
    assert "does not extend" in said
    assert printed == ""
    assert (keys / "w.witnessed").read_bytes() == state


def test_a_kept_cosigned_checkpoint_travels_with_the_export_and_checks_offline(
    sqlite_db: str, keys: Path, tmp_path: Path
) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    code, _, _ = cosign(sqlite_db, keys, checkpoint(sqlite_db, keys, "one.txt"), "--keep")
    assert code == 0
    ok("--db", sqlite_db, "export", "--out", str(tmp_path / "out"))
    exported = (tmp_path / "out" / "checkpoint.txt").read_text()
    assert Note.parse(exported).cosigned_by(Verifier.parse((keys / "w.pub").read_text()))
    run = [sys.executable, str(SCRIPT), str(tmp_path / "out"), str(keys / "sec.pub")]
    checked = subprocess.run([*run, str(keys / "w.pub")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "cosigned by witness witness.example/auditor" in checked.stdout
    ok("keygen", "witness.example/other", "--out", str(keys / "other"), "--witness")
    absent = subprocess.run([*run, str(keys / "other.pub")], capture_output=True, text=True)
    assert absent.returncode == 1
    assert "no cosignature by witness witness.example/other" in absent.stdout


def test_verify_names_a_missing_or_tampered_cosignature(sqlite_db: str, keys: Path) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    plain = checkpoint(sqlite_db, keys, "one.txt")
    args = ["--db", sqlite_db, "verify", "--checkpoint"]
    witness = ["--key", str(keys / "sec.pub"), "--witness", str(keys / "w.pub")]
    missing = cli(*args, str(plain), *witness)
    assert missing.exit_code == 1 and "not cosigned by witness.example/auditor+" in missing.output
    note = cosign(sqlite_db, keys, plain)[1]
    line = note.splitlines()[-1]
    tampered = note.replace(line, line[:-6] + ("A" if line[-6] != "A" else "B") + line[-5:])
    (keys / "tampered.txt").write_text(tampered)
    result = cli(*args, str(keys / "tampered.txt"), *witness)
    assert result.exit_code == 1
    assert "the cosignature of witness.example/auditor does not verify" in result.output
