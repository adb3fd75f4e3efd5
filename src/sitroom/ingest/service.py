"""Ingest into the store: read, deduplicate (exact and near), identify the language, store, report.

Articles are stored in batches of ``IngestOptions.batch_size`` (one transaction each). Within a
batch they are judged in input order, against the store *and* the batch's earlier articles:

1. exact duplicate: the normalised-text hash is already stored (or earlier in the batch) -> not stored;
2. near duplicate: the body's MinHash signature is within the threshold of a known article ->
   stored with ``copy_of`` = that article's original (a separate publication, not an independent source);
3. otherwise new.

A store failure fails only its batch (the report says so for each of its articles); inputs that
could not be read are reported one line each and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitroom.config import Settings
from sitroom.ingest import dedup
from sitroom.ingest.errors import IngestError, SkippedInput, unexpected_error
from sitroom.ingest.fetch import Fetcher, UrlPolicy
from sitroom.ingest.language import detect_language
from sitroom.ingest.options import IngestOptions
from sitroom.ingest.readers import Item, Reader
from sitroom.ingest.report import IngestReport, Outcome, Status
from sitroom.model import Article
from sitroom.store import Store, StoreError

OutcomeFn = Callable[[Outcome], None]


def ingest_into(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_outcome: OutcomeFn | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """Read every input and store new articles. A bad input is reported and the batch goes on."""
    options = options or IngestOptions()
    ingestor = Ingestor(store, options, on_outcome=on_outcome)
    fetcher = Fetcher(options.fetch, max_bytes=settings.max_input_bytes, policy=UrlPolicy.from_settings(settings))
    reader = Reader(options, max_bytes=settings.max_input_bytes, fetcher=fetcher, validators=store.fetch_validators)
    with fetcher, reader:
        for item in reader.read(paths):
            ingestor.add(item)
    ingestor.flush()
    return ingestor.report


@dataclass
class _Pending:
    item: Item
    article: Article


class Ingestor:
    """Accumulates read items and stores them in batches; keeps the near-duplicate index warm."""

    def __init__(
        self,
        store: Store,
        options: IngestOptions,
        *,
        on_outcome: OutcomeFn | None = None,
    ) -> None:
        self.store = store
        self.options = options
        self.report = IngestReport()
        self._on_outcome = on_outcome
        self._index: dedup.NearDuplicateIndex | None = None
        self._pending: list[_Pending] = []
        self._items: list[Item] = []

    @property
    def index(self) -> dedup.NearDuplicateIndex:
        if self._index is None:  # loaded lazily: a run with only bad inputs never pays for it
            self._index = dedup.NearDuplicateIndex.from_store(self.store, self.options.near_dup_threshold)
        return self._index

    def add(self, item: Item) -> None:
        self._items.append(item)
        if item.error is not None:
            status = Status.SKIPPED if isinstance(item.error, SkippedInput) else Status.FAILED
            self._emit(Outcome(source=item.source, status=status, message=item.error.reason))
        elif item.unchanged:
            self._emit(
                Outcome(source=item.source, status=Status.DUPLICATE, message="not modified since the last fetch")
            )
        for article in item.articles:
            try:
                self._pending.append(_Pending(item, _completed(article)))
            except Exception as exc:  # one article's failure (language detection) never ends the run
                item.error = item.error or unexpected_error(item.source, exc)
                self._emit(_outcome(item.source, Status.FAILED, article, item.error.reason))
        if len(self._pending) >= self.options.batch_size:
            self.flush()

    def flush(self) -> None:
        """Judge and store everything pending, in one transaction."""
        pending, items = self._pending, self._items
        self._pending, self._items = [], []
        if pending:
            self._store_batch(pending)
        for item in items:
            if item.fetched is not None and item.error is None:
                self.store.save_fetch_validators(item.fetched.requested, item.fetched.etag, item.fetched.last_modified)

    def _store_batch(self, pending: list[_Pending]) -> None:
        known = self.store.known_hashes(p.article.content_hash for p in pending)
        seen_in_batch: dict[str, str] = {}
        to_store: list[Article] = []
        signatures: dict[str, bytes] = {}
        outcomes: list[Outcome] = []
        indexed: list[str] = []
        for entry in pending:
            article, source = entry.article, entry.item.source
            if article.content_hash in known or article.content_hash in seen_in_batch:
                earlier = seen_in_batch.get(article.content_hash)
                message = f"same text as {earlier}" if earlier else "already stored"
                outcomes.append(_outcome(source, Status.DUPLICATE, article, message))
                continue
            try:
                article, values, bands, message = self._near_duplicate(article)
            except Exception as exc:  # judged on its own: the rest of the batch is still stored
                entry.item.error = entry.item.error or unexpected_error(source, exc)
                outcomes.append(_outcome(source, Status.FAILED, article, entry.item.error.reason))
                continue
            seen_in_batch[article.content_hash] = source
            if values is not None:
                self.index.add(article.id, values, article.copy_of, bands)
                indexed.append(article.id)
            signatures[article.id] = b"" if values is None else dedup.encode(values)  # empty: too short to sign
            entry.article = article
            to_store.append(article)
            status = Status.NEAR_DUPLICATE if article.copy_of else Status.NEW
            outcomes.append(_outcome(source, status, article, message))
        try:
            self.store.add_articles_with_signatures(to_store, signatures, scheme=dedup.SCHEME)
        except StoreError as exc:
            for article_id in indexed:
                self.index.remove(article_id)
            outcomes = [_outcome(entry.item.source, Status.FAILED, entry.article, str(exc)) for entry in pending]
            for entry in pending:
                entry.item.error = entry.item.error or IngestError(entry.item.source, str(exc))
        for outcome in outcomes:
            self._emit(outcome)

    def _near_duplicate(self, article: Article) -> tuple[Article, np.ndarray | None, list[bytes], str]:
        values = dedup.signature(article)
        notes = [] if article.language in (None, "en") else [f"language: {article.language}"]
        if values is None:
            return article, None, [], "; ".join(notes)
        bands = self.index.band_keys(values)
        match = self.index.find(values, bands)
        if match is not None:
            article = article.model_copy(update={"copy_of": match.original_id})
            notes.insert(0, f"copy of {match.original_id} (similarity {match.similarity:.2f})")
        return article, values, bands, "; ".join(notes)

    def _emit(self, outcome: Outcome) -> None:
        self.report.outcomes.append(outcome)
        if self._on_outcome:
            self._on_outcome(outcome)


def _completed(article: Article) -> Article:
    """Fill what every stored article must carry: its language and when we read it."""
    update: dict[str, object] = {}
    if article.language is None:
        update["language"] = detect_language(article.text)
    if article.fetched_at is None:
        update["fetched_at"] = dt.datetime.now(dt.UTC)
    return article.model_copy(update=update) if update else article


def _outcome(source: str, status: Status, article: Article, message: str) -> Outcome:
    return Outcome(source=source, status=status, article_id=article.id, title=article.title, message=message)
