"""Geo fixtures: the real gazetteer index (built once per machine) and a small writable copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitroom.geo.build import SCHEMA
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.geocoder import GazetteerGeocoder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geo"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The default index; the first run on a machine builds it from the GeoNames packages (~1 min)."""
    return Gazetteer.open_or_build()


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(gazetteer)


@pytest.fixture
def syria_index(gazetteer: Gazetteer, tmp_path: Path) -> Path:
    """A writable index holding only Syria's entries (plus every country), for import tests."""
    target = tmp_path / "syria.sqlite"
    with sqlite3.connect(target) as db:
        db.executescript(SCHEMA)
        db.execute("ATTACH DATABASE ? AS src", (f"file:{gazetteer.path}?mode=ro",))
        db.execute("INSERT INTO places SELECT * FROM src.places WHERE country_code = 'SY' OR feature = 'PCLI'")
        for table in ("names", "skeletons"):
            db.execute(f"INSERT INTO {table} SELECT * FROM src.{table} WHERE place_id IN (SELECT id FROM places)")
        db.execute("INSERT INTO countries SELECT * FROM src.countries")
        db.commit()
        db.execute("DETACH DATABASE src")
    return target
