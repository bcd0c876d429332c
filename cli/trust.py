"""Checking the ledger's history: `verify` walks the hash chain, `digest` prints its head."""

from __future__ import annotations

import os
from typing import Any

import click
import orjson

from cli.progress import progress
from cli.session import EXIT_DIFFERS, Session, pass_session
from ledger.domain.errors import InvalidInput


def _audit(session: Session, checkpoint: int | None = None, shown: bool = False) -> Any:
    from ledger.store.audit import audit

    recorder = session.reader().recorder
    if not shown:
        return audit(recorder, checkpoint)  # type: ignore[arg-type]
    with progress("verifying", "checked", "events") as update:
        return audit(recorder, checkpoint, update)  # type: ignore[arg-type]


def _summary(verdict: Any) -> str:
    return f"{verdict.count} events, chain intact, head {verdict.head}"


def _how(spans: list[tuple[str, str, int, int]]) -> list[str]:
    from ledger.store.chain import ADOPTED, BACKFILLED

    lines = []
    for how, at, first, last in spans:
        links = f"link {first}" if first == last else f"links {first}-{last}"
        if how == BACKFILLED:
            lines.append(
                f"{links}: backfilled at {at} from events recorded before the chain existed"
            )
        elif how == ADOPTED:
            lines.append(
                f"{links}: adopted at {at} by govledger adopt, from events recorded "
                "before the chain existed (a digest taken before then is what shows "
                "they were not changed)"
            )
        else:
            lines.append(
                f"{links}: written with {'its event' if first == last else 'their events'}"
            )
    return lines


def _events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"


def read_digest(given: str) -> tuple[int, str]:
    """A digest as `digest` printed it: from a file of that name, or the JSON itself."""
    text = given
    if os.path.isfile(given):
        with open(given, "rb") as file:
            text = file.read().decode("utf-8", errors="replace")
    try:
        digest = orjson.loads(text)
        position, head = digest["position"], digest["head"]
    except (orjson.JSONDecodeError, TypeError, KeyError):
        raise InvalidInput(
            f"--against {given[:80]!r}: not a digest (a file or JSON with position and head)"
        ) from None
    valid_head = isinstance(head, str) and len(head) == 64 and set(head) <= set("0123456789abcdef")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise InvalidInput(f"--against: position {position!r} is not a count of events")
    if not valid_head:
        raise InvalidInput(f"--against: head {head!r} is not a SHA-256 in hex")
    return position, head


@click.command("verify")
@click.option(
    "--against",
    "digest",
    metavar="DIGEST",
    help="A digest printed earlier (a file, or its JSON): prove today's ledger extends it.",
)
@click.option(
    "--projections",
    is_flag=True,
    help="Also derive every projection table again from the events and compare.",
)
@click.option(
    "--checkpoint",
    "checkpoint_file",
    metavar="FILE",
    help="A signed checkpoint: check its signature, then that the ledger extends it.",
)
@click.option("--key", "key_file", metavar="PUBKEY", help="The checkpoint signer's public key.")
@click.option(
    "--witness",
    "witness_files",
    metavar="PUBKEY",
    multiple=True,
    help="A witness's public key: its cosignature of the checkpoint must verify (repeatable).",
)
@pass_session
@click.pass_context
def verify(
    ctx: click.Context,
    session: Session,
    digest: str | None,
    projections: bool,
    checkpoint_file: str | None,
    key_file: str | None,
    witness_files: tuple[str, ...],
) -> None:
    """Recompute the hash chain over every recorded event and check it.

    Prints "N events, chain intact, head HASH" (exit 0), or the first event
    that fails and why: altered, removed, inserted or reordered (exit 1).
    With --against, also proves that the ledger still holds, unchanged, the
    history a digest was taken of. With --projections, also derives every
    projection table (what register, show and exports read) from the verified
    events and names the first row that differs (exit 1).

    \b
    Example:
      govledger verify
      govledger digest > digest-2017-04-10.json
      govledger verify --against digest-2017-04-10.json
      govledger verify --projections
      govledger verify --checkpoint checkpoint.txt --key sec.pub
      govledger verify --checkpoint cosigned.txt --key sec.pub --witness auditor.pub
    """
    from cli.checkpoints import read_text, read_verifier

    wanted = read_digest(digest) if digest else None
    if (key_file is not None or witness_files) and checkpoint_file is None:
        raise InvalidInput("--key and --witness go with --checkpoint")
    witnesses = [read_verifier(path, "--witness") for path in witness_files]
    verifier = read_verifier(key_file) if key_file is not None else None
    checkpoint_text = None
    if checkpoint_file is not None:
        from ledger.transparency import parse_checkpoint

        checkpoint_text = read_text(checkpoint_file, "--checkpoint")
        parse_checkpoint(checkpoint_text, None, f"--checkpoint {checkpoint_file}")
    damage = session.reader().recorder.damage()  # type: ignore[attr-defined]
    if damage is not None:
        click.echo(f"the ledger's file is damaged: {damage}")
        ctx.exit(EXIT_DIFFERS)
    verdict = _audit(session, wanted[0] if wanted else None, shown=True)
    if not verdict.intact:
        click.echo(str(verdict.found))
        ctx.exit(EXIT_DIFFERS)
    click.echo(_summary(verdict))
    for line in _how(verdict.spans):
        click.echo(line)
    if checkpoint_text is not None:
        from ledger.transparency import verify_checkpoint

        found = verify_checkpoint(session.reader().recorder, checkpoint_text, verifier, witnesses)
        for line in found.lines:
            click.echo(line)
        if not found.ok:
            ctx.exit(EXIT_DIFFERS)
    _check_tree(ctx, session)
    _check_rules(ctx, session)
    if projections:
        _check_projections(ctx, session)
    if wanted is None:
        return
    position, head = wanted
    if verdict.count < position:
        click.echo(
            f"digest not matched: it covers {position} events, the ledger holds only "
            f"{verdict.count}: history was removed"
        )
        ctx.exit(EXIT_DIFFERS)
    if verdict.checkpoint != head:
        click.echo(
            f"digest not matched: the first {position} events are not the ones the digest "
            "covers: history before it was altered"
        )
        ctx.exit(EXIT_DIFFERS)
    click.echo(
        f"extends the digest at event {position} unchanged "
        f"({_events(verdict.count - position)} recorded since)"
    )


def _check_tree(ctx: click.Context, session: Session) -> None:
    from ledger.store.tree_audit import audit_tree

    found = audit_tree(session.reader().recorder)
    click.echo(found.line)
    if not found.intact:
        ctx.exit(EXIT_DIFFERS)


def _check_rules(ctx: click.Context, session: Session) -> None:
    from ledger.rules_audit import audit_rules

    found = audit_rules(session.reader())
    if found.breach is not None:
        click.echo(f"process broken: {found.breach}")
        ctx.exit(EXIT_DIFFERS)
    click.echo(f"every step of the {found.proposals} proposals follows its process")


def _check_projections(ctx: click.Context, session: Session) -> None:
    from projections.projector.audit import audit_projections

    found = audit_projections(session.reader())
    if found.difference is not None:
        click.echo(f"projection tables differ from the events: {found.difference}")
        ctx.exit(EXIT_DIFFERS)
    click.echo(f"projection tables match the events: {found.rows} rows in {found.tables} tables")


@click.command("digest")
@pass_session
@click.pass_context
def digest(ctx: click.Context, session: Session) -> None:
    """Print the chain's head (position and hash) as JSON, to write down or publish.

    Refused (exit 1) if the chain does not verify.

    \b
    Example:
      govledger digest > digest.json
      govledger verify --against digest.json
    """
    verdict = _audit(session)
    if not verdict.intact:
        click.echo(str(verdict.found), err=True)
        ctx.exit(EXIT_DIFFERS)
    click.echo(orjson.dumps({"position": verdict.count, "head": verdict.head}).decode())


@click.command("adopt")
@pass_session
def adopt(session: Session) -> None:
    """Link the events of a ledger recorded before govledger kept a hash chain.

    Only for a ledger that has events and no link at all: it links every
    stored event in the order stored, and `verify` reports those links as
    adopted, with the time. Nothing else ever links events recorded earlier:
    a ledger whose links were removed fails `verify`, and adopting it again
    is the owner's explicit, reported act.

    \b
    Example:
      govledger adopt
      govledger digest > digest.json
    """
    count = session.reader().recorder.adopt()  # type: ignore[attr-defined]
    click.echo(
        f"Adopted {_events(count)} into a new hash chain, in the order stored; "
        "verify reports them as adopted."
    )


COMMANDS = [verify, digest, adopt]
