"""A witness's cosignature of a ledger's checkpoint (C2SP tlog-cosignature v1).

A witness cosigns a checkpoint only after checking it: the log's signature and origin,
and that its tree extends the last checkpoint this witness cosigned for that origin (a
consistency proof, checked here against both roots, whoever computed it). It keeps
that last checkpoint in its own state file, never in the ledger it witnesses: a ledger
that rewrote its history cannot make the witness forget what it saw. The first
checkpoint of an origin is trusted on first use, as a witness's first is.
"""

from __future__ import annotations

import base64
import binascii
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from ledger import merkle
from ledger.domain.errors import InvalidInput
from ledger.note import Checkpoint, Note, NoteError, Signer, Verifier, open_checkpoint

ProofSource = Callable[[str, str], list[bytes]]  # (last cosigned note, new note) -> path


@dataclass(frozen=True)
class Cosigned:
    note: str  # the checkpoint with the witness's cosignature added
    checkpoint: Checkpoint
    previous: Checkpoint | None  # the last this witness had cosigned for the origin
    timestamp: int


def read_state(path: Path) -> dict[str, str]:
    """The witness's last cosigned checkpoint of each origin."""
    if not path.exists():
        return {}
    try:
        state = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as error:
        raise InvalidInput(f"--state {path}: not a witness's state file ({error})") from None
    if not isinstance(state, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in state.items()
    ):
        raise InvalidInput(f"--state {path}: not a witness's state file")
    return state


def write_state(path: Path, state: dict[str, str]) -> None:
    """Replace the state file whole (a crash leaves the old one, never half a new one)."""
    data = orjson.dumps(state, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=".witness-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def proof_path(hashes: list[str]) -> list[bytes]:
    try:
        return [base64.b64decode(h, validate=True) for h in hashes]
    except (binascii.Error, ValueError, TypeError):
        raise InvalidInput("the consistency proof's path is not base64 hashes") from None


def cosign(
    note_text: str,
    log: Verifier,
    witness: Signer,
    state: dict[str, str],
    proof_of: ProofSource,
    now: int,
) -> Cosigned:
    """Check `note_text` against what this witness last cosigned and cosign it; the
    caller keeps `Cosigned.note` as the new state for the origin."""
    if not witness.is_witness:
        raise InvalidInput(
            f"--key: {witness.name} is a log's key; a witness cosigns with a witness key "
            "(govledger keygen NAME --witness)"
        )
    try:
        checkpoint, note = open_checkpoint(note_text, log)
    except NoteError as error:
        raise InvalidInput(f"not cosigned: {error}") from None
    previous = None
    if checkpoint.origin in state:
        previous, _ = open_checkpoint(state[checkpoint.origin], None)
        _check_extends(previous, checkpoint, state[checkpoint.origin], note_text, proof_of)
    line = witness.cosign(note.text, now)
    others = [s for s in note.signatures if (s.name, s.hash) != (witness.name, witness.hash)]
    cosigned = Note(note.text, tuple(others)).with_signature(line)
    return Cosigned(cosigned.encode(), checkpoint, previous, now)


def _check_extends(
    previous: Checkpoint,
    checkpoint: Checkpoint,
    previous_note: str,
    note_text: str,
    proof_of: ProofSource,
) -> None:
    old, new = previous.size, checkpoint.size
    if new < old:
        raise InvalidInput(
            f"not cosigned: the checkpoint covers {new} events, fewer than the {old} this "
            "witness last cosigned: a rolled-back ledger"
        )
    if new == old:
        if checkpoint.root != previous.root:
            raise InvalidInput(
                f"not cosigned: forked: this witness cosigned another root at {old} events"
            )
        return
    path = proof_of(previous_note, note_text)
    if not merkle.verify_consistency(old, new, previous.root, checkpoint.root, path):
        raise InvalidInput(
            f"not cosigned: the tree at {new} events does not extend the one this witness "
            f"cosigned at {old} (the consistency proof fails): a rewritten or forked history"
        )
