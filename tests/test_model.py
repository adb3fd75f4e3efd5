"""The model refuses inconsistent records with messages a user can act on."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from sitroom.model import (
    SUB_EVENT_PARENT,
    Actor,
    ActorType,
    Article,
    Event,
    EventMention,
    EventType,
    Evidence,
    Fatalities,
    Location,
    SubEventType,
)


def _article() -> Article:
    return Article(title="Strike on Saraqib", text="Strike on Saraqib\nJets struck Saraqib on Friday, killing 12.")


def _mention(article: Article, **fields: object) -> EventMention:
    start = article.text.index("Jets")
    return EventMention(
        article_id=article.id,
        evidence=article.span(start, len(article.text)),
        **fields,  # type: ignore[arg-type]
    )


def test_codebook_has_six_types_and_twenty_five_sub_types() -> None:
    assert len(EventType) == 6
    assert len(SubEventType) == 25
    assert set(SUB_EVENT_PARENT) == set(SubEventType)
    assert set(SUB_EVENT_PARENT.values()) == set(EventType)


def test_unknown_event_type_is_refused() -> None:
    article = _article()
    with pytest.raises(ValidationError, match="Air strike"):
        _mention(article, event_type="Air strike", sub_event_type="Air/drone strike")


def test_sub_type_must_belong_to_type() -> None:
    article = _article()
    with pytest.raises(ValidationError, match="belongs to 'Explosions/Remote violence'"):
        _mention(article, event_type="Battles", sub_event_type="Air/drone strike")


def test_negative_fatalities_are_refused() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Fatalities(best=-1)


def test_low_above_high_is_refused() -> None:
    with pytest.raises(ValidationError, match="low <= best <= high"):
        Fatalities(low=30, high=20)
    with pytest.raises(ValidationError, match="low <= best <= high"):
        Fatalities(low=10, best=5)


@pytest.mark.parametrize(
    ("fatalities", "acled"),
    [(Fatalities(), 0), (Fatalities(low=25), 25), (Fatalities(best=12), 12), (Fatalities(low=20, high=30), 20)],
)
def test_acled_figure_is_the_conservative_one(fatalities: Fatalities, acled: int) -> None:
    assert fatalities.acled() == acled


def test_unknown_fatalities_stay_unknown() -> None:
    assert not Fatalities().known
    assert Fatalities(best=0).known  # "no casualties were reported" is a figure


def test_evidence_must_match_its_span() -> None:
    with pytest.raises(ValidationError, match="span covers"):
        Evidence(article_id="a", start=0, end=5, text="abc")
    with pytest.raises(ValidationError, match="before its start"):
        Evidence(article_id="a", start=5, end=2, text="")


def test_article_span_points_into_text() -> None:
    article = _article()
    ev = article.span(0, 6)
    assert ev.text == "Strike" and ev.article_id == article.id
    with pytest.raises(ValueError, match="outside article"):
        article.span(0, 10_000)


def test_article_identity_comes_from_normalised_text() -> None:
    a = Article(title="T", text="Rebels  entered\nAleppo.")
    b = Article(title="Other title", text="rebels entered aleppo.")
    assert a.content_hash == b.content_hash and a.id == b.id
    assert a.id.startswith("art_")


def test_article_refuses_empty_text_and_naive_dates() -> None:
    with pytest.raises(ValidationError, match="text is empty"):
        Article(title="T", text="   ")
    with pytest.raises(ValidationError, match="timezone-aware"):
        Article(title="T", text="x", published=dt.datetime(2024, 11, 30, 12, 0))


def test_location_needs_both_coordinates() -> None:
    with pytest.raises(ValidationError, match="together"):
        Location(name="Aleppo", latitude=36.2)
    with pytest.raises(ValidationError):
        Location(name="Nowhere", latitude=95.0, longitude=10.0)


def test_mention_evidence_must_come_from_its_article() -> None:
    article = _article()
    other = Evidence(article_id="art_other", start=0, end=3, text="abc")
    with pytest.raises(ValidationError, match="own article"):
        EventMention(
            article_id=article.id,
            event_type=EventType.BATTLES,
            sub_event_type=SubEventType.ARMED_CLASH,
            evidence=other,
        )


def test_acled_row_uses_acled_columns() -> None:
    article = _article()
    mention = _mention(
        article,
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type=SubEventType.AIR_DRONE_STRIKE,
        date=dt.date(2024, 11, 29),
        actor1=Actor(name="Military Forces of Syria", actor_type=ActorType.STATE_FORCES),
        location=Location(name="Saraqib", country="Syria", admin1="Idlib", latitude=35.86, longitude=36.8),
        fatalities=Fatalities(best=12),
        civilian_targeting=True,
    )
    row = mention.acled_row()
    assert row["event_date"] == "2024-11-29"
    assert row["inter1"] == 1
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["admin1"], row["fatalities"]) == ("Idlib", 12)
    assert row["event_id_cnty"] == mention.id


def test_event_needs_at_least_one_mention() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        Event(id="ev1", event_type="Battles", sub_event_type="Armed clash", mention_ids=[])
