"""Hand-built articles and mentions of the Idlib strikes reported by several outlets."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.model import (
    Actor,
    ActorType,
    Article,
    Claim,
    EventMention,
    EventType,
    Fatalities,
    GeoPrecision,
    Location,
    Source,
    Stance,
    SubEventType,
    TimePrecision,
)

REUTERS = (
    "Air strikes on Idlib kill at least 25, rescuers say\n"
    "Syrian and Russian warplanes struck the city of Idlib on Monday, killing at least 25 people, "
    "according to the White Helmets. The Syrian government denied targeting civilians."
)
SOHR = (
    "Massacre in Idlib city\n"
    "The death toll from Russian and regime air strikes on Idlib city on Monday rose to 44 people, "
    "the Syrian Observatory said."
)
GUARDIAN = "Strikes hit north-west Syria\nRussian jets bombed Idlib on Monday, killing 30 people, local officials said."
CLASH = "Clashes in Saraqib\nHTS fighters clashed with government forces in Saraqib on Monday."


def make_article(text: str, domain: str, *, copy_of: str | None = None, suffix: str = "") -> Article:
    return Article(title=text.split("\n", 1)[0], text=text + suffix, source=Source(domain=domain), copy_of=copy_of)


def strike(
    article: Article,
    phrase: str,
    *,
    best: int | None = None,
    low: int | None = None,
    date: dt.date = dt.date(2024, 12, 2),
    place: str = "Idlib",
    claims: list[Claim] | None = None,
    confidence: float = 0.8,
) -> EventMention:
    start = article.text.index(phrase)
    evidence = article.span(start, start + len(phrase))
    return EventMention(
        article_id=article.id,
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type=SubEventType.AIR_DRONE_STRIKE,
        date=date,
        time_precision=TimePrecision.DAY,
        actor1=Actor(name="Military Forces of Russia", actor_type=ActorType.EXTERNAL_OTHER_FORCES),
        location=Location(
            name=place,
            country="Syria",
            admin1="Idlib",
            latitude=35.93,
            longitude=36.63,
            geo_precision=GeoPrecision.TOWN,
        ),
        fatalities=Fatalities(best=best, low=low, evidence=evidence),
        claims=claims or [],
        evidence=evidence,
        source=article.source.domain,
        confidence=confidence,
    )


@pytest.fixture
def idlib_reports() -> tuple[list[EventMention], dict[str, Article]]:
    reuters = make_article(REUTERS, "reuters.com")
    usnews = make_article(REUTERS, "usnews.com", copy_of=reuters.id, suffix="\nReporting by Reuters.")
    sohr = make_article(SOHR, "syriahr.com")
    guardian = make_article(GUARDIAN, "theguardian.com")
    clash_article = make_article(CLASH, "aljazeera.com")
    denial = Claim(by="Syrian government", stance=Stance.DENIES, about="targeting civilians")
    mentions = [
        strike(reuters, "struck the city of Idlib on Monday, killing at least 25 people", low=25, claims=[denial]),
        strike(usnews, "struck the city of Idlib on Monday, killing at least 25 people", low=25),
        strike(sohr, "air strikes on Idlib city on Monday rose to 44 people", best=44, place="Idlib city"),
        strike(guardian, "Russian jets bombed Idlib on Monday, killing 30 people", best=30),
        EventMention(
            article_id=clash_article.id,
            event_type=EventType.BATTLES,
            sub_event_type=SubEventType.ARMED_CLASH,
            date=dt.date(2024, 12, 2),
            time_precision=TimePrecision.DAY,
            actor1=Actor(name="Hayat Tahrir al-Sham"),
            actor2=Actor(name="Military Forces of Syria"),
            location=Location(name="Saraqib", country="Syria", admin1="Idlib"),
            evidence=clash_article.span(26, 66),
        ),
    ]
    articles = {a.id: a for a in (reuters, usnews, sohr, guardian, clash_article)}
    return mentions, articles
