"""Auditors' questions of the seed ledger, asked through the CLI at past dates."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT, SEED

TABLE_ONE = ROOT / "data" / "sec-update-2017-04-10-table-one.md"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def seeded(db: str) -> str:
    ok("--db", db, "import", str(SEED))
    return db


def register(db: str, *options: str) -> dict[str, dict[str, str]]:
    out = ok("--db", db, "register", "--format", "jsonl", *options)
    return {row["id"]: row for row in map(orjson.loads, out.splitlines())}


def code_view(db: str, as_of: str) -> dict[str, object]:
    return orjson.loads(ok("--db", db, "code", "SEC", "--as-of", as_of, "--format", "json"))[0]


def test_on_31_march_2017_there_is_no_secmp0034_and_secmp0006_is_in_refinement(
    seeded: str,
) -> None:
    rows = register(seeded, "--as-of", "2017-03-31")
    assert "SECMP0034" not in rows
    assert rows["SECMP0006"]["status"] == "Refinement"


def test_on_10_april_2017_the_open_register_is_the_papers(seeded: str) -> None:
    rows = register(seeded, "--as-of", "2017-04-10", "--open")
    assert len(rows) == 26
    assert rows["SECMP0006"]["status"] == rows["SECMP0033"]["status"] == "Report Phase"
    assert {rows[p]["status"] for p in ("SECMP0031", "SECMP0032", "SECMP0034")} == {
        "Modification Proposal Submitted"
    }


def test_a_month_precise_report_counts_from_the_end_of_its_month(seeded: str) -> None:
    assert "SECMP0002" not in register(seeded, "--as-of", "2017-03-30")
    assert register(seeded, "--as-of", "2017-03-31")["SECMP0002"]["status_since"] == "2017-03"


def test_on_20_march_2017_sec_5_5_is_in_force_with_section_g_amended_by_secmp0026(
    seeded: str,
) -> None:
    view = code_view(seeded, "2017-03-20")
    assert (view["in_force"], view["since"]) == ("5.5", "2017-03-15")
    assert view["sections"] == [
        {
            "section": "Section G",
            "clauses": "7.6-7.12",
            "version": "5.5",
            "effective": "2017-03-15",
            "modifications": ["SECMP0026"],
        }
    ]
    assert [v["version"] for v in view["pending"]] == ["5.6"]


def test_on_10_april_2017_sec_5_6_is_in_force_with_sections_a_and_j_by_secmp0016(
    seeded: str,
) -> None:
    view = code_view(seeded, "2017-04-10")
    assert (view["in_force"], view["since"]) == ("5.6", "2017-04-01")
    by_section = {row["section"]: row for row in view["sections"]}  # type: ignore[attr-defined]
    assert by_section["Section A"]["modifications"] == ["SECMP0016"]
    assert by_section["Section J"]["version"] == "5.6"
    assert by_section["Section G"]["version"] == "5.5"


def test_on_1_march_2017_no_version_is_recorded_as_in_force(seeded: str) -> None:
    out = ok("--db", seeded, "code", "SEC", "--as-of", "2017-03-01", "--format", "table")
    assert (
        "No version of SEC is recorded as in force on 2017-03-01 "
        "(the earliest recorded is 5.5, effective 2017-03-15)"
    ) in out
    assert code_view(seeded, "2017-03-01")["in_force"] is None


def test_every_point_in_time_view_states_the_record_time_it_is_complete_to(seeded: str) -> None:
    out = ok("--db", seeded, "register", "--as-of", "2017-04-10", "--format", "md")
    assert out.startswith("Register as of 2017-04-10: complete to everything recorded up to ")
    assert out.splitlines()[0].endswith("(through event 39)")


def test_a_scheduled_meeting_is_pending_before_its_date_and_not_after(seeded: str) -> None:
    before = orjson.loads(
        ok("--db", seeded, "show", "SECMP0034", "--as-of", "2017-04-10", "--format", "json")
    )[0]
    after = orjson.loads(
        ok("--db", seeded, "show", "SECMP0034", "--as-of", "2017-04-22", "--format", "json")
    )[0]
    pending = [t["what"] for t in before["timeline"] if t["what"].startswith("pending")]
    assert pending == [
        "pending: scheduled: Initial Modification Report presented to the SEC Panel meeting "
        "(announcement date not recorded)"
    ]
    assert not [t for t in after["timeline"] if t["what"].startswith("pending")]


def test_reconciling_table_one_reports_secmp0006_and_secmp0034_only(seeded: str) -> None:
    result = invoke(
        "--db", seeded, "reconcile", str(TABLE_ONE), "--as-of", "2017-04-10", "--format", "json"
    )
    assert result.exit_code == 1
    report = orjson.loads(result.stdout)[0]
    assert report["published_rows"] == 25
    assert report["differences"] == [
        {
            "id": "SECMP0006",
            "difference": "status differs",
            "published": "Refinement",
            "ledger": "Report Phase",
            "ledger_since": "2017-04-04",
            "dispute": "govledger cite 7ec531f7-6bdd-5787-a793-16ce69cda23e "
            f"--source {TABLE_ONE} --disputes status=Refinement",
        },
        {
            "id": "SECMP0034",
            "difference": "missing from the published register",
            "published": None,
            "ledger": "Modification Proposal Submitted",
            "ledger_since": "2017-04-05",
            "dispute": None,
        },
    ]


def test_a_published_register_that_agrees_exits_0(seeded: str, tmp_path: Path) -> None:
    rows = register(seeded, "--as-of", "2017-03-31", "--open")
    published = tmp_path / "march.csv"
    lines = ["Reference,Title,Status"] + [
        f'{r["id"]},"{r["title"]}",{r["status"]}' for r in rows.values()
    ]
    published.write_text("\n".join(lines) + "\n")
    result = invoke(
        "--db", seeded, "reconcile", str(published), "--as-of", "2017-03-31", "--format", "table"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"\nAll {len(rows)} published rows agree with the ledger.\n")


def test_diff_reports_the_consultation_that_moved_secmp0006(seeded: str) -> None:
    out = ok(
        "--db", seeded, "diff", "--from", "2017-03-31", "--to", "2017-04-10", "--format", "jsonl"
    )
    changes = [orjson.loads(line) for line in out.splitlines()]
    assert {
        "on": "2017-04-04",
        "change": "status",
        "id": "SECMP0006",
        "from": "Refinement",
        "to": "Report Phase",
        "by": "Modification Report Consultation issued, responses by 2017-04-27",
    } in changes
    assert [c["id"] for c in changes if c["change"] == "appeared"] == ["SECMP0034"]
    assert [c["id"] for c in changes if c["change"] == "version"] == ["SEC 5.6"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("register", "--as-of", "2017-02-30"), "--as-of '2017-02-30' is not a date"),
        (("register", "--known-at", "yesterday"), "--known-at 'yesterday' is not an ISO 8601"),
        (("diff", "--from", "2017-05-01", "--to", "2017-04-01"), "--from 2017-05-01 is after"),
        (
            (
                "correct",
                "00000000-0000-0000-0000-000000000000",
                "--set",
                "on=2017-01-01",
                "--reason",
                "r",
            ),
            "no recorded event 00000000-0000-0000-0000-000000000000",
        ),
        (("retract", "not-an-id", "--reason", "r"), "'not-an-id' is not an event id"),
    ],
)
def test_bad_time_travel_input_is_one_line_and_exit_2(
    seeded: str, args: tuple[str, ...], message: str
) -> None:
    before = ok("--db", seeded, "events")
    result = invoke("--db", seeded, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert ok("--db", seeded, "events") == before


def test_a_reconcile_file_without_a_status_column_is_refused(seeded: str, tmp_path: Path) -> None:
    published = tmp_path / "bad.csv"
    published.write_text("id,title\nSECMP0006,x\n")
    result = invoke("--db", seeded, "reconcile", str(published), "--as-of", "2017-04-10")
    assert result.exit_code == 2
    assert result.stderr == f"govledger: {published}: no status column in the header (id, title)\n"
