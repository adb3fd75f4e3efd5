"""JSONL, Parquet and text corpora are read into the Articles ingest makes of them (no extraction here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sitroom.config import Settings
from sitroom.ingest import read_path
from sitroom.model import Article
from sitroom.scale.job import InputFormat, detect_format, read_records
from sitroom.scale.synthetic import generate, write_jsonl
from sitroom.scale.worker import Record, RecordKind, parse_partition, parse_record
from tests.conftest import EXAMPLES
from tests.scale.conftest import needs_java


def _articles(spark: Any, path: Path) -> list[Article]:
    parsed = sorted(
        read_records(spark, str(path), InputFormat.AUTO).mapPartitions(parse_partition).collect(), key=lambda p: p.order
    )
    assert all(p.error is None for p in parsed)
    return [a for p in parsed for a in p.articles]


def _identity(articles: list[Article]) -> list[tuple[Any, ...]]:
    return [(a.id, a.title, a.published, a.source.domain) for a in articles]


@needs_java
def test_parquet_rows_read_like_jsonl_lines(spark: Any, tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "corpus.jsonl", 25)
    pq.write_table(pa.Table.from_pylist(list(generate(25))), tmp_path / "corpus.parquet")
    from_jsonl = _articles(spark, jsonl)
    assert len(from_jsonl) == 25
    assert _identity(_articles(spark, tmp_path / "corpus.parquet")) == _identity(from_jsonl)
    assert _identity(from_jsonl) == _identity(read_path(jsonl, max_bytes=Settings().max_input_bytes))


@needs_java
def test_text_folder_read_like_ingest(spark: Any) -> None:
    expected = [a for path in sorted(EXAMPLES.glob("*.txt")) for a in read_path(path, max_bytes=10**7)]
    assert detect_format(str(EXAMPLES)) is InputFormat.TEXT
    assert [(a.id, a.source.domain) for a in _articles(spark, EXAMPLES)] == [(a.id, a.source.domain) for a in expected]


def test_a_bad_record_is_reported_not_raised() -> None:
    bad_json = parse_record(Record(0, "corpus.jsonl#1", RecordKind.JSON, '{"title": "no text"}'))
    not_sample = parse_record(Record(1, "notes.txt", RecordKind.TEXT, b"just one line"))
    assert bad_json.error and "no text" in bad_json.error and not bad_json.articles
    assert not_sample.error and "sample format" in not_sample.error
