"""Why an input could not be ingested, phrased for the person who supplied it."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot become an Article. ``str()`` names the input and the problem."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class SkippedInput(IngestError):
    """An input found in a folder, glob or archive that is not read at all (unknown type, unsafe name).

    A subclass so callers can tell "not attempted" from "attempted and failed"; the report names both."""


class UnexpectedError(IngestError):
    """A failure no reader anticipated (a bug, or an input nobody thought of), caught so the batch goes on.

    ``cause`` keeps the original exception and its traceback: the fuzz target and the tests count these as
    crashes even though the batch survived them."""

    def __init__(self, source: str, reason: str, cause: BaseException) -> None:
        super().__init__(source, reason)
        self.cause = cause


def unexpected_error(source: str, exc: BaseException) -> IngestError:
    """An IngestError for any exception, so one bad input never ends the batch (an IngestError is kept as is)."""
    if isinstance(exc, IngestError):
        return exc
    if isinstance(exc, RecursionError):
        return UnexpectedError(source, "structure nested too deeply to read (RecursionError)", exc)
    if isinstance(exc, MemoryError):
        return UnexpectedError(source, "too large to read in memory (MemoryError)", exc)
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return UnexpectedError(source, f"could not be read: {type(exc).__name__}{f': {detail}' if detail else ''}", exc)
