"""The pipeline's geo stage on real EventMentions of a real article (examples/articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.geo import load_geocoder
from sitroom.geo.geocoder import GazetteerGeocoder
from sitroom.model import Actor, ActorType, Article, EventMention, GeoPrecision, Location, SubEventType

ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "articles" / "03_aljazeera_hts_advance_saraqib.txt"


@pytest.fixture(scope="module")
def article() -> Article:
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    return Article(title=lines[0], text="\n".join(lines[1:]))


def mention_for(article: Article, sentence_part: str, place: str | None = None) -> EventMention:
    """A mention whose evidence is the sentence holding ``sentence_part``; ``place`` as extraction's span."""
    at = article.text.index(sentence_part)
    start = max(article.text.rfind("\n", 0, at), article.text.rfind(". ", 0, at) + 1) + 1
    end = article.text.find(".", at) + 1
    location = None
    if place is not None:
        p = article.text.index(place, start)
        location = Location(name=place, evidence=article.span(p, p + len(place)))
    return EventMention(
        event_type="Battles",
        sub_event_type="Armed clash",
        article_id=article.id,
        evidence=article.span(start, end),
        location=location,
    )


def placed_in(art: Article, sub_event_type: str, name: str, written: str | None = None) -> EventMention:
    """A mention whose evidence is the whole text and whose place is ``name``, as written at ``written``."""
    written = written or name
    p = art.text.index(written)
    sub = SubEventType(sub_event_type)
    return EventMention(
        event_type=sub.event_type,
        sub_event_type=sub,
        article_id=art.id,
        evidence=art.span(0, len(art.text)),
        location=Location(name=name, evidence=art.span(p, p + len(written))),
    )


def test_load_geocoder_returns_the_gazetteer_geocoder() -> None:
    assert isinstance(load_geocoder(Settings()), GazetteerGeocoder)


def test_places_the_span_extraction_found(article: Article, geocoder: GazetteerGeocoder) -> None:
    mention = mention_for(article, "in government shelling on the town of Atarib", place="Atarib")
    [placed] = geocoder(article, [mention])
    loc = placed.location
    assert loc is not None and loc.resolved
    assert loc.name == "Atarib" and loc.country == "Syria" and loc.admin1 == "Aleppo"
    assert loc.geo_precision == GeoPrecision.TOWN
    assert loc.gazetteer_id is not None and loc.gazetteer_id.startswith("geonames:")
    assert loc.evidence is not None and loc.evidence.text == "Atarib"
    assert mention.location is not None and not mention.location.resolved  # the input is not modified


def test_without_a_span_the_sentence_is_searched(article: Article, geocoder: GazetteerGeocoder) -> None:
    mention = mention_for(article, "rebel shelling hit university student housing")
    [placed] = geocoder(article, [mention])
    loc = placed.location
    assert loc is not None and loc.name == "Aleppo" and loc.admin1 == "Aleppo"
    assert loc.evidence is not None and article.text[loc.evidence.start : loc.evidence.end] == "Aleppo"


def test_near_phrase_in_the_sentence_lowers_precision(article: Article, geocoder: GazetteerGeocoder) -> None:
    mention = mention_for(article, "cutting the M5 highway", place="Saraqib")
    [placed] = geocoder(article, [mention])
    assert placed.location is not None and placed.location.admin1 == "Idlib"
    assert placed.location.geo_precision == GeoPrecision.NEAR  # "near the town of Saraqib"


def test_unknown_village_falls_back_to_the_province_or_stays_unresolved(
    article: Article, geocoder: GazetteerGeocoder
) -> None:
    fallback = mention_for(article, "including Qubtan al-Jabal and Kafr Basin", place="Qubtan al-Jabal")
    [placed] = geocoder(article, [fallback])
    loc = placed.location
    assert loc is not None and loc.name == "Qubtan al-Jabal"
    if loc.resolution == "admin-fallback":
        assert loc.geo_precision == GeoPrecision.REGION and loc.admin1 == "Aleppo"
    else:  # a gazetteer hit must then be the real village west of Aleppo, never somewhere else
        assert loc.admin1 == "Aleppo"


def test_a_name_nobody_knows_gets_no_point(geocoder: GazetteerGeocoder) -> None:
    text = "Gunmen attacked the village of Zzyzx al-Fakeh overnight, residents said."
    art = Article(title="Attack", text=text)
    [placed] = geocoder(art, [placed_in(art, "Attack", "Zzyzx al-Fakeh")])
    assert placed.location is not None
    assert placed.location.resolution == "unresolved" and placed.location.latitude is None


def test_mentions_without_any_place_stay_without_location(geocoder: GazetteerGeocoder) -> None:
    text = "Officials said talks would continue next week."
    art = Article(title="Talks", text=text)
    mention = EventMention(
        event_type="Strategic developments", sub_event_type="Agreement", article_id=art.id, evidence=art.span(0, 20)
    )
    assert geocoder(art, [mention])[0].location is None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Rebels led by Hayat Tahrir al Sham entered the capital with little resistance.", "al Sham"),
        ("No casualties were reported in those strikes.", "No"),
        ("State news agency SANA reported the shelling.", "SANA"),
    ],
)
def test_spans_that_are_not_places_get_no_point(geocoder: GazetteerGeocoder, text: str, span: str) -> None:
    art = Article(title="t", text=text)
    loc = geocoder(art, [placed_in(art, "Armed clash", span)])[0].location
    assert loc is not None and loc.latitude is None and loc.resolution == "unresolved"


def test_a_point_placed_upstream_keeps_it_and_gets_admin_names(geocoder: GazetteerGeocoder) -> None:
    text = "Shelling was reported near the M5 highway."
    art = Article(title="t", text=text)
    mention = EventMention(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        article_id=art.id,
        evidence=art.span(0, len(text)),
        location=Location(name="M5 highway", latitude=35.86, longitude=36.80, geo_precision=GeoPrecision.NEAR),
    )
    loc = geocoder(art, [mention])[0].location
    assert loc is not None and (loc.latitude, loc.longitude) == (35.86, 36.80)
    assert loc.country == "Syria" and loc.admin1 == "Idlib" and loc.geo_precision == GeoPrecision.NEAR


def test_a_town_named_by_a_later_word_of_the_name_is_not_the_place(geocoder: GazetteerGeocoder) -> None:
    # "Gut" is a village in Ukraine's Zakarpattia; "Sin Gut" is a Myanmar village the gazetteer does not know
    text = "Myanmar military jets bombed Sin Gut village in Myingyan township on Sunday, killing 19 people."
    art = Article(title="Strike", text=text)
    loc = geocoder(art, [placed_in(art, "Air/drone strike", "Sin Gut")])[0].location
    assert loc is not None and loc.country != "Ukraine"


def test_an_unknown_village_is_placed_near_the_town_named_as_holding_it(geocoder: GazetteerGeocoder) -> None:
    text = "Militants attacked Zzyzx al-Fakeh village (Gwoza, Borno), killing two farmers."
    art = Article(title="Attack", text=text)
    [placed] = geocoder(art, [placed_in(art, "Attack", "Zzyzx al-Fakeh", "Zzyzx al-Fakeh village")])
    loc = placed.location
    assert loc is not None and loc.name == "Zzyzx al-Fakeh"
    assert loc.resolution == "admin-fallback" and loc.geo_precision == GeoPrecision.NEAR
    assert loc.country == "Nigeria" and loc.admin1 == "Borno" and loc.latitude is not None


def test_an_unclosed_bracket_after_the_name_is_dropped(geocoder: GazetteerGeocoder) -> None:
    text = "On 2 May 2022, teachers marched in Gwoza (Borno) to demand their salaries."
    art = Article(title="March", text=text)
    [placed] = geocoder(art, [placed_in(art, "Peaceful protest", "Gwoza (Borno")])
    assert placed.location is not None and placed.location.name == "Gwoza"
    assert placed.location.country == "Nigeria" and placed.location.geo_precision == GeoPrecision.TOWN


def test_a_namesake_abroad_gives_way_to_the_country_the_text_names(geocoder: GazetteerGeocoder) -> None:
    art = Article(
        title="Raid", text="Troops raided villages in Kani in Sagaing region of Myanmar on Monday, a local group said."
    )
    mention = placed_in(art, "Attack", "Kani")
    mention.location = mention.location.model_copy(update={"country": "Myanmar"})  # type: ignore[union-attr]
    [placed] = geocoder(art, [mention])
    assert placed.location is not None and placed.location.country == "Myanmar"


def test_a_place_in_a_country_the_text_names_keeps_its_country(geocoder: GazetteerGeocoder) -> None:
    # Extraction may take the country a protest is about for the one it happened in.
    art = Article(title="Rally", text="Hundreds rallied in Paris, France, against the war in Ukraine on Sunday.")
    mention = placed_in(art, "Peaceful protest", "Paris")
    mention.location = mention.location.model_copy(update={"country": "Ukraine"})  # type: ignore[union-attr]
    [placed] = geocoder(art, [mention])
    assert placed.location is not None and placed.location.country == "France"


def test_a_place_owned_by_a_town_is_placed_at_that_town(geocoder: GazetteerGeocoder) -> None:
    # Salem is a city in India; "Goma’s Salem market" is a market of Goma.
    art = Article(title="Looting", text="Militiamen looted Goma’s Salem market on Sunday, traders said.")
    loc = geocoder(art, [placed_in(art, "Looting/property destruction", "Salem")])[0].location
    assert loc is not None and loc.name == "Salem" and loc.country == "Democratic Republic of Congo"
    assert loc.geo_precision == GeoPrecision.NEAR and loc.latitude is not None and abs(loc.latitude + 1.68) < 0.1


def test_a_country_named_for_its_forces_is_no_scene(geocoder: GazetteerGeocoder) -> None:
    text = "Niger’s army said it had launched air strikes with Chad’s military at Zzyzxville on Tuesday."
    art = Article(title="Strikes", text=text)
    mention = placed_in(art, "Air/drone strike", "Zzyzxville")
    mention.location = mention.location.model_copy(update={"country": "Niger"})  # type: ignore[union-attr]
    loc = geocoder(art, [mention])[0].location
    assert loc is not None and loc.country == "Niger"


def test_an_unknown_place_keeps_the_country_the_text_names_it_in(geocoder: GazetteerGeocoder) -> None:
    text = (
        "Fighting flared in northern Mali this week. Officials in Ouagadougou and Bobo-Dioulasso said Burkina "
        "Faso’s army was on alert.\nDrones struck Zzyzxville on Tuesday."
    )
    art = Article(title="Drones", text=text)
    p = text.index("Zzyzxville")
    mention = mention_for(art, "Drones struck")
    mention = mention.model_copy(
        update={"location": Location(name="Zzyzxville", country="Mali", evidence=art.span(p, p + 10))}
    )
    loc = geocoder(art, [mention])[0].location
    assert loc is not None and loc.resolution == "unresolved" and loc.country == "Mali"


def test_an_unknown_place_is_not_put_in_a_country_named_only_as_an_actor(geocoder: GazetteerGeocoder) -> None:
    # Extraction may take the country a protest is against for the one it happened in: a guard for the rule above.
    text = "Hundreds marched in Vilnius, Lithuania against Russia's invasion.\nSome scuffled near the Zzyzx Hall."
    art = Article(title="Rally", text=text)
    p = text.index("Zzyzx Hall")
    mention = mention_for(art, "Some scuffled").model_copy(
        update={"location": Location(name="Zzyzx Hall", country="Russia", evidence=art.span(p, p + 10))}
    )
    loc = geocoder(art, [mention])[0].location
    assert loc is not None and loc.resolution == "unresolved" and loc.country == "Lithuania"


def test_a_country_with_a_war_torn_part_is_still_a_scene(geocoder: GazetteerGeocoder) -> None:
    art = Article(title="Shelling", text="Shelling hit Zzyzxville in Sudan’s war-torn west on Monday.")
    mention = placed_in(art, "Shelling/artillery/missile attack", "Zzyzxville")
    mention.location = mention.location.model_copy(update={"country": "Chad"})  # type: ignore[union-attr]
    loc = geocoder(art, [mention])[0].location
    assert loc is not None and loc.country == "Sudan" and loc.resolution == "admin-fallback"


def test_an_unplaced_incident_stands_in_the_report_country_not_at_a_town_abroad_it_mentions_most(
    geocoder: GazetteerGeocoder,
) -> None:
    text = (
        "Strikes hit Saada and Hodeidah in Yemen on Monday, the Houthis said.\n"
        "Military sites were destroyed and soldiers killed.\n"
        "The group also fired a missile at Tel Aviv. Sirens sounded in Tel Aviv, and flights to Tel Aviv were "
        "diverted."
    )
    art = Article(title="Yemen strikes", text=text)
    at = text.index("Military sites")
    unplaced = EventMention(
        event_type="Strategic developments",
        sub_event_type="Looting/property destruction",
        article_id=art.id,
        evidence=art.span(at, text.index("\n", at)),
    )
    [placed] = geocoder(art, [unplaced])
    assert placed.location is not None and placed.location.country == "Yemen"


def test_a_town_listed_after_fifty_larger_namesakes_is_found_through_its_province(geocoder: GazetteerGeocoder) -> None:
    # GeoNames lists Santa Fe's San Lorenzo without a population, behind San Lorenzo in Paraguay and many others.
    text = "On 24 June 2022, in San Lorenzo (Santa Fe), truck drivers held protests against gasoline shortages."
    art = Article(title="Protest", text=text)
    loc = geocoder(art, [placed_in(art, "Peaceful protest", "San Lorenzo")])[0].location
    assert loc is not None and loc.country == "Argentina" and loc.admin1 == "Santa Fe"
    assert loc.geo_precision == GeoPrecision.TOWN and loc.latitude is not None and abs(loc.latitude + 32.74) < 0.1


def test_a_building_the_gazetteer_lacks_stands_near_the_town_its_sentence_names(geocoder: GazetteerGeocoder) -> None:
    text = "On 10 June 2022, in Lomas de Zamora (Buenos Aires), hundreds of residents protested in front of Edesur."
    art = Article(title="Protest", text=text)
    loc = geocoder(art, [placed_in(art, "Peaceful protest", "Edesur")])[0].location
    assert loc is not None and loc.name == "Edesur" and loc.resolution == "admin-fallback"
    assert loc.country == "Argentina" and loc.geo_precision == GeoPrecision.NEAR
    assert loc.latitude is not None and abs(loc.latitude + 34.76) < 0.1


def protest_by(art: Article, protesters: Actor, place: str) -> EventMention:
    return placed_in(art, "Peaceful protest", place).model_copy(update={"actor1": protesters})


def test_protesters_are_named_after_the_country_the_rally_is_in(geocoder: GazetteerGeocoder) -> None:
    art = Article(title="Rally", text="On 6 March 2022, hundreds rallied in Warsaw against the war in Ukraine.")
    named_for_the_cause = Actor(name="Protesters (Ukraine)", actor_type=ActorType.PROTESTERS, country="Ukraine")
    [placed] = geocoder(art, [protest_by(art, named_for_the_cause, "Warsaw")])
    assert placed.location is not None and placed.location.country == "Poland"
    assert placed.actor1 is not None and placed.actor1.name == "Protesters (Poland)"
    assert placed.actor1.country == "Poland"


@pytest.mark.parametrize(
    ("text", "words", "country"),
    [
        ("On 5 March 2022, Ukrainian nationals staged a protest in Ankara against the war.", "Ukrainian", "Ukraine"),
        ("On 9 May 2022, French citizens staged a protest in Ankara over their visas.", "French", "France"),
    ],
)
def test_actors_named_for_who_they_are_keep_their_country(
    geocoder: GazetteerGeocoder, text: str, words: str, country: str
) -> None:
    art = Article(title="Rally", text=text)
    mention = text[text.index(words) :].split(" staged")[0]
    nationals = Actor(name=f"Protesters ({country})", mention=mention, actor_type=ActorType.PROTESTERS)
    army = Actor(name="Military Forces of Russia", actor_type=ActorType.STATE_FORCES, country="Russia")
    mention = protest_by(art, nationals, "Ankara").model_copy(update={"actor2": army})
    [placed] = geocoder(art, [mention])
    assert placed.location is not None and placed.location.country == "Turkey"
    assert placed.actor1 == nationals and placed.actor2 == army
