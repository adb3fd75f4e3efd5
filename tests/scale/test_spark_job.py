"""The Spark job gives the single-machine pipeline's events on the same articles (issue 21's done-when).

520 generated articles (plus exact duplicates) run with ``classifier="fast"`` (the sentence classifier without
its transformer: five times cheaper, every other stage as by default), and 40 with the default settings, so the
transformer is loaded and run inside Spark's Python workers too. Both sides always get the same settings."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from sitroom import pipeline
from sitroom.config import Settings
from sitroom.model import Event, EventMention
from sitroom.scale.job import JobReport, run_job
from sitroom.scale.synthetic import generate, write_jsonl
from sitroom.store import Store
from tests.scale.conftest import needs_java

ARTICLES = 520
REPEATED = 6  # exact duplicates appended: both sides keep only the first

Outputs = tuple[Path, JobReport, Store]


def _corpus(path: Path, articles: int, repeated: int = 0) -> Path:
    write_jsonl(path, articles)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(lines[:repeated])
    return path


def _both(spark: Any, tmp: Path, articles: int, repeated: int, settings: Settings) -> Outputs:
    """The Spark job's output folder and report, and the store `sitroom run` filled, on one corpus."""
    corpus = _corpus(tmp / "articles.jsonl", articles, repeated)
    store = Store(str(tmp / "single.db"))
    pipeline.run([corpus], store, settings.model_copy(update={"db": str(tmp / "single.db")}))
    return tmp / "out", run_job(spark, str(corpus), str(tmp / "out"), settings, partitions=4), store


@pytest.fixture(scope="module")
def big(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _both(spark, tmp_path_factory.mktemp("big"), ARTICLES, REPEATED, Settings(classifier="fast"))


@pytest.fixture(scope="module")
def default_settings(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _both(spark, tmp_path_factory.mktemp("default"), 40, 0, Settings())


def _records(directory: Path) -> list[str]:
    return pq.read_table(directory, columns=["record"]).column("record").to_pylist()


def assert_same_events(outputs: Outputs) -> dict[str, Event]:
    out, _report, store = outputs
    expected = {e.id: e for e in store.events()}
    got = {e.id: e for e in map(Event.model_validate_json, _records(out / "events"))}
    assert got.keys() == expected.keys()
    for event_id, event in expected.items():  # whole records: sources, independent sources, confidence too
        assert got[event_id].model_dump() == event.model_dump()
    return expected


def assert_same_mentions(outputs: Outputs) -> None:
    out, report, store = outputs
    got = sorted(map(EventMention.model_validate_json, _records(out / "mentions")), key=lambda m: m.id)
    expected = sorted(store.mentions(), key=lambda m: m.id)
    assert report.mentions == len(got) == len(expected)
    assert [m.model_dump() for m in got] == [m.model_dump() for m in expected]


@needs_java
@pytest.mark.slow
def test_spark_events_equal_single_machine(big: Outputs) -> None:
    _out, report, _store = big
    assert report.records == ARTICLES + REPEATED and report.duplicates == REPEATED
    assert report.articles == ARTICLES and report.unreadable == report.failed_articles == 0
    copies = {a.id: a.copy_of for a in big[2].articles() if a.copy_of}
    assert report.copies == len(copies) > 0  # wire copies found across partitions, as one machine finds them
    events = assert_same_events(big)
    assert len(events) > 300 and any(len(e.mention_ids) > 1 for e in events.values())  # merges happened
    assert_same_mentions(big)


@needs_java
@pytest.mark.slow
def test_spark_equals_single_machine_with_default_settings(default_settings: Outputs) -> None:
    assert default_settings[1].articles == 40
    assert assert_same_events(default_settings)
    assert_same_mentions(default_settings)


@needs_java
@pytest.mark.slow
def test_outputs_partitioned_by_date_and_country_with_acled_csv(big: Outputs) -> None:
    out, report, _store = big
    partitions = {p.relative_to(out / "events").parts[:2] for p in (out / "events").rglob("*.parquet")}
    assert all(d.startswith("event_date=") and c.startswith("country=") for d, c in partitions)
    assert any(c == "country=Syria" for _d, c in partitions)
    with (out / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == report.events
    assert rows[0]["event_id_cnty"].startswith("evt_") and rows[0]["disorder_type"]
    dates = [r["event_date"] for r in rows if r["event_date"]]
    assert dates == sorted(dates)


def test_generated_corpus_is_stable() -> None:
    first, second = list(generate(30)), list(generate(30))
    assert first == second and len({r["text"] for r in first}) == 30
