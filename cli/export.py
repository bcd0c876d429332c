"""Taking the tables away: `export` writes every projection table and a manifest."""

from __future__ import annotations

import os
from pathlib import Path

import click
import orjson

from cli.progress import progress
from cli.session import Session, pass_session


def read_times(as_of: str | None, known_at: str | None) -> tuple[str | None, str | None]:
    """--as-of and --known-at as the tables compare them; each checked, None if not given."""
    from ledger.domain.dates import parse_as_of, parse_known_at
    from projections.tables.schema import record_time

    return (
        parse_as_of(as_of).isoformat() if as_of is not None else None,
        record_time(parse_known_at(known_at)) if known_at is not None else None,
    )


PROOF_FILES = ("checkpoint.txt", "proofs.jsonl")


def refuse_links(out: Path, fmt: str) -> None:
    """Export writes files of its own in --out, never through a symbolic link (which could
    lead out of the folder): one found where it writes is refused before anything is."""
    from ledger.domain.errors import InvalidInput
    from projections.export import file_names

    for name in (*file_names(fmt), *PROOF_FILES):
        path = out / name
        if path.is_symlink():
            raise InvalidInput(
                f"--out {out}: {name} is a symbolic link (to {os.readlink(path)}); export "
                "writes only files of its own in the folder: nothing was written"
            )
        if path.is_dir():
            raise InvalidInput(f"--out {out}: {name} is a folder: nothing was written")


@click.command("export")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory.")
@click.option("--as-of", metavar="DATE", help="Only what had happened by this date.")
@click.option("--known-at", metavar="TIMESTAMP", help="Only what was recorded by then.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl", "parquet", "xlsx"]),
    default="csv",
    show_default=True,
)
@pass_session
def export(session: Session, out: str, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """Write every projection table to DIR, with a manifest.json to cite.

    The manifest gives the as-of and known-at, the events included and the last
    event position, the govledger version, when it was written, and a SHA-256 of
    each file. datapackage.json describes every file's columns and their types:
    dates (a month-precise one as its last day, its text in <column>_as_given),
    UTC record times, version numbers as text, lists separated by '; '. XLSX is one
    workbook, tables.xlsx, a sheet per table. Parquet and XLSX need the extras
    `govledger[parquet]`, `[xlsx]`.
    With a checkpoint kept (govledger checkpoint), it also writes checkpoint.txt and
    proofs.jsonl, an inclusion proof of every event the checkpoint covers, which
    examples/verify_export.py checks with the public key alone.

    \b
    Example:
      govledger export --out audit --as-of 2017-04-10 --format xlsx
    """
    from importlib.metadata import version

    from ledger.domain.errors import InvalidInput
    from projections.export import MissingExtra, check_format
    from projections.export import export as write
    from projections.queries import tables_for
    from projections.tables.schema import EXPORTED

    day, moment = read_times(as_of, known_at)
    try:
        check_format(fmt)
    except MissingExtra as error:
        raise InvalidInput(str(error)) from None
    refuse_links(Path(out), fmt)
    from ledger.transparency import export_proofs

    proven = export_proofs(session.reader().recorder)
    tables = tables_for(session, needs=EXPORTED)
    try:
        with progress("exporting", "exported", "tables") as update:
            manifest = write(
                tables,
                Path(out),
                fmt,
                as_of=day,
                known_at=moment,
                version=version("govledger"),
                progress=update,
            )
    finally:
        tables.close()
    click.echo(
        f"Exported {manifest['tables']} tables of {manifest['events_included']} events "
        f"to {out} ({fmt})."
    )
    if proven is None:  # no checkpoint kept: nothing to prove against
        return
    from projections.export import write_own

    note, proofs = proven
    write_own(Path(out) / "checkpoint.txt", note.encode())
    lines = b"".join(orjson.dumps(proof) + b"\n" for proof in proofs)
    write_own(Path(out) / "proofs.jsonl", lines)
    size = note.split("\n")[1]
    click.echo(
        f"With checkpoint.txt (the ledger's latest checkpoint, {size} events) and "
        f"proofs.jsonl (an inclusion proof of each of its {len(proofs)} events)."
    )


COMMANDS = [export]
