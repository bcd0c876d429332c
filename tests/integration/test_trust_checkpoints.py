"""Signed checkpoints and proofs on each store: what `checkpoint` signs, what `prove`
gives, and how `verify --checkpoint` names a truncated ledger, a rewritten entry and a
forked history."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import orjson
import pytest

from ledger import merkle
from ledger.application import GovLedger
from ledger.note import Verifier, open_checkpoint
from tests.conftest import ROOT, SEED, new_ledger
from tests.trust_support import RawStore, cli, ok


@pytest.fixture
def ledger(db: str) -> str:
    ok("--db", db, "import", str(SEED))
    return db


@pytest.fixture
def key(tmp_path: Path) -> Path:
    ok("keygen", "govledger.example/sec", "--out", str(tmp_path / "sec"))
    return tmp_path / "sec"


def checkpoint(db: str, key: Path, path: Path) -> Path:
    path.write_text(ok("--db", db, "checkpoint", "--key", f"{key}.key"))
    return path


def submit(db: str, proposal: str) -> None:
    app = GovLedger(db)
    try:
        app.record("submitted", "SEC", proposal, title="T", proposer="P", on="2017-05-01",
                   actor="SECAS")  # fmt: skip
    finally:
        app.close()


def event_ids(db: str) -> list[str]:
    return [str(orjson.loads(line)["event_id"]) for line in ok("--db", db, "events").splitlines()]


def verify(db: str, cp: Path, key: Path) -> tuple[int, list[str]]:
    result = cli("--db", db, "verify", "--checkpoint", str(cp), "--key", f"{key}.pub")
    return result.exit_code, result.stdout.splitlines()


def test_keygen_writes_a_signer_key_for_its_owner_only_and_a_verifier_key(key: Path) -> None:
    assert key.with_suffix(".key").read_text().startswith("PRIVATE+KEY+govledger.example/sec+")
    assert key.with_suffix(".key").stat().st_mode & 0o777 == 0o600
    Verifier.parse(key.with_suffix(".pub").read_text())
    again = cli("keygen", "govledger.example/sec", "--out", str(key))
    assert again.exit_code == 2
    assert again.output == f"govledger: --out {key}: {key}.key exists: nothing was written\n"


def test_a_checkpoint_signs_the_root_of_the_events_and_verify_finds_the_ledger_consistent(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    text = cp.read_text()
    signed, _ = open_checkpoint(text, Verifier.parse(key.with_suffix(".pub").read_text()))
    assert (signed.origin, signed.size) == ("govledger.example/sec", 39)
    code, lines = verify(ledger, cp, key)
    assert code == 0, lines
    assert lines[2].startswith("checkpoint signed by govledger.example/sec+")
    assert lines[3] == (
        "consistent: the ledger's first 39 events are the ones the checkpoint signs "
        "(0 recorded since)"
    )
    assert (
        lines[4] == f"Merkle tree intact: 39 leaves, root {base64.b64encode(signed.root).decode()}"
    )


def test_every_events_inclusion_proof_verifies_against_the_checkpoint(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    signed, _ = open_checkpoint(cp.read_text(), None)
    for event_id in event_ids(ledger):
        proof = orjson.loads(ok("--db", ledger, "prove", event_id, "--format", "json"))
        assert proof["tree_size"] == 39 and proof["checkpoint"] == cp.read_text()
        leaf = base64.b64decode(proof["leaf_hash"])
        assert leaf == merkle.leaf_hash(base64.b64decode(proof["entry"]))
        path = [base64.b64decode(p) for p in proof["path"]]
        assert base64.b64decode(proof["root"]) == signed.root
        assert merkle.verify_inclusion(proof["index"], 39, leaf, path, signed.root)
        assert event_id.encode() in base64.b64decode(proof["entry"])


def test_a_consistency_proof_between_two_checkpoints_verifies(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    first = checkpoint(ledger, key, tmp_path / "cp1.txt")
    submit(ledger, "SECMP0098")
    submit(ledger, "SECMP0099")
    second = checkpoint(ledger, key, tmp_path / "cp2.txt")
    out = ok("--db", ledger, "prove", "--from", str(first), "--to", str(second), "--format", "json")
    proof = orjson.loads(out)
    a, _ = open_checkpoint(first.read_text(), None)
    b, _ = open_checkpoint(second.read_text(), None)
    assert (proof["first"], proof["second"]) == (39, 41)
    path = [base64.b64decode(p) for p in proof["path"]]
    assert merkle.verify_consistency(39, 41, a.root, b.root, path)
    assert verify(ledger, first, key)[1][3].endswith("(2 recorded since)")


def test_verify_names_a_truncated_ledger(ledger: str, key: Path, tmp_path: Path) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    raw = RawStore(ledger)
    raw.unguard()
    oid, version = raw.execute(
        "SELECT originator_id, originator_version FROM {chain} WHERE position = 39"
    )[0]
    raw.execute("DELETE FROM {chain} WHERE position = 39")
    raw.execute("DELETE FROM {events} WHERE originator_id = ? AND originator_version = ?",
                (oid, version))  # fmt: skip
    raw.retree()
    raw.close()
    code, lines = verify(ledger, cp, key)
    assert code == 1
    assert lines[0].startswith("38 events, chain intact")  # the chain alone passes it
    assert lines[-1] == (
        "truncated: the checkpoint covers 39 events, the ledger holds only 38: history was removed"
    )


def rewrite_event_5(raw: RawStore) -> None:
    from ledger.store.chain import GENESIS, WITH_THE_EVENT
    from ledger.store.sqlite import chain_rows

    raw.unguard()
    _, oid, version, _, state = raw.row(5)
    raw.execute(
        "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = ?",
        (bytes(state).replace(b'"actor":"', b'"actor":"not '), oid, version),
    )
    raw.execute("DELETE FROM {chain}")
    events = raw.execute(
        "SELECT originator_id, originator_version, topic, state FROM {events} ORDER BY {nid}"
    )
    for row in chain_rows((0, GENESIS), events, WITH_THE_EVENT):
        raw.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", row)


def test_verify_names_the_rewritten_entry_when_the_tree_stored_with_it_remains(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    raw = RawStore(ledger)
    rewrite_event_5(raw)
    key5 = raw.keys()[4]
    raw.close()
    code, lines = verify(ledger, cp, key)
    assert code == 1
    assert lines[0].startswith("39 events, chain intact")
    assert lines[-1] == (
        f"rewritten entry: event 5 ({key5}) is not the one the checkpoint signs "
        "(the tree stored with it still is)"
    )


def test_verify_names_a_consistent_rewrite_of_chain_and_tree(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    raw = RawStore(ledger)
    rewrite_event_5(raw)
    raw.retree()
    raw.close()
    assert ok("--db", ledger, "verify").splitlines()[2].startswith("Merkle tree intact")
    code, lines = verify(ledger, cp, key)
    assert code == 1
    assert lines[-1].startswith(
        "rewritten: the ledger's first 39 events are not the ones the checkpoint signs"
    )


def test_verify_names_a_fork_two_histories_signed_by_one_key(
    sqlite_db: str, key: Path, tmp_path: Path
) -> None:
    ok("--db", sqlite_db, "import", str(SEED))
    other = new_ledger(tmp_path / "other.db")
    shutil.copy(sqlite_db, other)
    submit(sqlite_db, "SECMP0098")
    submit(other, "SECMP0099")
    checkpoint(sqlite_db, key, tmp_path / "mine.txt")
    theirs = checkpoint(other, key, tmp_path / "theirs.txt")
    code, lines = verify(sqlite_db, theirs, key)
    assert code == 1
    assert lines[-1] == (
        "forked: the same key signed this ledger's history at 40 events and a different "
        "history in this checkpoint at 40: the two cannot both be the ledger's"
    )


def test_a_checkpoint_from_another_key_or_changed_by_one_character_is_not_verified(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    cp = checkpoint(ledger, key, tmp_path / "cp.txt")
    ok("keygen", "govledger.example/sec", "--out", str(tmp_path / "impostor"))
    code, lines = verify(ledger, cp, tmp_path / "impostor")
    assert code == 1
    assert lines[-1].startswith("checkpoint not verified: the checkpoint is not signed by ")
    text = cp.read_text()
    lines_of = text.split("\n")
    root = base64.b64decode(lines_of[2])
    lines_of[2] = base64.b64encode(bytes([root[0] ^ 1]) + root[1:]).decode()
    cp.write_text("\n".join(lines_of))
    code, lines = verify(ledger, cp, key)
    assert (code, lines[-1]) == (
        1,
        "checkpoint not verified: the signature of govledger.example/sec does not verify",
    )


def test_bad_input_is_refused_in_one_line_with_nothing_written(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    app = GovLedger(ledger)
    before = app.recorder.kept_checkpoints()
    app.close()
    for args, message in (
        (("checkpoint", "--key", f"{key}.pub"), "not a signer key"),
        (("checkpoint", "--key", str(tmp_path / "none.key")), "No such file"),
        (("verify", "--checkpoint", f"{key}.pub"), "not a signed note"),
        (("prove", "00000000-0000-0000-0000-000000000000"), "no recorded event"),
        (("prove",), "give EVENT_ID"),
    ):
        result = cli("--db", ledger, *args)
        assert result.exit_code == 2, result.output
        assert len(result.output.splitlines()) == 1 and message in result.output
    app = GovLedger(ledger)
    assert app.recorder.kept_checkpoints() == before
    app.close()


def test_a_ledger_made_before_the_tree_proves_from_its_events_and_gets_its_tree_on_its_first_save(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "committed.db"
    shutil.copy(ROOT / "events.db", copy)
    before = copy.read_bytes()
    first = event_ids(str(copy))[0]
    proof = orjson.loads(ok("--db", str(copy), "prove", first, "--format", "json"))
    assert proof["checkpoint"] is None and proof["tree_size"] == 39
    assert copy.read_bytes() == before  # a read leaves the file as it was
    submit(str(copy), "SECMP0099")
    lines = ok("--db", str(copy), "verify").splitlines()
    assert lines[2].startswith("Merkle tree intact: 40 leaves, root ")
    again = orjson.loads(ok("--db", str(copy), "prove", first, "--format", "json"))
    path = [base64.b64decode(p) for p in again["path"]]
    assert merkle.verify_inclusion(
        0, 40, base64.b64decode(again["leaf_hash"]), path, base64.b64decode(again["root"])
    )


def test_the_store_refuses_to_change_or_remove_a_stored_node(ledger: str) -> None:
    raw = RawStore(ledger)
    try:
        for statement in (
            "UPDATE {tree} SET hash = hash WHERE level = 0 AND idx = 3",
            "DELETE FROM {tree} WHERE level = 0 AND idx = 3",
        ):
            with pytest.raises(Exception, match="recorded history is append-only"):
                raw.execute(statement)
        with pytest.raises(Exception, match="recorded history is append-only"):
            raw.execute("INSERT INTO {tree} (level, idx, hash) VALUES (0, 39, ?)", (bytes(32),))
    finally:
        raw.close()


def test_checkpoint_refuses_to_sign_a_history_that_does_not_extend_its_last_checkpoint(
    ledger: str, key: Path, tmp_path: Path
) -> None:
    checkpoint(ledger, key, tmp_path / "cp.txt")
    raw = RawStore(ledger)
    rewrite_event_5(raw)
    raw.retree()
    raw.close()
    result = cli("--db", ledger, "checkpoint", "--key", f"{key}.key")
    assert result.exit_code == 2
    assert result.output == (
        "govledger: no checkpoint made: the ledger no longer holds the history its "
        "checkpoint at 39 events signed (govledger verify --checkpoint names how)\n"
    )
