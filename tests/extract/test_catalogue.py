"""The worldwide actor catalogue: one test per entry class, claim sources, shared acronyms, and the build
script's validator (scripts/build_actor_catalogue.py). Example sentences are written for these tests."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sitroom.extract.actors import ActorCatalogue
from sitroom.extract.claims import find_claims
from sitroom.extract.events import EventExtractor
from sitroom.extract.mentions import actor_mentions
from sitroom.model import ActorType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_actor_catalogue.py"


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actor_catalogue", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _names(extractor: EventExtractor, catalogue: ActorCatalogue, sentence: str, country: str | None) -> list[str]:
    doc = extractor.nlp(sentence)
    return [m.name for sent in doc.sents for m in actor_mentions(sent, catalogue, country)]


# --------------------------------------------------------------------------- entry classes


def test_state_forces_of_a_country_by_alias(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    sentence = "The Sudanese Armed Forces shelled a market in Omdurman on Monday."
    assert "Military Forces of Sudan" in _names(extractor, catalogue, sentence, "Sudan")
    assert catalogue.lookup("Tatmadaw").name == "Military Forces of Myanmar"  # type: ignore[union-attr]
    assert catalogue.lookup("Kenya Defence Forces").actor_type is ActorType.STATE_FORCES  # type: ignore[union-attr]
    assert catalogue.lookup("Haitian National Police").name == "Police Forces of Haiti"  # type: ignore[union-attr]


def test_a_countrys_possessive_names_its_own_forces(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    # In a report on Ukraine, "the defence ministry" alone would be Ukraine's; the possessive says whose it is.
    sentence = "Russia’s defence ministry said its air defences downed 30 drones over the Kursk region."
    names = _names(extractor, catalogue, sentence, "Ukraine")
    assert "Government of Russia" in names and "Government of Ukraine" not in names, names
    chad = _names(extractor, catalogue, "Chad's army repelled an attack near Bol.", "Niger")
    assert "Military Forces of Chad" in chad, chad


def test_named_rebel_group_by_acronym(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    sentence = "TNLA fighters overran a junta outpost near Lashio after three days of fighting."
    names = _names(extractor, catalogue, sentence, "Myanmar")
    assert "TNLA: Ta'ang National Liberation Army" in names
    assert catalogue.lookup("PDF").name == "PDF: People's Defense Force"  # type: ignore[union-attr]
    assert catalogue.lookup("TPLF").actor_type is ActorType.REBEL_GROUP  # type: ignore[union-attr]


def test_named_group_by_full_name_and_spelling_variants(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    sentence = "The Arakan Army said it had captured the township's last army base."
    assert "AA: Arakan Army" in _names(extractor, catalogue, sentence, "Myanmar")
    houthis = "Military Forces of Yemen (2016-) Supreme Political Council"
    for variant in ("Houthis", "Huthi rebels", "Ansar Allah"):
        assert catalogue.lookup(variant).name == houthis  # type: ignore[union-attr]
    for variant in ("People's Defence Force", "People's Defense Force"):
        assert catalogue.lookup(variant).name == "PDF: People's Defense Force"  # type: ignore[union-attr]
    assert catalogue.lookup("al-Shabab").name == catalogue.lookup("Shabaab").name == "Al Shabaab"  # type: ignore[union-attr]
    assert catalogue.lookup("Viv Ansanm").actor_type is ActorType.POLITICAL_MILITIA  # type: ignore[union-attr]


def test_a_militia_named_after_a_known_acronym_is_that_actor(
    extractor: EventExtractor, catalogue: ActorCatalogue
) -> None:
    sentence = "The RSF militia stormed a displacement camp outside El Fasher at dawn."
    names = _names(extractor, catalogue, sentence, "Sudan")
    assert "Rapid Support Forces" in names
    assert not any("Ethnic Militia" in name for name in names)


def test_an_ethnic_militia_template_takes_the_articles_country(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("Fulani herdsmen", "Nigeria").name == "Fulani Ethnic Militia (Nigeria)"  # type: ignore[union-attr]
    assert catalogue.lookup("Islamic State", "Afghanistan").name == "Islamic State (Afghanistan)"  # type: ignore[union-attr]


def test_a_country_less_group_in_a_new_country_keeps_its_name(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("JNIM", "Benin").name == "JNIM: Group for Support of Islam and Muslims"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- claimants and sources


@pytest.mark.parametrize(
    ("sentence", "canonical", "role"),
    [
        (
            "At least nine people died in the shelling, the Sudan Doctors Network said.",
            "Sudan Doctors Network",
            "claimant",
        ),
        ("According to Gaza's Health Ministry, 14 people were killed overnight.", "Gaza Health Ministry", "claimant"),
        (
            "Two rescuers were hurt, Ukraine's State Emergency Service said.",
            "State Emergency Service of Ukraine",
            "claimant",
        ),
        ("Doctors Without Borders said its clinic in the town was looted.", "Médecins Sans Frontières", "source"),
        ("OCHA said 3,000 families had fled the fighting.", "UN OCHA", "source"),
    ],
)
def test_claim_sources_are_normalised(sentence: str, canonical: str, role: str, catalogue: ActorCatalogue) -> None:
    [claim] = find_claims(sentence)
    resolved = catalogue.lookup(claim.by)
    assert resolved is not None and resolved.name == canonical
    assert resolved.entry.role == role


def test_an_event_carries_the_normalised_claim_source(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract("An airstrike killed 11 people in Khan Younis on Tuesday, according to Gaza's Health Ministry.")
    assert any(claim.by == "Gaza Health Ministry" for mention in mentions for claim in mention.claims)


def test_claimants_are_never_parties(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    doc = extractor.nlp("The Emergency Lawyers group said the RSF killed 30 villagers near Bara.")
    mentions = [m for sent in doc.sents for m in actor_mentions(sent, catalogue, "Sudan")]
    assert {m.name for m in mentions if m.role == "claimant"} == {"Emergency Lawyers"}
    assert {m.name for m in mentions if m.role == "actor"} >= {"Rapid Support Forces"}


# --------------------------------------------------------------------------- ambiguity


def test_acronyms_do_not_match_lower_case_words(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    sentence = "The council posted a pdf of the decree and offered an amnesty to fighters who laid down arms."
    names = _names(extractor, catalogue, sentence, "Myanmar")
    assert "PDF: People's Defense Force" not in names and "Amnesty International" not in names
    assert catalogue.lookup("pdf") is None


def test_a_shared_acronym_is_read_in_the_articles_country(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("SNA", "Somalia").name == "Military Forces of Somalia"  # type: ignore[union-attr]
    assert catalogue.lookup("SNA", "Syria").name == "JWS: Syrian National Army"  # type: ignore[union-attr]
    assert catalogue.lookup("SNA").name == "JWS: Syrian National Army"  # type: ignore[union-attr]  # no country: first
    assert catalogue.lookup("civil defence", "Palestine").name == "Gaza Civil Defence"  # type: ignore[union-attr]
    assert catalogue.lookup("civil defence", "Syria").name == "White Helmets"  # type: ignore[union-attr]


def test_a_longer_army_name_beats_the_pdf_alias(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("Uganda People's Defence Force").name == "Military Forces of Uganda"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the build script


def test_the_sources_validate_and_the_packaged_catalogue_is_up_to_date(builder: ModuleType) -> None:
    sources = builder.load_sources()
    assert builder.validate(sources) == []
    packaged = builder.OUTPUT.read_text(encoding="utf-8")
    assert builder.build() == packaged, "run scripts/build_actor_catalogue.py"
    assert builder.render(sources) == builder.render(builder.load_sources())  # deterministic


def test_the_validator_catches_bad_entries(builder: ModuleType) -> None:
    sources = builder.load_sources()
    bad = copy.deepcopy(sources)
    bad.regions["test"] = [
        {"name": "Rapid Support Forces", "type": "Rebel group", "country": "Sudan"},  # duplicate name
        {"name": "Somewhere Front", "type": "Freedom fighters", "country": "Atlantis"},  # bad type and country
        {"name": "Army of Hope", "type": "Rebel group", "country": "Chad", "aliases": ["hope", "National Army"]},
        {"name": "Tigray Guard", "type": "Rebel group", "country": "Eritrea", "acronyms": ["TPLF", "T-G"]},
    ]
    errors = "\n".join(builder.validate(bad))
    assert "Rapid Support Forces: duplicate canonical name" in errors
    assert "type `Freedom fighters` is not an ACLED actor type" in errors
    assert "unknown country `Atlantis`" in errors
    assert "alias `hope` is a common English word" in errors
    assert "alias `National Army` names actors in several countries" in errors
    assert "acronym `TPLF` is claimed by" in errors  # collides with Ethiopia's TPLF
    assert "acronym `T-G` is not one token" in errors


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("Yemen’s Huthis", "Military Forces of Yemen (2016-) Supreme Political Council"),  # possessive, curly
        ("RNDDH executive director Pierre Esperance", "National Human Rights Defense Network"),  # name before a role
        ("Hamas official Basem Naim", "Hamas"),
        ("Nyala resistance committee", "Resistance Committees (Sudan)"),
        ("UN Secretary-General Antonio Guterres", "United Nations"),
    ],
)
def test_claim_sources_as_news_writes_them(source: str, canonical: str, catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup(source).name == canonical  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("alias", "country", "name"),
    [
        # ACLED's singular for the UAE-backed Al-Amalika force, and Tareq Saleh's coast forces (Yemen)
        ("Amaliqa Brigades", None, "Giants Brigade"),
        ("Tareq Saleh's forces", None, "National Resistance Forces"),
        # the Yazidi militia of Sinjar (Iraq), by name and acronym
        ("Shingal Resistance Units", None, "YBS: Sinjar Resistance Units"),
        ("YBS", None, "YBS: Sinjar Resistance Units"),
        # Central America's second big mara, in ACLED's acronym-and-name form
        ("18th Street gang", None, "B-18: Barrio-18"),
        ("Indigenous People of Biafra", None, "IPOB: Indigenous Peoples of Biafra"),
        ("armed Fulani pastoralists", "Niger", "Fulani Ethnic Militia (Niger)"),
    ],
)
def test_named_actors_take_acleds_names(catalogue: ActorCatalogue, alias: str, country: str | None, name: str) -> None:
    actor = catalogue.lookup(alias, country)
    assert actor is not None and actor.name == name


def test_mapuche_armed_groups_of_chile_and_argentina(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("Coordinadora Arauco-Malleco").name == "CAM: Arauco-Malleco Coordinator"  # type: ignore[union-attr]
    ram = catalogue.lookup("Resistencia Ancestral Mapuche", "Argentina")
    assert ram is not None and ram.name == "RAM: Mapuche Ancestral Resistance"
    assert ram.actor_type is ActorType.IDENTITY_MILITIA
