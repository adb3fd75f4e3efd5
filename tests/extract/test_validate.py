"""The validation step: codebook invariants on every emitted event (texts written for these tests)."""

from __future__ import annotations

from sitroom.extract.validate import (
    Rejected,
    abduction_happened,
    actors_are_names,
    agreement_concluded,
    interception_is_disrupted,
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
