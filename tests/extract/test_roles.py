"""Roles and ACLED actor conventions on real-looking news sentences (real spaCy model and catalogue)."""

from __future__ import annotations

import pytest

from sitroom.extract.actors import ActorCatalogue
from sitroom.extract.events import EventExtractor
from sitroom.extract.mentions import ActorMention, actor_mentions
from sitroom.extract.roles import to_actor
from sitroom.model import ActorType, Article, EventMention, EventType


def _first(mentions: list[EventMention], event_type: EventType | None = None) -> EventMention:
    wanted = [m for m in mentions if event_type is None or m.event_type is event_type]
    assert wanted, mentions
    return wanted[0]


def test_the_month_march_is_not_the_incident_word(extract) -> None:  # type: ignore[no-untyped-def]
    # "March" in the date read as a protest march put the verb before the subject, making it a target.
    event = _first(extract("On 9 March 2023, Malian soldiers clashed with militants near Mopti."), EventType.BATTLES)
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Mali"


def test_a_region_after_a_town_is_no_actor(extract) -> None:  # type: ignore[no-untyped-def]
    event = _first(extract("On 3 May 2023, in Culiacan, Sinaloa, armed men shot dead two police officers."))
    assert event.actor1 is not None and event.actor1.name == "Unidentified Armed Group (Mexico)"


def test_a_name_before_a_place_noun_is_no_actor(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    doc = extractor.nlp("Soldiers torched houses near Kyauk Taw village, Mingin Township, on Sunday.")
    names = [m.name for m in actor_mentions(next(iter(doc.sents)), catalogue, "Myanmar")]
    assert not any("Mingin" in name or "Kyauk" in name for name in names), names


def test_a_rally_has_no_target_in_its_organiser(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 12 July 2023, in Rosario (Santa Fe), truck drivers blocked roads to protest against fuel shortages. "
        "The rally was called by the drivers union FETRA."
    )
    event = _first(extract(text), EventType.PROTESTS)
    assert event.actor1 is not None and event.actor1.name.startswith("Protesters")
    assert event.actor2 is None


def test_gangs_are_unidentified_gangs(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("rival gangs", "Haiti").name == "Unidentified Gang (Haiti)"  # type: ignore[union-attr]
    assert catalogue.lookup("armed individuals", "Brazil").name == "Unidentified Armed Group (Brazil)"  # type: ignore[union-attr]


def test_well_known_groups_take_their_acled_names(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("the Saudi-led coalition").name == "Operation Restoring Hope"  # type: ignore[union-attr]
    assert catalogue.lookup("LPR").name == "NAF: United Armed Forces of Novorossiya"  # type: ignore[union-attr]
    assert catalogue.lookup("Houthi forces").name.endswith("Supreme Political Council")  # type: ignore[union-attr]
    assert catalogue.lookup("pro-Hadi forces").name == "Military Forces of Yemen"  # type: ignore[union-attr]


def test_passive_agent_after_a_number(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 2 June 2023, in Fortaleza (Ceara), a man was shot and killed by two armed individuals. 1 fatality."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name == "Unidentified Armed Group (Brazil)"


def test_a_heading_is_not_the_incident_word(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Land seizure: On 4 July 2023, soldiers seized a farm in Kouka village (Bankass, Mopti), Mali."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Mali"


def test_a_battle_between_rival_gangs_has_gangs_on_both_sides(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 5 May 2023, in Cite Soleil, Port-au-Prince (Haiti), a gunfight broke out between rival gangs."
    event = _first(extract(text), EventType.BATTLES)
    assert event.actor1 is not None and event.actor1.name == "Unidentified Gang (Haiti)"
    assert event.actor2 is not None and event.actor2.name == "Unidentified Gang (Haiti)"


def test_between_x_and_forces_of_y(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 2 May 2023, fighting broke out between the Sudanese army and fighters of the Rapid Support Forces."
    event = _first(extract(text), EventType.BATTLES)
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Sudan"
    assert event.actor2 is not None and "Rapid Support Forces" in event.actor2.name


def test_a_group_claiming_its_own_attack_is_the_actor(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 8 May 2023, Boko Haram claimed to have attacked a Nigerian army base in Gwoza (Borno)."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name == "Boko Haram"


def test_a_country_name_as_modifier_names_its_forces(catalogue: ActorCatalogue) -> None:
    assert catalogue.lookup("Pakistan Army").name == "Military Forces of Pakistan"  # type: ignore[union-attr]
    assert catalogue.lookup("Israel Police").name == "Police Forces of Israel"  # type: ignore[union-attr]


def test_local_militias_are_named_after_their_community(extractor: EventExtractor, catalogue: ActorCatalogue) -> None:
    doc = extractor.nlp("Plateau militiamen and suspected Tiv militia attacked Jukun ethnic militiamen near Wukari.")
    names = [m.name for m in actor_mentions(next(iter(doc.sents)), catalogue, "Nigeria")]
    assert "Plateau Communal Militia (Nigeria)" in names
    assert "Tiv Ethnic Militia (Nigeria)" in names
    assert "Jukun Ethnic Militia (Nigeria)" in names


def test_a_passive_agent_of_another_clause_is_not_actor1(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 3 July 2023, Sudanese troops attacked Nyala, but were pushed back by the Rapid Support Forces."
    event = _first(extract(text), EventType.BATTLES)
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Sudan"


def test_shelling_armed_positions_keeps_the_armed_target(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 4 August 2023, Ukrainian forces shelled the positions of the Donetsk People's Militia near Horlivka, "
        "Donetsk, wounding two civilians."
    )
    event = _first(extract(text), EventType.EXPLOSIONS_REMOTE_VIOLENCE)
    assert event.actor2 is not None and event.actor2.name == "NAF: United Armed Forces of Novorossiya"


def test_passive_agent_of_unknown_number(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 7 July 2023, in Acapulco, Guerrero, a bar was shot at by an unknown number of armed individuals."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name == "Unidentified Armed Group (Mexico)"


def test_the_ends_of_a_road_are_places_not_actors(extract) -> None:  # type: ignore[no-untyped-def]
    text = "A drone attack targeted a van on the road between Saraqib and Sarmin on Tuesday, killing its driver."
    event = _first(extract(text), EventType.EXPLOSIONS_REMOTE_VIOLENCE)  # NER labels "Sarmin" an ORG
    parties = [a.name for a in (event.actor1, event.actor2) if a is not None]
    assert not any("Sarmin" in name or "Saraqib" in name for name in parties), parties


def test_ground_lost_by_state_forces_to_someone_unnamed_is_overtaken_not_regained() -> None:
    from sitroom.extract.roles import refine_territory
    from sitroom.model import Actor, ActorType
    from sitroom.model import SubEventType as S

    army = Actor(name="Military Forces of Syria", actor_type=ActorType.STATE_FORCES, country="Syria")
    rebels = Actor(name="Hayat Tahrir al-Sham", actor_type=ActorType.REBEL_GROUP, country="Syria")
    regained = S.GOVERNMENT_REGAINS_TERRITORY
    assert refine_territory(regained, None, army) is S.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    assert refine_territory(regained, army, rebels) is S.GOVERNMENT_REGAINS_TERRITORY
    assert refine_territory(S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, army, None) is regained
    assert refine_territory(regained, None, None) is regained  # nobody named: the classifier's word stands
    assert refine_territory(S.ARMED_CLASH, None, army) is S.ARMED_CLASH


def test_gang_members_gunned_down_by_police_in_a_clash_are_a_battle_the_police_fought(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least 20 members of the gang Viv Ansanm were gunned down by Haitian law enforcement last week in a "
        "violent clash in the suburb of Pacot, the National Network for the Defense of Human Rights (RNDDH) reported."
    )
    event = _first(extract(text))
    assert event.sub_event_type is not None and event.sub_event_type.value == "Armed clash"
    assert event.actor1 is not None and event.actor1.name == "Police Forces of Haiti"
    assert event.actor2 is not None and event.actor2.name == "Viv Ansanm"


def test_students_who_battle_the_police_are_the_crowd_and_the_police_its_target(extract) -> None:  # type: ignore[no-untyped-def]
    event = _first(extract("Mobile internet was cut as thousands of students battled with armed police in Dhaka."))
    assert event.actor1 is not None and event.actor1.name == "Rioters (Bangladesh)"
    assert event.actor2 is not None and event.actor2.name == "Police Forces of Bangladesh"


def test_the_side_a_demonym_gives_a_strike_is_its_actor1(extract) -> None:  # type: ignore[no-untyped-def]
    event = _first(extract("Gaza: at least 23 dead following Israeli strikes on Monday, with 50 reported missing."))
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Israel"
    event = _first(extract("Ten civilians were killed in a Russian missile attack on Odesa on Monday."))
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Russia"


def test_members_of_a_group_after_by_are_the_attackers_and_a_fronted_phrase_is_not_the_verb(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least seven soldiers were killed in an attack by suspected members of the Islamic State West Africa "
        "Province (ISWAP) on a military base in the Marte Local Government Area of Borno State."
    )
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name.startswith("ISWAP")
    assert event.location is not None and event.location.name == "Marte"
    text = "In yet another brazen assault, ISWAP terrorists launched an attack on a Nigerian Army base in Borno State."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name.startswith("ISWAP")
    assert event.actor2 is not None and event.actor2.name == "Military Forces of Nigeria"


def test_the_agent_of_a_shelling_in_a_clause_far_from_the_lead_word_is_actor1(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The raid came a day after a similar one, when shelling by the RSF on a camp near Mellit killed nine people."
    (mention,) = extract(text)
    assert mention.actor1 is not None and mention.actor1.name == "Rapid Support Forces"


def test_a_name_after_said_that_acts_in_the_reported_clause_is_a_party(extract) -> None:  # type: ignore[no-untyped-def]
    acting, hit = (
        extract("Residents said RSF fighters stormed the market in Mellit on Monday."),
        extract("Monitors said 12 RSF fighters were killed in Mellit on Monday."),
    )
    assert [m.actor1.name if m.actor1 else None for m in acting] == ["Rapid Support Forces"]
    assert all(m.actor1 is None or m.actor1.name != "Rapid Support Forces" for m in hit)


def test_civilians_killed_before_the_incident_word_keep_it_violence_against_civilians(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen killed 11 villagers during a raid on a market in Zamfara on Sunday, police said, as fighting "
        "with the army goes on in the region."
    )
    assert [m.event_type for m in extract(text)][:1] == [EventType.VIOLENCE_AGAINST_CIVILIANS]


def test_rebels_in_a_report_about_one_named_group_are_that_group(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Arakan Army said on Monday it had captured a border post in Maungdaw township.\n\n"
        "Rebels also seized the town of Buthidaung after days of fighting, residents said."
    )
    events = [e for e in extract(text) if e.location is not None and "Buthidaung" in e.location.name]
    assert events and events[0].actor1 is not None, events
    assert events[0].actor1.name == "AA: Arakan Army", events[0].actor1


def test_gangs_in_a_report_about_one_cartel_are_that_cartel(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Sinaloa Cartel has been fighting for control of Culiacan for months.\n\n"
        "On Tuesday, gang members attacked a police patrol in Culiacan, killing two officers."
    )
    [event] = [e for e in extract(text) if "police patrol" in e.evidence.text]
    assert event.actor1 is not None and event.actor1.name == "Sinaloa Cartel", event.actor1


def test_the_subject_of_a_clause_after_the_incident_word_acts(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Heavy fighting broke out in Sake on Tuesday when Congolese soldiers attacked M23 positions near the town."
    event = _first(extract(text), EventType.BATTLES)
    assert event.actor1 is not None and event.actor1.name == "Military Forces of the Democratic Republic of Congo"
    assert event.actor2 is not None and event.actor2.name == "M23: March 23 Movement", event.actor2


def test_air_defences_are_the_forces_of_the_country_they_fire_over(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Local officials said air defence systems shot down three drones over the Kursk region on Monday."
    event = _first(extract(text))
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Russia", event.actor1


def test_troops_in_a_quoted_military_statement_are_the_speakers(extract) -> None:  # type: ignore[no-untyped-def]
    # The fighting is in Ukraine, but the troops the Russian ministry speaks of are its own.
    text = (
        "Ukraine’s forces held the line in the east of Ukraine, Kyiv said, as fighting went on across Ukraine.\n"
        "“Troops captured the village of Krynky near Kherson,” the Russian defence ministry said on Monday."
    )
    [event] = [e for e in extract(text) if "Krynky" in e.evidence.text]
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Russia", event.actor1


def test_the_other_side_of_a_battle_is_the_one_armed_party_the_report_names(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Boko Haram fighters have held positions around Gwoza for months.\n\n"
        "On Monday, Nigerian troops recaptured the town of Bama after heavy fighting, residents said."
    )
    [event] = [e for e in extract(text) if "Bama" in e.evidence.text]
    assert event.actor1 is not None and event.actor1.name == "Military Forces of Nigeria", event.actor1
    assert event.actor2 is not None and event.actor2.name == "Boko Haram", event.actor2
    # With two armed parties named elsewhere, which one fought is not known.
    [event] = [
        e
        for e in extract(text.replace("Boko Haram fighters", "Boko Haram and ISWAP fighters"))
        if "Bama" in e.evidence.text
    ]
    assert event.actor2 is None, event.actor2


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Kuki indigenous militiamen burned a church near Moreh.", "Kuki", "Kuki Indigenous Militia (India)"),
        ("The Tiv communal group attacked farmers near Makurdi.", "Tiv", "Tiv Communal Militia (India)"),
        ("Naga ethnic fighters ambushed a truck.", "Naga", "Naga Ethnic Militia (India)"),
        # a name not followed by a community's head word keeps its own name
        ("Kuki leaders met the governor.", "Kuki", "Kuki"),
    ],
)
def test_a_communitys_armed_men_take_acleds_identity_militia_name(
    catalogue: ActorCatalogue, text: str, name: str, expected: str
) -> None:
    mention = ActorMention(text.index(name), text.index(name) + len(name), name, name, None, "India", False)
    actor = to_actor(mention, Article(title="t", text=text), EventType.VIOLENCE_AGAINST_CIVILIANS, catalogue)
    assert actor.name == expected
    assert (actor.actor_type is ActorType.IDENTITY_MILITIA) is (expected != name)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("The Kalay PDF ambushed a junta convoy.", "PDF", "People's Defense Force - Kalay"),
        (
            "The Mindat People's Defense Force shelled a base.",
            "People's Defense Force",
            "People's Defense Force - Mindat",
        ),
        ("Fighters of PDF-Tamu attacked a police post.", "PDF", "People's Defense Force - Tamu"),
        # no township named: the force as a whole
        ("The PDF ambushed a junta convoy.", "PDF", "PDF: People's Defense Force"),
        ("Local PDFs ambushed a junta convoy.", "PDFs", "PDF: People's Defense Force"),
    ],
)
def test_a_township_resistance_unit_takes_its_townships_name(
    catalogue: ActorCatalogue, text: str, words: str, expected: str
) -> None:
    entry = catalogue.lookup(words)
    assert entry is not None
    start = text.index(words)
    mention = ActorMention(start, start + len(words), words, entry.name, entry.actor_type, "Myanmar", True, entry.entry)
    actor = to_actor(mention, Article(title="t", text=text), EventType.BATTLES, catalogue)
    assert actor.name == expected


def test_a_headline_saying_who_says_names_a_speaker_not_a_party(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels say six killed in shelling of Kidal\nThe group also said more were wounded."
    [shelling] = extract(text)
    assert shelling.actor1 is None or shelling.actor1.name != "Rebel forces"
