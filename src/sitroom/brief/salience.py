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
from collections.abc import Sequence

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


def new_foreign_involvement(events: Sequence[Event]) -> dict[str, list[Actor]]:
    """Event id -> foreign actors seen there for the first time in this selection (by date)."""
    seen: set[str] = set()
    firsts: dict[str, list[Actor]] = {}
    for event in sorted(events, key=lambda e: (e.date is None, e.date or 0, e.id)):
        new = [a for a in foreign_actors(event) if a.name not in seen]
        seen.update(a.name for a in new)
        if new:
            firsts[event.id] = new
    return firsts


def salience(event: Event, newly_involved: bool) -> float:
    toll = highest_toll(event) or 0
    return (
        W_TERRITORY * (event.sub_event_type in TERRITORIAL)
        + W_FOREIGN * newly_involved
        + W_FATALITIES * math.log2(1 + toll)
        + W_SOURCES * math.log2(1 + event.independent_sources)
        + W_CONFIDENCE * event.confidence
    )


def rank(events: Sequence[Event]) -> list[tuple[float, Event]]:
    """Events with their salience, most salient first."""
    firsts = new_foreign_involvement(events)
    scored = [(salience(e, e.id in firsts), e) for e in events]
    return sorted(scored, key=lambda pair: (-pair[0], -(pair[1].date.toordinal() if pair[1].date else 0), pair[1].id))
