"""How much an event matters to a reader of a situation brief.

    salience = 3.0 * territorial change
             + 2.0 * new foreign involvement
             + 1.0 * log2(1 + highest reported death toll)
             + 1.0 * log2(1 + independent sources)
             + 0.5 * confidence

- territorial change: ACLED's "Non-state actor overtakes territory", "Government regains
  territory" and "Non-violent transfer of territory".
- new foreign involvement: an actor from outside the event's country (External/Other forces, a
  foreign ``country``, or named foreign backers) appearing for the first time in the selection.
- the death toll uses the highest figure any source gave (high, else best, else low): a reader
  needs to hear about a disputed massacre even when sources disagree.

Ties are broken by date (newer first) then id, so the order is deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from sitroom.model import Actor, ActorType, Event, SubEventType

TERRITORIAL = frozenset(
    {
        SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
        SubEventType.GOVERNMENT_REGAINS_TERRITORY,
        SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY,
    }
)
W_TERRITORY, W_FOREIGN, W_FATALITIES, W_SOURCES, W_CONFIDENCE = 3.0, 2.0, 1.0, 1.0, 0.5


def highest_toll(event: Event) -> int | None:
    fat = event.fatalities
    for value in (fat.high, fat.best, fat.low):
        if value is not None:
            return value
    return None


def _actors(event: Event) -> list[Actor]:
    return [a for a in (event.actor1, event.actor2, *event.assoc_actors_1, *event.assoc_actors_2) if a is not None]


def foreign_actors(event: Event) -> list[Actor]:
    """Actors from outside the country the event happened in."""
    country = (event.location.country or "").casefold() if event.location else ""
    found = []
    for actor in _actors(event):
        external = actor.actor_type is ActorType.EXTERNAL_OTHER_FORCES or bool(actor.backers)
        if external or (actor.country and country and actor.country.casefold() != country):
            found.append(actor)
    return found


def first_events(events: Sequence[Event]) -> dict[str, str]:
    """Actor name -> id of the earliest event (by date, then id) that names it."""
    firsts: dict[str, str] = {}
    for event in sorted(events, key=chronological_key):
        for actor in _actors(event):
            firsts.setdefault(actor.name, event.id)
    return firsts


def chronological_key(event: Event) -> tuple[bool, int, str]:
    return (event.date is None, event.date.toordinal() if event.date else 0, event.id)


def new_foreign_involvement(events: Sequence[Event], firsts: Mapping[str, str] | None = None) -> dict[str, list[Actor]]:
    """Event id -> foreign actors appearing there for the first time in the selection.

    ``firsts`` (actor name -> first event id) may come from the whole selection when only some
    events are loaded in full; by default it is computed from ``events``.
    """
    firsts = first_events(events) if firsts is None else firsts
    found: dict[str, list[Actor]] = {}
    for event in events:
        new = [a for a in foreign_actors(event) if firsts.get(a.name) == event.id]
        if new:
            found[event.id] = new
    return found


def base_salience(sub_event_type: SubEventType, toll: int | None, sources: int, confidence: float) -> float:
    """Salience without the foreign-involvement term (computable from stored columns alone)."""
    return (
        W_TERRITORY * (sub_event_type in TERRITORIAL)
        + W_FATALITIES * math.log2(1 + (toll or 0))
        + W_SOURCES * math.log2(1 + sources)
        + W_CONFIDENCE * confidence
    )


def salience(event: Event, newly_involved: bool) -> float:
    base = base_salience(event.sub_event_type, highest_toll(event), event.independent_sources, event.confidence)
    return base + W_FOREIGN * newly_involved


def rank(events: Sequence[Event], firsts: Mapping[str, str] | None = None) -> list[tuple[float, Event]]:
    """Events with their salience, most salient first."""
    new = new_foreign_involvement(events, firsts)
    scored = [(salience(e, e.id in new), e) for e in events]
    return sorted(scored, key=lambda pair: (-pair[0], -(pair[1].date.toordinal() if pair[1].date else 0), pair[1].id))
