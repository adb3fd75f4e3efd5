"""``GET /events.columns``: events as parallel columns with each repeated name sent once, and a cache of them.

A dashboard draws every event of a filter at once; 50,000 events as full records are about a hundred megabytes,
as columns about 4 MB (a few bytes per field, names as positions in a dictionary). Reading them still takes a
second at 50,000 events (SQLite parses each stored record), and every visit of the dashboard asks for the same
columns: the last few answers are kept until the store's events change."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

from sitroom.api.schemas import EventColumns
from sitroom.store import EventFilter, EventPoints, Store

log = logging.getLogger(__name__)
MAX_COLUMNS = 200_000  # ~20 MB of JSON: beyond that a browser should ask for a narrower filter


class _Names:
    """Positions of names in a list that grows as new names come."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}

    def of(self, name: str) -> int:
        position = self.index.get(name)
        if position is None:
            position = self.index[name] = len(self.names)
            self.names.append(name)
        return position

    def column(self, values: Sequence[str | None]) -> list[int | None]:
        """The positions of ``values`` (None stays None), new names added in the order they first come."""
        self._add(values)
        positions: dict[str | None, int | None] = {None: None}
        positions.update(self.index)
        return list(map(positions.__getitem__, values))

    def names_of(self, values: Sequence[str]) -> list[int]:
        """``column`` of values that are never None."""
        self._add(values)
        return list(map(self.index.__getitem__, values))

    def _add(self, values: Sequence[str | None]) -> None:
        for name in dict.fromkeys(values):  # each distinct value once: 50,000 calls of ``of`` took 30 ms a column
            if name is not None:
                self.of(name)

    def lists(self, values: Sequence[tuple[str, ...]]) -> list[list[int]]:
        """The positions of each tuple of names, computed once per distinct tuple (rows share the lists)."""
        positions = {names: [self.of(name) for name in names] for names in dict.fromkeys(values)}
        return list(map(positions.__getitem__, values))


def event_columns(points: EventPoints, *, truncated: bool) -> EventColumns:
    types, sub_types, countries, places, actors = _Names(), _Names(), _Names(), _Names(), _Names()
    backers: dict[int, set[str]] = {}
    for column, backer_column in ((points.actor1, points.actor1_backers), (points.actor2, points.actor2_backers)):
        for name, names in dict.fromkeys(zip(column, backer_column, strict=True)):  # each distinct pair once
            if name and names:
                backers.setdefault(actors.of(name), set()).update(names)
    # Built without validation (model_construct): each column has its declared type by construction, and
    # validating 50,000 events' fields cost more than reading them.
    return EventColumns.model_construct(
        count=len(points),
        truncated=truncated,
        id=points.id,
        date=points.date,
        latitude=points.latitude,
        longitude=points.longitude,
        event_type=types.names_of(points.event_type),
        sub_event_type=sub_types.names_of(points.sub_event_type),
        fatalities=points.fatalities,
        confidence=points.confidence,
        independent_sources=points.independent_sources,
        country=countries.column(points.country),
        location=places.column(points.location),
        actor1=actors.column(points.actor1),
        actor2=actors.column(points.actor2),
        actors=actors.lists(points.actors),
        event_types=types.names,
        sub_event_types=sub_types.names,
        countries=countries.names,
        locations=places.names,
        actor_names=actors.names,
        backers=[sorted(backers.get(i, ())) for i in range(len(actors.names))],
    )


def first(points: EventPoints, limit: int) -> EventPoints:
    """The first ``limit`` events of ``points``."""
    return EventPoints(**{name: values[:limit] for name, values in vars(points).items()})


class ColumnsCache:
    """The JSON of the last ``size`` distinct requests, each kept while ``Store.events_version`` is unchanged."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[EventFilter, int], tuple[tuple[object, ...], str]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[EventFilter, int], threading.Lock] = {}

    def warm(self, store: Store) -> None:
        """Build what the dashboard asks for first (every event, newest first); any failure is the request's to
        report, not this thread's."""
        try:
            self.body(store, EventFilter(), MAX_COLUMNS)
        except Exception as exc:  # a closed or unreachable store: the next request says so
            log.info("columns not read ahead: %s", exc)

    def body(self, store: Store, flt: EventFilter, limit: int) -> str:
        key = (flt, limit)
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:  # a second request for the same columns waits for the first one's, then reuses them
            version = store.events_version()
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] == version:
                    self._entries.move_to_end(key)
                    return entry[1]
            points = store.event_points(replace(flt, limit=limit + 1))  # one more says whether more match
            body = event_columns(first(points, limit), truncated=len(points) > limit).model_dump_json()
            with self._lock:
                self._entries[key] = (version, body)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    evicted, _ = self._entries.popitem(last=False)
                    self._building.pop(evicted, None)
            return body
