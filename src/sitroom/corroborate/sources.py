"""Who reported an event: independent-source counting and ACLED ``source_scale``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from sitroom.model import Article, SourceScale

# Outlets whose reach we know; used only when an article carries no ``Source.scale``. The
# classification is ours (ACLED's categories applied to each outlet's audience), not copied data.
KNOWN_SCALES: dict[str, SourceScale] = {
    "reuters.com": SourceScale.INTERNATIONAL,
    "apnews.com": SourceScale.INTERNATIONAL,
    "afp.com": SourceScale.INTERNATIONAL,
    "bbc.co.uk": SourceScale.INTERNATIONAL,
    "bbc.com": SourceScale.INTERNATIONAL,
    "news.sky.com": SourceScale.INTERNATIONAL,
    "theguardian.com": SourceScale.INTERNATIONAL,
    "france24.com": SourceScale.INTERNATIONAL,
    "aljazeera.com": SourceScale.INTERNATIONAL,
    "usnews.com": SourceScale.INTERNATIONAL,
    "nytimes.com": SourceScale.INTERNATIONAL,
    "cnn.com": SourceScale.INTERNATIONAL,
    "middleeasteye.net": SourceScale.REGIONAL,
    "alarabiya.net": SourceScale.REGIONAL,
    "sana.sy": SourceScale.NATIONAL,
    "enabbaladi.net": SourceScale.NATIONAL,
    "syriahr.com": SourceScale.OTHER,  # a monitoring group, not a news outlet
    "x.com": SourceScale.NEW_MEDIA,
    "twitter.com": SourceScale.NEW_MEDIA,
    "t.me": SourceScale.NEW_MEDIA,
    "facebook.com": SourceScale.NEW_MEDIA,
}


_REACH = {
    SourceScale.INTERNATIONAL: 5,
    SourceScale.REGIONAL: 4,
    SourceScale.NATIONAL: 3,
    SourceScale.SUBNATIONAL: 2,
    SourceScale.LOCAL: 1,
}


def _root(article_id: str, articles: Mapping[str, Article]) -> str:
    """Follow ``copy_of`` links to the original story (cycle-safe)."""
    seen: set[str] = set()
    current = article_id
    while current not in seen:
        seen.add(current)
        article = articles.get(current)
        if article is None or not article.copy_of:
            return current
        current = article.copy_of
    return current


def independent_groups(article_ids: Iterable[str], articles: Mapping[str, Article]) -> list[set[str]]:
    """Group articles that are not independent of each other.

    Two articles share a group when one is a (transitive) ``copy_of`` the other or a common
    original, or when they come from the same publisher domain: a wire copy and an outlet's
    second story on the same incident add no independent confirmation.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_domain: dict[str, str] = {}
    for article_id in sorted(set(article_ids)):
        find(article_id)
        union(article_id, "root:" + _root(article_id, articles))
        domain = _domain(article_id, articles)
        if domain:
            union(article_id, by_domain.setdefault(domain, article_id))
    groups: dict[str, set[str]] = {}
    for node in parent:
        if not node.startswith("root:"):
            groups.setdefault(find(node), set()).add(node)
    return sorted(groups.values(), key=lambda g: min(g))


def _domain(article_id: str, articles: Mapping[str, Article]) -> str | None:
    article = articles.get(article_id)
    return article.source.domain if article else None


def article_scale(article: Article) -> SourceScale | None:
    if article.source.scale is not None:
        return article.source.scale
    domain = article.source.domain or ""
    for known, scale in KNOWN_SCALES.items():
        if domain == known or domain.endswith("." + known):
            return scale
    return None


def source_scale(article_ids: Iterable[str], articles: Mapping[str, Article]) -> SourceScale | None:
    """The most common scale among the reporting articles; ties go to the wider reach."""
    scales = Counter(s for a in set(article_ids) if a in articles and (s := article_scale(articles[a])) is not None)
    if not scales:
        return None
    return max(scales, key=lambda s: (scales[s], _REACH.get(s, 0)))
