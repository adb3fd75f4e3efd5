"""Regions for per-region scores: GeoNames continents with ACLED's Middle East split out."""

from __future__ import annotations

import pytest

from sitroom.evaluate.regions import region_of
from sitroom.evaluate.scoring import score_extraction


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("Syria", "Middle East"),
        ("Turkey", "Middle East"),
        ("Palestine", "Middle East"),
        ("Egypt", "Africa"),  # ACLED's Northern Africa
        ("Democratic Republic of Congo", "Africa"),
        ("Myanmar", "Asia"),
        ("New Zealand", "Asia"),  # Asia-Pacific
        ("Ukraine", "Europe"),
        ("Kosovo", "Europe"),
        ("Argentina", "Americas"),
        ("United States", "Americas"),
        ("SY", "Middle East"),
        ("Atlantis", "Other"),
        (None, "Other"),
    ],
)
def test_region_of_a_country(country: str | None, region: str) -> None:
    assert region_of(country) == region


def test_scores_are_reported_per_region_of_the_gold_country() -> None:
    protest = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    kyiv = {**protest, "country": "Ukraine", "location": "Kyiv", "latitude": 50.45, "longitude": 30.52}
    idlib = {**protest, "country": "Syria", "location": "Idlib", "latitude": 35.93, "longitude": 36.63}
    gold = [[{**kyiv, "actor1": "Protesters (Ukraine)", "geo_precision": 1}], [{**idlib, "geo_precision": 1}]]
    system = [[{**kyiv, "actor1": "Protesters (Ukraine)"}], []]
    regions = score_extraction(list(zip(system, gold, strict=True)))["regions"]
    assert list(regions) == ["Middle East", "Europe"]
    assert regions["Europe"]["accuracy"]["location_geo"] == 1.0
    assert regions["Europe"]["accuracy"]["actor1"] == 1.0
    assert regions["Middle East"]["matched_events"] == 0
    assert regions["Middle East"]["accuracy"]["location_geo"] == 0.0
