"""Readers: one input (file, folder) -> Article records, or an IngestError saying why not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from sitroom.ingest.errors import IngestError
from sitroom.ingest.text import read_sample_file
from sitroom.model import Article

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
