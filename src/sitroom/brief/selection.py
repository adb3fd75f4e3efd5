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

import datetime as dt
from dataclasses import dataclass

from sitroom.brief.compose import reach
from sitroom.brief.query import BriefQuery
from sitroom.brief.salience import W_FOREIGN, base_salience
from sitroom.model import Event, SubEventType
from sitroom.store import Store

MAX_CANDIDATES = 2000  # a hard bound on full loads when very many events tie near the cutoff
LATEST_KEPT = 3  # the closing line picks the latest event not already in the lead


@dataclass(frozen=True)
class Summary:
    id: str
    sub_event_type: SubEventType
    date: dt.date | None
    actors: tuple[str, ...]
    score: float


@dataclass
class Selection:
    events: list[Event]  # loaded in full: every event the brief could mention
    firsts: dict[str, str]  # actor name -> first event id over the whole selection
    total: int  # events in the selection


def _summaries(store: Store, query: BriefQuery) -> list[Summary]:
    return [
        Summary(
            id=row.id,
            sub_event_type=(sub := SubEventType(row.sub_event_type)),
            date=row.date,
            actors=row.actors,
            score=base_salience(sub, row.toll, row.independent_sources, row.confidence),
        )
        for row in store.event_summaries(query.event_filter())
    ]


def _first_events(summaries: list[Summary]) -> dict[str, str]:
    firsts: dict[str, str] = {}
    for summary in sorted(summaries, key=lambda s: (s.date is None, s.date or dt.date.min, s.id)):
        for actor in summary.actors:
            firsts.setdefault(actor, summary.id)
    return firsts


def _candidates(summaries: list[Summary]) -> list[str]:
    ordered = sorted(summaries, key=lambda s: (-s.score, s.id))
    keep = reach()
    cutoff = ordered[keep - 1].score if len(ordered) >= keep else float("-inf")
    chosen = [s.id for s in ordered if s.score + W_FOREIGN >= cutoff][:MAX_CANDIDATES]
    dated = sorted((s for s in summaries if s.date), key=lambda s: (s.date, s.id))
    chosen += [s.id for s in dated[:1] + dated[-LATEST_KEPT:]]
    return sorted(set(chosen))


def select_events(store: Store, query: BriefQuery) -> Selection:
    summaries = _summaries(store, query)
    ids = _candidates(summaries)
    events = store.events_by_id(ids)
    return Selection(events=events, firsts=_first_events(summaries), total=len(summaries))
