"""The actor catalogue, country inference and the EntityRuler built from them (real spaCy model)."""

from __future__ import annotations

from sitroom.extract.actors import ActorCatalogue, find_backers
from sitroom.extract.countries import event_country, main_country
from sitroom.extract.events import EventExtractor
from sitroom.extract.mentions import actor_mentions
from sitroom.model import ActorType


def test_catalogue_is_versioned_and_typed(catalogue: ActorCatalogue) -> None:
    assert catalogue.version
    assert len({e.key for e in catalogue.entries}) == len(catalogue.entries)
    hts = catalogue.by_key["Hayat Tahrir al-Sham"]
    assert hts.actor_type is ActorType.REBEL_GROUP and "HTS" in hts.acronyms


def test_aliases_map_to_canonical_names(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("HTS").name == "Hayat Tahrir al-Sham"  # type: ignore[union-attr]
    assert catalogue.lookup("Hayat Tahrir al Sham").name == "Hayat Tahrir al-Sham"  # type: ignore[union-attr]
    assert catalogue.lookup("the Assad regime").name == "Government of Syria"  # type: ignore[union-attr]
    assert catalogue.lookup("Russian jets").name == "Military Forces of Russia"  # type: ignore[union-attr]
    assert catalogue.lookup("SOHR").entry.role == "source"  # type: ignore[union-attr]
    assert catalogue.lookup("Syrian Civil Defence").name == "White Helmets"  # type: ignore[union-attr]
    assert catalogue.lookup("the local bakery") is None


def test_generic_patterns_take_a_country(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("Pakistani police").name == "Police Forces of Pakistan"  # type: ignore[union-attr]
    assert catalogue.lookup("American troops").name == "Military Forces of the United States"  # type: ignore[union-attr]
    assert catalogue.lookup("government forces", "Mali").name == "Military Forces of Mali"  # type: ignore[union-attr]
    assert catalogue.lookup("protesters", "Chile").name == "Protesters (Chile)"  # type: ignore[union-attr]
    assert catalogue.lookup("gunmen", "Nigeria").name == "Unidentified Armed Group (Nigeria)"  # type: ignore[union-attr]
    assert catalogue.lookup("protesters").name == "Protesters"  # type: ignore[union-attr]  # no country known


def test_country_table(catalogue: ActorCatalogue) -> None:
    countries = catalogue.countries
    assert countries.country_of("Syrian") == "Syria"
    assert countries.country_of("DRC") == "Democratic Republic of Congo"
    assert countries.country_of("Palestinian Territory") == "Palestine"
    assert countries.formal("Philippines") == "the Philippines"


def test_backers(catalogue: ActorCatalogue) -> None:
    found = find_backers("Iran-backed militias and Turkish-backed factions, backed by Russia", catalogue.countries)
    assert [country for country, _, _ in found] == ["Iran", "Turkey", "Russia"]
    assert find_backers("the US-led coalition struck", catalogue.countries) == []


def test_ruler_fixes_names_the_small_model_mislabels(extractor: EventExtractor) -> None:
    doc = extractor.nlp("Hayat Tahrir al Sham fighters entered Aleppo on Friday.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels["Hayat Tahrir al Sham"] == "ACTOR"
    assert labels["Aleppo"] == "GPE"


def test_elliptical_pair_and_unknown_org(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    doc = extractor.nlp("Airstrikes by Russian and Syrian jets hit positions of the Sultan Murad Division.")
    names = {m.name: m.known for m in actor_mentions(next(iter(doc.sents)), catalogue, "Syria")}
    assert names.get("Military Forces of Russia") is True
    assert names.get("Military Forces of Syria") is True
    assert any(not known and "Sultan Murad Division" in name for name, known in names.items())


def test_main_country_from_mentions_then_gazetteer(catalogue: ActorCatalogue) -> None:
    assert main_country("Syrian jets struck Idlib as US officials watched.", catalogue) == "Syria"
    note = "On 19 June 2022, activists held a protest in Mansehra city (Mansehra, KPK) against inflation."
    assert main_country(note, catalogue, ["Mansehra city"]) == "Pakistan"
    assert main_country("Protesters gathered in the square.", catalogue) is None


def test_a_country_inside_a_us_state_name_is_no_mention(catalogue: ActorCatalogue) -> None:
    assert main_country("Nurses marched in Albuquerque, New Mexico, over staffing.", catalogue) != "Mexico"
    assert main_country("Thousands rallied in Mexico City against the reform.", catalogue) == "Mexico"


def test_a_place_name_many_countries_share_takes_the_articles_country(catalogue: ActorCatalogue) -> None:
    # San Fernando is a town in Trinidad, Spain, the Philippines, Argentina…: the article decides.
    assert event_country("San Fernando", [], catalogue, "Argentina") == "Argentina"
    assert event_country("Vilnius", [], catalogue, "Ukraine") == "Lithuania"  # one country has it
    assert event_country("San Fernando", [], catalogue, None) is not None


def test_an_acronym_is_no_town(catalogue: ActorCatalogue) -> None:
    note = "In La Plata (Buenos Aires), members of the Union of Secondary Students (UES) marched to City Hall."
    assert main_country(note, catalogue, ["La Plata", "Buenos Aires", "UES"]) == "Argentina"


def test_a_national_army_is_the_one_its_country_names(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    doc = extractor.nlp("The Somali National Army has seized control of Toratorow town from al-Shabab.")
    names = {m.name for m in actor_mentions(next(iter(doc.sents)), catalogue, "Somalia")}
    assert "Military Forces of Somalia" in names and "JWS: Syrian National Army" not in names


def test_a_city_district_written_after_a_dash_names_the_city(catalogue: ActorCatalogue) -> None:
    note = "On 3 May 2022, union members held a press conference outside the labour office (Busan City - Haeundae)."
    assert main_country(note, catalogue) == "South Korea"


def test_an_attackers_nationality_does_not_outvote_the_place(catalogue: ActorCatalogue) -> None:
    # "Kovalivka" is a made-up village: only the province and the nationality of the forces say where.
    note = "On 2 May 2023, Russian forces shelled Kovalivka, Kharkiv region, damaging two houses."
    assert main_country(note, catalogue, [], ["Ukraine"], ["Russia"]) == "Ukraine"
    assert main_country("Turkish soldiers fired on smugglers near the border.", catalogue) == "Turkey"
    assert main_country("Saudi-led coalition jets struck a market in Saada, Yemen.", catalogue) == "Yemen"


def test_a_report_on_its_own_countrys_forces_keeps_that_country(catalogue: ActorCatalogue) -> None:
    report = (
        "The Congolese army said it repelled an attack. Congolese troops held the town, and Congolese police "
        "patrolled its roads. Rwanda denied backing the rebels."
    )
    assert main_country(report, catalogue) == "Democratic Republic of Congo"
