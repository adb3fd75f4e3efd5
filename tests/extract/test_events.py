"""The extractor end to end on real sentences: segmentation, roles, background, negation, claims, merging."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.extract import load_extractor
from sitroom.extract.events import EventExtractor
from sitroom.extract.labels import reconcile
from sitroom.extract.triggers import (
    Kind,
    find_triggers,
    is_attribution,
    is_background,
    reference_year,
    without_grievances,
)
from sitroom.model import ActorType, Article, EventType, Stance, SubEventType, TimePrecision

from ..conftest import EXAMPLES, SEED_ARTICLE


def _names(mention) -> set[str]:  # type: ignore[no-untyped-def]
    actors = [mention.actor1, mention.actor2, *mention.assoc_actors_1, *mention.assoc_actors_2]
    return {a.name for a in actors if a is not None}


def test_load_extractor_returns_a_working_extractor() -> None:
    assert isinstance(load_extractor(), EventExtractor)


def test_seed_article_gives_its_three_incidents(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(SEED_ARTICLE.read_text(encoding="utf-8"))
    by_type = {m.sub_event_type: m for m in mentions}
    strike = by_type[SubEventType.AIR_DRONE_STRIKE]
    assert strike.actor1 is not None and strike.actor1.name == "Military Forces of Russia"
    assert "Military Forces of Syria" in {a.name for a in strike.assoc_actors_1}
    assert strike.actor2 is not None and strike.actor2.name == "Civilians (Syria)"
    assert strike.fatalities.low == 25
    claims = {(c.by, c.stance) for c in strike.claims}
    assert ("White Helmets", Stance.ASSERTS) in claims
    assert ("Government of Syria", Stance.DENIES) in claims
    capture = by_type[SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY]
    assert capture.actor1 is not None and capture.actor1.name == "Hayat Tahrir al-Sham"
    assert capture.location is not None and capture.location.name == "Aleppo"
    deployment = by_type[SubEventType.CHANGE_TO_GROUP_ACTIVITY]
    assert deployment.actor1 is not None and deployment.actor1.backers == ["Iran"]
    assert all("2011" not in m.evidence.text for m in mentions)
    assert len(mentions) == 3


def test_two_incidents_in_one_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Russian airstrikes on Idlib killed 25 civilians on Monday, while rebels captured the town of Saraqib."
    mentions = extract(text)
    types = [m.event_type for m in mentions]
    assert types == [EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES]
    strike, capture = mentions
    assert strike.actor1.name == "Military Forces of Russia"  # type: ignore[union-attr]
    assert strike.fatalities.best == 25 and strike.actor2.name == "Civilians (Syria)"  # type: ignore[union-attr]
    assert capture.location.name == "Saraqib"  # type: ignore[union-attr]
    assert capture.fatalities.known is False  # the 25 belong to the strike


def test_no_casualties_is_a_zero_not_a_missing_figure(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(
        "Regime helicopters dropped barrel bombs on villages near Maarat al-Numan, and no casualties were reported."
    )
    assert len(mentions) == 1
    assert mentions[0].fatalities.best == 0
    assert mentions[0].actor1.name == "Military Forces of Syria"  # type: ignore[union-attr]


def test_negated_and_hypothetical_incidents_are_not_events(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("There were no clashes in Daraa on Friday, residents said.") == []
    assert [t.kind for t in find_triggers("The rebels threatened to attack Hama within days.")] == []
    concern = (
        "The United Nations has expressed growing concern in recent days over reports of heavy fighting in densely "
        "populated areas as the RSF seeks control of El-Fasher."
    )
    assert [t.kind for t in find_triggers(concern)] == []
    assert extract(concern) == []
    # the concern about an incident the sentence tells is no reason to drop it
    told = "Militants attacked a market in Gao on Sunday, killing 12, prompting concern over reports of more raids."
    assert Kind.ATTACK in {t.kind for t in find_triggers(told)}


def test_triggers_are_found_whatever_the_case_with_their_own_spelling() -> None:
    for sentence in ("Rebels ATTACKED an army post near Hama.", "İzmir: rebels ATTACKED an army post near Hama."):
        [trigger] = [t for t in find_triggers(sentence) if t.kind is Kind.ATTACK]
        assert trigger.text == "ATTACKED"
        assert sentence[trigger.start : trigger.end] == "ATTACKED"


def test_trigger_stems_do_not_fire_inside_other_words() -> None:
    sentence = "BNP Executive Committee Member Khaleda Yasmin and nine other BNP activists were arrested on Thursday."
    assert [t.kind for t in find_triggers(sentence)] == [Kind.ARREST]
    assert Kind.ATTACK in {t.kind for t in find_triggers("Gunmen executed three hostages in the village.")}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("In response, the security forces launched a major security operation in Latakia, Tartous, and Hama.", True),
        ("The army conducted an operation against militants near Jilib on Saturday.", True),
        ("The army said military operations in the region would continue for months.", False),  # a campaign
        ("The operation room of the rebel factions issued a statement.", False),
    ],
)
def test_a_military_operation_is_a_fight_word(sentence: str, found: bool) -> None:
    assert (Kind.CLASH in {t.kind for t in find_triggers(sentence)}) is found


def test_people_captured_in_a_toll_are_no_capture_of_ground() -> None:
    toll = "The militia said 602 federal soldiers were killed, 430 wounded, and 98 captured."
    assert Kind.TERRITORY not in {t.kind for t in find_triggers(toll)}
    town = "Rebels captured the town of Bunagana after three soldiers were killed."
    assert Kind.TERRITORY in {t.kind for t in find_triggers(town)}


def test_an_exchange_of_prisoners_is_an_agreement_word() -> None:
    sentence = "Syrian rebels and government forces exchanged prisoners and dead fighters near Aleppo on Tuesday."
    assert Kind.AGREEMENT in {t.kind for t in find_triggers(sentence)}
    assert Kind.AGREEMENT not in {t.kind for t in find_triggers("The two sides exchanged fire near Aleppo.")}


def test_territory_taken_over_is_a_territory_word() -> None:
    sentence = "The army spokesman said that Mai Mai rebels have taken over four localities in Beni territory."
    assert [t.kind for t in find_triggers(sentence)] == [Kind.TERRITORY]


def test_a_gas_leak_is_no_chemical_attack_but_a_gas_attack_is(extract) -> None:  # type: ignore[no-untyped-def]
    leak = (
        "No fewer than 462 people have been affected by a chlorine gas leakage in the industrial city of Manchester. "
        "According to the local news agency, the leakage is from a reservoir at a water plant. "
        "It has caused respiratory problems and intoxication."
    )
    assert extract(leak) == []
    [attack] = extract(
        "Government forces dropped chlorine gas on the rebel-held town of Kafr Zita on Friday. "
        "It has caused respiratory problems and intoxication."
    )
    assert attack.sub_event_type is SubEventType.CHEMICAL_WEAPON


def test_a_dateline_is_no_incident_of_its_own(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Addis Ababa, 20 November. Police have seized 50 Kalashnikov rifles, a grenade launcher and several "
        "ammunitions in Debre Berhan town, about 100 km north of the capital."
    )
    mentions = extract(text)
    assert mentions and all(not m.evidence.text.startswith("Addis Ababa, 20 November") for m in mentions)


def test_denial_in_the_next_sentence_is_attached(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Syrian government forces shelled the town of Ariha on Tuesday, killing four civilians, "
        "according to the White Helmets. The Syrian government denied targeting civilians."
    )
    [shelling] = extract(text)
    assert shelling.sub_event_type is SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK
    assert shelling.actor1.name == "Military Forces of Syria"  # type: ignore[union-attr]
    assert shelling.fatalities.best == 4
    claims = {(c.by, c.stance) for c in shelling.claims}
    assert claims == {("White Helmets", Stance.ASSERTS), ("Government of Syria", Stance.DENIES)}


def test_a_claim_of_responsibility_is_attached_to_the_attack_it_claims(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen attacked a police checkpoint in Kano on Monday, killing four officers. "
        "The Islamic State West Africa Province claimed responsibility for the attack."
    )
    [attack] = extract(text)  # the statement is no second incident
    assert attack.fatalities.best == 4
    [claim] = attack.claims
    assert (claim.by, claim.stance) == (
        "ISWAP: Islamic State West Africa Province",
        Stance.ASSERTS,
    )  # the catalogue name
    assert "responsibility" in claim.about


@pytest.mark.parametrize(
    "sentence",
    [
        "Islamic State claimed responsibility for a car bomb in Diyarbakir on Friday that killed eight people.",
        "Russia on Thursday denied its planes were responsible for air strikes that destroyed a hospital in Aleppo.",
        "Military officials have rejected accusations of bombing a mosque which killed at least 46 people.",
        "No group has claimed responsibility for the bombing.",
    ],
)
def test_statements_of_who_did_it_are_not_incidents(extract, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert is_attribution(sentence)
    assert extract(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed 12 villagers in an attack the army blamed on Boko Haram.",
        "Taliban militants attacked an army checkpoint in Helmand, and the group later claimed responsibility.",
    ],
)
def test_an_incident_reported_before_its_attribution_stays_an_event(extract, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert not is_attribution(sentence)
    assert len(extract(sentence)) == 1


def test_backers_are_kept_on_the_actor(extract) -> None:  # type: ignore[no-untyped-def]
    [mention] = extract("Iran-backed militias attacked SDF positions near Deir ez-Zor on Sunday.")
    assert mention.actor1.backers == ["Iran"]  # type: ignore[union-attr]
    assert mention.actor1.known is False  # type: ignore[union-attr]
    assert mention.actor2.name == "QSD: Syrian Democratic Forces"  # type: ignore[union-attr]
    assert mention.event_type is EventType.BATTLES  # an attack on an armed party is a battle


def test_background_history_is_not_an_event(extract) -> None:  # type: ignore[no-untyped-def]
    assert is_background("The Syrian civil war, which started in 2011, has killed more than 500,000 people.", 2024)
    text = (
        "The Syrian civil war, which started in 2011, has evolved through various phases. "
        "Government forces besieged Aleppo in 2016 before retaking it."
    )
    assert extract(text, dt.datetime(2024, 12, 1, tzinfo=dt.UTC)) == []


def test_relative_dates_resolve_against_publication(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Hundreds of people protested in Karachi on Friday against rising fuel prices."
    [protest] = extract(text, dt.datetime(2022, 6, 20, 9, tzinfo=dt.UTC))
    assert protest.event_type is EventType.PROTESTS
    assert protest.actor1.name == "Protesters (Pakistan)"  # type: ignore[union-attr]
    assert protest.date == dt.date(2022, 6, 17) and protest.time_precision is TimePrecision.DAY
    [undated] = extract(text)
    assert undated.date is None and undated.time_precision is TimePrecision.MONTH


def test_lead_and_body_mentions_of_one_incident_merge(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian and Syrian air strikes on Idlib kill at least 25, rescuers say\n"
        "Syrian and Russian warplanes pounded the rebel-held city of Idlib on Monday, killing at least 25 people, "
        "according to the White Helmets rescue service."
    )
    strikes = [m for m in extract(text) if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE]
    assert len(strikes) == 1
    assert {"Military Forces of Syria", "Military Forces of Russia"} <= _names(strikes[0])


def test_the_conflict_examples_yield_events(extract) -> None:  # type: ignore[no-untyped-def]
    found = {path.name: extract(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("0*.txt"))}
    assert all(found.values()), [name for name, mentions in found.items() if not mentions]


def test_ungrounded_text_raises_nothing_and_yields_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("The weather in Damascus was mild and markets were busy.") == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_example_articles_extract_cleanly(extract, path: Path) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(path.read_text(encoding="utf-8"))  # some examples report no ACLED event at all
    ids = [m.id for m in mentions]
    assert len(ids) == len(set(ids))
    json.dumps([m.model_dump(mode="json") for m in mentions])  # serialisable for `sitroom extract`
    assert all(isinstance(m, type(mentions[0])) for m in mentions)


def test_article_model_is_untouched(extractor: EventExtractor) -> None:
    article = Article(title="t", text="Gunmen shot dead a farmer in Benue state on Sunday.")
    before = article.model_dump()
    extractor(article)
    assert article.model_dump() == before
    assert Kind.ATTACK in {t.kind for t in find_triggers(article.text)}


@pytest.mark.parametrize(
    "sentence",
    ["On 19 March 2022, Russian forces shelled Kharkiv.", "Since March, rebels have clashed with troops."],
)
def test_the_month_march_is_no_protest(sentence: str) -> None:
    assert [t.kind for t in find_triggers(sentence)] and all(
        t.kind is not Kind.PROTEST for t in find_triggers(sentence)
    )


def test_a_march_named_as_an_event_is_still_a_protest() -> None:
    assert any(t.kind is Kind.PROTEST for t in find_triggers("Thousands joined the Women's March in Washington."))


def test_a_history_aside_after_the_incident_keeps_the_news(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 6 March 2023, hundreds of protesters gathered in Tbilisi to oppose the war, which began last year."
    assert any(m.event_type is EventType.PROTESTS for m in extract(text))
    assert is_background("The war, which started in 2011, has killed more than 500,000 people.", 2023)


def test_how_a_demonstration_went_is_read_from_the_next_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 4 May 2023, about 300 teachers protested outside the ministry in Nairobi. "
        "Police fired tear gas to disperse them."
    )
    mentions = [m for m in extract(text) if m.event_type is EventType.PROTESTS]
    assert [m.sub_event_type for m in mentions] == [SubEventType.PROTEST_WITH_INTERVENTION]


def test_how_a_blockade_went_is_read_from_the_paragraph(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 9 May 2023, truck drivers blocked the national highway near Rosario to demand cheaper diesel. "
        "The rally was called by the drivers union. "
        "They beat up two drivers who did not respect the blockade."
    )
    mentions = [m for m in extract(text) if m.event_type in (EventType.PROTESTS, EventType.RIOTS)]
    assert mentions and mentions[0].sub_event_type is SubEventType.VIOLENT_DEMONSTRATION


def test_another_report_in_the_paragraph_does_not_change_how_a_protest_went(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 4 May 2023, about 300 teachers protested peacefully outside the ministry in Nairobi. "
        "Elsewhere, police fired tear gas at students in Kisumu."
    )
    mentions = [m for m in extract(text) if m.event_type is EventType.PROTESTS]
    assert mentions and mentions[0].sub_event_type is SubEventType.PEACEFUL_PROTEST


def test_a_plant_is_no_plan() -> None:
    # "plan" marks a hypothetical attack; "plant" (a factory) must not.
    assert [t.kind for t in find_triggers("On 19 January 2023, workers of the cement plant protested on the premises.")]
    assert find_triggers("Rebels plan to attack the city next week.") == []


def test_a_year_the_text_looks_ahead_to_does_not_make_the_news_history(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 14 April 2023, around 3,000 students held a protest in front of the council building in Surabaya. "
        "They opposed a third term for the president in the 2026 election."
    )
    assert reference_year(text, None) == 2023
    assert any(m.event_type is EventType.PROTESTS for m in extract(text))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Russian forces using Su-25 jets conducted strikes on the village.", Kind.AIR),
        ("Unidentified men blew up a bridge on the main road.", Kind.EXPLOSIVE),
        ("Armed herders invaded three farming communities overnight.", Kind.ATTACK),
        ("The militia fired at a police patrol near the market.", Kind.ATTACK),
        ("Taxi drivers staged a motorcade through the capital to demand lower fuel prices.", Kind.PROTEST),
    ],
)
def test_common_incident_wordings_are_triggers(sentence: str, kind: Kind) -> None:
    assert kind in {t.kind for t in find_triggers(sentence)}


def test_a_labour_strike_is_no_air_strike() -> None:
    assert Kind.AIR not in {t.kind for t in find_triggers("Dock workers carried out a strike at the port.")}


@pytest.mark.parametrize(
    "text",
    [
        "On 24 June 2023, about 50 people marched in Veracruz to demand the release of a teacher who was kidnapped "
        "in May.",
        "On 9 March 2023, families whose children were abducted by the militia staged a protest in Mus.",
    ],
)
def test_the_violence_a_protest_is_about_is_its_grievance(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    # Whatever the classifier says, only the protest is left to report an incident.
    assert [t.kind for t in without_grievances(text, find_triggers(text))] == [Kind.PROTEST]
    assert reconcile(SubEventType.ABDUCTION_FORCED_DISAPPEARANCE, without_grievances(text, find_triggers(text))) is (
        SubEventType.PEACEFUL_PROTEST
    )
    types = [m.event_type for m in extract(text)]
    assert types and types[0] is EventType.PROTESTS


def test_violence_against_a_protest_is_no_grievance() -> None:
    text = "Gunmen attacked the protesters who were marching against the new law."
    assert Kind.ATTACK in {t.kind for t in without_grievances(text, find_triggers(text))}


def test_the_town_is_the_location_not_the_square_in_it(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 3 May 2023, about 200 students protested at the Walker Library in Minneapolis against tuition fees."
    protests = [m for m in extract(text) if m.event_type is EventType.PROTESTS]
    assert protests and protests[0].location is not None and protests[0].location.name == "Minneapolis"


def test_a_place_name_joined_by_a_particle_is_kept_whole(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 30 June 2022, in San Fernando del Valle de Catamarca (Catamarca), savers protested to demand refunds."
    protests = [m for m in extract(text) if m.event_type is EventType.PROTESTS]
    assert protests and protests[0].location is not None
    assert protests[0].location.name == "San Fernando del Valle de Catamarca"
    assert protests[0].location.evidence is not None and protests[0].location.evidence.text.endswith("Catamarca")


def test_a_spokesman_speaks_for_his_side_and_takes_no_part(extract) -> None:  # type: ignore[no-untyped-def]
    [attack] = extract("An army spokesman said gunmen attacked a village near Beni on Sunday, killing five civilians.")
    assert attack.sub_event_type is SubEventType.ATTACK
    assert attack.actor1 is not None and attack.actor1.actor_type is not ActorType.STATE_FORCES
    [capture] = extract(
        "Capt. Dieudonne Kasereka, army spokesman in South Klampok, said that rebels have taken over four villages."
    )
    assert capture.sub_event_type is SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY


@pytest.mark.parametrize(
    "sentence",
    [
        "As fighting intensifies, the president is seeking support from Gulf allies.",
        "The governor flew to the capital as clashes continue over El-Fasher.",
    ],
)
def test_the_course_of_a_war_framing_a_sentence_is_no_incident(sentence: str) -> None:
    assert find_triggers(sentence) == []


def test_fighting_that_happened_is_still_an_incident() -> None:
    assert find_triggers("Fighting intensified in Bakhmut as clashes killed 12 soldiers on Monday.")


def test_a_date_on_the_line_before_does_not_date_the_next_paragraph(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Clashes spread along the coast on Thursday.\n"
        "Curfews were extended. pic.twitter.com/abc123\n"
        "— Some Monitor (@monitor) March 9, 2025\n"
        "In Baniyas, gunmen shot dead 12 men, a rights group said."
    )
    [killing] = [e for e in extract(text) if e.location and e.location.name == "Baniyas"]
    assert killing.date != dt.date(2025, 3, 9)


@pytest.mark.parametrize(
    "sentence",
    ["Turkish forces struck several trucks moving towards Kobani.", "Troops targeted the village of Tal Tamr at dawn."],
)
def test_an_armed_side_striking_or_targeting_is_an_incident_word(sentence: str) -> None:
    assert [t.kind for t in find_triggers(sentence)] == [Kind.ATTACK]


@pytest.mark.parametrize(
    "sentence", ["The two governments struck a deal on grain exports.", "The campaign targeted young voters."]
)
def test_striking_a_deal_or_targeting_voters_is_not(sentence: str) -> None:
    assert find_triggers(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 12 people were killed in Russian strikes on Kharkiv overnight.",
        "Three homes were hit by Saudi-led coalition strikes near Saada.",
        "Israeli strikes kill 20 in central Gaza",
    ],
)
def test_strikes_told_by_what_they_did_are_air_strike_words(sentence: str) -> None:
    assert any(t.kind is Kind.AIR for t in find_triggers(sentence))


@pytest.mark.parametrize(
    "sentence",
    ["Two teachers were injured in the general strike.", "At least 15 civilians were killed in the strikes."],
)
def test_a_labour_strike_or_strikes_told_before_are_not(sentence: str) -> None:
    assert all(t.kind is not Kind.AIR for t in find_triggers(sentence))


_YEREVAN = (
    "Armenia's parliament ratified the border deal on Tuesday.\n"
    "The opposition called the deal a betrayal and vowed to resist it.\n"
    "The vote caused outrage among many residents of Yerevan.\n"
    "{sentence}\n"
    "The government said it would not reopen the deal."
)


def test_a_crowd_incident_told_with_its_own_day_is_news_with_no_one_named(extract) -> None:  # type: ignore[no-untyped-def]
    sentence = (
        "It was followed by a rally on Wednesday that evolved into skirmishes with police and left some people injured."
    )
    text = _YEREVAN.format(sentence=sentence)
    events = extract(text, dt.datetime(2025, 5, 9, tzinfo=dt.UTC))
    assert [e.event_type for e in events] == [EventType.RIOTS]


def test_the_side_named_before_strikes_struck_even_after_killed_in(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Eight people were killed in Turkish strikes on Qamishli on Monday, local officials said."
    [strike] = extract(text)
    assert strike.actor1 is not None and strike.actor1.name == "Military Forces of Turkey"
