"""Ingest: turn whatever users collect news in into ``Article`` records, once each.

Public surface: ``read_inputs`` (many inputs -> articles or a readable failure each),
``read_path`` (one input -> articles, raising ``IngestError``) and the report records
(``Outcome``, ``IngestReport``) the pipeline fills while storing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sitroom.ingest.errors import IngestError
from sitroom.ingest.text import read_sample_file
from sitroom.model import Article

__all__ = ["IngestError", "IngestReport", "Outcome", "Status", "iter_inputs", "read_inputs", "read_path"]


class Status(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near-duplicate"
    FAILED = "failed"


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


TEXT_SUFFIXES = {".txt"}


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders recursively (sorted, so runs are reproducible); files pass through."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        else:
            yield path


def read_path(path: Path, *, max_bytes: int) -> list[Article]:
    """Read one input file into articles; IngestError says why not."""
    if not path.exists():
        raise IngestError(str(path), "no such file or folder")
    return [read_sample_file(path, max_bytes=max_bytes)]


def read_inputs(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[tuple[str, list[Article] | IngestError]]:
    """Each input with its articles, or the IngestError that says why it could not be read.

    Never raises for a bad input: the caller reports it and goes on with the batch.
    """
    for path in iter_inputs(paths):
        try:
            yield str(path), read_path(path, max_bytes=max_bytes)
        except IngestError as exc:
            yield str(path), exc
