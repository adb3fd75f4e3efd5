"""Wire copies across the whole corpus, as ``sitroom run`` finds them, with ingest's own MinHash signatures and
LSH bands (``sitroom.ingest.dedup``).

One machine judges articles in input order, each against every earlier one: a newcomer whose signature shares
an LSH band with an earlier article and reaches the threshold is a copy of the most similar such article's
original. Here the bands are Spark groups: each group's pairs are checked in parallel, each article keeps its
most similar earlier match, and the driver follows the (few) matches in input order to their originals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from sitroom.ingest.dedup import NearDuplicateIndex, signature, similarity
from sitroom.ingest.options import DEFAULT_NEAR_DUP_THRESHOLD
from sitroom.model import Article

if TYPE_CHECKING:
    from pyspark import RDD

Ordered = tuple[tuple[int, int], Article]  # (input order, the article)
Signed = tuple[tuple[int, int], str, np.ndarray]  # (input order, article id, signature)


@cache
def _index(threshold: float) -> NearDuplicateIndex:
    """An empty index: only its band layout is used (the same as ``sitroom run``'s for this threshold)."""
    return NearDuplicateIndex(threshold)


def banded(articles: Iterable[Ordered], threshold: float) -> Iterator[tuple[tuple[int, bytes], Signed]]:
    """Each signed article under each of its LSH band keys (bodies too short to sign are never copies)."""
    index = _index(threshold)
    for order, article in articles:
        values = signature(article)
        if values is not None:
            for band, key in enumerate(index.band_keys(values)):
                yield (band, key), (order, article.id, values)


Match = tuple[float, tuple[int, int], str, tuple[int, int]]  # similarity, earlier order and id, later order


def matches(bucket: Iterable[Signed], threshold: float) -> Iterator[tuple[str, Match]]:
    """(later article, match with an earlier one) for each pair of one band bucket that reaches the threshold."""
    members = sorted(bucket, key=lambda m: m[0])
    for later, (later_order, later_id, values) in enumerate(members):
        for order, article_id, other in members[:later]:
            score = similarity(values, other)
            if score >= threshold:
                yield later_id, (score, order, article_id, later_order)


def _better(a: Match, b: Match) -> Match:
    """The more similar match; of equals, the earlier article (one machine takes whichever its set yields first)."""
    return a if (a[0], -a[1][0], -a[1][1]) >= (b[0], -b[1][0], -b[1][1]) else b


def copies_of(articles: RDD[Ordered], threshold: float = DEFAULT_NEAR_DUP_THRESHOLD) -> dict[str, str]:
    """Article id -> the id of the original it copies, for every wire copy in ``articles``."""
    buckets = articles.mapPartitions(lambda part: banded(part, threshold)).groupByKey()
    best = buckets.flatMap(lambda kv: matches(kv[1], threshold)).reduceByKey(_better)
    original: dict[str, str] = {}
    # In the copies' input order, so a copy of a copy finds its source already resolved to the first original.
    for copy_id, (_score, _order, earlier, _later) in sorted(best.collect(), key=lambda kv: kv[1][3]):
        original[copy_id] = original.get(earlier, earlier)
    return original
