"""Witness cosignatures (C2SP tlog-cosignature v1) and the witness's checks, without a
ledger: trees made in memory, checked by an implementation of the specification written
here from its text (key ID, signed message, timestamped signature), not by govledger's."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger import merkle
from ledger.domain.errors import InvalidInput
from ledger.note import (
    COSIGNATURE_V1,
    Checkpoint,
    Note,
    NoteError,
    Signer,
    Verifier,
    sign_checkpoint,
)
from ledger.witness import cosign

LOG = Signer.generate("ledger.example/sec")
WITNESS = Signer.generate("witness.example/w1", COSIGNATURE_V1)
NOW = 1_700_000_000

# The specification's own example: a checkpoint, and a cosignature whose signed message
# the specification spells out with "time 1679315147".
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_COSIGNATURE = (
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9"
    "dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)


def spec_verifies(note: str, name: str, public: bytes) -> int:
    """The cosignature of `name` in `note`, checked as the specification says; its time."""
    text, _, lines = note.rpartition("\n\n")
    text += "\n"
    key_id = hashlib.sha256(name.encode() + b"\n\x04" + public).digest()[:4]
    for line in lines.splitlines():
        _, signer, data = line.split(" ")
        raw = base64.b64decode(data)
        if signer == name and raw[:4] == key_id:
            assert len(raw) == 4 + 8 + 64
            timestamp = int.from_bytes(raw[4:12], "big")
            message = b"cosignature/v1\ntime " + str(timestamp).encode() + b"\n" + text.encode()
            Ed25519PublicKey.from_public_bytes(public).verify(raw[12:], message)
            return timestamp
    raise AssertionError("no cosignature of that key")


def tree(leaves: int, rewritten: int | None = None) -> dict[tuple[int, int], bytes]:
    data = [f"event {i}{' rewritten' if i == rewritten else ''}".encode() for i in range(leaves)]
    return merkle.tree_of(merkle.leaf_hash(d) for d in data)


def checkpoint_of(nodes: dict[tuple[int, int], bytes], size: int) -> str:
    root = merkle.root(lambda level, index: nodes[(level, index)], size)
    return sign_checkpoint(Checkpoint(LOG.name, size, root), LOG)


def proofs_from(nodes: dict[tuple[int, int], bytes]):  # type: ignore[no-untyped-def]
    def proof_of(previous: str, new: str) -> list[bytes]:
        first = Checkpoint.parse(Note.parse(previous).text).size
        second = Checkpoint.parse(Note.parse(new).text).size
        return merkle.consistency(lambda level, index: nodes[(level, index)], first, second)

    return proof_of


def test_a_cosignature_verifies_as_the_specification_defines_it() -> None:
    nodes = tree(10)
    done = cosign(checkpoint_of(nodes, 10), LOG.verifier(), WITNESS, {}, proofs_from(nodes), NOW)
    public = WITNESS.verifier().public
    assert spec_verifies(done.note, WITNESS.name, public) == NOW
    assert Note.parse(done.note).signed_by(LOG.verifier())
    assert Note.parse(done.note).cosigned_by(WITNESS.verifier()) == NOW


def test_the_specifications_example_cosignature_carries_the_time_of_its_example_message() -> None:
    note = Note.parse(SPEC_BODY + "\n" + SPEC_COSIGNATURE)
    (signature,) = note.signatures
    assert signature.name == "witness.example.com/w1"
    assert len(signature.signature) == 8 + 64
    assert int.from_bytes(signature.signature[:8], "big") == 1679315147


def test_a_witness_key_round_trips_in_its_encodings() -> None:
    parsed = Signer.parse(WITNESS.encode())
    assert parsed == WITNESS and parsed.is_witness
    vkey = Verifier.parse(WITNESS.verifier().encode())
    assert vkey.is_witness and vkey.public == WITNESS.verifier().public
    expected = hashlib.sha256(WITNESS.name.encode() + b"\n\x04" + vkey.public).digest()[:4]
    assert vkey.hash == expected


def test_every_flipped_bit_of_a_cosignature_fails() -> None:
    nodes = tree(5)
    done = cosign(checkpoint_of(nodes, 5), LOG.verifier(), WITNESS, {}, proofs_from(nodes), NOW)
    note = Note.parse(done.note)
    mine = next(s for s in note.signatures if s.name == WITNESS.name)
    for bit in range(len(mine.signature) * 8):
        damaged = bytearray(mine.signature)
        damaged[bit // 8] ^= 1 << (bit % 8)
        assert WITNESS.verifier().cosigned_at(note.text, bytes(damaged)) is None, bit


def test_a_witness_cosigns_a_grown_tree_only_with_a_proof_that_it_extends_the_last() -> None:
    nodes = tree(20)
    first = cosign(checkpoint_of(nodes, 7), LOG.verifier(), WITNESS, {}, proofs_from(nodes), NOW)
    state = {LOG.name: first.note}
    later = cosign(
        checkpoint_of(nodes, 20), LOG.verifier(), WITNESS, state, proofs_from(nodes), NOW + 1
    )
    assert later.previous is not None and later.previous.size == 7
    assert spec_verifies(later.note, WITNESS.name, WITNESS.verifier().public) == NOW + 1


def test_a_witness_refuses_a_rewritten_history_a_rollback_and_a_fork() -> None:
    honest = tree(20)
    first = cosign(checkpoint_of(honest, 8), LOG.verifier(), WITNESS, {}, proofs_from(honest), NOW)
    state = {LOG.name: first.note}
    rewritten = tree(20, rewritten=3)
    with pytest.raises(InvalidInput, match="does not extend"):
        cosign(
            checkpoint_of(rewritten, 20),
            LOG.verifier(),
            WITNESS,
            state,
            proofs_from(rewritten),
            NOW,
        )
    with pytest.raises(InvalidInput, match="rolled-back"):
        cosign(checkpoint_of(honest, 5), LOG.verifier(), WITNESS, state, proofs_from(honest), NOW)
    with pytest.raises(InvalidInput, match="forked"):
        cosign(
            checkpoint_of(rewritten, 8), LOG.verifier(), WITNESS, state, proofs_from(honest), NOW
        )


def test_a_witness_refuses_a_forged_proof() -> None:
    nodes = tree(16)
    first = cosign(checkpoint_of(nodes, 6), LOG.verifier(), WITNESS, {}, proofs_from(nodes), NOW)
    honest = proofs_from(nodes)

    def tampered(previous: str, new: str) -> list[bytes]:
        path = honest(previous, new)
        return [path[0][:-1] + bytes([path[0][-1] ^ 1]), *path[1:]]

    with pytest.raises(InvalidInput, match="consistency proof fails"):
        cosign(
            checkpoint_of(nodes, 16), LOG.verifier(), WITNESS, {LOG.name: first.note}, tampered, NOW
        )


def test_a_witness_refuses_a_checkpoint_the_log_key_did_not_sign_and_keys_of_the_wrong_kind() -> (
    None
):
    nodes = tree(4)
    other = Signer.generate("ledger.example/sec")
    with pytest.raises(InvalidInput, match="not signed by"):
        cosign(checkpoint_of(nodes, 4), other.verifier(), WITNESS, {}, proofs_from(nodes), NOW)
    with pytest.raises(InvalidInput, match="log's key"):
        cosign(checkpoint_of(nodes, 4), LOG.verifier(), LOG, {}, proofs_from(nodes), NOW)
    with pytest.raises(NoteError, match="witness's key"):
        WITNESS.sign("text\n")
