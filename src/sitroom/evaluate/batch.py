"""Batch extraction over JSON Lines: the engine behind ``sitroom extract`` and ``sitroom eval``.

Input: one document per line, ``{"doc_id", "text" | "text_file", "published"?, "title"?}`` (other
keys ignored; ``text_file`` is resolved relative to the input file). Output: one line per input
line, in order, ``{"doc_id", "events": [...]}`` with gold-format events, or the same with an
``"error"`` key when that document failed. Documents stream through; with ``jobs > 1`` they are
spread over worker processes forked after the extractor is loaded, and results still come out in order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sitroom import pipeline, workers
from sitroom.config import Settings
from sitroom.extract.gold import mention_to_gold
from sitroom.model import Article
from sitroom.pipeline import Stages

TITLE_CHARS = 120


class DocumentError(ValueError):
    """One input document cannot be read or processed; the batch goes on."""


def load_stages(settings: Settings, baseline: bool = False) -> Stages:
    """The extractor (required: raises StageUnavailable) and the geocoder when it is built, loaded by
    ``pipeline.load_stages``. ``baseline`` swaps in the keyword-only extractor (``sitroom.evaluate.baseline``)
    for comparisons, without geoparsing."""
    from sitroom.evaluate.baseline import KeywordExtractor

    if baseline:
        return pipeline.load_stages(settings, extractor=KeywordExtractor(), geocode=False, corroborate_events=False)
    stages = pipeline.load_stages(settings, corroborate_events=False)
    stages.require_extractor()
    return stages


# --------------------------------------------------------------------------- documents


def parse_published(value: Any) -> dt.datetime | None:
    """An ISO date or datetime as timezone-aware UTC (a naive value is taken as UTC)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DocumentError(f"'published' must be an ISO date string, got {type(value).__name__}")
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise DocumentError(f"'published' is not an ISO date: {value!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def document_text(doc: dict[str, Any], base_dir: Path, max_bytes: int) -> str:
    if isinstance(doc.get("text"), str) and doc["text"].strip():
        return doc["text"]
    if doc.get("text_file"):
        path = (base_dir / str(doc["text_file"])).resolve()
        if not path.is_file():
            raise DocumentError(f"text_file not found: {path}")
        if path.stat().st_size > max_bytes:
            raise DocumentError(f"text_file {path} is larger than {max_bytes} bytes")
        return path.read_text(encoding="utf-8")
    raise DocumentError("document has neither 'text' nor 'text_file'")


def document_to_article(doc: dict[str, Any], base_dir: Path, settings: Settings) -> Article:
    """The Article to extract from; its id is the document id so evidence points back to it."""
    text = document_text(doc, base_dir, settings.max_input_bytes)
    title = str(doc.get("title") or "").strip() or text.strip().splitlines()[0][:TITLE_CHARS]
    try:
        return Article(id=str(doc["doc_id"]), title=title, text=text, published=parse_published(doc.get("published")))
    except ValueError as exc:
        raise DocumentError(f"invalid document: {exc}") from exc


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) for every non-blank line, read lazily."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def parse_line(number: int, line: str) -> dict[str, Any]:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"line {number}: invalid JSON ({exc.msg})") from exc
    if not isinstance(doc, dict):
        raise DocumentError(f"line {number}: expected a JSON object")
    if doc.get("doc_id") in (None, ""):
        raise DocumentError(f"line {number}: missing 'doc_id'")
    return doc


# --------------------------------------------------------------------------- extraction


def extract_line(stages: Stages, number: int, line: str, base_dir: Path, settings: Settings) -> dict[str, Any]:
    """The output record for one input line; never raises for a bad document."""
    doc_id: Any = None
    try:
        doc = parse_line(number, line)
        doc_id = doc["doc_id"]
        article = document_to_article(doc, base_dir, settings)
        mentions = stages.place(article)
        return {"doc_id": doc_id, "events": [mention_to_gold(m) for m in mentions]}
    except DocumentError as exc:
        return {"doc_id": doc_id, "events": [], "error": str(exc)}
    except Exception as exc:  # one failing document never stops the batch
        return {"doc_id": doc_id, "events": [], "error": f"line {number}: {type(exc).__name__}: {exc}"}


def extract_records(
    input_path: Path, settings: Settings, jobs: int = 1, stages: Stages | None = None, baseline: bool = False
) -> Iterator[dict[str, Any]]:
    """Output records in input order, over ``jobs`` worker processes that share the stages loaded here once
    (``workers.ordered_map``). Raises StageUnavailable up front when there is no extractor."""
    base_dir = input_path.resolve().parent
    loaded = stages or load_stages(settings, baseline)

    def extract_item(item: tuple[int, str]) -> dict[str, Any]:
        return extract_line(loaded, item[0], item[1], base_dir, settings)

    yield from workers.ordered_map(extract_item, read_lines(input_path), jobs)


@dataclass
class BatchSummary:
    documents: int = 0
    events: int = 0
    failed: int = 0


def write_records(records: Iterable[dict[str, Any]], out: TextIO) -> BatchSummary:
    summary = BatchSummary()
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        out.flush()
        summary.documents += 1
        summary.events += len(record["events"])
        summary.failed += "error" in record
    return summary
