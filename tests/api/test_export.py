"""``sitroom export`` on SQLite and PostgreSQL, each file read back by the reader its users have: Python's csv
module with ACLED's header, pyarrow for Parquet, json for GeoJSON and JSON Lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.export import write_parquet
from sitroom.model import Event
from sitroom.store import EventFilter, Store

runner = CliRunner()
# ACLED's export header, written out here rather than imported: the test pins the names and their order.
ACLED_HEADER = [
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
]


@pytest.fixture(scope="module")
def stored(key_store: Store) -> list[Event]:
    return key_store.events()


def export(db_url: str, path: Path, fmt: str, *filters: str) -> str:
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(path), "--db", db_url, *filters])
    assert result.exit_code == 0, result.output
    return result.output


def test_acled_csv_has_acleds_header_and_every_event(db_url: str, tmp_path: Path, stored: list[Event]) -> None:
    path = tmp_path / "events.csv"
    out = export(db_url, path, "acled-csv")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    assert header == ACLED_HEADER
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in stored]
    assert f"wrote {len(stored)} event(s)" in out
    for row, event in zip(rows, stored, strict=True):
        assert row["event_type"] == event.event_type.value and row["sub_event_type"] == event.sub_event_type.value
        assert row["event_date"] == (event.date.isoformat() if event.date else "")
        assert row["year"] == (str(event.date.year) if event.date else "")
        assert row["fatalities"] == str(event.fatalities.acled())
        assert row["source"] == "; ".join(event.sources)
        assert row["disorder_type"] in {"Political violence", "Demonstrations", "Strategic developments"}


def test_parquet_reads_back_with_pyarrow(db_url: str, tmp_path: Path, stored: list[Event]) -> None:
    path = tmp_path / "events.parquet"
    export(db_url, path, "parquet")
    table = pq.read_table(path)
    assert table.column_names == ACLED_HEADER
    assert table.num_rows == len(stored)
    assert table.column("event_id_cnty").to_pylist() == [e.id for e in stored]
    latitudes = table.column("latitude").to_pylist()
    assert latitudes == [e.location.latitude if e.location else None for e in stored]
    assert str(table.schema.field("fatalities").type) == "int32"


def test_parquet_is_written_a_row_group_per_batch(key_store: Store, tmp_path: Path, stored: list[Event]) -> None:
    path = tmp_path / "batched.parquet"
    write_parquet(key_store.iter_acled_records(EventFilter(), batch_size=2), path, batch_size=2)
    assert pq.ParquetFile(path).metadata.num_row_groups == -(-len(stored) // 2)
    assert pq.read_table(path).column("event_id_cnty").to_pylist() == [e.id for e in stored]


def test_geojson_and_jsonl(db_url: str, tmp_path: Path, stored: list[Event]) -> None:
    geo, lines = tmp_path / "events.geojson", tmp_path / "events.jsonl"
    export(db_url, geo, "geojson")
    export(db_url, lines, "jsonl")
    collection = json.loads(geo.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [e.id for e in stored]
    assert all(f["properties"]["event_id_cnty"] == f["id"] for f in collection["features"])
    records = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [Event.model_validate(r) for r in records] == stored


def test_filters_are_the_apis(db_url: str, tmp_path: Path, stored: list[Event]) -> None:
    event = stored[0]
    path = tmp_path / "typed.jsonl"
    export(db_url, path, "jsonl", "--type", event.sub_event_type.value.upper(), "--limit", "2", "--sort", "asc")
    ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    same_type = [e.id for e in reversed(stored) if e.sub_event_type == event.sub_event_type]
    assert ids == same_type[:2]


def test_a_bad_bbox_is_a_usage_error(db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "jsonl", "-o", str(tmp_path / "x"), "--db", db_url, "--bbox", "1,2"])
    assert result.exit_code == 2 and "bbox" in result.output


@pytest.mark.parametrize("batch_size", [1, 2, 5, 1000])
def test_batches_read_every_event_once_in_order(key_store: Store, stored: list[Event], batch_size: int) -> None:
    assert list(key_store.iter_events(EventFilter(), batch_size=batch_size)) == stored
    assert [e.id for e in key_store.iter_events(EventFilter(limit=3), batch_size=batch_size)] == [
        e.id for e in stored[:3]
    ]
