"""The one event query: filters, sort order and keyset pages, shared by ``sitroom events``, the briefs, the REST
API and the exports.

Pages are keyset pages (rows after the last one seen, by date then id), never OFFSET: a page deep in a million
events costs what the first one does, and rows added meanwhile neither repeat nor vanish between pages.
Undated events count as the oldest: last when newest come first, first when oldest do. Events sort on
``sort_date`` (the date, or ``UNDATED``), never NULL, so one index serves a page in either direction on SQLite and
PostgreSQL alike; with a nullable date, "after this row or undated" was an OR no index could serve, and each page of
an export deep in a million events rescanned every row before it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Text, cast, func, tuple_

from sitroom.model import EventType, SubEventType
from sitroom.store.orm import EventRow, MentionRow

SortOrder = Literal["desc", "asc"]
UNDATED = date(1, 1, 1)  # the sort date of an event without a date: older than any dated one


class QueryError(ValueError):
    """A filter or cursor that cannot be applied (a malformed bounding box, a cursor from elsewhere)."""


@dataclass(frozen=True)
class BBox:
    """A bounding box in degrees, as GeoJSON writes one: west, south, east, north."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """``"minlon,minlat,maxlon,maxlat"``; QueryError naming what is wrong otherwise."""
        parts = text.split(",")
        if len(parts) != 4:
            raise QueryError(f"bbox needs four numbers minlon,minlat,maxlon,maxlat; got {len(parts)} value(s)")
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise QueryError(f"bbox values must be numbers, got {text!r}") from None
        if not all(math.isfinite(v) for v in values):
            raise QueryError("bbox values must be finite numbers")
        box = cls(*values)
        if not (-180 <= box.min_lon <= box.max_lon <= 180 and -90 <= box.min_lat <= box.max_lat <= 90):
            raise QueryError("bbox must satisfy -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90")
        return box


@dataclass(frozen=True)
class PageKey:
    """Where a page ended: the last row's date and id."""

    date: date | None
    id: str

    def cursor(self, order: SortOrder) -> str:
        """An opaque token for the next page; it names its sort order so it is not replayed under the other."""
        raw = json.dumps([order, self.date.isoformat() if self.date else None, self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def from_cursor(cls, token: str, order: SortOrder) -> PageKey:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            cursor_order, day, ident = json.loads(raw)
            key = cls(date.fromisoformat(day) if day is not None else None, ident)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise QueryError("cursor is not one this API returned") from None
        if cursor_order != order or not isinstance(key.id, str):
            raise QueryError(f"cursor belongs to another query (sort {cursor_order!r}, not {order!r})")
        return key


@dataclass(frozen=True)
class EventFilter:
    """Which events (or reports), in which order, from where. Every field is optional; text matches ignore case.

    ``event_type`` matches an event type or a sub-event type (the CLI's ``--type``); ``text`` looks in actors,
    places, sub-event type, notes and sources."""

    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    admin1: str | None = None
    since: date | None = None
    until: date | None = None
    bbox: BBox | None = None
    min_confidence: float | None = None
    text: str | None = None
    order: SortOrder = "desc"
    after: PageKey | None = None
    limit: int | None = None


Table = type[MentionRow] | type[EventRow]


def apply_filter(query: Any, table: Table, flt: EventFilter) -> Any:
    """``query`` narrowed to the filter's rows, in its order, after its page key, at most ``limit`` rows."""
    for condition in _conditions(table, flt):
        query = query.where(condition)
    day, ident, ascending = _sort_date(table), table.id, flt.order == "asc"
    if flt.after is not None:
        key = tuple_(flt.after.date or UNDATED, flt.after.id)
        query = query.where(tuple_(day, ident) > key if ascending else tuple_(day, ident) < key)
    query = query.order_by(*((day.asc(), ident.asc()) if ascending else (day.desc(), ident.desc())))
    return query.limit(flt.limit) if flt.limit else query


def _sort_date(table: Table) -> Any:
    return EventRow.sort_date if table is EventRow else func.coalesce(MentionRow.date, UNDATED)


def _conditions(table: Table, flt: EventFilter) -> list[Any]:
    conditions = []
    if flt.country:
        conditions.append(func.lower(table.country) == flt.country.lower())
    if flt.admin1:
        conditions.append(func.lower(table.admin1) == flt.admin1.lower())
    if flt.event_type:
        conditions.append(_type_condition(table, flt.event_type))
    if flt.sub_event_type:
        conditions.append(table.sub_event_type == _canonical(SubEventType, flt.sub_event_type))
    if flt.actor:
        # "%" and "_" in a user's filter are letters, not LIKE wildcards ("--actor %" must not match everything)
        conditions.append(func.lower(table.actors).contains(flt.actor.lower(), autoescape=True))
    if flt.since:  # on the sort date, so the page indexes serve date ranges too; undated events stay out
        conditions.append(_sort_date(table) >= max(flt.since, UNDATED + dt.timedelta(days=1)))
    if flt.until:
        conditions.append(_sort_date(table).between(UNDATED + dt.timedelta(days=1), flt.until))
    if flt.bbox:
        box = flt.bbox
        conditions += [
            table.longitude.between(box.min_lon, box.max_lon),
            table.latitude.between(box.min_lat, box.max_lat),
        ]
    if flt.min_confidence is not None:
        conditions.append(_confidence(table) >= flt.min_confidence)
    if flt.text:
        conditions.append(_searchable(table).contains(flt.text.lower(), autoescape=True))
    return conditions


def _canonical(enum: type[EventType] | type[SubEventType], value: str) -> str:
    """The codebook's spelling of a type named in any case; the value itself (matching nothing) when unknown.
    Comparing with the stored spelling, not lower(column), lets the type indexes serve the filter."""
    wanted = value.strip().lower()
    return next((member.value for member in enum if member.value.lower() == wanted), value)


def _type_condition(table: Table, value: str) -> Any:
    event_type = _canonical(EventType, value)
    if event_type in EventType.__members__.values():
        return table.event_type == event_type
    return table.sub_event_type == _canonical(SubEventType, value)


def _confidence(table: Table) -> Any:
    return table.confidence if table is EventRow else table.record["confidence"].as_float()


def _searchable(table: Table) -> Any:
    if table is EventRow:
        return EventRow.search_text
    return func.lower(func.coalesce(MentionRow.actors, "") + " " + func.coalesce(MentionRow.location, ""))


# What ``model.acled_columns`` reads of a stored record, selected by JSON path in SQL on SQLite: a listing or an
# export decodes these few hundred bytes a row instead of the whole record (evidence, claims, contradictions: ~35 us
# a row), and validates nothing. PostgreSQL stores the record as ``json`` text and parses it again for every path
# operator, so there the record's text is read and decoded once (``acled_path_columns``).
_ACLED_PATHS: tuple[tuple[str, ...], ...] = (
    ("id",),
    ("date",),
    ("time_precision",),
    ("event_type",),
    ("sub_event_type",),
    ("actor1", "name"),
    ("actor1", "actor_type"),
    ("actor2", "name"),
    ("actor2", "actor_type"),
    ("assoc_actors_1",),
    ("assoc_actors_2",),
    ("civilian_targeting",),
    *(("location", key) for key in ("name", "country", "admin1", "admin2", "admin3", "latitude", "longitude")),
    ("location", "geo_precision"),
    *(("fatalities", key) for key in ("best", "low", "high")),
    ("notes",),
)
ACLED_PATHS = {
    "events": (*_ACLED_PATHS, ("sources",), ("source_scale",)),
    "event_mentions": (*_ACLED_PATHS, ("source",)),
}


def acled_path_columns(table: Table, dialect: str) -> list[Any]:
    """What a listing or an export selects for ``ACLED_PATHS``; ``nested_record`` turns a row of it into the record
    ``acled_columns`` reads. SQLite reads every path in one JSON_EXTRACT (one parse of the record, one JSON array to
    decode): 2x faster than one typed expression per path. Other databases give the record's text: PostgreSQL
    parses its ``json`` column again for every path operator, and the 26 paths of 1,000 events took 140 ms there
    against 1.2-3.3 ms for the text."""
    if dialect == "sqlite":
        paths = ACLED_PATHS[table.__tablename__]
        return [func.json_extract(table.record, *("$." + ".".join(path) for path in paths))]
    return [cast(table.record, Text)]


def nested_record(table: Table, values: Sequence[Any]) -> dict[str, Any]:
    """The record ``acled_columns`` reads, from a row of ``acled_path_columns``: the whole record, or the paths'
    values nested back into their part of it (an absent actor or place then comes back as a dict of Nones, which it
    reads as absent)."""
    decoded = json.loads(values[0])
    if isinstance(decoded, dict):
        return decoded
    record: dict[str, Any] = {}
    for path, value in zip(ACLED_PATHS[table.__tablename__], decoded, strict=True):
        if len(path) == 1:
            record[path[0]] = value
        else:
            record.setdefault(path[0], {})[path[1]] = value
    return record


def derived_event_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The filter columns of migration 0004, from an event's JSON record (the store's writer and that
    migration's back-fill share this)."""
    location = record.get("location") or {}
    actors = [
        record.get("actor1"),
        record.get("actor2"),
        *record.get("assoc_actors_1", ()),
        *record.get("assoc_actors_2", ()),
    ]
    words = [
        record.get("sub_event_type"),
        record.get("notes"),
        *(location.get(k) for k in ("name", "admin1", "admin2", "admin3", "country")),
        *(a.get("name") for a in actors if a),
        *record.get("sources", ()),
    ]
    return {
        "sort_date": date.fromisoformat(record["date"]) if record.get("date") else UNDATED,
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "search_text": " ".join(w for w in words if w).lower(),
    }


def event_point_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of migration 0006 (what the dashboard's columns and the brief's ranking read), from an event's
    JSON record: the store's writer and that migration's back-fill share this. A side's backers are its actor's
    ``backers`` as a JSON array, NULL when the event has no such actor."""
    location = record.get("location") or {}
    fatalities = record.get("fatalities") or {}
    actor1, actor2 = record.get("actor1"), record.get("actor2")
    return {
        "actor1": actor1.get("name") if actor1 else None,
        "actor2": actor2.get("name") if actor2 else None,
        "actor1_backers": json.dumps(actor1.get("backers", []), ensure_ascii=False) if actor1 else None,
        "actor2_backers": json.dumps(actor2.get("backers", []), ensure_ascii=False) if actor2 else None,
        "location": location.get("name"),
        "fatalities_best": fatalities.get("best"),
        "fatalities_low": fatalities.get("low"),
        "fatalities_high": fatalities.get("high"),
    }
