"""``watch``: poll feeds, ingest new entries, hand their articles to the pipeline; restart-safe.

Why stopping at any moment loses nothing and duplicates nothing:

- an entry's article is stored (one transaction) *before* the entry is recorded as seen; if the
  watcher stops in between, the entry is read again next time and found to be an exact duplicate
  (same content hash), so it is recorded then, never stored twice;
- a feed's ETag/Last-Modified is saved only after all its new entries are stored and recorded, so a
  stop mid-feed means the next poll fetches the whole feed again rather than getting a 304;
- entries are marked ``processed`` only after the pipeline ran on their articles; at every poll
  (and so at restart) articles stored but not processed are handed to the pipeline first;
- an entry that keeps failing (its page 404s, say) is retried on later polls and given up after
  ``MAX_ATTEMPTS``, so one dead link neither blocks the feed's conditional requests nor spams forever.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.ingest.errors import IngestError
from sitroom.ingest.feeds import Feed, FeedEntry, parse_feed
from sitroom.ingest.fetch import Fetcher, FetchResult
from sitroom.ingest.options import IngestOptions
from sitroom.ingest.readers import Item, Reader, is_url
from sitroom.ingest.report import IngestReport, Outcome, Status
from sitroom.ingest.service import Ingestor
from sitroom.ingest.text import decode_text, read_bytes_checked
from sitroom.store import FeedEntryState, Store

MAX_ATTEMPTS = 3
ProcessFn = Callable[[list[str]], None]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "90", "90s", "15m", "1h", "1d"; ValueError with the accepted forms otherwise."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"interval must look like 30s, 15m, 1h or 1d (got {text!r})")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def read_feed_list(path: Path, *, max_bytes: int) -> list[str]:
    """Feed URLs (or feed file paths), one a line; blank lines and '#' comments are skipped."""
    text = decode_text(read_bytes_checked(path, max_bytes=max_bytes), source=str(path))
    feeds = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    feeds = [f for f in feeds if f]
    if not feeds:
        raise IngestError(str(path), "lists no feeds (one URL or path a line)")
    return list(dict.fromkeys(feeds))


@dataclass
class PollReport:
    ingest: IngestReport
    feeds: int = 0
    unchanged: int = 0  # feeds that answered 304 Not Modified
    processed: list[str] = field(default_factory=list)  # article ids handed to the pipeline


class Watcher:
    """One poll at a time over a fixed list of feeds, sharing one HTTP client and one dedup index."""

    def __init__(
        self,
        feeds: Sequence[str],
        store: Store,
        options: IngestOptions,
        *,
        max_bytes: int,
        process: ProcessFn,
        on_outcome: Callable[[Outcome], None] | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.feeds = list(feeds)
        self.store = store
        self.options = options
        self.max_bytes = max_bytes
        self._process = process
        self._on_outcome = on_outcome
        self._fetcher = fetcher or Fetcher(options.fetch, max_bytes=max_bytes)
        self._reader = Reader(options, max_bytes=max_bytes, fetcher=self._fetcher)

    def close(self) -> None:
        self._fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def poll(self) -> PollReport:
        """Poll every feed once, store new entries, then run the pipeline on unprocessed articles."""
        ingestor = Ingestor(self.store, self.options, on_outcome=self._on_outcome)
        report = PollReport(ingest=ingestor.report, feeds=len(self.feeds))
        self._finish_pending(report)  # work left by a watcher that stopped before its pipeline ran
        for feed_url in self.feeds:
            if not self._poll_feed(feed_url, ingestor):
                report.unchanged += 1
        self._finish_pending(report)
        return report

    def _finish_pending(self, report: PollReport) -> None:
        pending = self.store.unprocessed_feed_articles()
        if pending:
            self._process(pending)
            self.store.mark_feed_articles_processed(pending)
            report.processed.extend(pending)

    def _poll_feed(self, feed_url: str, ingestor: Ingestor) -> bool:
        """False when the feed is unchanged since the last poll."""
        try:
            fetched, feed = self._fetch_feed(feed_url)
        except IngestError as exc:
            ingestor.add(Item(source=exc.source or feed_url, error=exc))
            return True
        if feed is None:
            return False
        states = self.store.feed_entry_states(feed_url)
        fresh = [e for e in feed.entries if not _settled(states.get(e.key))]
        items = [self._entry_item(entry, feed_url) for entry in fresh]
        for item in items:
            ingestor.add(item)
        ingestor.flush()  # stored before the entries are recorded (see the module docstring)
        results = {item.entry_key: _stored_id(item) for item in items if item.entry_key}
        if results:
            self.store.record_feed_entries(feed_url, results)
        if fetched is not None and self._all_settled(feed_url, fresh):
            self.store.save_fetch_validators(feed_url, fetched.etag, fetched.last_modified)
        return True

    def _fetch_feed(self, feed_url: str) -> tuple[FetchResult | None, Feed | None]:
        if not is_url(feed_url):
            data = read_bytes_checked(Path(feed_url), max_bytes=self.max_bytes)
            return None, parse_feed(data, origin=feed_url, feed_url=str(Path(feed_url).resolve()))
        fetched = self._fetcher.fetch(feed_url, validators=self.store.fetch_validators(feed_url))
        if fetched.not_modified:
            return fetched, None
        return fetched, parse_feed(fetched.content, origin=feed_url, feed_url=feed_url)

    def _entry_item(self, entry: FeedEntry, feed_url: str) -> Item:
        entry.draft.feed_url = feed_url
        try:
            return self._reader.entry_item(entry)
        except IngestError as exc:
            return Item(source=exc.source, error=exc, feed_url=feed_url, entry_key=entry.key)

    def _all_settled(self, feed_url: str, entries: list[FeedEntry]) -> bool:
        states = self.store.feed_entry_states(feed_url)
        return all(_settled(states.get(e.key)) for e in entries)


def _settled(state: FeedEntryState | None) -> bool:
    return state is not None and (state.status == "stored" or state.attempts >= MAX_ATTEMPTS)


def _stored_id(item: Item) -> str | None:
    if item.error is not None or not item.articles:
        return None
    return item.articles[0].id


def summary_line(report: PollReport) -> str:
    counts = {status: report.ingest.count(status) for status in Status}
    return (
        f"{report.feeds} feed(s), {report.unchanged} unchanged; "
        f"{counts[Status.NEW]} new, {counts[Status.NEAR_DUPLICATE]} near-duplicate, "
        f"{counts[Status.DUPLICATE]} duplicate, {counts[Status.FAILED]} failed; "
        f"pipeline ran on {len(report.processed)} article(s)"
    )
