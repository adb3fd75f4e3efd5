"""Group mentions into incidents: blocking, then greedy complete-link clustering inside a block."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sitroom.corroborate.matching import LINK_THRESHOLD, Features, block_key, features, pair_score
from sitroom.model import Article, EventMention

# A cluster stops accepting mentions dated this long after its latest one (the widest window).
MAX_WINDOW = dt.timedelta(days=31)


@dataclass
class Cluster:
    members: list[Features] = field(default_factory=list)

    @property
    def last_date(self) -> dt.date | None:
        dates = [f.date for f in self.members if f.date is not None]
        return max(dates) if dates else None

    def score(self, candidate: Features) -> float | None:
        """Mean score against every member; None if any member rules the candidate out."""
        scores = []
        for member in self.members:
            score = pair_score(member, candidate)
            if score is None:
                return None
            scores.append(score)
        return sum(scores) / len(scores)


def _published(article: Article | None) -> dt.date | None:
    """An undated report is compared as of its publication day (never its fetch time, which may be
    years later for an archive)."""
    if article is None or article.published is None:
        return None
    return article.published.date()


def cluster_mentions(mentions: Sequence[EventMention], articles: Mapping[str, Article]) -> list[list[EventMention]]:
    """Clusters of mentions that report one incident, in a deterministic order."""
    blocks: dict[str, list[Features]] = defaultdict(list)
    for mention in mentions:
        blocks[block_key(mention)].append(features(mention, _published(articles.get(mention.article_id))))
    clusters: list[list[EventMention]] = []
    for key in sorted(blocks):
        clusters.extend(_cluster_block(blocks[key]))
    return clusters


def _cluster_block(block: list[Features]) -> list[list[EventMention]]:
    ordered = sorted(block, key=lambda f: (f.date or dt.date.max, f.mention.id))
    done: list[Cluster] = []
    active: list[Cluster] = []  # clusters a later-dated candidate can still join
    for candidate in ordered:
        if candidate.date is not None:  # candidates come in date order: out-of-reach clusters never return
            done.extend(c for c in active if not _in_reach(c, candidate))
            active = [c for c in active if _in_reach(c, candidate)]
        else:  # undated reports come last and may belong to any incident of the block
            active, done = done + active, []
        best: tuple[float, int] | None = None
        for index, cluster in enumerate(active):
            score = cluster.score(candidate)
            if score is not None and score >= LINK_THRESHOLD and (best is None or score > best[0]):
                best = (score, index)
        if best is None:
            active.append(Cluster([candidate]))
        else:
            active[best[1]].members.append(candidate)
    clusters = done + active
    clusters.sort(key=lambda c: min(f.mention.id for f in c.members))
    return [[f.mention for f in c.members] for c in clusters]


def _in_reach(cluster: Cluster, candidate: Features) -> bool:
    last = cluster.last_date
    return last is None or candidate.date is None or candidate.date - last <= MAX_WINDOW
