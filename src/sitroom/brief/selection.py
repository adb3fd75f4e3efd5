"""Pick the events a brief can mention without loading every stored event in full.

A brief names a few dozen events, but its selection may hold tens of thousands. Salience is
``base + W_FOREIGN * new foreign involvement`` (see ``salience``); the base needs only the event
type, death toll, source count and confidence, which one light query reads for the whole
selection (the toll through a JSON path, evaluated by the database). Only events whose base is
within ``W_FOREIGN`` of the ``reach()``-th best can still make the brief, so only those (plus the
earliest and latest, for the scope and closing lines) are loaded in full. Which event first names
each actor is computed over the whole selection from the stored actor column, so "first foreign
involvement" stays exact.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitroom.brief.compose import reach
from sitroom.brief.query import BriefQuery
from sitroom.brief.salience import W_FOREIGN, base_salience
from sitroom.model import Event, SubEventType
from sitroom.store import EventSummary, Store

MAX_CANDIDATES = 2000  # a hard bound on full loads when very many events tie near the cutoff
LATEST_KEPT = 3  # the closing line picks the latest event not already in the lead


@dataclass
class Selection:
    events: list[Event]  # loaded in full: every event the brief could mention
    firsts: dict[str, str]  # actor name -> first event id over the whole selection
    total: int  # events in the selection


def _scores(summaries: Sequence[EventSummary]) -> list[float]:
    """Each event's base salience; events share few (type, toll, sources, confidence) values, each scored once."""
    known: dict[tuple[str, int | None, int, float], float] = {}
    scores = []
    for row in summaries:
        key = (row.sub_event_type, row.toll, row.independent_sources, row.confidence)
        score = known.get(key)
        if score is None:
            score = known[key] = base_salience(SubEventType(key[0]), *key[1:])
        scores.append(score)
    return scores


def _first_events(oldest_first: Sequence[EventSummary]) -> dict[str, str]:
    """Actor name -> the first event naming it, by date (undated last) then id, from summaries in the store's
    ascending order (undated ones, whose sort date is the oldest, first)."""
    undated = sum(1 for _ in itertools.takewhile(lambda row: row.date is None, oldest_first))
    firsts: dict[str, str] = {}
    seen: set[tuple[str, ...]] = set()  # an event whose list of actors came before adds no first
    for row in itertools.chain(oldest_first[undated:], oldest_first[:undated]):
        if row.actors not in seen:
            seen.add(row.actors)
            for actor in row.actors:
                firsts.setdefault(actor, row.id)
    return firsts


def _candidates(summaries: Sequence[EventSummary], scores: Sequence[float]) -> list[str]:
    keep = reach()
    cutoff = heapq.nlargest(keep, scores)[-1] if len(scores) >= keep else float("-inf")
    near = [(-score, row.id) for row, score in zip(summaries, scores, strict=True) if score + W_FOREIGN >= cutoff]
    chosen = [ident for _score, ident in sorted(near)[:MAX_CANDIDATES]]
    dated = [(row.date, row.id) for row in summaries if row.date]
    chosen += [ident for _day, ident in heapq.nsmallest(1, dated) + heapq.nlargest(LATEST_KEPT, dated)]
    return sorted(set(chosen))


def select_events(store: Store, query: BriefQuery) -> Selection:
    summaries = store.event_summaries(replace(query.event_filter(), order="asc"))
    ids = _candidates(summaries, _scores(summaries))
    events = store.events_by_id(ids)
    return Selection(events=events, firsts=_first_events(summaries), total=len(summaries))
