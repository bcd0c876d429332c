"""Signed checkpoints and proofs: `keygen`, `checkpoint`, `prove` (`verify --checkpoint`
is in trust.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from cli.completion import event_ids
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput


def read_text(path: str, what: str) -> str:
    """A small text file given on the command line, refused in one line if unreadable."""
    try:
        with open(path, "rb") as file:
            data = file.read(1_000_000)
        return data.decode("utf-8")
    except OSError as error:
        raise InvalidInput(f"{what} {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{what} {path}: not UTF-8 text") from None


def read_signer(path: str) -> Any:
    from ledger.note import NoteError, Signer

    try:
        return Signer.parse(read_text(path, "--key"))
    except NoteError as error:
        raise InvalidInput(f"--key {path}: {error}") from None


def read_verifier(path: str) -> Any:
    from ledger.note import NoteError, Verifier

    try:
        return Verifier.parse(read_text(path, "--key"))
    except NoteError as error:
        raise InvalidInput(f"--key {path}: {error}") from None


@click.command("keygen")
@click.argument("name")
@click.option("--out", "prefix", required=True, metavar="PREFIX", help="Writes PREFIX.key, .pub.")
def keygen(name: str, prefix: str) -> None:
    """Make an Ed25519 key pair for signing checkpoints, named NAME.

    PREFIX.key holds the signer key (PRIVATE+KEY+NAME+HASH+KEY, readable by its owner
    only) and PREFIX.pub the verifier key (NAME+HASH+KEY) to publish, in the encodings
    of Go's golang.org/x/mod/sumdb/note and the C2SP witness tools. NAME is also the
    origin line of the ledger's checkpoints. Existing files are never overwritten.

    \b
    Example:
      govledger keygen govledger.example/sec --out sec
    """
    from ledger.note import NoteError, Signer

    try:
        signer = Signer.generate(name)
    except NoteError as error:
        raise InvalidInput(f"NAME: {error}") from None
    key, pub = Path(f"{prefix}.key"), Path(f"{prefix}.pub")
    for path in (key, pub):
        if path.exists() or path.is_symlink():
            raise InvalidInput(f"--out {prefix}: {path} exists: nothing was written")
    try:
        descriptor = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(signer.encode() + "\n")
        pub.write_text(signer.verifier().encode() + "\n")
    except OSError as error:
        raise InvalidInput(f"--out {prefix}: {error.strerror or error}") from None
    click.echo(f"Wrote {key} (keep it secret) and {pub}: {signer.verifier().encode()}")


@click.command("checkpoint")
@click.option("--key", "key_path", required=True, metavar="KEYFILE", help="A signer key file.")
@pass_session
def checkpoint(session: Session, key_path: str) -> None:
    """Sign the ledger's Merkle tree and print the checkpoint (a C2SP signed note).

    Checks the chain, recomputes the tree's root from every event as stored, checks
    that the history extends every checkpoint the ledger keeps from this key, then
    prints the origin (the key's name), the tree size and the root, signed; the
    checkpoint is kept in the ledger too. Publish it, and give it to witnesses.

    \b
    Example:
      govledger checkpoint --key sec.key > checkpoint-2017-04-10.txt
    """
    from ledger.transparency import make_checkpoint

    signer = read_signer(key_path)
    click.echo(make_checkpoint(session.app.recorder, signer), nl=False)


@click.command("prove")
@click.argument("event_id", required=False, shell_complete=event_ids)
@click.option("--checkpoint", "given", metavar="FILE", help="Prove against this checkpoint.")
@click.option("--from", "first", metavar="FILE", help="A consistency proof from this checkpoint")
@click.option("--to", "second", metavar="FILE", help="... to this one (default: the ledger now).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_session
def prove(
    session: Session,
    event_id: str | None,
    given: str | None,
    first: str | None,
    second: str | None,
    fmt: str,
) -> None:
    """Print an inclusion proof of EVENT_ID, or a consistency proof (--from, --to).

    The inclusion proof is against the given checkpoint, else the latest the ledger
    keeps (else the ledger's tree now, unsigned): index, tree_size, leaf_hash, path
    (base64 hashes in RFC 9162 order, leaf to root), root, and entry (the leaf's bytes,
    base64). A consistency proof shows the tree of --from is a prefix of that of --to.

    \b
    Example:
      govledger prove 6f1c...e2 --format json
      govledger prove --from checkpoint-1.txt --to checkpoint-2.txt
    """
    from ledger.transparency import consistency, inclusion, proof_json

    recorder = session.reader().recorder
    if first is not None:
        if event_id is not None or given is not None:
            raise InvalidInput("give EVENT_ID (and --checkpoint), or --from and --to, not both")
        proof = consistency(
            recorder,
            read_text(first, "--from"),
            None if second is None else read_text(second, "--to"),
        )
    elif event_id is None:
        raise InvalidInput("give EVENT_ID, or --from (and --to)")
    elif second is not None:
        raise InvalidInput("--to goes with --from")
    else:
        text = None if given is None else read_text(given, "--checkpoint")
        proof = inclusion(recorder, event_id.strip(), text)
    if fmt == "json":
        click.echo(proof_json(proof))
        return
    for name, value in proof.items():
        if name == "path":
            click.echo(f"path: {len(value)} hashes")
            for h in value:
                click.echo(f"  {h}")
        elif name == "checkpoint":
            click.echo("checkpoint: " + ("none (the tree now, unsigned)" if value is None else ""))
            if value is not None:
                click.echo("".join(f"  {line}\n" for line in value.splitlines()), nl=False)
        elif name != "entry":
            click.echo(f"{name}: {value}")


COMMANDS = [keygen, checkpoint, prove]
