"""A small real store: articles, their event mentions, corroborated events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitroom.model import (
    Actor,
    ActorType,
    Article,
    Claim,
    EventMention,
    Fatalities,
    GeoPrecision,
    Location,
    Source,
    Stance,
    SubEventType,
    TimePrecision,
)
from sitroom.pipeline import corroborate_all
from sitroom.store import Store

REUTERS = (
    "Air strikes on Idlib kill at least 25, rescuers say\n"
    "Syrian and Russian warplanes struck the city of Idlib on Monday, killing at least 25 people, "
    "according to the White Helmets. The Syrian government denied targeting civilians.\n"
    "Russia, which has an air base on Syria's coast, has backed President Bashar al-Assad "
    "since it entered the war in 2015."
)
SOHR = (
    "Massacre in Idlib city\n"
    "The death toll from Russian and regime air strikes on Idlib city on Monday rose to 44 people, "
    "the Syrian Observatory said."
)
GUARDIAN = "Strikes hit north-west Syria\nRussian jets bombed Idlib on Monday, killing 30 people, local officials said."
BBC = (
    "Rebels seize most of Aleppo\n"
    "Hayat Tahrir al-Sham fighters took control of most of Aleppo on Saturday after government forces withdrew. "
    "The group first emerged in 2012 as an al-Qaeda affiliate and has long controlled Idlib."
)
MEE = (
    "Iraqi militias cross into Syria\n"
    "Iran-backed Iraqi militias crossed into Syria overnight to reinforce government forces near Deir ez-Zor."
)

DAY = dt.date(2024, 12, 2)
IDLIB = Location(
    name="Idlib", country="Syria", admin1="Idlib", latitude=35.93, longitude=36.63, geo_precision=GeoPrecision.TOWN
)
ALEPPO = Location(
    name="Aleppo", country="Syria", admin1="Aleppo", latitude=36.2, longitude=37.13, geo_precision=GeoPrecision.TOWN
)
ALBUKAMAL = Location(name="Deir ez-Zor", country="Syria", admin1="Deir ez-Zor", geo_precision=GeoPrecision.REGION)
RUSSIA = Actor(name="Military Forces of Russia (2000-)", actor_type=ActorType.EXTERNAL_OTHER_FORCES)
HTS = Actor(name="Hayat Tahrir al-Sham", actor_type=ActorType.REBEL_GROUP)
SYRIA = Actor(name="Military Forces of Syria (2000-2024)", actor_type=ActorType.STATE_FORCES)
MILITIA = Actor(name="Iraqi militias", actor_type=ActorType.POLITICAL_MILITIA, country="Iraq", backers=["Iran"])


def article(text: str, domain: str, *, copy_of: str | None = None, published: dt.datetime | None = None) -> Article:
    return Article(
        title=text.split("\n", 1)[0],
        text=text,
        source=Source(domain=domain, url=f"https://{domain}/story"),
        copy_of=copy_of,
        published=published,
    )


def mention(
    source: Article,
    phrase: str,
    sub_type: SubEventType,
    *,
    location: Location,
    actor1: Actor | None,
    actor2: Actor | None = None,
    date: dt.date = DAY,
    fatalities: dict[str, int] | None = None,
    claims: list[tuple[str, Stance, str, str]] = (),
) -> EventMention:
    start = source.text.index(phrase)
    evidence = source.span(start, start + len(phrase))
    claim_records = []
    for by, stance, about, words in claims:
        at = source.text.index(words)
        claim_records.append(Claim(by=by, stance=stance, about=about, evidence=source.span(at, at + len(words))))
    return EventMention(
        article_id=source.id,
        event_type=sub_type.event_type,
        sub_event_type=sub_type,
        date=date,
        time_precision=TimePrecision.DAY,
        actor1=actor1,
        actor2=actor2,
        location=location,
        fatalities=Fatalities(**(fatalities or {}), evidence=evidence if fatalities else None),
        claims=claim_records,
        evidence=evidence,
        source=source.source.domain,
        confidence=0.8,
    )


def corpus() -> tuple[list[Article], list[EventMention]]:
    early = dt.datetime(2024, 11, 30, tzinfo=dt.UTC)
    late = dt.datetime(2024, 12, 3, tzinfo=dt.UTC)
    reuters = article(REUTERS, "reuters.com", published=late)
    usnews = article(REUTERS + "\nReporting by Reuters.", "usnews.com", copy_of=reuters.id, published=late)
    sohr = article(SOHR, "syriahr.com", published=late)
    guardian = article(GUARDIAN, "theguardian.com", published=late)
    bbc = article(BBC, "bbc.co.uk", published=early)
    mee = article(MEE, "middleeasteye.net", published=late)
    strike = SubEventType.AIR_DRONE_STRIKE
    phrase = "struck the city of Idlib on Monday, killing at least 25 people"
    denial = (
        "Syrian government",
        Stance.DENIES,
        "targeting civilians",
        "The Syrian government denied targeting civilians.",
    )
    mentions = [
        mention(reuters, phrase, strike, location=IDLIB, actor1=RUSSIA, fatalities={"low": 25}, claims=[denial]),
        mention(usnews, phrase, strike, location=IDLIB, actor1=RUSSIA, fatalities={"low": 25}),
        mention(
            sohr,
            "air strikes on Idlib city on Monday rose to 44 people",
            strike,
            location=IDLIB,
            actor1=RUSSIA,
            fatalities={"best": 44},
        ),
        mention(
            guardian,
            "Russian jets bombed Idlib on Monday, killing 30 people",
            strike,
            location=IDLIB,
            actor1=RUSSIA,
            fatalities={"best": 30},
        ),
        mention(
            bbc,
            "Hayat Tahrir al-Sham fighters took control of most of Aleppo on Saturday",
            SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
            location=ALEPPO,
            actor1=HTS,
            actor2=SYRIA,
            date=dt.date(2024, 11, 30),
        ),
        mention(
            mee,
            "Iran-backed Iraqi militias crossed into Syria overnight",
            SubEventType.CHANGE_TO_GROUP_ACTIVITY,
            location=ALBUKAMAL,
            actor1=MILITIA,
            date=dt.date(2024, 12, 2),
        ),
    ]
    return [reuters, usnews, sohr, guardian, bbc, mee], mentions


def fill(store: Store) -> None:
    articles, mentions = corpus()
    store.add_articles(articles)
    for item in articles:
        store.replace_mentions(item.id, [m for m in mentions if m.article_id == item.id])
    corroborate_all(store)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(str(tmp_path / "brief.db")) as opened:
        fill(opened)
        yield opened
