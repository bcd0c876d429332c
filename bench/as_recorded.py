"""A ledger whose record times follow its history, for the `--known-at` measure.

`govledger import` records a whole history within seconds, so no record time in it is
far in the past. Here each line is recorded on the latest date that it or any line
before it happened (a back-dated line is recorded late, as the history means), so that
`--known-at` a year after the first event sees the first year as it was then known.

Run as a child: `python -m bench.as_recorded SOURCE DB`; prints JSON with the events
imported and the first record time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count

import orjson

from bench.synthetic import ACTOR, register_synthetic_codes


def import_as_recorded(source: str, db: str) -> dict[str, object]:
    """Import `source` into a new ledger `db`, recording each line on its history's date,
    then project it."""
    from ledger.application import GovLedger
    from ledger.domain.clock import clock
    from ledger.domain.dates import effective_date
    from ledger.interchange.lines import Line, iter_lines
    from projections.projector.catchup import catch_up

    latest = [datetime.min.replace(tzinfo=UTC)]
    ticks = count()

    def recorded_on_their_dates() -> Iterator[Line]:
        with open(source, "rb") as file:
            for line in iter_lines(file):
                day = effective_date(str(line.fields["on"]))
                latest[0] = max(latest[0], datetime(day.year, day.month, day.day, tzinfo=UTC))
                yield line

    def now() -> datetime:  # strictly increasing: a microsecond after the last
        return latest[0] + timedelta(microseconds=next(ticks))

    app = GovLedger(db)
    try:
        with clock(now):
            outcome = app.import_lines(recorded_on_their_dates(), ACTOR)
        catch_up(app)
        first = next(e.timestamp for _, e in app.read_events())
    finally:
        app.close()
    return {"events": outcome.events_stored, "first_recorded": first.isoformat()}


if __name__ == "__main__":
    register_synthetic_codes()
    sys.stdout.write(orjson.dumps(import_as_recorded(sys.argv[1], sys.argv[2])).decode())
