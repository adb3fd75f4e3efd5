"""Merge a cluster of mentions into one Event: fields, sources, contradictions, confidence."""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from sitroom.corroborate.sources import independent_groups, source_scale
from sitroom.model import (
    Actor,
    Article,
    Claim,
    Contradiction,
    Event,
    EventMention,
    Fatalities,
    GeoPrecision,
    Location,
    Stance,
    SubEventType,
)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# Sub-types that say more about an incident win a vote tie (a capture is more than a clash).
_SPECIFICITY = {
    SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY: 2,
    SubEventType.GOVERNMENT_REGAINS_TERRITORY: 2,
    SubEventType.AIR_DRONE_STRIKE: 1,
    SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK: 1,
}
DENIAL_PENALTY = 0.3  # confidence lost when every claim about the event is a denial


def event_id(mentions: Sequence[EventMention]) -> str:
    """Stable id: the same set of mentions always gives the same event id."""
    key = "|".join(sorted(m.id for m in mentions))
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _vote(items: Sequence[T], key: Callable[[T], K], tiebreak: Callable[[T], object]) -> T:
    """The most frequent item by ``key``; ties broken by ``tiebreak`` (smallest wins)."""
    counts = Counter(key(i) for i in items)
    return min(items, key=lambda i: (-counts[key(i)], tiebreak(i)))


def merge_cluster(mentions: Sequence[EventMention], articles: Mapping[str, Article]) -> Event:
    ordered = sorted(mentions, key=lambda m: m.id)
    fatalities, fatality_conflict = merge_fatalities(ordered)
    contradictions = [c for c in (fatality_conflict, _date_conflict(ordered)) if c is not None]
    sub_type = _vote(
        ordered, lambda m: m.sub_event_type, lambda m: (-_SPECIFICITY.get(m.sub_event_type, 0), m.id)
    ).sub_event_type
    dated = _best_date_mention(ordered)
    actor1, assoc1 = _merge_actors([m.actor1 for m in ordered], [a for m in ordered for a in m.assoc_actors_1])
    actor2, assoc2 = _merge_actors([m.actor2 for m in ordered], [a for m in ordered for a in m.assoc_actors_2])
    article_ids = sorted({m.article_id for m in ordered})
    groups = independent_groups(article_ids, articles)
    claims = _merge_claims(ordered)
    representative = max(ordered, key=lambda m: (m.confidence, -len(m.evidence.text), m.id))
    return Event(
        id=event_id(ordered),
        mention_ids=[m.id for m in ordered],
        event_type=sub_type.event_type,
        sub_event_type=sub_type,
        date=dated.date if dated else None,
        time_precision=dated.time_precision if dated else max(m.time_precision for m in ordered),
        actor1=actor1,
        assoc_actors_1=assoc1,
        actor2=actor2,
        assoc_actors_2=assoc2,
        location=_best_location(ordered),
        fatalities=fatalities,
        claims=claims,
        civilian_targeting=2 * sum(m.civilian_targeting for m in ordered) >= len(ordered),
        notes=representative.notes or representative.evidence.text,
        sources=sorted({d for a in article_ids if (d := _domain(a, articles, ordered))}),
        independent_sources=len(groups),
        contradictions=contradictions,
        confidence=confidence(len(groups), [m.confidence for m in ordered], claims),
        source_scale=source_scale(article_ids, articles),
    )


def _domain(article_id: str, articles: Mapping[str, Article], mentions: Sequence[EventMention]) -> str | None:
    article = articles.get(article_id)
    if article and article.source.domain:
        return article.source.domain
    return next((m.source for m in mentions if m.article_id == article_id and m.source), None)


def _best_date_mention(mentions: Sequence[EventMention]) -> EventMention | None:
    """The most precise date; among equally precise ones the most reported, then the earliest."""
    dated = [m for m in mentions if m.date is not None]
    if not dated:
        return None
    finest = min(m.time_precision for m in dated)
    candidates = [m for m in dated if m.time_precision == finest]
    return _vote(candidates, lambda m: m.date, lambda m: (m.date, m.id))


def _date_conflict(mentions: Sequence[EventMention]) -> Contradiction | None:
    """Day-precise reports that disagree on the day."""
    by_article: dict[str, str] = {}
    for m in mentions:
        if m.date is not None and m.time_precision == 1:
            by_article.setdefault(m.article_id, m.date.isoformat())
    return Contradiction(field="date", values=by_article) if len(set(by_article.values())) > 1 else None


def _location_rank(loc: Location) -> tuple[int, int, int]:
    precision = int(loc.geo_precision) if loc.geo_precision else int(GeoPrecision.REGION) + 1
    admin_depth = sum(1 for n in (loc.admin1, loc.admin2, loc.admin3) if n)
    return (precision, 0 if loc.resolved else 1, -admin_depth)


def _best_location(mentions: Sequence[EventMention]) -> Location | None:
    """The most specific place (town before region, resolved before not); ties by vote."""
    located = [m for m in mentions if m.location is not None]
    if not located:
        return None
    best_rank = min(_location_rank(m.location) for m in located if m.location)
    candidates = [m for m in located if m.location and _location_rank(m.location) == best_rank]
    chosen = _vote(candidates, lambda m: m.location.name.casefold() if m.location else "", lambda m: m.id)
    return chosen.location


def _merge_actors(primaries: Sequence[Actor | None], associates: Sequence[Actor]) -> tuple[Actor | None, list[Actor]]:
    """The primary actor by vote over the reports; every other actor named becomes an associate."""
    named = [a for a in primaries if a is not None]
    primary = _vote(named, lambda a: a.name, lambda a: (not a.known, a.name)) if named else None
    seen = {primary.name} if primary else set()
    merged: list[Actor] = []
    for actor in sorted(associates, key=lambda a: a.name):
        if actor.name not in seen:
            seen.add(actor.name)
            merged.append(actor)
    return primary, merged


def _merge_claims(mentions: Sequence[EventMention]) -> list[Claim]:
    seen: set[tuple[str, str, str]] = set()
    merged: list[Claim] = []
    for m in mentions:
        for claim in m.claims:
            key = (claim.by.casefold(), claim.stance.value, claim.about.casefold())
            if key not in seen:
                seen.add(key)
                merged.append(claim)
    return merged


def _top_figure(fat: Fatalities) -> int:
    return max(v for v in (fat.best, fat.low, fat.high) if v is not None)


def _article_figures(mentions: Sequence[EventMention]) -> dict[str, EventMention]:
    """Per article, the report carrying its highest figure (a later update in a story supersedes)."""
    best: dict[str, EventMention] = {}
    for m in mentions:
        if not m.fatalities.known:
            continue
        current = best.get(m.article_id)
        if current is None or _top_figure(m.fatalities) > _top_figure(current.fatalities):
            best[m.article_id] = m
    return best


def merge_fatalities(mentions: Sequence[EventMention]) -> tuple[Fatalities, Contradiction | None]:
    """Keep the range across sources.

    low = the smallest figure reported, high = the largest, best = the figure most
    articles report (the lower median when no figure repeats). When every article gives the same
    figure the range stays as reported (no invented bounds). Different figures across articles
    are a Contradiction (article id -> that article's figure).
    """
    per_article = _article_figures(mentions)
    if not per_article:
        return Fatalities(), None
    figures = {a: per_article[a].fatalities for a in sorted(per_article)}
    # A figure known only as an upper bound is a party's own claim ("killed hundreds of terrorists"): it bounds
    # nothing the independent reports say, so it stays out of the range when they give one.
    reported = {a: f for a, f in figures.items() if f.best is not None or f.low is not None}
    if reported:
        figures = reported
        per_article = {a: per_article[a] for a in reported}
    point = {a: f.best if f.best is not None else (f.low if f.low is not None else f.high) for a, f in figures.items()}
    bests = [f.best for f in figures.values() if f.best is not None]
    best = _consensus(bests) if bests else None
    agree = len(set(point.values())) == 1
    # When sources disagree every figure bounds the range ("at least 300" from one outlet means the
    # high end is at least 300); when they agree the range stays as reported.
    every = [] if agree else [v for f in figures.values() for v in (f.low, f.best, f.high) if v is not None]
    lows = [f.low for f in figures.values() if f.low is not None] + every
    highs = [f.high for f in figures.values() if f.high is not None] + every
    evidence_from = per_article[min(per_article, key=lambda a: (point[a] or 0, a))]
    merged = Fatalities(
        best=best,
        low=min(lows) if lows else None,
        high=max(highs) if highs else None,
        evidence=evidence_from.fatalities.evidence,
    )
    values = {a: v for a, v in point.items() if v is not None}
    conflict = None if agree else Contradiction(field="fatalities", values=values)
    return merged, conflict


def _consensus(values: Sequence[int]) -> int:
    counts = Counter(values)
    top = max(counts.values())
    if top > 1:
        return min(v for v, c in counts.items() if c == top)
    return int(statistics.median_low(values))


def confidence(independent: int, extraction: Sequence[float], claims: Sequence[Claim]) -> float:
    """How sure we are the incident happened as described, in [0.05, 0.99]:

    ``(1 - 0.5 ** independent_sources) * (0.5 + 0.5 * mean extraction confidence)``, then reduced
    by ``DENIAL_PENALTY * denials / (claims)`` when sources deny what others assert. One source at
    perfect extraction gives 0.5; three independent ones 0.875.
    """
    corroboration = 1.0 - 0.5 ** max(independent, 1)
    extracted = sum(extraction) / len(extraction) if extraction else 0.5
    score = corroboration * (0.5 + 0.5 * extracted)
    denials = sum(1 for c in claims if c.stance is Stance.DENIES)
    if claims:
        score *= 1.0 - DENIAL_PENALTY * denials / len(claims)
    return round(min(0.99, max(0.05, score)), 3)
