"""EventMention -> gold-format event dicts, and the fatality figure both sides are compared on."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.extract.gold import GOLD_FIELDS, gold_fatalities, mention_to_gold
from sitroom.model import (
    Actor,
    ActorType,
    Article,
    Claim,
    EventMention,
    EventType,
    Fatalities,
    Location,
    Stance,
    SubEventType,
    TimePrecision,
)

TEXT = (
    "Russian jets struck Saraqib on Saturday, killing at least 25 civilians, according to the White Helmets. "
    "The regime has denied targeting civilians."
)


@pytest.fixture
def mention() -> EventMention:
    article = Article(title="Strikes on Saraqib", text=TEXT)
    sentence_end = TEXT.index(".") + 1
    return EventMention(
        article_id=article.id,
        evidence=article.span(0, sentence_end),
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type=SubEventType.AIR_DRONE_STRIKE,
        date=dt.date(2024, 11, 30),
        time_precision=TimePrecision.DAY,
        actor1=Actor(name="Military Forces of Russia", mention="Russian jets", actor_type=ActorType.STATE_FORCES),
        assoc_actors_1=[Actor(name="Military Forces of Syria")],
        actor2=Actor(name="Civilians (Syria)", actor_type=ActorType.CIVILIANS),
        assoc_actors_2=[Actor(name="Military Forces of Syria")],
        location=Location(name="Saraqib", country="Syria", admin1="Idleb", latitude=35.86, longitude=36.8),
        fatalities=Fatalities(low=25),
        claims=[
            Claim(by="White Helmets", stance=Stance.ASSERTS, about="fatalities"),
            Claim(by="Government of Syria", stance=Stance.DENIES, about="targeting civilians"),
        ],
        civilian_targeting=True,
        confidence=0.8,
    )


def test_mention_to_gold_has_every_gold_field_with_plain_values(mention: EventMention) -> None:
    event = mention_to_gold(mention)
    assert set(GOLD_FIELDS) <= set(event)
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["sub_event_type"] == "Air/drone strike"
    assert event["date"] == "2024-11-30"
    assert event["time_precision"] == 1
    assert (event["actor1"], event["actor2"]) == ("Military Forces of Russia", "Civilians (Syria)")
    assert event["assoc_actors"] == ["Military Forces of Syria"]  # named once though on both sides
    assert (event["location"], event["admin1"], event["country"]) == ("Saraqib", "Idleb", "Syria")
    assert (event["latitude"], event["longitude"], event["geo_precision"]) == (35.86, 36.8, None)
    assert (event["fatalities_best"], event["fatalities_low"], event["fatalities_high"]) == (None, 25, None)
    assert event["claims"][1] == {"by": "Government of Syria", "stance": "denies", "about": "targeting civilians"}
    assert event["civilian_targeting"] is True


def test_a_claim_keeps_the_reports_words_for_its_source_only_where_they_differ(mention: EventMention) -> None:
    renamed = Claim(by="Houthis", stance=Stance.ASSERTS, about="12 killed", as_written="Houthi rebels")
    event = mention_to_gold(mention.model_copy(update={"claims": [*mention.claims, renamed]}))
    assert event["claims"][2]["as_written"] == "Houthi rebels"
    assert "as_written" not in event["claims"][0]  # "White Helmets" is already the report's own name


def test_evidence_is_the_supporting_text_with_its_offsets(mention: EventMention) -> None:
    event = mention_to_gold(mention)
    assert event["evidence"] == TEXT[event["evidence_start"] : event["evidence_end"]]
    assert event["evidence"].startswith("Russian jets struck Saraqib")


def test_mention_without_optional_parts_gives_nulls() -> None:
    article = Article(title="Protest", text="Teachers protested in the capital.")
    mention = EventMention(
        article_id=article.id,
        evidence=article.span(0, len(article.text)),
        event_type=EventType.PROTESTS,
        sub_event_type=SubEventType.PEACEFUL_PROTEST,
    )
    event = mention_to_gold(mention)
    assert event["date"] is None and event["time_precision"] == 3
    assert event["actor1"] is None and event["location"] is None and event["latitude"] is None
    assert event["claims"] == [] and event["assoc_actors"] == []


def test_gold_fatalities_prefers_acleds_own_number_and_keeps_unknown_as_none() -> None:
    assert gold_fatalities({"fatalities_acled": 0, "fatalities_best": None}) == 0
    assert gold_fatalities({"fatalities_best": 3, "fatalities_low": 2}) == 3
    assert gold_fatalities({"fatalities_low": 25}) == 25
    assert gold_fatalities({"fatalities_best": None, "fatalities_low": None}) is None
