"""Actors: who takes part in the filtered events, how often, and who backs them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from sitroom.api.deps import MAX_PAGE, FilterDep, StoreDep, read_access
from sitroom.api.problems import problem_responses
from sitroom.api.schemas import ActorList, ActorSummary
from sitroom.model import Actor, ActorType, Event

router = APIRouter(tags=["actors"], dependencies=[Depends(read_access)])


@router.get(
    "/actors",
    response_model=ActorList,
    summary="Actors with event counts and backers",
    description="Every actor of the filtered events (either side or associated), most active first.",
    responses=problem_responses(400, 401, 422),
)
def list_actors(
    store: StoreDep,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="at most this many actors")] = 100,
) -> ActorList:
    tally = _tally(store.iter_events(flt))
    ranked = sorted(tally.values(), key=lambda t: (-t.events, t.name))[:limit]
    return ActorList(data=[t.summary() for t in ranked])


@dataclass
class _Tally:
    name: str
    events: int = 0
    types: Counter[ActorType] = field(default_factory=Counter)
    backers: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def summary(self) -> ActorSummary:
        actor_type = self.types.most_common(1)[0][0] if self.types else None
        return ActorSummary(
            name=self.name,
            actor_type=actor_type,
            events=self.events,
            backers=sorted(self.backers),
            countries=sorted(self.countries),
        )


def _tally(events: Iterable[Event]) -> dict[str, _Tally]:
    tally: dict[str, _Tally] = defaultdict(lambda: _Tally(""))
    for event in events:
        actors: list[Actor | None] = [event.actor1, event.actor2, *event.assoc_actors_1, *event.assoc_actors_2]
        for actor in {a.name: a for a in actors if a is not None}.values():  # once per event
            entry = tally[actor.name]
            entry.name = actor.name
            entry.events += 1
            entry.backers.update(actor.backers)
            if actor.actor_type is not None:
                entry.types[actor.actor_type] += 1
            if event.location is not None and event.location.country:
                entry.countries.add(event.location.country)
    return tally
