"""The gazetteer index: lookups of conflict-zone places, their spellings, admin names, countries."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.geo.gazetteer import Gazetteer

# Approximate town centres (public knowledge, rounded), to check lookups land on the right place.
REFERENCE = {
    "Saraqib": (35.86, 36.80, "Idlib"),
    "Manbij": (36.53, 37.95, "Aleppo"),
    "Deir ez-Zor": (35.34, 40.14, "Deir ez-Zor"),
    "Maarat al-Numan": (35.64, 36.67, "Idlib"),
    "Tal Rifaat": (36.47, 37.10, "Aleppo"),
    "Idlib": (35.93, 36.63, "Idlib"),
}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_syrian_towns_resolve_to_the_right_place(gazetteer: Gazetteer, name: str) -> None:
    lat, lon, admin1 = REFERENCE[name]
    towns = [c for c in gazetteer.lookup(name, "Syria") if c.feature == "PPL"]
    assert towns, f"{name} not found"
    best = towns[0]
    assert best.km_to(lat, lon) < 5
    assert best.admin1 == admin1
    assert best.country == "Syria"
    assert best.gazetteer_id.startswith("geonames:")


@pytest.mark.parametrize(
    ("variants"),
    [
        ("Idlib", "Idleb"),
        ("Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ezzor"),
        ("Maarat al-Numan", "Ma'arrat an Nu'man", "Maarrat al-Nu'man"),
        ("Tal Rifaat", "Tell Rifaat", "Tall Rif'at"),
        ("Kafranbel", "Kafr Nabl"),
        ("Khan Shaykhun", "Khan Sheikhoun"),
    ],
)
def test_spelling_variants_find_the_same_entry(gazetteer: Gazetteer, variants: tuple[str, ...]) -> None:
    ids = {next(c.id for c in gazetteer.lookup(v, "SY") if c.feature == "PPL") for v in variants}
    assert len(ids) == 1


def test_governorates_are_areas_with_a_representative_point(gazetteer: Gazetteer) -> None:
    governorates = [c for c in gazetteer.lookup("Idlib Governorate", "SY") if c.feature == "ADM1"]
    assert len(governorates) == 1
    unit = governorates[0]
    assert unit.is_area and unit.admin1 == "Idlib"
    assert unit.km_to(35.93, 36.63) < 5  # placed at its capital


def test_country_filter_and_codes(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_code("Syria") == "SY"
    assert gazetteer.country_code("Syrian Arab Republic") == "SY"
    assert gazetteer.country_code("Democratic Republic of Congo") == "CD"
    assert gazetteer.country_code("sy") == "SY"
    assert gazetteer.country_code("Atlantis") is None
    assert {c.country_code for c in gazetteer.lookup("Tripoli", "Lebanon")} == {"LB"}


def test_lookups_ignore_unknown_and_non_latin_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Zzyzxville al-Fakeh") == ()
    assert gazetteer.lookup("") == ()


def test_entry_name_round_trips_the_gazetteer_id(gazetteer: Gazetteer) -> None:
    saraqib = gazetteer.lookup("Saraqib", "SY")[0]
    assert gazetteer.entry_name(saraqib.gazetteer_id) == saraqib.name
    ghouta = gazetteer.lookup("Eastern Ghouta", "SY")[0]
    assert ghouta.gazetteer_id.startswith("sitroom:region:")
    assert gazetteer.entry_name(ghouta.gazetteer_id) == "Eastern Ghouta"


def test_opening_a_missing_index_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(FileNotFoundError, match=r"nope\.sqlite"):
        Gazetteer.open(missing)


def test_reverse_lookup_names_the_admin_areas_of_a_point(gazetteer: Gazetteer) -> None:
    near = gazetteer.reverse(35.86, 36.80)  # Saraqib
    assert near is not None and near.country == "Syria" and near.admin1 == "Idlib"
    assert gazetteer.reverse(0.0, -30.0) is None  # mid-Atlantic: nothing within 50 km


def test_countries_take_acleds_spelling(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert gazetteer.country_name("PS") == "Palestine"
    assert gazetteer.country_name("CD") == "Democratic Republic of Congo"
    assert gazetteer.country_code("Democratic Republic of Congo") == "CD"
    assert gazetteer.country_name("SY") == "Syria"
