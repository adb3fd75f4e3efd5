"""How to read inputs: the one options object every reader receives (CLI flags map onto it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_NEAR_DUP_THRESHOLD = 0.4  # tuned on tests/fixtures/ingest/neardup (see sitroom.ingest.dedup)


class InputFormat(StrEnum):
    """``auto`` picks by file suffix / HTTP content type, then by sniffing the first bytes."""

    AUTO = "auto"
    SAMPLE = "sample"  # headline, summary, paragraphs, 'Original Source: domain'
    PLAIN = "plain"  # any UTF-8 text: first line is the title
    HTML = "html"
    FEED = "feed"  # RSS or Atom
    JSONL = "jsonl"
    CSV = "csv"


@dataclass(frozen=True)
class ColumnMapping:
    """Which JSONL keys / CSV columns hold which article field.

    A field set to None is looked up under its usual names (``DEFAULT_COLUMN_NAMES``); the text column
    is required, every other one is optional. Dotted names reach into nested JSON objects
    (``--source-col source.domain``)."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    language: str | None = None


DEFAULT_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "date": ("published", "date", "published_at", "pubdate", "date_publish", "datetime"),
    "url": ("url", "link"),
    "source": ("source", "domain", "publisher", "source_domain", "outlet"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True)
class FetchOptions:
    """HTTP behaviour. ``delay`` is the pause between two requests to the same host (politeness)."""

    timeout: float = 15.0
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    delay: float = 1.0
    respect_robots: bool = True
    user_agent: str = "sitroom/0.1 (+https://github.com/sitroom; offline conflict-news pipeline)"


@dataclass(frozen=True)
class IngestOptions:
    format: InputFormat = InputFormat.AUTO
    columns: ColumnMapping = field(default_factory=ColumnMapping)
    follow: bool = False  # for feeds: fetch each entry's page and extract its full text
    near_dup_threshold: float = DEFAULT_NEAR_DUP_THRESHOLD
    fetch: FetchOptions = field(default_factory=FetchOptions)
    batch_size: int = 200  # articles per store transaction
