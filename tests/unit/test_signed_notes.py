"""Keys, signed notes and checkpoints in the encodings of Go's golang.org/x/mod/sumdb/note.

Vectors: sumdb/note/note_test.go (TestNewSigner, TestSign, TestOpen): the PeterNeumann
and EnochRoot keys, and the note text each signed.
"""

from __future__ import annotations

import pytest

from ledger.note import (
    Checkpoint,
    Note,
    NoteError,
    Signer,
    Verifier,
    open_checkpoint,
    sign_checkpoint,
)

PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngot"
    "pRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwn"
    "WLox33WWd1RvMc+QQ=\n"
)


def test_gos_signer_key_gives_gos_verifier_key() -> None:
    signer = Signer.parse(PETER_SKEY)
    assert signer.encode() == PETER_SKEY
    assert signer.verifier().encode() == PETER_VKEY
    assert Verifier.parse(PETER_VKEY) == signer.verifier()


def test_signing_gos_note_text_gives_gos_signature_line_byte_for_byte() -> None:
    assert Signer.parse(PETER_SKEY).sign(TEXT) == PETER_SIG


def test_gos_signed_note_opens_with_each_of_its_two_keys() -> None:
    note = Note.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG)
    assert note.text == TEXT
    assert note.signed_by(Verifier.parse(PETER_VKEY))
    assert note.signed_by(Verifier.parse(ENOCH_VKEY))


def test_a_mangled_key_is_refused() -> None:
    for bad in (
        PETER_VKEY[:-1],
        PETER_VKEY.replace("c74f20a3", "c74f20a4"),
        PETER_VKEY.replace("PeterNeumann", "PeterNeuman"),
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ):
        with pytest.raises(NoteError):
            Verifier.parse(bad)
    with pytest.raises(NoteError):
        Signer.parse(PETER_SKEY.replace("c74f20a3", "c74f20a4"))


def test_a_signature_changed_by_one_character_does_not_verify() -> None:
    forged = PETER_SIG[:60] + ("B" if PETER_SIG[60] != "B" else "C") + PETER_SIG[61:]
    with pytest.raises(NoteError, match="does not verify"):
        Note.parse(TEXT + "\n" + forged).signed_by(Verifier.parse(PETER_VKEY))


def test_malformed_notes_are_refused_as_go_refuses_them() -> None:
    for bad in (TEXT, TEXT + "\n", TEXT + "\n" + PETER_SIG[:-1], TEXT + "\n" + PETER_SIG + "x\n"):
        with pytest.raises(NoteError):
            Note.parse(bad)


def test_a_checkpoint_opens_only_with_its_signers_key_and_origin() -> None:
    signer = Signer.generate("govledger.example/sec")
    checkpoint = Checkpoint("govledger.example/sec", 39, bytes(range(32)))
    note = sign_checkpoint(checkpoint, signer)
    assert note.splitlines()[:4] == [
        "govledger.example/sec",
        "39",
        checkpoint.text().split()[2],
        "",
    ]
    assert open_checkpoint(note, signer.verifier())[0] == checkpoint
    with pytest.raises(NoteError, match="not signed by"):
        open_checkpoint(note, Signer.generate("govledger.example/sec").verifier())
    elsewhere = Signer.generate("other.example/log")
    with pytest.raises(NoteError, match="origin"):
        open_checkpoint(sign_checkpoint(checkpoint, elsewhere), elsewhere.verifier())
    changed = note.replace("\n39\n", "\n38\n")
    with pytest.raises(NoteError, match="does not verify"):
        open_checkpoint(changed, signer.verifier())
