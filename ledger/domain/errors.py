"""The errors a user can cause; each message is one line that says what was wrong."""


def first_line(error: BaseException, empty: str = "") -> str:
    """An error's message down to its first line (`empty` when it has none)."""
    return (str(error).strip().splitlines() or [empty])[0]


class LedgerError(Exception):
    """Base of every refusal the ledger explains to its user."""


class InvalidInput(LedgerError):
    """A value that is malformed: a date, an id, a path, a field."""


class NotFound(LedgerError):
    """A proposal, version or event that the ledger does not hold."""


class ProcessViolation(LedgerError):
    """A step the code's modification process does not allow."""
