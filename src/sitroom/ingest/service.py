"""Ingest into the store: read, deduplicate, store, and report one outcome per article."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sitroom.config import Settings
from sitroom.ingest.errors import IngestError
from sitroom.ingest.readers import read_inputs
from sitroom.ingest.report import IngestReport, Outcome, Status
from sitroom.model import Article
from sitroom.store import Store, StoreError


def ingest_into(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Read every input and store new articles. A bad input is reported and the batch goes on;
    each input's articles are stored in their own transaction, so a failure loses nothing stored."""
    report = IngestReport()
    for source, result in read_inputs(paths, max_bytes=settings.max_input_bytes):
        outcomes = _failed(source, result) if isinstance(result, IngestError) else _store(source, result, store)
        for outcome in outcomes:
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    return report


def _failed(source: str, error: IngestError) -> list[Outcome]:
    return [Outcome(source=error.source or source, status=Status.FAILED, message=error.reason)]


def _store(source: str, articles: list[Article], store: Store) -> list[Outcome]:
    try:
        result = store.add_articles(articles)
    except StoreError as exc:
        return [Outcome(source=source, status=Status.FAILED, message=str(exc))]
    dupes = set(result.duplicates)
    return [
        Outcome(
            source=source,
            status=Status.DUPLICATE if a.id in dupes else (Status.NEAR_DUPLICATE if a.copy_of else Status.NEW),
            article_id=a.id,
            title=a.title,
            message="already stored" if a.id in dupes else (f"copy of {a.copy_of}" if a.copy_of else ""),
        )
        for a in articles
    ]
