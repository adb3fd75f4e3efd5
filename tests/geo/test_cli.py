"""`sitroom geocode`: the places in a text, as a table or JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.geo.gazetteer import Gazetteer


def test_geocode_json_lists_each_place_with_its_entry(gazetteer: Gazetteer) -> None:
    result = CliRunner().invoke(
        app, ["geocode", "Rebels shelled Maarat al-Numan, in Idlib province.", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    town = rows["Maarat al-Numan"]
    assert town["country"] == "Syria" and town["admin1"] == "Idlib" and town["geo_precision"] == 1
    assert town["gazetteer_id"].startswith("geonames:") and town["gazetteer_name"] != "Maarat al-Numan"
    assert isinstance(town["latitude"], float) and isinstance(town["longitude"], float)
    assert rows["Idlib"]["geo_precision"] == 3


def test_geocode_table_and_no_places(gazetteer: Gazetteer) -> None:
    runner = CliRunner()
    assert "Saraqib" in runner.invoke(app, ["geocode", "Clashes near Saraqib", "--format", "csv"]).stdout
    assert "no places found" in runner.invoke(app, ["geocode", "Nothing to see here"]).stdout
    unknown = runner.invoke(app, ["geocode", "Tripoli", "--country", "Atlantis"])
    assert unknown.exit_code == 1
