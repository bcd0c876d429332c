"""Every code's processes, each in force from a date: `process_for(code, on)`.

A new code's process is one file in this folder and one line in `PROCESSES`
(or a call of `register` from outside, as a test does with a toy process).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ledger.domain.caches import CACHED
from ledger.domain.dates import effective_date
from ledger.domain.errors import NotFound
from ledger.domain.process import Process
from ledger.domain.processes import bsc, sec_2017, sec_2018, unc

PROCESSES: dict[str, list[Process]] = {}
"""Each code's processes, earliest first."""


def register(process: Process) -> None:
    eras = [p for p in PROCESSES.get(process.code, []) if p.name != process.name]
    eras.append(process)
    eras.sort(key=lambda p: p.in_force_from or date.min)
    PROCESSES[process.code] = eras
    _forget()


def unregister(code: str) -> None:
    PROCESSES.pop(code, None)
    _forget()


def _forget() -> None:
    """Drop every answer that the registry's contents gave."""
    for cached in (_in_force, process_on, key_of, spellings, _decided):
        cached.cache_clear()


def eras(code: str) -> list[Process]:
    try:
        return PROCESSES[code]
    except KeyError:
        raise NotFound(
            f"no modification process is defined for code {code!r} "
            f"(known: {', '.join(sorted(PROCESSES))})"
        ) from None


def process_for(code: str, on: date | None = None) -> Process:
    """The process in force for `code` on `on` (the latest if no date is given).

    Before the first process's date the first one answers: history older than
    every definition is judged by the earliest rules known.
    """
    return _in_force(code, on)


@lru_cache(maxsize=CACHED)
def process_on(code: str, on: str) -> Process:
    """The process in force for `code` on a recorded date (`2017-04-05`, `2017-03`)."""
    return _in_force(code, effective_date(on))


@lru_cache(maxsize=4096)
def _in_force(code: str, on: date | None) -> Process:
    found = eras(code)
    if on is None:
        return found[-1]
    current = found[0]
    for process in found:
        if process.in_force_from is None or process.in_force_from <= on:
            current = process
    return current


def is_decided(code: str, status: str) -> bool:
    """Whether `status` is a decided one in any of the code's processes."""
    return status in _decided(code)


@lru_cache(maxsize=256)
def _decided(code: str) -> frozenset[str]:
    """The statuses decided in any of the code's processes."""
    return frozenset(s for process in PROCESSES.get(code, ()) for s in process.decided)


@lru_cache(maxsize=CACHED)
def key_of(code: str, proposal_id: str) -> str:
    """The stored key of the proposal an id names, in whichever era's form it is written."""
    found = eras(code)
    for process in reversed(found):
        if process.form_of(proposal_id) is not None:
            return process.key_of(proposal_id)
    return found[-1].key_of(proposal_id)  # refuses, naming the forms


@lru_cache(maxsize=CACHED)
def spellings(code: str, proposal_id: str) -> tuple[str, ...]:
    """Every way any era of the code writes the proposal an id names (empty if none)."""
    found = [s for p in eras(code) for s in p.spellings(proposal_id)]
    return tuple(dict.fromkeys(found))


for _process in (sec_2017.PROCESS, sec_2018.PROCESS, unc.PROCESS, bsc.PROCESS):
    register(_process)
