"""Read access to the gazetteer index: name -> candidate places, fast and without loading it all.

The index is one SQLite file (see ``sitroom.geo.build``); each lookup is one indexed query on a
normalised name key, behind an LRU cache, so a process only touches the pages it needs.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from sitroom.geo.normalise import name_key, skeleton_key

log = logging.getLogger(__name__)

# Features that are areas rather than points, and the ACLED precision a match on them gets.
AREA_FEATURES = frozenset({"ADM1", "ADM2", "PCLI", "RGN"})
FUZZY_MIN_RATIO = 75


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int
    name: str
    feature: str  # PPL, ADM1, ADM2, PCLI, RGN
    country_code: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    source: str
    match: str  # "exact" (normalised name) or "fuzzy" (transliteration skeleton)

    @property
    def gazetteer_id(self) -> str:
        if self.source.startswith("sitroom:"):
            return f"sitroom:region:{-self.id}"
        return f"geonames:{self.id}"

    @property
    def is_area(self) -> bool:
        return self.feature in AREA_FEATURES

    def km_to(self, latitude: float, longitude: float) -> float:
        return haversine_km(self.latitude, self.longitude, latitude, longitude)


def _similar(name: str, entry_name: str) -> bool:
    """A fuzzy match must still look like the entry's own name, not only like one of its many alternates."""
    return fuzz.ratio(skeleton_key(name), skeleton_key(entry_name)) >= FUZZY_MIN_RATIO


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def default_path() -> Path:
    """Where the gazetteer lives when no path is given: ``Settings.gazetteer_path`` ($SITROOM_GAZETTEER, else the
    user's data folder)."""
    from sitroom.config import Settings

    return Settings().gazetteer_path


# The country name is filled from an in-memory table rather than joined in SQL (faster lookups).
_COLUMNS = (
    "p.id, p.name, p.feature, p.country_code, p.admin1_code, p.admin1, p.admin2, "
    "p.latitude, p.longitude, p.population, p.source"
)


# Countries ACLED names otherwise than GeoNames: events carry ACLED's spelling, as their actors do ("Civilians
# (Palestine)" in "Palestine", not in "Palestinian Territory"). The ACLED names are the actor catalogue's.
ACLED_SPELLING = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "NL": "Netherlands",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "TL": "East Timor",
}


class Gazetteer:
    """A read-only handle on the index; safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self.path = path
        self.lookup = lru_cache(maxsize=100_000)(self._lookup)
        self._countries = self._load_countries()

    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open an index file; raises FileNotFoundError naming the path when it does not exist."""
        target = Path(path) if path else default_path()
        if not target.is_file():
            raise FileNotFoundError(f"gazetteer index not found at {target} (build it: sitroom gazetteer build)")
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        db.execute("PRAGMA mmap_size = 268435456")  # pages are mapped, not copied: shared between processes
        return cls(db, target)

    @classmethod
    def open_or_build(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the index, building it from the installed GeoNames packages first if it is missing."""
        target = Path(path) if path else default_path()
        if not target.is_file():
            from sitroom.geo.build import build_gazetteer

            log.warning("building the gazetteer index at %s (first use; about a minute)", target)
            build_gazetteer(target)
        return cls.open(target)

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _load_countries(self) -> dict[str, str]:
        rows = self._query("SELECT code, name FROM countries", ())
        return {str(code): ACLED_SPELLING.get(str(code), str(name).strip()) for code, name in rows}

    def country_name(self, code: str | None) -> str | None:
        return self._countries.get(code or "")

    def country_code(self, name_or_code: str | None) -> str | None:
        """ISO code for "Syria", "Syrian Arab Republic" or "SY"; None when it is not a country."""
        if not name_or_code:
            return None
        if name_or_code.upper() in self._countries:
            return name_or_code.upper()
        countries = [c for c in self.lookup(name_or_code) if c.feature == "PCLI"]
        return countries[0].country_code if countries else None

    def _candidate(self, row: tuple[Any, ...], match: str) -> Candidate:
        # Columns come in Candidate's field order, with the country name slotted in after the code.
        pid, name, feature, cc, a1_code, a1, a2, lat, lon, pop, source = row
        return Candidate(pid, name, feature, cc, self._countries.get(cc), a1_code, a1, a2, lat, lon, pop, source, match)

    def _rows(self, table: str, key: str, match: str) -> list[Candidate]:
        rows = self._query(
            f"SELECT {_COLUMNS} FROM {table} n JOIN places p ON p.id = n.place_id WHERE n.key = ?",
            (key,),
        )
        return [self._candidate(row, match) for row in rows]

    def _lookup(self, name: str, country: str | None = None) -> tuple[Candidate, ...]:
        """Candidates for a name, exact key first, else transliteration-tolerant; most populous first.

        ``country`` (name or ISO code) keeps only that country's entries.
        """
        key = name_key(name)
        if not key:
            return ()
        found = self._rows("names", key, "exact") or [
            c for c in self._rows("skeletons", skeleton_key(name), "fuzzy") if _similar(name, c.name)
        ]
        if country:
            code = self.country_code(country) or country.upper()
            found = [c for c in found if c.country_code == code]
        return tuple(sorted(found, key=lambda c: (-c.population, c.id)))

    def admin1_unit(self, country_code: str, admin1_code: str | None) -> Candidate | None:
        """The ADM1 entry for a place's admin code (its governorate/province)."""
        if not admin1_code:
            return None
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country_code = ? AND p.admin1_code = ? AND p.feature = 'ADM1'",
            (country_code, admin1_code),
        )
        return self._candidate(rows[0], "exact") if rows else None

    def country_places(self, country_code: str, limit: int = 2000) -> list[Candidate]:
        """The country's most populous populated places (for regional expressions)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p "
            "WHERE p.country_code = ? AND p.feature = 'PPL' ORDER BY p.population DESC LIMIT ?",
            (country_code, limit),
        )
        return [self._candidate(row, "exact") for row in rows]

    def reverse(self, latitude: float, longitude: float, max_km: float = 50.0) -> Candidate | None:
        """The nearest populated place to a point (its country/admin1/admin2 describe the point), or None
        when nothing lies within ``max_km``: a reverse lookup on the index itself, no extra data loaded."""
        span = max_km / 111.0
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places p WHERE p.feature = 'PPL' "
            "AND p.latitude BETWEEN ? AND ? AND p.longitude BETWEEN ? AND ?",
            (latitude - span, latitude + span, longitude - span * 3, longitude + span * 3),
        )
        places = [self._candidate(row, "exact") for row in rows]
        nearest = min(places, key=lambda c: c.km_to(latitude, longitude), default=None)
        return nearest if nearest is not None and nearest.km_to(latitude, longitude) <= max_km else None

    def entry_name(self, gazetteer_id: str) -> str | None:
        """The stored name of an entry given its ``gazetteer_id`` ("geonames:170063" -> "Aleppo")."""
        prefix, _, raw = gazetteer_id.rpartition(":")
        if not raw.lstrip("-").isdigit():
            return None
        place_id = -int(raw) if prefix == "sitroom:region" else int(raw)
        rows = self._query("SELECT name FROM places WHERE id = ?", (place_id,))
        return str(rows[0][0]) if rows else None

    def stats(self) -> dict[str, int]:
        rows = self._query("SELECT feature, COUNT(*) FROM places GROUP BY feature", ())
        return {str(feature): int(count) for feature, count in rows}  # type: ignore[call-overload]
