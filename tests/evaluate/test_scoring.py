"""Scoring functions on small hand-made system/gold pairs."""

from __future__ import annotations

import pytest
from sklearn.metrics import f1_score

from sitroom.evaluate.normalise import haversine_km, names_match, normalise_name
from sitroom.evaluate.scoring import (
    classification_scores,
    fatalities_agree,
    geo_agrees,
    location_agrees,
    match_events,
    salient_label,
    score_extraction,
    weighted_f1,
)

AIR = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
CAPTURE = {"event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory"}
PROTEST = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
STRIKE = {**AIR, "actor1": "Military Forces of Russia", "location": "Saraqib"}


@pytest.mark.parametrize(
    ("system", "gold"),
    [
        ("Hayat Tahrir al Sham", "Hayat Tahrir al-Sham"),
        ("HAYAT TAHRIR AL-SHAM", "Hayat Tahrir al-Sham"),
        ("Military Forces of Syria", "Military Forces of Syria (2000-)"),
        ("Government of Pakistan", "Government of Pakistan (2018-2022)"),
        ("Ansar Allah.", "Ansar Allah"),
    ],
)
def test_actor_names_match_after_normalising(system: str, gold: str) -> None:
    assert names_match(system, gold)


def test_actor_names_that_differ_do_not_match() -> None:
    assert not names_match("Military Forces of Russia", "Military Forces of Syria")
    assert not names_match(None, "Military Forces of Syria")
    assert normalise_name("Protesters (Pakistan)") != normalise_name("Protesters")  # country tags are kept


def test_listed_aliases_count_as_the_gold_actor() -> None:
    assert names_match("HTS", "Hayat Tahrir al-Sham", aliases=["HTS"])
    assert not names_match("HTS", "Hayat Tahrir al-Sham")


def test_haversine_distance_between_aleppo_and_damascus() -> None:
    assert haversine_km(36.2021, 37.1343, 33.5138, 36.2765) == pytest.approx(310, abs=10)


def test_weighted_f1_equals_sklearns_weighted_average() -> None:
    gold = ["none", "Armed clash", "Armed clash", "Grenade", "none", "Attack"]
    system = ["none", "Armed clash", "Attack", "Grenade", "Armed clash", "Attack"]
    assert weighted_f1(gold, system) == pytest.approx(f1_score(gold, system, average="weighted"))


def test_classification_scores_count_event_types_and_most_salient_event() -> None:
    assert salient_label([]) == "none"
    assert salient_label([AIR, CAPTURE]) == "Air/drone strike"
    report = classification_scores(
        ["Air/drone strike", "Armed clash", "none"], ["Shelling/artillery/missile attack", "Armed clash", "none"]
    )
    assert report["accuracy"] == pytest.approx(2 / 3)
    assert report["event_type_accuracy"] == 1.0  # a shelling for an air strike is still remote violence
    assert report["per_label"]["Armed clash"]["f1"] == 1.0


def test_matching_is_one_to_one_and_prefers_the_best_pair() -> None:
    gold = [
        {**AIR, "location": "Saraqib", "actor1": "Military Forces of Russia"},
        {**CAPTURE, "location": "Aleppo", "actor1": "Hayat Tahrir al-Sham"},
    ]
    system = [
        {**CAPTURE, "location": "Aleppo", "actor1": "HTS"},
        {**AIR, "location": "Saraqib"},
        {**AIR, "location": "Saraqib", "actor1": "Military Forces of Russia"},
    ]
    pairs = match_events(system, gold)
    assert pairs == [(2, 0), (0, 1)]


def test_events_sharing_nothing_are_not_matched() -> None:
    assert match_events([{**PROTEST, "location": "Lahore"}], [{**AIR, "location": "Idlib"}]) == []


def test_fatalities_follow_the_acled_convention() -> None:
    gold = {"fatalities_acled": 0}
    assert fatalities_agree({"fatalities_best": None, "fatalities_low": None}, gold)  # no figure = 0 for ACLED
    assert fatalities_agree({"fatalities_low": 25}, {"fatalities_acled": 25})
    assert not fatalities_agree({"fatalities_best": 3}, gold)
    assert fatalities_agree({"fatalities_low": None}, {"fatalities_low": None})  # non-ACLED gold: unknown == unknown
    assert not fatalities_agree({"fatalities_best": 0}, {"fatalities_low": None})


def test_location_string_and_geo_agreement() -> None:
    gold = {"location": "Aleppo", "latitude": 36.2021, "longitude": 37.1343, "geo_precision": 1, "admin1": "Aleppo"}
    assert location_agrees({"location": "aleppo"}, gold)
    assert location_agrees({"location": "Aleppo city"}, gold)
    assert not location_agrees({"location": "Idlib"}, gold)
    assert geo_agrees({"latitude": 36.25, "longitude": 37.2}, gold)  # ~8 km away
    assert not geo_agrees({"latitude": 35.93, "longitude": 36.63}, gold)  # Idlib, ~55 km
    region = {"location": "northwestern Syria", "admin1": "Idleb", "latitude": None, "geo_precision": 3}
    assert geo_agrees({"admin1": "Idleb"}, region)
    assert geo_agrees({"latitude": 1.0, "longitude": 1.0}, {"location": "x"}) is None


def test_score_extraction_counts_fields_over_matched_and_unmatched_events() -> None:
    gold_doc = [
        {**STRIKE, "date": "2024-11-30", "fatalities_low": 25},
        {**CAPTURE, "actor1": "Hayat Tahrir al-Sham", "location": "Aleppo", "date": None},
    ]
    system_doc = [
        {**STRIKE, "date": "2024-11-29", "fatalities_low": 25},
        {**PROTEST, "actor1": "Protesters", "location": "Damascus"},  # spurious
    ]
    report = score_extraction([(system_doc, gold_doc)])
    assert report["matched_events"] == 1
    assert report["events"]["precision"] == 0.5 and report["events"]["recall"] == 0.5
    fields = report["fields"]
    assert fields["actor1"]["precision"] == 0.5  # 1 of 2 stated actors is right
    assert fields["actor1"]["recall"] == 0.5  # 1 of 2 gold actors found
    assert fields["date"]["accuracy"] == 0.0  # wrong day; the capture was not matched at all
    assert fields["fatalities"]["accuracy"] == 0.5
    assert fields["sub_event_type"]["f1"] == pytest.approx(0.5)
