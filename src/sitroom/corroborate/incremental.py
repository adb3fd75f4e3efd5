"""Incremental corroboration: the events new mentions change, exactly as a full rebuild would give them.

Clustering (``cluster``) runs per block, greedily, in date order. A cluster can only take a mention that every
one of its members could be paired with (``pair_score`` not None), so each cluster lies inside one component
of the graph linking such pairs, and a component is clustered as if alone, with one exception: which earlier
clusters an undated report sees first (ties go to the first) depends on when clusters left reach, which
follows every date of the block. ``component`` grows the component of the new mentions from their blocking
candidates; ``cluster_component`` clusters it with one inert stand-in per other date of the block, so its
clusters, and so its events, are those of the full rebuild. Events of other components are left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from sitroom.corroborate.cluster import _cluster_block
from sitroom.corroborate.matching import (
    COMPATIBLE_GROUPS,
    DATE_WINDOW_DAYS,
    Features,
    block_key,
    features,
    pair_score,
)
from sitroom.corroborate.merge import merge_cluster
from sitroom.model import Article, Event, EventMention, TimePrecision

# How far apart two reports of one incident may be dated: no pair outside this window is ever linked.
MAX_DAYS = max(DATE_WINDOW_DAYS.values())
_INERT = "inert"  # the sub-event type of a stand-in date: compatible with no report


@dataclass(frozen=True)
class Keyed:
    """A stored mention with the keys it is blocked and matched on."""

    mention: EventMention
    match_date: dt.date | None  # its own date, else its article's publication day

    @property
    def features(self) -> Features:
        return features(self.mention, self.match_date)


def match_date(mention: EventMention, article: Article | None) -> dt.date | None:
    """The date a mention is matched on: its own, else its article's publication day (``cluster._published``)."""
    if mention.date is not None:
        return mention.date
    return article.published.date() if article is not None and article.published is not None else None


@dataclass(frozen=True)
class Window:
    """Which stored mentions of a block may pair with some of a set: compatible types, dates near theirs."""

    block: str
    sub_event_types: frozenset[str]
    first: dt.date | None  # None with last: any date (an undated mention pairs with every date)
    last: dt.date | None


Candidates = Callable[[Window], Iterable[Keyed]]


def component(seeds: Sequence[Keyed], candidates: Candidates) -> list[Keyed]:
    """The seeds and every stored mention linked to them through a chain of pairs that could be linked."""
    found = {k.mention.id: k for k in seeds}
    frontier = [k.features for k in seeds]
    while frontier:
        reached: list[Features] = []
        for keyed in candidates(_window(frontier)):
            if keyed.mention.id in found:
                continue
            other = keyed.features
            if any(pair_score(f, other) is not None for f in frontier):
                found[keyed.mention.id] = keyed
                reached.append(other)
        frontier = reached
    return list(found.values())


def _window(frontier: Sequence[Features]) -> Window:
    types = {f.mention.sub_event_type for f in frontier}
    for group in COMPATIBLE_GROUPS:
        if types & group:
            types |= group
    dates = [f.date for f in frontier]
    dated = [d for d in dates if d is not None]
    span = MAX_DAYS + 1  # a window is inclusive of its edge
    if len(dated) < len(dates):
        first = last = None
    else:
        first, last = min(dated) - dt.timedelta(days=span), max(dated) + dt.timedelta(days=span)
    return Window(block_key(frontier[0].mention), frozenset(t.value for t in types), first, last)


def cluster_component(
    members: Sequence[Keyed], articles: Mapping[str, Article], block_dates: Iterable[dt.date]
) -> list[Event]:
    """The events of one component of one block, as ``corroborate`` on the whole store gives them.
    ``block_dates``: every date a mention of the block is matched on."""
    own = [k.features for k in members]
    inert = [_stand_in(day) for day in sorted(set(block_dates) - {f.date for f in own})]
    clusters = _cluster_block([*own, *inert])
    return [merge_cluster(c, articles) for c in clusters if c[0].sub_event_type != _INERT]


@dataclass(frozen=True)
class _StandIn:
    """Holds a date of the block in the clustering order; pairs with no report, so clusters no report."""

    id: str
    sub_event_type: str = _INERT


def _stand_in(day: dt.date) -> Features:
    mention = cast(EventMention, _StandIn(id=f"\0{day.isoformat()}"))
    empty: frozenset[str] = frozenset()
    return Features(mention, day, TimePrecision.DAY, None, empty, None, None, False, empty, empty)
