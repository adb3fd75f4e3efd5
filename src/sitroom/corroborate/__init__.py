"""Corroborate: EventMention[] from many articles -> Event[] (merged, sources counted,
contradictions flagged, confidence scored).

Interface: ``corroborate(mentions, articles) -> list[Event]`` where ``articles`` maps article id
to Article (for outlets and wire-copy links). Steps: block (country, event type), cluster inside a
block (``matching``: place, actors, date window by time precision, compatible sub-types), merge each
cluster (``merge``: most precise date, most specific place, actors by vote, fatality range and
contradictions, independent sources, source scale, confidence). Event ids hash the sorted mention
ids, so the same mentions always give the same events.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sitroom.corroborate.cluster import cluster_mentions
from sitroom.corroborate.merge import confidence, event_id, merge_cluster, merge_fatalities
from sitroom.corroborate.sources import independent_groups, source_scale
from sitroom.model import Article, Event, EventMention

__all__ = [
    "Corroborator",
    "cluster_mentions",
    "confidence",
    "corroborate",
    "event_id",
    "independent_groups",
    "load_corroborator",
    "merge_cluster",
    "merge_fatalities",
    "source_scale",
    "version",
]


class Corroborator(Protocol):
    def __call__(self, mentions: Sequence[EventMention], articles: Mapping[str, Article]) -> list[Event]: ...


def corroborate(mentions: Sequence[EventMention], articles: Mapping[str, Article]) -> list[Event]:
    """Merge mentions of the same real-world incident into Events, ordered by date then id."""
    events = [merge_cluster(cluster, articles) for cluster in cluster_mentions(mentions, articles)]
    return sorted(events, key=lambda e: (e.date is None, e.date.isoformat() if e.date else "", e.id))


def load_corroborator() -> Corroborator:
    return corroborate


@functools.cache
def version() -> str:
    """This corroboration's version: a digest of its code. Events built by another version are rebuilt in full
    before any incremental update (``incremental``)."""
    from sitroom.cache import cache_key

    return cache_key("corroborate", sources=sorted(Path(__file__).parent.glob("*.py")))
