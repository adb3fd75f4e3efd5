"""Load bigger place lists into the gazetteer index: GeoNames country extracts or CSV tables.

The PyPI GeoNames data holds towns (population >= 500); conflict reports name villages. Users who
need them download a GeoNames extract (e.g. ``SY.zip`` from download.geonames.org/export/dump/, 19
tab-separated columns, CC BY 4.0) or an OCHA/HDX populated-places table, and import it here.

Importing is idempotent: a row's id (GeoNames id, a CSV id column, or a hash of name + point) is
its key, so importing the same file twice leaves the index as after the first time.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.geo.build import PlaceRow, write_places
from sitroom.geo.normalise import name_key

GEONAMES_COLUMNS = 19
# GeoNames feature classes kept: P populated places, A admin areas, L regions/areas.
DEFAULT_CLASSES = frozenset("PAL")
CSV_ALIASES = {
    "id": ("id", "geonameid", "pcode", "p_code", "admin4pcode", "code"),
    "name": ("name", "name_en", "featurename", "placename", "admin4name_en", "label"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "country": ("country", "country_code", "countrycode", "iso2", "admin0pcode", "cc"),
    "admin1": ("admin1", "admin1name_en", "province", "governorate"),
    "admin2": ("admin2", "admin2name_en", "district"),
    "alternate_names": ("alternate_names", "alternatenames", "aliases", "alt_names"),
    "population": ("population", "pop"),
}
ProgressFn = Callable[[int], None]


class ImportError_(ValueError):
    """A file that cannot be imported (unknown format, missing columns); names the file and problem."""


@dataclass
class ImportReport:
    path: str
    rows: int = 0
    written: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)  # "line N: reason" (first 20)

    def error(self, line: int, reason: str) -> None:
        self.skipped += 1
        if len(self.errors) < 20:
            self.errors.append(f"line {line}: {reason}")


def _open_text(path: Path) -> Iterator[str]:
    """Lines of a text file, or of the main .txt/.csv inside a .zip (GeoNames ships SY.zip)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith((".txt", ".csv")) and "readme" not in n.lower()]
            if not members:
                raise ImportError_(f"{path}: the zip holds no .txt or .csv table")
            with archive.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    with path.open(encoding="utf-8-sig") as fh:
        yield from fh


def count_rows(path: Path) -> int:
    return sum(1 for _ in _open_text(path))


class _Index:
    """Write-side helpers on the index: admin names for codes, nearest admin2 for a point."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.admin1_names = {
            (cc, code): name
            for cc, code, name in db.execute(
                "SELECT country_code, admin1_code, name FROM places WHERE feature = 'ADM1'"
            )
        }
        self.countries = {code for (code,) in db.execute("SELECT code FROM countries")}

    def country_code(self, value: str) -> str | None:
        value = value.strip()
        if value.upper() in self.countries:
            return value.upper()
        row = self.db.execute(
            "SELECT p.country_code FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? AND p.feature = 'PCLI'",
            (_key(value),),
        ).fetchone()
        return row[0] if row else None

    def admin1_for(self, cc: str, name: str) -> str | None:
        """The admin1 code of a named province ("Idlib Governorate" -> "12"), for containment."""
        row = self.db.execute(
            "SELECT p.admin1_code FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? AND p.feature = 'ADM1' AND p.country_code = ?",
            (_key(name), cc),
        ).fetchone()
        return row[0] if row else None

    def nearest_admin(self, cc: str, lat: float, lon: float) -> tuple[str | None, str | None]:
        """(admin1 code, admin2 name) of the nearest indexed town: a reverse lookup for rows without them."""
        row = self.db.execute(
            "SELECT admin1_code, admin2 FROM places WHERE country_code = ? AND feature = 'PPL' "
            "AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? "
            "ORDER BY (latitude - ?) * (latitude - ?) + (longitude - ?) * (longitude - ?) LIMIT 1",
            (cc, lat - 1, lat + 1, lon - 1, lon + 1, lat, lat, lon, lon),
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)


def _key(name: str) -> str:
    return name_key(name)


def _geonames_rows(path: Path, index: _Index, report: ImportReport, classes: frozenset[str]) -> Iterator[PlaceRow]:
    for line_no, line in enumerate(_open_text(path), start=1):
        report.rows += 1
        cols = line.rstrip("\n").split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            report.error(line_no, f"expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(cols)}")
            continue
        gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, _cc2, a1, _a2 = cols[:12]
        if fclass not in classes:
            report.skipped += 1
            continue
        try:
            latitude, longitude, place_id = float(lat), float(lon), int(gid)
            population = int(cols[14] or 0)
        except ValueError as exc:
            report.error(line_no, f"bad number ({exc})")
            continue
        feature = {"ADM1": "ADM1", "ADM2": "ADM2", "PCLI": "PCLI"}.get(fcode, "RGN" if fclass in "AL" else "PPL")
        _, admin2 = index.nearest_admin(cc, latitude, longitude)
        yield PlaceRow(
            id=place_id,
            name=name,
            feature=feature,
            country_code=cc,
            admin1_code=a1 or None,
            latitude=latitude,
            longitude=longitude,
            population=population,
            source=f"import:geonames:{path.name}",
            admin1=index.admin1_names.get((cc, a1)),
            admin2=admin2 if feature == "PPL" else None,
            names={n for n in [name, ascii_name, *alternates.split(",")] if n and _key(n)},
        )


def _resolve_columns(header: list[str], columns: dict[str, str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in header}
    resolved = {}
    for field_name, aliases in CSV_ALIASES.items():
        if field_name in columns:
            if columns[field_name] not in header:
                raise ImportError_(f"column {columns[field_name]!r} (for {field_name}) is not in the header {header}")
            resolved[field_name] = columns[field_name]
            continue
        for alias in aliases:
            if alias in lowered:
                resolved[field_name] = lowered[alias]
                break
    missing = [f for f in ("name", "latitude", "longitude") if f not in resolved]
    if missing:
        raise ImportError_(f"no column for {', '.join(missing)} in header {header}; map them with --columns")
    return resolved


def _stable_id(name: str, lat: float, lon: float, cc: str) -> int:
    """A negative id derived from the row's content, so re-importing maps to the same entry."""
    digest = hashlib.sha1(f"{cc}|{_key(name)}|{lat:.5f}|{lon:.5f}".encode()).hexdigest()
    return -(10**9 + int(digest[:13], 16))


def _csv_rows(
    path: Path, index: _Index, report: ImportReport, columns: dict[str, str], country: str | None
) -> Iterator[PlaceRow]:
    lines = _open_text(path)
    reader = csv.DictReader(lines)
    if reader.fieldnames is None:
        raise ImportError_(f"{path}: empty CSV file")
    cols = _resolve_columns(list(reader.fieldnames), columns)
    default_cc = index.country_code(country) if country else None
    if country and default_cc is None:
        raise ImportError_(f"unknown country {country!r}")
    for line_no, rec in enumerate(reader, start=2):
        report.rows += 1
        name = (rec.get(cols["name"]) or "").strip()
        cc = index.country_code(rec[cols["country"]]) if "country" in cols and rec.get(cols["country"]) else default_cc
        try:
            lat, lon = float(rec[cols["latitude"]]), float(rec[cols["longitude"]])
        except (TypeError, ValueError):
            report.error(line_no, f"latitude/longitude not numbers for {name!r}")
            continue
        if not name or not _key(name):
            report.error(line_no, "empty or non-Latin name")
            continue
        if cc is None:
            report.error(line_no, f"no country for {name!r} (add a country column or pass --country)")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.error(line_no, f"point {lat}, {lon} out of range for {name!r}")
            continue
        a1_code, a2 = index.nearest_admin(cc, lat, lon)
        if "admin1" in cols and rec.get(cols["admin1"]):
            a1_code = index.admin1_for(cc, rec[cols["admin1"]]) or a1_code
        raw_id = (rec.get(cols["id"]) or "").strip() if "id" in cols else ""
        place_id = int(raw_id) if raw_id.isdigit() else _stable_id(name, lat, lon, cc)
        alternates = (rec.get(cols["alternate_names"]) or "") if "alternate_names" in cols else ""
        population = (rec.get(cols["population"]) or "0") if "population" in cols else "0"
        yield PlaceRow(
            id=place_id,
            name=name,
            feature="PPL",
            country_code=cc,
            admin1_code=a1_code,
            latitude=lat,
            longitude=lon,
            population=int(float(population)) if population.replace(".", "", 1).isdigit() else 0,
            source=f"import:csv:{path.name}",
            admin1=index.admin1_names.get((cc, a1_code or "")),
            admin2=(rec.get(cols["admin2"]) if "admin2" in cols else None) or a2,
            names={n.strip() for n in alternates.replace(";", "|").replace(",", "|").split("|") if n.strip()} | {name},
        )


def import_places(
    gazetteer_path: str | Path,
    path: str | Path,
    fmt: str,
    *,
    columns: dict[str, str] | None = None,
    country: str | None = None,
    classes: frozenset[str] = DEFAULT_CLASSES,
    progress: ProgressFn | None = None,
    batch: int = 2000,
) -> ImportReport:
    """Import a GeoNames extract (``fmt="geonames"``) or a CSV table (``fmt="csv"``) into the index."""
    source = Path(path)
    if not source.is_file():
        raise ImportError_(f"{source}: no such file")
    if fmt not in ("geonames", "csv"):
        raise ImportError_(f"unknown format {fmt!r} (use geonames or csv)")
    report = ImportReport(path=str(source))
    with sqlite3.connect(gazetteer_path) as db:
        index = _Index(db)
        rows = (
            _geonames_rows(source, index, report, classes)
            if fmt == "geonames"
            else _csv_rows(source, index, report, columns or {}, country)
        )
        pending: list[PlaceRow] = []
        seen = 0
        for row in rows:
            pending.append(row)
            if len(pending) >= batch:
                report.written += write_places(db, pending)
                pending = []
            if progress and report.rows > seen:
                progress(report.rows - seen)
                seen = report.rows
        report.written += write_places(db, pending)
        if progress and report.rows > seen:
            progress(report.rows - seen)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        db.execute("DELETE FROM imports WHERE sha256 = ?", (digest,))
        db.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?)",
            (str(source.resolve()), digest, report.written, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
        )
    return report
