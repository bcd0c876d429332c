"""C2SP signed notes, Ed25519 keys in their text encodings, and tlog checkpoints.

A key's name and hash identify it: the hash is the first four bytes of
SHA-256(name || 0x0A || algorithm || public key), the algorithm 0x01 for a log's Ed25519
key and 0x04 for a witness's (C2SP tlog-cosignature v1, whose signature is a big-endian
eight-byte POSIX time and an Ed25519 signature over "cosignature/v1", "time T" and the
text, each line ending in a newline). A verifier key is
`NAME+HASHHEX8+BASE64(0x01 || public key)`, a signer key
`PRIVATE+KEY+NAME+HASHHEX8+BASE64(0x01 || seed)` (Go's golang.org/x/mod/sumdb/note). A
signed note is its text (ending in a newline), a blank line, and one line per signature,
`— NAME BASE64(key hash || signature over the text)`. A checkpoint (C2SP tlog-checkpoint)
is a note whose text is the log's origin, its tree size in decimal and its root hash in
base64, one a line.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04  # a witness's timestamped Ed25519 cosignature (C2SP tlog-cosignature)
ALGORITHMS = (ED25519, COSIGNATURE_V1)
DASH = "\u2014 "


class NoteError(ValueError):
    """A key, note or checkpoint that is not well formed, or does not verify."""


def key_hash(name: str, key: bytes) -> bytes:
    """The four-byte hash naming `key` (its algorithm byte first) under `name`."""
    return hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]


def _valid_name(name: str) -> bool:
    return bool(name) and all(c.isprintable() and c not in " +" for c in name)


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(f"not base64: {text[:40]!r}") from None


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


@dataclass(frozen=True)
class Verifier:
    name: str
    hash: bytes
    public: bytes
    algorithm: int = ED25519

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3 or not _valid_name(parts[0]) or len(parts[1]) != 8:
            raise NoteError("not a verifier key (NAME+HASH+KEY)")
        name, hexhash, data = parts
        key = _b64(data)
        if len(key) != 33 or key[0] not in ALGORITHMS:
            raise NoteError("not an Ed25519 verifier key (of a log, or of a witness)")
        if key_hash(name, key).hex() != hexhash:
            raise NoteError(f"the verifier key's hash {hexhash} is not its key's")
        return cls(name, key_hash(name, key), key[1:], key[0])

    @property
    def is_witness(self) -> bool:
        return self.algorithm == COSIGNATURE_V1

    def encode(self) -> str:
        data = base64.b64encode(bytes([self.algorithm]) + self.public).decode()
        return f"{self.name}+{self.hash.hex()}+{data}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def cosigned_at(self, text: str, signature: bytes) -> int | None:
        """The time of a witness's cosignature of `text`, or None when it does not verify."""
        if len(signature) != 8 + 64:
            return None
        timestamp = int.from_bytes(signature[:8], "big")
        if timestamp >= 1 << 63 or not self.verify(
            cosigned_message(text, timestamp), signature[8:]
        ):
            return None
        return timestamp


@dataclass(frozen=True)
class Signer:
    name: str
    hash: bytes
    seed: bytes
    algorithm: int = ED25519

    @property
    def is_witness(self) -> bool:
        return self.algorithm == COSIGNATURE_V1

    @classmethod
    def generate(cls, name: str, algorithm: int = ED25519) -> Signer:
        if not _valid_name(name):
            raise NoteError(f"{name!r} cannot name a key (no spaces, '+' or control characters)")
        private = Ed25519PrivateKey.generate()
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls.from_seed(name, seed, algorithm)

    @classmethod
    def from_seed(cls, name: str, seed: bytes, algorithm: int = ED25519) -> Signer:
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
        raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(name, key_hash(name, bytes([algorithm]) + raw), seed, algorithm)

    @classmethod
    def parse(cls, skey: str) -> Signer:
        text = skey.strip()
        parts = text.removeprefix("PRIVATE+KEY+").split("+", 2)
        if not text.startswith("PRIVATE+KEY+") or len(parts) != 3 or not _valid_name(parts[0]):
            raise NoteError("not a signer key (PRIVATE+KEY+NAME+HASH+KEY)")
        name, hexhash, data = parts
        key = _b64(data)
        if len(key) != 33 or key[0] not in ALGORITHMS:
            raise NoteError("not an Ed25519 signer key (of a log, or of a witness)")
        signer = cls.from_seed(name, key[1:], key[0])
        if signer.hash.hex() != hexhash:
            raise NoteError(f"the signer key's hash {hexhash} is not its key's")
        return signer

    def encode(self) -> str:
        data = base64.b64encode(bytes([self.algorithm]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.hash.hex()}+{data}"

    def verifier(self) -> Verifier:
        public = Ed25519PrivateKey.from_private_bytes(self.seed).public_key()
        raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return Verifier(self.name, self.hash, raw, self.algorithm)

    def sign(self, text: str) -> str:
        """A signature line for `text` (a log's key)."""
        if self.is_witness:
            raise NoteError(f"{self.name} is a witness's key: it cosigns, it does not sign")
        signature = Ed25519PrivateKey.from_private_bytes(self.seed).sign(text.encode())
        return self._line(signature)

    def cosign(self, text: str, timestamp: int) -> str:
        """A witness's cosignature line for `text` at the POSIX time `timestamp`."""
        if not self.is_witness:
            raise NoteError(f"{self.name} is a log's key: a witness's key cosigns")
        private = Ed25519PrivateKey.from_private_bytes(self.seed)
        signature = private.sign(cosigned_message(text, timestamp))
        return self._line(timestamp.to_bytes(8, "big") + signature)

    def _line(self, signature: bytes) -> str:
        return f"{DASH}{self.name} {base64.b64encode(self.hash + signature).decode()}\n"


@dataclass(frozen=True)
class Signature:
    name: str
    hash: bytes
    signature: bytes
    line: str


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    @classmethod
    def parse(cls, note: str) -> Note:
        if "\r" in note or not note.endswith("\n") or "\n\n" not in note:
            raise NoteError("not a signed note (text, a blank line, signature lines)")
        split = note.rindex("\n\n")
        text, lines = note[: split + 1], note[split + 2 :].splitlines(keepends=True)
        if not lines:
            raise NoteError("the note has no signature")
        signatures = []
        for line in lines:
            parts = line[:-1].split(" ")
            if not line.startswith(DASH) or len(parts) != 3 or not _valid_name(parts[1]):
                raise NoteError(f"not a signature line: {line[:60]!r}")
            raw = _b64(parts[2])
            if len(raw) < 5:
                raise NoteError("a signature too short to name its key")
            signatures.append(Signature(parts[1], raw[:4], raw[4:], line))
        return cls(text, tuple(signatures))

    def signed_by(self, verifier: Verifier) -> bool:
        """Whether a signature of `verifier`'s name and hash verifies (a signature of that
        name and hash that does not is an error, as Go's note.Open makes it)."""
        mine = [s for s in self.signatures if (s.name, s.hash) == (verifier.name, verifier.hash)]
        if not mine:
            return False
        if not all(verifier.verify(self.text.encode(), s.signature) for s in mine):
            raise NoteError(f"the signature of {verifier.name} does not verify")
        return True

    def cosigned_by(self, witness: Verifier) -> int | None:
        """The time of `witness`'s cosignature of this note (its latest), or None when
        it has none; a cosignature of its name and hash that does not verify is an error."""
        mine = [s for s in self.signatures if (s.name, s.hash) == (witness.name, witness.hash)]
        times = [witness.cosigned_at(self.text, s.signature) for s in mine]
        if None in times:
            raise NoteError(f"the cosignature of {witness.name} does not verify")
        return max((t for t in times if t is not None), default=None)

    def encode(self) -> str:
        return self.text + "\n" + "".join(s.line for s in self.signatures)

    def with_signature(self, line: str) -> Note:
        added = Note.parse(self.text + "\n" + line).signatures
        return Note(self.text, self.signatures + added)


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or not lines[0] or lines[-1] != "":
            raise NoteError("not a checkpoint (origin, tree size, root hash, one a line)")
        origin, size, root = lines[:3]
        if not size.isdigit() or (size != "0" and size.startswith("0")) or not size.isascii():
            raise NoteError(f"the checkpoint's tree size {size!r} is not a decimal count")
        hashed = _b64(root)
        if len(hashed) != 32:
            raise NoteError("the checkpoint's root is not a SHA-256 hash")
        return cls(origin, int(size), hashed)


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    text = checkpoint.text()
    return text + "\n" + signer.sign(text)


def open_checkpoint(note_text: str, verifier: Verifier | None) -> tuple[Checkpoint, Note]:
    """The checkpoint a signed note holds; with `verifier`, refused unless it signed it
    and the origin is the key's name."""
    note = Note.parse(note_text)
    checkpoint = Checkpoint.parse(note.text)
    if verifier is not None and verifier.is_witness:
        raise NoteError(
            f"{verifier.name}+{verifier.hash.hex()} is a witness's key: give the log's key "
            "(a witness's key checks its cosignature)"
        )
    if verifier is not None:
        if not note.signed_by(verifier):
            raise NoteError(
                f"the checkpoint is not signed by {verifier.name}+{verifier.hash.hex()}"
            )
        if checkpoint.origin != verifier.name:
            raise NoteError(
                f"the checkpoint's origin {checkpoint.origin!r} is not the key's "
                f"({verifier.name!r})"
            )
    return checkpoint, note
