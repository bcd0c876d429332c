"""Checkpoints and proofs: what `keygen`, `checkpoint`, `prove` and `verify --checkpoint`
do with the ledger's Merkle tree (the arithmetic in `merkle`, the formats in `note`).

A checkpoint signs the root the events give as stored, recomputed from them, never the
stored nodes alone; a proof is read from the stored nodes (O(log n) of them) and is
checked against the checkpoint's root, so a damaged node gives a proof that fails, not
a false one.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ledger import merkle
from ledger.domain.errors import InvalidInput, NotFound
from ledger.note import (
    Checkpoint,
    Note,
    NoteError,
    Signer,
    Verifier,
    open_checkpoint,
    sign_checkpoint,
)
from ledger.store.tree import leaf_data


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def parse_checkpoint(text: str, verifier: Verifier | None, what: str) -> Checkpoint:
    """A checkpoint from its signed note, refused in one line when malformed; the
    signature is not checked here (`verify_checkpoint` does, naming the failure)."""
    try:
        checkpoint, _ = open_checkpoint(text, None)
    except NoteError as error:
        raise InvalidInput(f"{what}: {error}") from None
    return checkpoint


def recomputed_root(recorder: Any, size: int) -> bytes:
    """The root of the first `size` events recomputed from the events as linked."""
    root: bytes = recorder.root_from_events(size)
    return root


def make_checkpoint(recorder: Any, signer: Signer) -> str:
    """Sign the ledger's tree as the events give it, after checking the chain, that the
    stored tree gives the same root, and that the history extends every checkpoint the
    ledger keeps from this key; the signed note is kept in the ledger too."""
    from ledger.store.audit import audit

    verdict = audit(recorder)
    if not verdict.intact:
        raise InvalidInput(f"no checkpoint made: {verdict.found}")
    size = verdict.count
    root = recomputed_root(recorder, size)
    checkpoint = Checkpoint(signer.name, size, root)
    mine = []
    for _, note in recorder.kept_checkpoints():
        try:
            mine.append(open_checkpoint(note, signer.verifier())[0])
        except NoteError:
            continue  # another key's checkpoint
    # the latest is enough: each checkpoint was made only over a history extending the last
    for kept in mine[-1:]:
        if kept.size > size or recomputed_root(recorder, kept.size) != kept.root:
            raise InvalidInput(
                f"no checkpoint made: the ledger no longer holds the history its checkpoint "
                f"at {kept.size} events signed (govledger verify --checkpoint names how)"
            )
    note = sign_checkpoint(checkpoint, signer)
    recorder.keep_checkpoint(size, note)
    stored = recorder.tree_compute(size, lambda get: merkle.root(get, size))
    if stored != root:
        raise InvalidInput("the stored Merkle tree does not give the events' root")
    return note


def keep_cosigned(recorder: Any, note_text: str) -> None:
    """Keep a witness's cosigned checkpoint in the ledger, where `export` finds it; only
    a checkpoint of this ledger's own history at its size."""
    checkpoint = parse_checkpoint(note_text, None, "the cosigned checkpoint")
    if checkpoint.size > recorder.tree_size() or (
        recomputed_root(recorder, checkpoint.size) != checkpoint.root
    ):
        raise InvalidInput(
            "not kept: the cosigned checkpoint is not of this ledger's history "
            "(govledger verify --checkpoint says why)"
        )
    recorder.keep_checkpoint(checkpoint.size, note_text)


def latest_checkpoint(recorder: Any) -> str | None:
    kept = recorder.kept_checkpoints()
    return kept[-1][1] if kept else None


def inclusion(recorder: Any, event_id: str, checkpoint_text: str | None) -> dict[str, Any]:
    """An inclusion proof of the event against the checkpoint (the latest kept when None;
    the ledger's current tree, unsigned, when it keeps none)."""
    found = recorder.linked_event_with_id(event_id)
    if found is None:
        raise NotFound(f"no recorded event {event_id}")
    assert found.position is not None  # a checked read is of a linked event
    text = checkpoint_text if checkpoint_text is not None else latest_checkpoint(recorder)
    size = recorder.tree_size()
    if text is not None:
        size = parse_checkpoint(text, None, "--checkpoint").size
    index = found.position - 1
    if index >= size:
        raise InvalidInput(
            f"the event {event_id} was recorded after the checkpoint (event {found.position}, "
            f"the checkpoint covers {size}): make a new checkpoint"
        )
    path, root = recorder.tree_compute(
        size, lambda get: (merkle.inclusion(get, index, size), merkle.root(get, size))
    )
    data = leaf_data(found.originator_id, found.originator_version, found.topic, found.state)
    proof = {
        "event_id": event_id,
        "index": index,
        "tree_size": size,
        "leaf_hash": b64(merkle.leaf_hash(data)),
        "path": [b64(p) for p in path],
        "root": b64(root),
        "entry": b64(data),
        "checkpoint": text,
    }
    if text is not None and parse_checkpoint(text, None, "--checkpoint").root != root:
        raise InvalidInput(
            "the ledger's tree is not the checkpoint's at its size: "
            "govledger verify --checkpoint says why"
        )
    return proof


def consistency(recorder: Any, first_text: str, second_text: str | None) -> dict[str, Any]:
    first = parse_checkpoint(first_text, None, "--from")
    second_size = recorder.tree_size()
    if second_text is not None:
        second_size = parse_checkpoint(second_text, None, "--to").size
    if first.size > second_size:
        raise InvalidInput(
            f"--from covers {first.size} events, more than --to ({second_size}): "
            "give the older checkpoint first"
        )
    if second_size > recorder.tree_size():
        raise InvalidInput(
            f"--to covers {second_size} events; the ledger holds {recorder.tree_size()}"
        )
    path, root_a, root_b = recorder.tree_compute(
        second_size,
        lambda get: (
            merkle.consistency(get, first.size, second_size),
            merkle.root(get, first.size),
            merkle.root(get, second_size),
        ),
    )
    return {
        "first": first.size,
        "second": second_size,
        "first_root": b64(root_a),
        "second_root": b64(root_b),
        "path": [b64(p) for p in path],
    }


@dataclass
class CheckpointVerdict:
    ok: bool
    lines: list[str] = field(default_factory=list)


def verify_checkpoint(
    recorder: Any, text: str, verifier: Verifier | None, witnesses: Sequence[Verifier] = ()
) -> CheckpointVerdict:
    """The ledger checked against a checkpoint: its signature (with `verifier`), each
    witness's cosignature, then that the ledger's first N events are the ones it
    signs, naming what fails."""
    checkpoint = parse_checkpoint(text, None, "--checkpoint")
    lines = []
    if verifier is None:
        lines.append("signature not checked (give --key with the signer's public key)")
    else:
        try:
            open_checkpoint(text, verifier)
        except NoteError as error:
            return CheckpointVerdict(False, [f"checkpoint not verified: {error}"])
        lines.append(
            f"checkpoint signed by {verifier.name}+{verifier.hash.hex()}: "
            f"{checkpoint.size} events, root {b64(checkpoint.root)}"
        )
    for witness in witnesses:
        said = cosignature_line(text, witness)
        lines.append(said[1])
        if not said[0]:
            return CheckpointVerdict(False, lines)
    held = recorder.tree_size()
    if checkpoint.size > held:
        lines.append(
            f"truncated: the checkpoint covers {checkpoint.size} events, the ledger holds "
            f"only {held}: history was removed"
        )
        return CheckpointVerdict(False, lines)
    root = recomputed_root(recorder, checkpoint.size)
    if root == checkpoint.root:
        lines.append(
            f"consistent: the ledger's first {checkpoint.size} events are the ones the "
            f"checkpoint signs ({held - checkpoint.size} recorded since)"
        )
        return CheckpointVerdict(True, lines)
    lines.append(_why_not(recorder, checkpoint, verifier))
    return CheckpointVerdict(False, lines)


def cosignature_line(text: str, witness: Verifier) -> tuple[bool, str]:
    """Whether `witness` cosigned the checkpoint `text`, and a line saying so."""
    from datetime import UTC, datetime

    name = f"{witness.name}+{witness.hash.hex()}"
    if not witness.is_witness:
        return False, f"--witness {name} is a log's key, not a witness's"
    try:
        when = Note.parse(text).cosigned_by(witness)
    except NoteError as error:
        return False, f"not cosigned: {error}"
    if when is None:
        return False, f"not cosigned by {name}"
    stamp = datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")
    return True, f"cosigned by witness {name} at {stamp}"


def _why_not(recorder: Any, checkpoint: Checkpoint, verifier: Verifier | None) -> str:
    size = checkpoint.size
    if verifier is not None:
        for _, note in recorder.kept_checkpoints():
            try:
                kept, _ = open_checkpoint(note, verifier)
            except NoteError:
                continue
            if kept.size <= recorder.tree_size() and recomputed_root(recorder, kept.size) == (
                kept.root
            ):
                return (
                    f"forked: the same key signed this ledger's history at {kept.size} events "
                    f"and a different history in this checkpoint at {size}: the two cannot "
                    "both be the ledger's"
                )
    stored = recorder.tree_compute(size, lambda get: merkle.root(get, size))
    if stored == checkpoint.root:
        leaves = recorder.tree_from_events(size)
        for index in range(size):
            if recorder.stored_leaf(index) != leaves[(0, index)]:
                key = recorder.key_at(index + 1)
                return (
                    f"rewritten entry: event {index + 1} ({key}) is not the one the "
                    "checkpoint signs (the tree stored with it still is)"
                )
    return (
        f"rewritten: the ledger's first {size} events are not the ones the checkpoint "
        "signs: an entry was rewritten, removed or reordered and the chain and tree made "
        "again to match"
    )


def export_proofs(recorder: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """The latest kept checkpoint and an inclusion proof against it of every event it
    covers (None when the ledger keeps no checkpoint). Refused when the ledger no longer
    gives that checkpoint's root."""
    text = latest_checkpoint(recorder)
    if text is None:
        return None
    signed = parse_checkpoint(text, None, "the ledger's latest checkpoint")
    size = signed.size
    nodes = recorder.tree_from_events(size)

    def get(level: int, index: int) -> bytes:
        return bytes(nodes[(level, index)])

    if merkle.root(get, size) != signed.root:
        raise InvalidInput(
            "nothing exported: the ledger no longer gives its latest checkpoint's root "
            "(govledger verify --checkpoint says why)"
        )
    proofs = []
    for position, originator_id, version, topic, state in recorder.linked_rows(size):
        data = leaf_data(originator_id, version, topic, state)
        proofs.append(
            {
                "event_id": str(orjson.loads(state).get("event_id")),
                "index": position - 1,
                "tree_size": size,
                "leaf_hash": b64(merkle.leaf_hash(data)),
                "path": [b64(p) for p in merkle.inclusion(get, position - 1, size)],
                "entry": b64(data),
            }
        )
    return text, proofs


def proof_json(proof: dict[str, Any]) -> str:
    return orjson.dumps(proof, option=orjson.OPT_INDENT_2).decode()
