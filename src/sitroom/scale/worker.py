"""What runs inside Spark's Python workers: records -> Articles -> placed EventMentions.

Nothing here is Spark-specific; each function takes and yields plain Python values, so the job can hand
them to ``mapPartitions`` and tests can call them directly. Reading reuses ingest's own row and text
parsers, extraction and geoparsing reuse ``pipeline.Stages.place``: there is no second implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from sitroom.config import Settings
from sitroom.ingest import ColumnMapping, IngestError
from sitroom.ingest.records import to_article
from sitroom.ingest.tabular import read_jsonl
from sitroom.ingest.text import decode_text, parse_sample_text
from sitroom.model import Article, EventMention
from sitroom.pipeline import Stages, load_stages


class RecordKind(StrEnum):
    JSON = "json"  # one JSON object (a JSONL line, or a Parquet row turned into JSON)
    TEXT = "text"  # a whole file in the sample format (headline, summary, paragraphs, 'Original Source:')


@dataclass(frozen=True)
class Record:
    """One input unit as it travels from the reader to a worker; ``order`` is its place in the input."""

    order: int
    origin: str
    kind: RecordKind
    payload: str | bytes


@dataclass(frozen=True)
class Parsed:
    """A record read: its articles, or why it could not be."""

    order: int
    origin: str
    articles: tuple[Article, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Placed:
    """One article after extraction and geoparsing: its mentions, or why it failed."""

    article: Article  # without its text (see ``corroboration_view``)
    mentions: tuple[EventMention, ...] = ()
    error: str | None = None


def parse_record(record: Record) -> Parsed:
    """The articles in one record, read by ingest's own parsers; a bad record is reported, never raised."""
    articles: tuple[Article, ...]
    try:
        if record.kind is RecordKind.TEXT:
            data = record.payload if isinstance(record.payload, bytes) else record.payload.encode()
            articles = (parse_sample_text(decode_text(data, source=record.origin), origin=record.origin),)
        else:
            text = record.payload.decode() if isinstance(record.payload, bytes) else record.payload
            articles = tuple(_json_articles(text, record.origin))
    except Exception as exc:  # one bad record must not stop the job; the reason is reported
        return Parsed(record.order, record.origin, error=str(exc))
    return Parsed(record.order, record.origin, articles=articles)


def _json_articles(line: str, origin: str) -> Iterator[Article]:
    for row in read_jsonl(line, origin=origin, columns=ColumnMapping()):
        if isinstance(row, IngestError):
            raise row
        yield to_article(row)


def parse_partition(records: Iterable[Record]) -> Iterator[Parsed]:
    return (parse_record(record) for record in records)


# --------------------------------------------------------------------------- extraction, once per worker

_STAGES: dict[str, Stages] = {}


def stages_for(settings: Settings) -> Stages:
    """The stages of this Python worker, loaded on its first partition and kept for every later one (Spark
    reuses its Python workers), so models and the gazetteer load once per worker, not once per task."""
    key = settings.model_dump_json()
    if key not in _STAGES:
        import torch  # deferred: the driver never needs it

        torch.set_num_threads(1)  # Spark runs one worker per core: more threads would oversubscribe them
        _STAGES[key] = load_stages(settings, corroborate_events=False)
    return _STAGES[key]


def corroboration_view(article: Article) -> Article:
    """What corroboration reads of an article (id, publication time, source, ``copy_of``), without the text: a
    country's group of mentions would otherwise carry the text of every article that reports it."""
    return article.model_copy(update={"title": "", "lead": "", "paragraphs": [], "text": ""})


def place_article(stages: Stages, article: Article) -> Placed:
    try:
        mentions = tuple(stages.place(article))
    except Exception as exc:  # as in pipeline.extract_and_place: one bad article must not stop the batch
        return Placed(corroboration_view(article), error=f"{article.id} ({article.origin or article.title}): {exc}")
    return Placed(corroboration_view(article), mentions)


def place_partition(settings: Settings, articles: Iterable[Article]) -> Iterator[Placed]:
    stages = stages_for(settings)
    stages.require_extractor()  # an executor without models fails its task loudly rather than output nothing
    return (place_article(stages, article) for article in articles)
