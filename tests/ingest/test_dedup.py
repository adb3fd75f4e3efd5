"""Exact and near-duplicate handling, within a run and across runs, on the fixture set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestOptions, Status, dedup, ingest_into, read_path
from sitroom.model import Article
from sitroom.store import Store
from tests.ingest.conftest import FIXTURES

NEARDUP = FIXTURES / "neardup"
PAIRS = json.loads((NEARDUP / "pairs.json").read_text())


def _article(name: str) -> Article:
    return read_path(NEARDUP / name, max_bytes=10**7)[0]


def _status_by_file(report_outcomes: list) -> dict[str, tuple[Status, str | None]]:
    return {Path(o.source).name: (o.status, o.message) for o in report_outcomes}


def test_default_threshold_separates_copies_from_distinct_articles() -> None:
    signatures = {p.name: dedup.signature(_article(p.name)) for p in NEARDUP.glob("*.txt")}
    copy_scores = [dedup.similarity(signatures[c], signatures[o]) for c, o in PAIRS["copies"].items()]
    originals = set(PAIRS["copies"].values())
    distinct_scores = [
        dedup.similarity(signatures[d], signatures[other])
        for d in PAIRS["distinct"]
        for other in [*originals, *PAIRS["copies"]]
    ]
    threshold = IngestOptions().near_dup_threshold
    assert min(copy_scores) >= threshold > max(distinct_scores)


def test_ingest_marks_copies_and_keeps_distinct_articles(store: Store, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    shutil.copytree(NEARDUP, folder)
    (folder / "pairs.json").unlink()
    # originals first, so every copy has something to point at
    order = sorted(folder.glob("*original.txt")) + sorted(p for p in folder.glob("*.txt") if "original" not in p.name)
    report = ingest_into(order, store, settings)
    statuses = _status_by_file(report.outcomes)
    ids = {o.source: o.article_id for o in report.outcomes}
    for copy, original in PAIRS["copies"].items():
        status, message = statuses[copy]
        assert status is Status.NEAR_DUPLICATE, copy
        original_id = ids[str(folder / original)]
        assert message and message.startswith(f"copy of {original_id}")
        assert store.get_article(ids[str(folder / copy)]).copy_of == original_id
    for name in PAIRS["distinct"]:
        assert statuses[name][0] is Status.NEW, name
    assert store.count_articles() == 9, "near-duplicates are stored too (separate publications)"


def test_copy_of_a_copy_points_at_the_original(store: Store, settings: Settings) -> None:
    report = ingest_into(
        [NEARDUP / "aleppo_original.txt", NEARDUP / "aleppo_wire_copy.txt", NEARDUP / "aleppo_copy_trimmed.txt"],
        store,
        settings,
    )
    original_id = report.outcomes[0].article_id
    assert [store.get_article(o.article_id).copy_of for o in report.outcomes[1:]] == [original_id, original_id]


def test_copy_of_an_article_stored_in_an_earlier_run(db_path: str, settings: Settings) -> None:
    with Store(db_path) as first:
        ingest_into([FIXTURES / "html" / "levant_daily_aleppo.html"], first, settings)
    with Store(db_path) as second:  # a new process: the index is rebuilt from stored signatures
        report = ingest_into([FIXTURES / "html" / "frontline_wire_aleppo_copy.html"], second, settings)
        (outcome,) = report.outcomes
        assert outcome.status is Status.NEAR_DUPLICATE
        copy = second.get_article(outcome.article_id)
        assert copy.source.domain == "frontline-wire.test" and copy.copy_of is not None
        assert second.get_article(copy.copy_of).source.domain == "levant-daily.test"


def test_articles_stored_without_signature_are_signed_when_the_index_loads(store: Store, settings: Settings) -> None:
    original = _article("idlib_original.txt")
    store.add_articles([original])  # the plain Store method: no signature
    assert store.articles_without_signature(dedup.SCHEME) == [original]
    report = ingest_into([NEARDUP / "idlib_copy_extended.txt"], store, settings)
    assert report.outcomes[0].status is Status.NEAR_DUPLICATE
    assert store.articles_without_signature(dedup.SCHEME) == []


def test_exact_duplicates_across_formats_and_runs(store: Store, settings: Settings) -> None:
    first = ingest_into([FIXTURES / "html" / "levant_daily_aleppo.html"], store, settings)
    assert [o.status for o in first.outcomes] == [Status.NEW]
    second = ingest_into(
        [FIXTURES / "feeds" / "levant.rss", FIXTURES / "html" / "levant_daily_aleppo.html"], store, settings
    )
    assert [o.status for o in second.outcomes] == [Status.NEW, Status.DUPLICATE, Status.DUPLICATE]
    assert all(o.message == "already stored" for o in second.outcomes[1:])
    assert store.count_articles() == 2


def test_duplicates_within_one_batch(store: Store, settings: Settings, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    text = (NEARDUP / "idlib_original.txt").read_text(encoding="utf-8")
    a.write_text(text, encoding="utf-8")
    b.write_text(text.upper(), encoding="utf-8")  # the normalised text is the same
    report = ingest_into([a, b], store, settings)
    assert [o.status for o in report.outcomes] == [Status.NEW, Status.DUPLICATE]
    assert report.outcomes[1].message == f"same text as {a}"


@pytest.mark.parametrize(("threshold", "expected"), [(0.95, Status.NEW), (0.3, Status.NEAR_DUPLICATE)])
def test_threshold_is_configurable(store: Store, settings: Settings, threshold: float, expected: Status) -> None:
    options = IngestOptions(near_dup_threshold=threshold)
    ingest_into([NEARDUP / "aleppo_original.txt"], store, settings, options=options)
    report = ingest_into([NEARDUP / "aleppo_copy_trimmed.txt"], store, settings, options=options)  # ~0.63
    assert report.outcomes[0].status is expected


def test_signature_needs_enough_text() -> None:
    short = Article(title="Brief", text="Brief\nClashes near Manbij.")
    assert dedup.signature(short) is None


def test_stored_signatures_find_what_the_lsh_tables_find(store: Store) -> None:
    """An index loaded from the store (stored signatures searched band by band) finds the same originals, with the
    same similarity, as one whose every signature went into the LSH tables, for queries sharing random parts."""
    rng = np.random.default_rng(11)
    articles = [Article(title=f"Report {n}", text=f"Report {n}\nShelling hit district {n}.") for n in range(60)]
    values = rng.integers(0, 2**32, size=(len(articles), dedup.NUM_PERM), dtype=np.uint64).astype(np.uint32)
    for row in range(1, len(articles), 3):  # some stored articles resemble the one before them
        keep = rng.random(dedup.NUM_PERM) < 0.5
        values[row, keep] = values[row - 1, keep]
    store.add_articles_with_signatures(
        articles, {a.id: dedup.encode(v) for a, v in zip(articles, values, strict=True)}, scheme=dedup.SCHEME
    )
    loaded = dedup.NearDuplicateIndex.from_store(store, 0.4)
    tables = dedup.NearDuplicateIndex(0.4)
    for article, row in zip(articles, values, strict=True):
        tables.add(article.id, row)
    assert len(loaded) == len(tables) == len(articles) and articles[5].id in loaded
    found = 0
    for _ in range(300):
        query = values[rng.integers(len(articles))].copy()
        changed = rng.random(dedup.NUM_PERM) < rng.uniform(0.1, 0.9)
        query[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64).astype(np.uint32)
        assert loaded.find(query) == tables.find(query)
        found += loaded.find(query) is not None
    assert 0 < found < 300
