"""The validation step: codebook invariants on every emitted event (texts written for these tests)."""

from __future__ import annotations

from sitroom.extract.merge import merge_mentions
from sitroom.extract.validate import (
    Rejected,
    abduction_happened,
    actors_are_names,
    agreement_concluded,
    arrests_need_an_arrest,
    bomb_then_battle_is_a_battle,
    cross_border_attack_is_remote,
    disruption_needs_a_weapon,
    interception_is_disrupted,
    seized_is_no_peaceful_transfer,
    sides_differ,
    validate,
)
from sitroom.model import Actor, Article, EventMention, EventType, Location, SubEventType

TEXT = "Fighters and officials said many things about the town of Example on Monday."
ARTICLE = Article(title="t", text=TEXT)


def _mention(sub: SubEventType, actor1: str | None = None, actor2: str | None = None, **kw: object) -> EventMention:
    return EventMention(
        article_id=ARTICLE.id,
        event_type=sub.event_type,
        sub_event_type=sub,
        actor1=Actor(name=actor1) if actor1 else None,
        actor2=Actor(name=actor2) if actor2 else None,
        evidence=ARTICLE.span(0, len(TEXT)),
        **kw,
    )


def test_talks_and_proposals_are_no_agreement() -> None:
    agreement = _mention(SubEventType.AGREEMENT, "Hamas")
    assert isinstance(
        agreement_concluded(agreement, "Mediators presented a new ceasefire proposal to Hamas."), Rejected
    )
    assert isinstance(agreement_concluded(agreement, "Talks over a truce ended with no breakthrough."), Rejected)
    assert isinstance(agreement_concluded(agreement, "It is the latest violation of the ceasefire."), Rejected)
    kept = agreement_concluded(agreement, "A short truce was achieved through mediation and prisoners exchanged.")
    assert kept is agreement
    # ACLED codes peace talks as an Agreement event
    assert agreement_concluded(agreement, "The government and the rebels started peace talks on Monday.") is agreement


def test_hostages_held_are_no_new_abduction() -> None:
    abduction = _mention(SubEventType.ABDUCTION_FORCED_DISAPPEARANCE, "Hamas")
    assert isinstance(abduction_happened(abduction, "Hamas refused to release the hostages it holds."), Rejected)
    assert abduction_happened(abduction, "Gunmen kidnapped a trader on the road to the city.") is abduction
    assert abduction_happened(abduction, "Gunmen took 12 passengers hostage on the highway.") is abduction


def test_drones_shot_down_are_disrupted_weapons_use() -> None:
    strike = _mention(SubEventType.AIR_DRONE_STRIKE, "Military Forces of Russia")
    disrupted = interception_is_disrupted(
        strike, "All 20 drones launched overnight were shot down, the air force said."
    )
    assert isinstance(disrupted, EventMention)
    assert disrupted.sub_event_type is SubEventType.DISRUPTED_WEAPONS_USE
    assert disrupted.event_type is EventType.STRATEGIC_DEVELOPMENTS
    hit = "Most drones were shot down but one struck a block of flats, killing two people."
    assert interception_is_disrupted(strike, hit) is strike


def test_one_named_actor_is_not_both_sides_but_unidentified_groups_may_be() -> None:
    same = _mention(SubEventType.ARMED_CLASH, "Military Forces of Ethiopia", "Military Forces of Ethiopia")
    fixed = sides_differ(same, TEXT)
    assert isinstance(fixed, EventMention) and fixed.actor2 is None and fixed.actor1 is not None
    gangs = _mention(SubEventType.ARMED_CLASH, "Unidentified Gang (Haiti)", "Unidentified Gang (Haiti)")
    assert sides_differ(gangs, TEXT) is gangs


def test_a_quote_mark_a_headline_run_or_the_place_itself_is_no_actor() -> None:
    place = Location(name="Pobeda")
    unknown_place = _mention(SubEventType.ARMED_CLASH, "Military Forces of Russia", None, location=place)
    unknown_place = unknown_place.model_copy(update={"actor2": Actor(name="Pobeda", known=False)})
    result = actors_are_names(unknown_place, TEXT)
    assert isinstance(result, EventMention) and result.actor2 is None and result.actor1 is not None
    quote = _mention(SubEventType.ARMED_CLASH, "“", "SLIM\n\nMediators")
    result = actors_are_names(quote, TEXT)
    assert isinstance(result, EventMention) and result.actor1 is None and result.actor2 is None


def test_validate_runs_every_rule_and_drops_rejected_events() -> None:
    assert validate(_mention(SubEventType.AGREEMENT, "Hamas"), "Hamas studied a new ceasefire proposal.") is None
    kept = validate(_mention(SubEventType.ARMED_CLASH, "Fano", "Fano"), "Fano fighters clashed with Fano.")
    assert kept is not None and kept.actor2 is None


def test_a_report_from_a_dateline_is_not_placed_or_acted_by_it(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "BANGKOK: A military airstrike on a village in the northern Sagaing region killed ten civilians on Tuesday, "
        "residents said."
    )
    mentions = extract(text)
    assert mentions, "the airstrike is an event"
    for mention in mentions:
        assert mention.location is None or "BANGKOK" not in mention.location.name.upper()
        assert all(a is None or "BANGKOK" not in a.name.upper() for a in (mention.actor1, mention.actor2))


def test_the_named_village_is_the_place_not_its_region(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Two jets bombed Kyaung Gone village in the northern Sagaing region on Tuesday, killing four people."
    located = [m.location.name for m in extract(text) if m.location is not None]
    assert located and located[0].startswith("Kyaung Gone")


def test_each_town_listed_gets_its_own_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On Monday, security forces launched a major operation against the militants in Latakia, Tartous and Hama."
    places = sorted(m.location.name for m in extract(text) if m.location is not None)
    assert places == ["Hama", "Latakia", "Tartous"]


def test_a_town_and_its_province_are_one_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 23 April 2022, Russian forces fired artillery at Kamianske, Zaporizhia."
    strikes = [m for m in extract(text) if m.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE]
    assert len(strikes) == 1


def _placed(mention: EventMention, country: str, actor_country: str | None = None) -> EventMention:
    actor = mention.actor1.model_copy(update={"country": actor_country}) if mention.actor1 else None
    return mention.model_copy(update={"location": Location(name="Somewhere", country=country), "actor1": actor})


def test_a_raid_is_no_arrest_unless_someone_is_detained() -> None:
    raid = _mention(SubEventType.ARRESTS, "Military Forces of Israel")
    assert isinstance(arrests_need_an_arrest(raid, "Troops raided one of the last hospitals."), Rejected)
    assert arrests_need_an_arrest(raid, "Troops raided the hospital and detained 40 staff.") is raid
    killed = arrests_need_an_arrest(raid, "Troops raided the village and killed six villagers.")
    assert isinstance(killed, EventMention) and killed.sub_event_type is SubEventType.ATTACK
    us = _placed(_mention(SubEventType.ARRESTS, "Military Forces of the United States"), "Yemen", "United States")
    air = arrests_need_an_arrest(us, "Two US raids also targeted the area.")
    assert isinstance(air, EventMention) and air.sub_event_type is SubEventType.AIR_DRONE_STRIKE


def test_a_foreign_army_attacking_across_the_border_struck_remotely() -> None:
    attack = _placed(_mention(SubEventType.ATTACK, "Military Forces of Israel"), "Lebanon", "Israel")
    struck = cross_border_attack_is_remote(attack, "Israeli forces targeted the town, killing two people.")
    assert isinstance(struck, EventMention) and struck.sub_event_type is SubEventType.AIR_DRONE_STRIKE
    assert cross_border_attack_is_remote(attack, "Soldiers opened fire on farmers near the fence.") is attack
    at_home = _placed(_mention(SubEventType.ATTACK, "Military Forces of Israel"), "Israel", "Israel")
    assert cross_border_attack_is_remote(at_home, "Forces targeted the town.") is at_home


def test_a_suicide_bomb_that_opens_an_assault_is_a_battle() -> None:
    bomb = _mention(SubEventType.SUICIDE_BOMB, "Al Shabaab")
    battle = bomb_then_battle_is_a_battle(bomb, "Fighters stormed the base after a suicide car bomb.")
    assert isinstance(battle, EventMention) and battle.sub_event_type is SubEventType.ARMED_CLASH
    assert bomb_then_battle_is_a_battle(bomb, "A suicide bomber blew himself up at a market.") is bomb


def test_ground_seized_was_no_peaceful_transfer_unless_the_text_says_so() -> None:
    transfer = _mention(SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY, "M23")
    taken = seized_is_no_peaceful_transfer(transfer, "Rebels also seized Katana the day before.")
    assert isinstance(taken, EventMention)
    assert taken.sub_event_type is SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    quiet = "Militants seized a deserted rocket-launching site."
    assert seized_is_no_peaceful_transfer(transfer, quiet) is transfer


def test_a_disruption_needs_a_weapon() -> None:
    disrupted = _mention(SubEventType.DISRUPTED_WEAPONS_USE, "Police Forces of Ghana")
    assert disruption_needs_a_weapon(disrupted, "Officers intercepted 12 locally made guns.") is disrupted
    base = disruption_needs_a_weapon(disrupted, "The group claimed it had seized a key base from the army.")
    assert isinstance(base, EventMention)
    assert base.sub_event_type is SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    assert isinstance(disruption_needs_a_weapon(disrupted, "Officials met on Monday."), Rejected)


def test_an_unfamiliar_village_named_in_apposition_is_the_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Russia said on Thursday its forces had taken control of Pobeda, a small village west of Donetsk city."
    mentions = extract(text)
    assert mentions and mentions[0].location is not None and mentions[0].location.name == "Pobeda"
    assert all(a is None or a.name != "Pobeda" for m in mentions for a in (m.actor1, m.actor2))


def test_a_country_named_as_an_army_is_not_the_scene(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The Myanmar military killed 19 people in an air attack on a rebel position on Sunday, the militia said."
    located = [m.location.name for m in extract(text) if m.location is not None]
    assert "Myanmar" not in located


def test_a_headline_restating_the_lead_is_one_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Junta airstrikes hit resistance strongholds\n"
        "Two fighter jets bombed Kyaung Gone village in Sagaing Region on Tuesday, killing four people, residents said."
    )
    strikes = [m for m in extract(text) if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE]
    assert len(strikes) == 1
    assert strikes[0].location is not None and strikes[0].location.name.startswith("Kyaung Gone")


def test_a_camp_or_village_named_with_its_noun_is_the_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The RSF shelled the Zamzam camp for displaced people in North Darfur on Sunday, killing eight people."
    located = [m.location.name for m in extract(text) if m.location is not None]
    assert located and located[0].startswith("Zamzam")


def test_a_neighbourhood_is_placed_in_its_city(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 3 February 2022, in Salvador (Bahia), women gathered in the Ondina neighborhood to demand better care."
    located = [m.location.name for m in extract(text) if m.location is not None]
    assert located and located[0] == "Salvador"


def test_a_protest_that_turned_violent_is_one_event_coded_by_how_far_it_went() -> None:
    nairobi = Location(name="Nairobi", country="Kenya")
    rally = _mention(SubEventType.PEACEFUL_PROTEST, "Protesters (Kenya)", location=nairobi)
    riot = _mention(SubEventType.VIOLENT_DEMONSTRATION, "Rioters (Kenya)", location=nairobi)
    elsewhere = _mention(SubEventType.PEACEFUL_PROTEST, "Protesters (Kenya)", location=Location(name="Mombasa"))
    merged = merge_mentions([rally, riot, elsewhere])
    assert [m.sub_event_type for m in merged] == [SubEventType.VIOLENT_DEMONSTRATION, SubEventType.PEACEFUL_PROTEST]
    assert merged[0].actor1 is not None and merged[0].actor1.name == "Rioters (Kenya)"
