"""``GET /events.columns``: events as parallel columns with each repeated name sent once.

A dashboard draws every event of a filter at once; 50,000 events as full records are hundreds of megabytes, as
columns about 5 MB (a few bytes per field, names as positions in a dictionary)."""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.api.schemas import EventColumns
from sitroom.store import EventPoint


class _Names:
    """Positions of names in a list that grows as new names come."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, name: str | None) -> int | None:
        if name is None:
            return None
        index = self._index.get(name)
        if index is None:
            index = self._index[name] = len(self.names)
            self.names.append(name)
        return index

    def of(self, name: str) -> int:
        index = self(name)
        assert index is not None
        return index


def event_columns(points: Sequence[EventPoint], *, truncated: bool) -> EventColumns:
    types, sub_types, countries, places, actors = _Names(), _Names(), _Names(), _Names(), _Names()
    backers: dict[int, set[str]] = {}
    for point in points:
        for name, names in point.backers.items():
            backers.setdefault(actors.of(name), set()).update(names)
    # Built without validation (model_construct): each column has the declared type by construction, and
    # validating 50,000 rows of 16 fields costs more than reading them.
    return EventColumns.model_construct(
        count=len(points),
        truncated=truncated,
        id=[p.id for p in points],
        date=[p.date for p in points],
        latitude=[p.latitude for p in points],
        longitude=[p.longitude for p in points],
        event_type=[types.of(p.event_type) for p in points],
        sub_event_type=[sub_types.of(p.sub_event_type) for p in points],
        fatalities=[p.fatalities for p in points],
        confidence=[p.confidence for p in points],
        independent_sources=[p.independent_sources for p in points],
        country=[countries(p.country) for p in points],
        location=[places(p.location) for p in points],
        actor1=[actors(p.actor1) for p in points],
        actor2=[actors(p.actor2) for p in points],
        actors=[[actors.of(a) for a in dict.fromkeys(p.actors)] for p in points],  # each name once
        event_types=types.names,
        sub_event_types=sub_types.names,
        countries=countries.names,
        locations=places.names,
        actor_names=actors.names,
        backers=[sorted(backers.get(i, ())) for i in range(len(actors.names))],
    )
