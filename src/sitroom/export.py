"""Exports of stored events: ACLED CSV, GeoJSON, Parquet and JSON Lines, written as they stream out of the store.

Events are read in keyset batches (``Store.iter_event_json``), so exporting a million events holds one batch
in memory, never the million; each is one JSON decode, never a model rebuilt and revalidated (``acled_columns``).
``sitroom export`` and the API's ``/events.geojson`` use these writers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from sitroom.model import EventType, SubEventType, acled_columns
from sitroom.store import EventFilter, Store

T = TypeVar("T")
BATCH_SIZE = 2000  # events per read and per Parquet row group: ~10 MB of records at a time

# ACLED's export columns, in ACLED's order (acleddata.com export tool and API, 2023 codebook).
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's disorder type of each event type.
_DISORDER = {
    EventType.BATTLES: "Political violence",
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: "Political violence",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "Political violence",
    EventType.PROTESTS: "Demonstrations",
    EventType.RIOTS: "Demonstrations",
    EventType.STRATEGIC_DEVELOPMENTS: "Strategic developments",
}
_DISORDER_SUB = {  # the codebook's exceptions: force against protesters is both, a mob's violence is violence
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS: "Political violence; Demonstrations",
    SubEventType.MOB_VIOLENCE: "Political violence",
}


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"  # one stored Event record (evidence and all) per line


# Cells a spreadsheet would run as a formula (OWASP CSV injection): =, +, -, @, tab, carriage return.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text starting like one gets a leading quote.

    Only text is touched: numbers (a longitude of -3.5) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


Record = Mapping[str, Any]  # a stored Event record, or the part of it ``Store.iter_acled_records`` reads


def acled_row(event: Record) -> dict[str, Any]:
    """An event in ACLED's columns: ``acled_columns`` plus the columns ACLED derives (year, disorder type,
    interaction). ``iso``, ``region``, ``tags`` and ``timestamp`` are ACLED's own bookkeeping and stay empty."""
    row = acled_columns(event)
    inter = sorted(code for code in (row["inter1"], row["inter2"]) if code is not None)
    row.update(  # the enums are string enums: their values look them up
        year=int(row["event_date"][:4]) if row["event_date"] else None,
        disorder_type=_DISORDER_SUB.get(row["sub_event_type"], _DISORDER[row["event_type"]]),
        interaction=int(f"{inter[0]}{inter[1] if len(inter) > 1 else 0}") if inter else None,
    )
    return {column: row.get(column) for column in ACLED_COLUMNS}


def export_events(store: Store, flt: EventFilter, fmt: ExportFormat, path: Path) -> int:
    """Write the filtered events to ``path`` in ``fmt``; returns how many were written."""
    if fmt is ExportFormat.jsonl:
        records = _Counted(store.iter_event_json(flt, BATCH_SIZE))
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(record + "\n" for record in records)  # stored JSON is one line already
        return records.count
    events = _Counted(store.iter_acled_records(flt, BATCH_SIZE))
    if fmt is ExportFormat.parquet:
        write_parquet(events, path)
        return events.count
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt is ExportFormat.acled_csv:
            write_acled_csv(events, handle)
        else:
            handle.writelines(geojson_chunks(events))
    return events.count


class _Counted(Generic[T]):
    """An iterable that counts what went through it."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items, self.count = items, 0

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self.count += 1
            yield item


def write_acled_csv(events: Iterable[Record], handle: IO[str]) -> None:
    writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in acled_row(event).items()} for event in events)


def geojson_feature(event: Record) -> dict[str, Any]:
    """A GeoJSON Feature: the event's point (null geometry while it has no coordinates) and its ACLED row."""
    loc = event.get("location")
    geometry = (
        {"type": "Point", "coordinates": [loc["longitude"], loc["latitude"]]}
        if loc is not None and loc.get("latitude") is not None
        else None
    )
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": acled_row(event)}


def geojson_chunks(events: Iterable[Record]) -> Iterator[str]:
    """An RFC 7946 FeatureCollection, one feature a chunk, for streaming to a file or an HTTP response."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, event in enumerate(events):
        yield ("," if index else "") + "\n" + json.dumps(geojson_feature(event), ensure_ascii=False)
    yield "\n]}\n"


def write_parquet(events: Iterable[Record], path: Path, batch_size: int = BATCH_SIZE) -> None:
    """ACLED's columns as a Parquet file, one row group per ``batch_size`` events (pyarrow's ParquetWriter)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(pa)
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(acled_row(event))
            if len(batch) == batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


_INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"}
_FLOAT_COLUMNS = {"latitude", "longitude"}


def _parquet_schema(pa: Any) -> Any:
    """Fixed column types: a batch whose column is all empty must not turn the column's type to null."""

    def kind(column: str) -> Any:
        if column in _INT_COLUMNS:
            return pa.int32()
        if column == "timestamp":
            return pa.int64()
        return pa.float64() if column in _FLOAT_COLUMNS else pa.string()

    return pa.schema([(column, kind(column)) for column in ACLED_COLUMNS])
