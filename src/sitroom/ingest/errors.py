"""Why an input could not be ingested, phrased for the person who supplied it."""

from __future__ import annotations


class IngestError(Exception):
    """An input that cannot become an Article. ``str()`` names the input and the problem."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
