"""What ingest did with each input, for the summary table and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near-duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"  # an input not read at all (unknown type, unsafe zip member name), named with the reason


@dataclass
class Outcome:
    """What happened to one input (or one article inside a multi-article input)."""

    source: str
    status: Status
    article_id: str | None = None
    title: str | None = None
    message: str = ""


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def failed(self) -> bool:
        return self.count(Status.FAILED) > 0

    @property
    def article_ids(self) -> list[str]:
        """Ids of articles stored by this run (new or near-duplicate copies)."""
        return [o.article_id for o in self.outcomes if o.article_id and o.status in (Status.NEW, Status.NEAR_DUPLICATE)]
