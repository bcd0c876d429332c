"""Check a govledger export with nothing but Python's standard library and `cryptography`.

    python verify_export.py EXPORT_DIR PUBLIC_KEY_FILE [WITNESS_KEY_FILE ...]

PUBLIC_KEY_FILE is the ledger's verifier key as its keeper published it
(`NAME+HASH+BASE64`); each WITNESS_KEY_FILE a witness's, as the witness published it.
The script checks, and says which check fails (exit status 1):

1. checkpoint.txt is a C2SP signed note signed by that key (key name and hash, then the
   Ed25519 signature over the note's text), and its origin is the key's name;
2. each witness cosigned that checkpoint (C2SP tlog-cosignature v1: the key hash with
   algorithm 0x04, then an eight-byte big-endian time and the Ed25519 signature over
   "cosignature/v1\ntime T\n" and the note's text);
3. every line of proofs.jsonl proves its event is in the tree the checkpoint signs: the
   leaf hash is SHA-256(0x00 || entry), and the RFC 9162 section 2.1.3.2 algorithm over
   the path gives the checkpoint's root;
4. every file manifest.json lists has the SHA-256 it gives.

An entry is the event as the ledger stores it: its aggregate id, version, type and
state (JSON), each after its length as 8 bytes, big-endian. It prints what each proven
event is, so the tables can be read against it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Failed(Exception):
    pass


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_path(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes | None:
    """RFC 9162 section 2.1.3.2; None when the path cannot be a proof for (index, size)."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def read_key(text: str, algorithm: int = 1) -> tuple[str, bytes, bytes]:
    name, key_hash, data = text.strip().split("+", 2)
    key = base64.b64decode(data, validate=True)
    if len(key) != 33 or key[0] != algorithm:
        kind = "an Ed25519 note key" if algorithm == 1 else "a witness's cosignature key"
        raise Failed(f"the public key {name} is not {kind}")
    if hashlib.sha256(name.encode() + b"\n" + key).digest()[:4].hex() != key_hash:
        raise Failed("the public key's hash does not match its name and key")
    return name, bytes.fromhex(key_hash), key[1:]


def read_checkpoint(note: str, name: str, key_hash: bytes, public: bytes) -> tuple[int, bytes]:
    text, _, signatures = note.rpartition("\n\n")
    text += "\n"
    signed = False
    for line in signatures.splitlines():
        dash, signer, data = line.split(" ")
        raw = base64.b64decode(data, validate=True)
        if dash != "\u2014" or signer != name or raw[:4] != key_hash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], text.encode())
        except InvalidSignature:
            raise Failed(f"the checkpoint's signature by {name} does not verify") from None
        signed = True
    if not signed:
        raise Failed(f"the checkpoint carries no signature by {name}")
    origin, size, root = text.split("\n")[:3]
    if origin != name:
        raise Failed(f"the checkpoint's origin {origin!r} is not the key's name {name!r}")
    return int(size), base64.b64decode(root, validate=True)


def cosigned_at(note: str, name: str, key_hash: bytes, public: bytes) -> int:
    text, _, signatures = note.rpartition("\n\n")
    text += "\n"
    for line in signatures.splitlines():
        dash, signer, data = line.split(" ")
        raw = base64.b64decode(data, validate=True)
        if dash != "\u2014" or signer != name or raw[:4] != key_hash:
            continue
        timestamp = int.from_bytes(raw[4:12], "big")
        message = f"cosignature/v1\ntime {timestamp}\n{text}".encode()
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[12:], message)
        except InvalidSignature:
            raise Failed(f"the cosignature by witness {name} does not verify") from None
        return timestamp
    raise Failed(f"the checkpoint carries no cosignature by witness {name}")


def entry_fields(entry: bytes) -> list[bytes]:
    fields, at = [], 0
    while at < len(entry):
        length = int.from_bytes(entry[at : at + 8], "big")
        fields.append(entry[at + 8 : at + 8 + length])
        at += 8 + length
    return fields


def check(folder: Path, key_file: Path, witness_files: list[Path]) -> str:
    name, key_hash, public = read_key(key_file.read_text())
    note = (folder / "checkpoint.txt").read_text()
    size, root = read_checkpoint(note, name, key_hash, public)
    for witness_file in witness_files:
        witness = read_key(witness_file.read_text(), algorithm=4)
        print(f"cosigned by witness {witness[0]} at POSIX time {cosigned_at(note, *witness)}")
    proven = 0
    for number, line in enumerate((folder / "proofs.jsonl").read_text().splitlines(), 1):
        proof = json.loads(line)
        entry = base64.b64decode(proof["entry"], validate=True)
        leaf = hashlib.sha256(b"\x00" + entry).digest()
        if base64.b64decode(proof["leaf_hash"]) != leaf:
            raise Failed(f"proofs.jsonl line {number}: the leaf hash is not the entry's")
        if proof["tree_size"] != size:
            raise Failed(f"proofs.jsonl line {number}: proves against another tree size")
        path = [base64.b64decode(p, validate=True) for p in proof["path"]]
        if root_from_path(proof["index"], size, leaf, path) != root:
            raise Failed(f"proofs.jsonl line {number}: the proof does not give the signed root")
        aggregate, version, _, state = entry_fields(entry)
        if json.loads(state).get("event_id") != proof["event_id"]:
            raise Failed(f"proofs.jsonl line {number}: the entry is not event {proof['event_id']}")
        print(f"event {proof['index'] + 1}: {aggregate.decode()} v{version.decode()}")
        proven += 1
    manifest = json.loads((folder / "manifest.json").read_text())
    for file, about in manifest["files"].items():
        if hashlib.sha256((folder / file).read_bytes()).hexdigest() != about["sha256"]:
            raise Failed(f"{file} is not the file manifest.json lists")
    return f"{proven} events proven in {name}'s checkpoint of {size} events"


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        print(check(Path(sys.argv[1]), Path(sys.argv[2]), [Path(a) for a in sys.argv[3:]]))
    except (Failed, ValueError, KeyError, OSError) as error:
        print(f"not verified: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
