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


def read_verifier(path: str, option: str = "--key") -> Any:
    from ledger.note import NoteError, Verifier

    try:
        return Verifier.parse(read_text(path, option))
    except NoteError as error:
        raise InvalidInput(f"{option} {path}: {error}") from None


@click.command("keygen")
@click.argument("name")
@click.option("--out", "prefix", required=True, metavar="PREFIX", help="Writes PREFIX.key, .pub.")
@click.option(
    "--witness", is_flag=True, help="A witness's key, for `cosign` (C2SP tlog-cosignature v1)."
)
def keygen(name: str, prefix: str, witness: bool) -> None:
    """Make an Ed25519 key pair for signing checkpoints, named NAME.

    PREFIX.key holds the signer key (PRIVATE+KEY+NAME+HASH+KEY, readable by its owner
    only) and PREFIX.pub the verifier key (NAME+HASH+KEY) to publish, in the encodings
    of Go's golang.org/x/mod/sumdb/note and the C2SP witness tools. NAME is also the
    origin line of the ledger's checkpoints. With --witness, the pair is a witness's
    (key type 0x04), for cosigning others' checkpoints. Existing files are never
    overwritten.

    \b
    Example:
      govledger keygen govledger.example/sec --out sec
      govledger keygen witness.example/auditor --out auditor --witness
    """
    from ledger.note import COSIGNATURE_V1, ED25519, NoteError, Signer

    try:
        signer = Signer.generate(name, COSIGNATURE_V1 if witness else ED25519)
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

    ledger = session.reader()
    recorder = ledger.recorder
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
        proof = inclusion(recorder, ledger.resolve_event_id(event_id), text)
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


@click.command("cosign")
@click.argument("checkpoint_file", metavar="CHECKPOINT")
@click.option("--key", "key_path", required=True, metavar="KEYFILE", help="The witness's key.")
@click.option("--log-key", "log_key", required=True, metavar="PUBKEY", help="The log's key.")
@click.option(
    "--state",
    "state_path",
    metavar="FILE",
    help="The witness's last cosigned checkpoints (default: KEYFILE's name, .witnessed).",
)
@click.option(
    "--proof",
    "proof_file",
    metavar="FILE",
    help="A consistency proof from the last cosigned checkpoint (prove --from --to "
    "--format json); else computed from the ledger at --db.",
)
@click.option("--keep", is_flag=True, help="Also keep the cosigned checkpoint in the ledger.")
@pass_session
def cosign(
    session: Session,
    checkpoint_file: str,
    key_path: str,
    log_key: str,
    state_path: str | None,
    proof_file: str | None,
    keep: bool,
) -> None:
    """Cosign a ledger's checkpoint as a witness, after checking it.

    Checks the log's signature and origin (--log-key), then that the checkpoint's tree
    extends the last one this witness cosigned for that origin (a consistency proof,
    checked against both roots whoever made it): a checkpoint of fewer events, another
    root at the same size, or a proof that fails is refused, and nothing is cosigned.
    Prints the checkpoint with the witness's cosignature added (C2SP tlog-cosignature
    v1) and records it as the witness's last, in its state file. The first checkpoint
    of an origin is trusted on first use.

    \b
    Example:
      govledger cosign checkpoint.txt --key auditor.key --log-key sec.pub > cosigned.txt
    """
    import time

    from ledger.witness import cosign as cosigned_by
    from ledger.witness import proof_path, read_state, write_state

    witness, log = read_signer(key_path), read_verifier(log_key, "--log-key")
    text = read_text(checkpoint_file, "CHECKPOINT")
    state_file = Path(state_path or str(Path(key_path).with_suffix("")) + ".witnessed")
    state = read_state(state_file)

    def proof_of(previous: str, new: str) -> list[bytes]:
        if proof_file is not None:
            return _proof_from_file(proof_file, previous, new)
        from ledger.transparency import consistency

        return proof_path(consistency(session.reader().recorder, previous, new)["path"])

    done = cosigned_by(text, log, witness, state, proof_of, int(time.time()))
    if keep:
        from ledger.transparency import keep_cosigned

        keep_cosigned(session.app.recorder, done.note)
    write_state(state_file, {**state, done.checkpoint.origin: done.note})
    click.echo(done.note, nl=False)
    since = (
        "first checkpoint of this origin: trusted on first use"
        if done.previous is None
        else f"extends the one cosigned at {done.previous.size} events"
    )
    click.echo(f"cosigned by {witness.name}: {done.checkpoint.size} events, {since}", err=True)


def _proof_from_file(path: str, previous: str, new: str) -> list[bytes]:
    import orjson

    from ledger.note import open_checkpoint
    from ledger.witness import proof_path

    try:
        proof = orjson.loads(read_text(path, "--proof"))
        first, second, hashes = proof["first"], proof["second"], proof["path"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise InvalidInput(f"--proof {path}: not a consistency proof (prove --from --to)") from None
    sizes = (open_checkpoint(previous, None)[0].size, open_checkpoint(new, None)[0].size)
    if (first, second) != sizes:
        raise InvalidInput(
            f"--proof {path}: proves {first} to {second} events; the witness needs "
            f"{sizes[0]} to {sizes[1]}"
        )
    return proof_path(hashes)


COMMANDS = [keygen, checkpoint, prove, cosign]
