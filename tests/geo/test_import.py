"""`sitroom gazetteer import`: GeoNames dumps and CSV tables into the index, idempotently."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.importer import ImportError_, import_places

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geo"


def counts(index: Path) -> tuple[int, int, int]:
    with sqlite3.connect(index) as db:
        return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("places", "names", "skeletons"))


def test_geonames_dump_rows_become_searchable(syria_index: Path) -> None:
    report = import_places(syria_index, FIXTURES / "villages_geonames.txt", "geonames")
    assert (report.rows, report.written, report.skipped) == (4, 2, 2)  # a stream (class H) and a broken row
    assert len(report.errors) == 1 and "line 4" in report.errors[0] and "19" in report.errors[0]
    gaz = Gazetteer.open(syria_index)
    [village] = gaz.lookup("Kfar Fiktiya", "SY")  # an alternate name from column 4
    assert village.gazetteer_id == "geonames:9900001"
    assert village.admin1 == "Idlib"  # from the admin1 code
    assert (village.latitude, village.longitude) == (35.8, 36.7)
    assert gaz.lookup("Tell Mithal")[0].id == 9900002
    assert gaz.lookup("Wadi Tajriba") == ()


def test_importing_twice_changes_nothing(syria_index: Path) -> None:
    import_places(syria_index, FIXTURES / "villages_geonames.txt", "geonames")
    first = counts(syria_index)
    import_places(syria_index, FIXTURES / "villages_geonames.txt", "geonames")
    import_places(syria_index, FIXTURES / "villages.csv", "csv")
    second = counts(syria_index)
    import_places(syria_index, FIXTURES / "villages.csv", "csv")
    assert counts(syria_index) == second and second[0] == first[0] + 2


def test_csv_with_default_columns(syria_index: Path) -> None:
    report = import_places(syria_index, FIXTURES / "villages.csv", "csv")
    assert (report.rows, report.written) == (3, 2)
    assert "Bad Row" in report.errors[0]
    gaz = Gazetteer.open(syria_index)
    [village] = gaz.lookup("Ein Tajriba", "Syria")
    assert village.name == "Ayn Tajriba" and village.admin1 == "Idlib"
    assert gaz.lookup("Khirbat Namudhaj")[0].country_code == "SY"  # country given by name


def test_csv_with_a_column_mapping_and_default_country(syria_index: Path) -> None:
    mapping = {"name": "ADM4_EN", "latitude": "Y", "longitude": "X"}
    report = import_places(syria_index, FIXTURES / "hdx_style.csv", "csv", columns=mapping, country="SY")
    assert report.written == 1
    [place] = Gazetteer.open(syria_index).lookup("Mazraat Ikhtibar")
    assert place.admin1 is not None  # admin names filled from the nearest indexed town


def test_bad_inputs_are_clear_errors(syria_index: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="no column for name"):
        import_places(syria_index, FIXTURES / "hdx_style.csv", "csv", country="SY")
    with pytest.raises(ImportError_, match="unknown format"):
        import_places(syria_index, FIXTURES / "villages.csv", "kml")
    with pytest.raises(ImportError_, match="no such file"):
        import_places(syria_index, tmp_path / "missing.txt", "geonames")
    with pytest.raises(ImportError_, match="unknown country"):
        import_places(syria_index, FIXTURES / "villages.csv", "csv", country="Atlantis")


def test_cli_import_reports_and_is_idempotent(syria_index: Path) -> None:
    runner = CliRunner()
    args = ["gazetteer", "import", str(FIXTURES / "villages_geonames.txt"), "--format", "geonames"]
    args += ["--gazetteer", str(syria_index)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "4 rows read, 2 places written, 2 skipped" in first.output
    before = counts(syria_index)
    assert runner.invoke(app, args).exit_code == 0
    assert counts(syria_index) == before


def test_cli_import_with_columns_and_bad_format(syria_index: Path) -> None:
    runner = CliRunner()
    base = ["gazetteer", "import", str(FIXTURES / "hdx_style.csv"), "--gazetteer", str(syria_index)]
    ok = runner.invoke(
        app, [*base, "--format", "csv", "--columns", "name=ADM4_EN,latitude=Y,longitude=X", "--country", "SY"]
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, [*base, "--format", "shapefile"])
    assert bad.exit_code == 1 and "unknown format" in bad.output
