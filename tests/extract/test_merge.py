"""Document-level assembly: one record per incident across a whole report (texts written for these tests)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

from sitroom.extract.merge import drop_stale, fill_unnamed_strikers, fold_tolls, fold_unplaced, fold_vague_places
from sitroom.extract.validate import agreement_in_passing
from sitroom.model import Actor, Article, EventMention, Location, SubEventType, TimePrecision

TEXT = (
    "An airstrike on a village killed ten civilians. Jets bombed Nyaung Kone village in Sagaing Region. "
    "Ten people were shot dead. Troops clashed with rebels in Mandalay."
)
ARTICLE = Article(title="t", text=TEXT)


class Gazetteer:
    """A stand-in for the gazetteer's two answers, so each rule is tested on its own logic."""

    towns: ClassVar[dict[str, set[str]]] = {"Nyaung Kone": {"Myanmar"}, "Moscow": {"Russia"}, "Mandalay": {"Myanmar"}}
    regions: ClassVar[set[str]] = {"Kayah"}

    def __call__(self, name: str) -> set[str]:
        return self.towns.get(name, set())

    def is_region(self, name: str) -> bool:
        return name in self.regions


def _at(sub: SubEventType, place: str | None, sentence: int, actor1: str | None = None, **kw: object) -> EventMention:
    starts = [0, *(i + 2 for i, ch in enumerate(TEXT) if ch == "." and i + 2 < len(TEXT))]
    start = starts[sentence]
    end = TEXT.find(".", start) + 1
    return EventMention(
        article_id=ARTICLE.id,
        event_type=sub.event_type,
        sub_event_type=sub,
        actor1=Actor(name=actor1, known=actor1 is not None and not actor1.startswith("Unidentified"))
        if actor1
        else None,
        location=Location(name=place, country="Myanmar") if place else None,
        evidence=ARTICLE.span(start, end),
        **kw,
    )


def test_a_country_wide_telling_joins_the_named_village_inside_it() -> None:
    lead = _at(SubEventType.AIR_DRONE_STRIKE, "Myanmar", 0, "Military Forces of Myanmar")
    body = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1)
    folded = fold_vague_places([lead, body], Gazetteer())
    assert len(folded) == 1
    assert folded[0].location is not None and folded[0].location.name == "Nyaung Kone"
    assert folded[0].actor1 is not None and folded[0].actor1.name == "Military Forces of Myanmar"


def test_a_country_wide_telling_stays_when_the_named_place_is_in_another_country() -> None:
    lead = _at(SubEventType.AIR_DRONE_STRIKE, "Myanmar", 0)
    abroad = _at(SubEventType.AIR_DRONE_STRIKE, "Moscow", 1)
    assert len(fold_vague_places([lead, abroad], Gazetteer())) == 2


def test_a_region_joins_only_a_place_told_inside_it() -> None:
    region = _at(SubEventType.AIR_DRONE_STRIKE, "Sagaing Region", 0)
    inside = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1)  # its sentence names Sagaing Region
    elsewhere = _at(SubEventType.AIR_DRONE_STRIKE, "Kayah", 0)
    folded = fold_vague_places([region, elsewhere, inside], Gazetteer())
    assert [m.location.name for m in folded if m.location] == ["Kayah", "Nyaung Kone"]


def test_a_vague_telling_of_another_type_stays() -> None:
    lead = _at(SubEventType.ARMED_CLASH, "Myanmar", 3)
    body = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1)
    assert len(fold_vague_places([lead, body], Gazetteer())) == 2


def test_a_killing_without_a_perpetrator_is_the_toll_of_the_incident_at_that_place() -> None:
    strike = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1, "Military Forces of Myanmar")
    killing = _at(SubEventType.ATTACK, "Nyaung Kone", 2, "Unidentified Armed Group (Myanmar)")
    folded = fold_tolls([strike, killing])
    assert [m.sub_event_type for m in folded] == [SubEventType.AIR_DRONE_STRIKE]


def test_a_named_perpetrators_attack_is_its_own_event() -> None:
    strike = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1, "Military Forces of Myanmar")
    massacre = _at(SubEventType.ATTACK, "Nyaung Kone", 2, "Wagner Group")
    assert len(fold_tolls([strike, massacre])) == 2


def test_a_killing_elsewhere_is_its_own_event() -> None:
    strike = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1)
    killing = _at(SubEventType.ATTACK, "Mandalay", 2)
    assert len(fold_tolls([strike, killing])) == 2


def test_an_incident_dated_weeks_before_the_report_is_background() -> None:
    old = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1, date=dt.date(2025, 1, 2))
    recent = _at(SubEventType.ARMED_CLASH, "Mandalay", 3, date=dt.date(2025, 1, 26))
    undated = _at(SubEventType.ATTACK, "Mandalay", 2)
    assert drop_stale([old, recent, undated], dt.date(2025, 1, 27)) == [recent, undated]
    assert drop_stale([old, recent], None) == [old, recent]


def test_a_report_tells_its_lead_once_at_the_named_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Myanmar junta airstrike kills villagers\n"
        "A Myanmar military airstrike on a village killed ten civilians, residents said on Wednesday.\n"
        "A military jet dropped three bombs on Nyaung Kone village in the northern Sagaing region on Tuesday "
        "afternoon, a resident said.\n"
        "The military government did not respond to requests for comment."
    )
    strikes = [m for m in extract(text) if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE]
    assert len(strikes) == 1
    assert strikes[0].location is not None and strikes[0].location.name.startswith("Nyaung Kone")
    assert strikes[0].fatalities.acled() == 10


def test_a_telling_with_no_place_joins_the_earlier_incident_of_its_sub_type() -> None:
    strike = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1)
    again = _at(SubEventType.AIR_DRONE_STRIKE, None, 2)
    clash = _at(SubEventType.ARMED_CLASH, None, 3)  # another kind of incident: its own event
    assert fold_unplaced([strike, again, clash]) == [fold_unplaced([strike, again])[0], clash]
    assert len(fold_unplaced([strike, again])) == 1


def test_how_far_a_demonstration_went_is_one_event_with_its_unplaced_telling() -> None:
    riot = _at(SubEventType.VIOLENT_DEMONSTRATION, "Nairobi", 0, "Rioters (Kenya)")
    force = _at(SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS, None, 2, "Protesters (Kenya)")
    folded = fold_unplaced([riot, force])
    assert [m.sub_event_type for m in folded] == [SubEventType.VIOLENT_DEMONSTRATION]


def test_an_agreement_only_mentioned_is_none() -> None:
    def agreement(text: str) -> EventMention:
        article = Article(title="t", text=text)
        return EventMention(
            article_id=article.id,
            event_type=SubEventType.AGREEMENT.event_type,
            sub_event_type=SubEventType.AGREEMENT,
            evidence=article.span(0, len(text)),
        )

    assert agreement_in_passing(agreement("The group paused its attacks during a two-month ceasefire."))
    assert agreement_in_passing(agreement("The ceasefire brought an end to a year of hostilities."))
    assert agreement_in_passing(agreement("The Houthis backed the Gaza ceasefire agreement reached in January."))
    assert not agreement_in_passing(agreement("On Sunday night, a short-term truce was achieved through mediation."))
    assert not agreement_in_passing(agreement("The two sides exchanged prisoners near Aleppo on Tuesday."))


def test_a_later_sentence_about_the_attack_gives_its_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Militants attack army base in Nigeria\n"
        "Islamist militants launched a devastating attack on an army base in Borno State, killing three soldiers, "
        "a military source said on Tuesday.\n"
        "The attack, which took place on Sunday in Isige town, lasted for several hours.\n"
        "Residents said the militants fled before reinforcements arrived from a nearby unit."
    )
    battles = [m for m in extract(text) if m.location is not None and m.sub_event_type is SubEventType.ARMED_CLASH]
    assert [m.location.name for m in battles if m.location] == ["Isige"]


def test_bombs_dropped_from_a_jet_are_an_air_strike_not_a_grenade(extract) -> None:  # type: ignore[no-untyped-def]
    text = "A military jet dropped three bombs on Nyaung Kone village in the Sagaing region on Tuesday, residents said."
    assert [m.sub_event_type for m in extract(text)] == [SubEventType.AIR_DRONE_STRIKE]


def test_a_list_of_places_gives_one_event_each_even_where_ner_misses_a_name(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Fierce fighting continued on Monday around Bakhmut, Marinka and Lyman, Ukraine's military said."
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert places == ["Bakhmut", "Marinka", "Lyman"]


def test_an_aside_about_a_listed_place_does_not_end_the_list(extract) -> None:  # type: ignore[no-untyped-def]
    for text, places in [
        ("Rebels seized Kitchanga, 40 km north of Goma, and Mweso on Sunday, officials said.", ["Kitchanga", "Mweso"]),
        ("Jihadists overran Djibo, a town near the border, and Arbinda on Sunday.", ["Djibo", "Arbinda"]),
    ]:
        assert [m.location.name for m in extract(text) if m.location is not None] == places


def test_a_name_after_a_comma_without_a_closing_and_is_no_listed_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Heavy clashes broke out on Monday in Bakhmut, Reuters reported, citing local officials."
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert places == ["Bakhmut"]


def test_a_village_ner_misses_is_the_place_after_at(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The army said it had launched an aerial attack at Tinzaouatene on Tuesday, killing several fighters."
    assert [m.location.name for m in extract(text) if m.location is not None] == ["Tinzaouatene"]


def test_a_month_or_a_name_inside_a_word_is_no_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The group Jama’at Nusrat Al-Islam wal Muslimeen said it had attacked an army convoy in March."
    assert all(m.location is None or "Nusrat" not in m.location.name for m in extract(text))
    assert all(m.location is None or m.location.name != "March" for m in extract(text))


def test_a_later_sentence_about_the_attack_gives_its_place_whatever_history_it_recalls(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Junta jet kills 12 in central Myanmar\n"
        "The Myanmar military killed 12 people in an air attack on a rebel position, the militia said on Monday.\n"
        "The attack was near a school in Thaya Gone village, held by fighters of a group formed after the coup in "
        "2021.\n"
        "Residents said the bodies were buried the same day."
    )
    strikes = [
        m
        for m in extract(text, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
        if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE
    ]
    assert [m.location.name for m in strikes if m.location] == ["Thaya Gone"]


def test_an_incident_named_again_with_the_is_no_new_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Junta jet kills 12 in central Myanmar\n"
        "Military jets bombed Thaya Gone village in Magway Region on Sunday, killing 12 people, a local militia said.\n"
        "A spokesman for the militia in Pakokku said the Sunday air raid lasted for half an hour.\n"
        "There had been no fighting in the Pakokku area for months, so the attack came as a surprise, a resident said."
    )
    events = extract(text, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    assert [(m.sub_event_type, m.location.name if m.location else None) for m in events] == [
        (SubEventType.AIR_DRONE_STRIKE, "Thaya Gone")
    ]


def test_a_subject_with_the_before_its_verb_still_tells_a_new_incident(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Army retakes city centre\n"
        "Soldiers clashed with rebels in Dalanj on Monday, a military source said.\n"
        "On Thursday, the army said the troops had seized control of the airport in Kadugli from the rebels."
    )
    places = {m.location.name for m in extract(text, dt.datetime(2025, 3, 7, tzinfo=dt.UTC)) if m.location is not None}
    assert "Kadugli" in places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "A missile strike on Darfur’s Kalma displacement camp killed six people on Monday, aid workers said.",
            "Kalma",
        ),
        ("Army jets bombed Magway Region’s Pauk Township on Tuesday, killing four villagers.", "Pauk Township"),
    ],
)
def test_the_place_a_region_owns_is_the_scene_not_the_region(extract, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.location.name for m in extract(text) if m.location is not None] == [place]


def test_a_lead_placed_in_a_country_takes_the_place_the_next_sentence_names_with_the_incident(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Drone strikes kill civilians in Niger\n"
        "At least nine civilians were killed on Monday by drone strikes in Niger’s west, where the army is "
        "fighting jihadists, local sources said. Residents blamed the army for the strikes at Tillia, near the "
        "border.\n\n"
        "A local official told reporters that nine civilians were killed in the strikes."
    )
    events = extract(text, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    assert [(m.sub_event_type, m.location.name if m.location else None) for m in events] == [
        (SubEventType.AIR_DRONE_STRIKE, "Tillia")
    ]


def test_tolls_told_place_by_place_after_a_strike_wave_are_one_event_each(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least seven people have been killed across Ukraine in Russian drone and missile attacks overnight, "
        "officials said on Sunday. Four deaths were reported in the western Rivne region, and three in the "
        "southern city of Odesa. In Zhytomyr, the emergency service said the body of a man was found in a house "
        "hit by a drone.\n"
        "Russia has stepped up its air campaign in recent weeks."
    )
    events = extract(text, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    places = sorted(m.location.name for m in events if m.location is not None)
    assert "Ukraine" not in places  # the country-wide lead summarises the three places
    assert any("Rivne" in p for p in places) and "Odesa" in places and "Zhytomyr" in places
    assert all(m.actor1 is not None and m.actor1.name == "Military Forces of Russia" for m in events)


def test_an_outlet_a_statement_was_seen_by_is_no_place(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling killed two people in Tawila on Monday, the committee said in a statement seen by Reuters."
    assert [m.location.name for m in extract(text) if m.location is not None] == ["Tawila"]


def test_villages_named_after_namely_are_the_places_not_the_town_they_are_near(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said troops secured two villages in Hiiraan region, namely Moqokori and Buuqda near Beledweyne"
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert places == ["Moqokori", "Buuqda"]


def test_a_park_a_city_owns_is_no_scene_but_a_province_a_country_owns_is(extract) -> None:  # type: ignore[no-untyped-def]
    park = "A gunman opened fire on worshippers in Auckland's Albert Park on Friday."
    province = "Troops set up a new observation point in Syria's northwestern Idlib province on Monday."
    assert [m.location.name for m in extract(park) if m.location] == ["Auckland"]
    assert [m.location.name for m in extract(province) if m.location and "Idlib" in m.location.name]


def test_what_happened_during_the_attack_is_part_of_it(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Jihadists overran an army base in Malam Fatori on Sunday, killing five soldiers, a military source said.\n"
        "During the attack, the fighters seized two gun trucks and burned the barracks.\n"
        "Reinforcements arrived from a nearby unit the next morning, residents said.\n"
        "The area has seen repeated raids this year."
    )
    events = extract(text, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    assert len(events) == 1 and events[0].location is not None and events[0].location.name == "Malam Fatori"


def test_weapons_seized_during_the_clashes_told_or_in_a_toll_are_part_of_them(extract) -> None:  # type: ignore[no-untyped-def]
    claimed = (
        "Militia fighters clashed with the army near Gondar on Friday, killing 20 soldiers.\n"
        "A militia spokesperson said the fighters had inflicted heavy losses.\n"
        "He also stated that the militia had seized weapons during the clashes."
    )
    [clash] = extract(claimed, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    assert clash.sub_event_type is SubEventType.ARMED_CLASH
    toll = (
        "Police fought gangs in Petion-Ville on Tuesday.\n"
        "At least 28 suspected gang members were killed and hundreds of munitions seized, a police spokesman said."
    )
    assert len(extract(toll, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))) == 1


def test_what_happened_during_the_withdrawal_told_is_part_of_that_fight(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government forces and clan militias repelled an Al-Shabaab assault on Masagaway on Saturday, residents said.\n"
        "During the militants’ withdrawal, a vehicle carrying Al-Shabaab members overturned, causing further "
        "casualties.\n"
        "The district has changed hands several times this year.\n"
        "Officials said the army would keep up its operations in the region."
    )
    assert len(extract(text, dt.datetime(2025, 3, 4, tzinfo=dt.UTC))) == 1


def test_where_a_spokesperson_is_based_is_no_scene(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Militia spokesman Abebe Kassa, based in Bahir Dar, said fighters had ambushed a convoy near Debre Markos."
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert "Bahir Dar" not in places


def test_a_camp_the_lead_leaves_unnamed_is_the_one_the_next_sentence_names(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Paramilitary fighters killed 14 civilians during an attack on a displacement camp in North Kordofan on "
        "Friday, aid workers said.\n"
        "The local emergency room in El Obeid reported that shelling struck the Abu Zabad displacement camp.\n"
        "The camp hosts thousands of people who fled earlier fighting.\n"
        "Aid groups have called for a ceasefire."
    )
    events = extract(text, dt.datetime(2025, 3, 8, tzinfo=dt.UTC))
    assert [m.location.name for m in events if m.location is not None][:1] == ["Abu Zabad"]


def test_fears_of_a_full_scale_offensive_are_no_offensive() -> None:
    from sitroom.extract.triggers import find_triggers

    sentence = "Fighters entered the camp, adding to fears of a full-scale offensive on the city."
    assert all(t.text != "offensive" for t in find_triggers(sentence))


def test_a_name_only_describing_who_runs_something_is_no_party(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The Al-Qaeda-linked group JNIM said it had attacked an army convoy near Boulkessi on Monday."
    names = {m.actor1.name for m in extract(text) if m.actor1 is not None}
    assert names and not any("Qaeda" in name for name in names)


def test_a_name_several_countries_share_sets_no_country_of_its_own(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Civil Defence, first responders who operate under the local government, said three people were killed "
        "in a strike on a house in Tufah."
    )
    for mention in extract(text):
        for actor in (mention.actor1, mention.actor2):
            assert actor is None or (";" not in actor.name and "|" not in actor.name)


def test_the_source_of_a_later_telling_is_a_claim_on_the_incident(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen killed nine villagers in an attack on a village in Zamfara state on Friday, aid workers said.\n"
        "The local vigilance committee in Gusau reported that the attack on Kadasaka village lasted two hours.\n"
        "Many residents have fled to the state capital.\n"
        "Attacks by armed gangs are frequent in the region."
    )
    events = extract(text, dt.datetime(2025, 3, 8, tzinfo=dt.UTC))
    sources = {claim.by.lower() for event in events for claim in event.claims}
    assert any("committee" in source for source in sources)


def test_what_a_condition_asks_for_is_not_reported() -> None:
    from sitroom.extract.triggers import find_triggers

    sentence = "The group refused to free the captives unless the army withdraws from the city and releases prisoners."
    assert [t.text for t in find_triggers(sentence)] == []
    assert [t.text for t in find_triggers("Talks resume on Monday should a truce be agreed.")] == []


def test_a_ceasefire_earlier_this_year_is_background_but_a_loss_last_year_does_not_date_a_strike(extract) -> None:  # type: ignore[no-untyped-def]
    published = dt.datetime(2025, 4, 21, tzinfo=dt.UTC)
    old = "The rebels halted their raids on the border crossing during a ceasefire in Gaza earlier this year."
    assert extract(old, published) == []
    lead = (
        "Jets bombed a rebel camp in Myingyan, killing 19 people, as the junta presses on with operations "
        "aimed at recovering territory it lost last year."
    )
    [strike] = extract(lead, published)
    assert strike.sub_event_type is SubEventType.AIR_DRONE_STRIKE
    assert strike.date == dt.date(2025, 4, 21)


def test_a_campaign_summed_up_is_no_incident_and_how_an_attack_began_is_part_of_it(extract) -> None:  # type: ignore[no-untyped-def]
    published = dt.datetime(2025, 4, 21, tzinfo=dt.UTC)
    assert extract("Israel has continued launching its assaults on Lebanese territory, mostly in the south.") == []
    text = (
        "Gunmen attacked the town of Kenscoff on Monday, killing 12 people. "
        "The pre-dawn attack began when two trucks carrying gang members entered the town. "
        "Residents fled to the hills above the town. Schools stayed closed on Tuesday."
    )
    [attack] = extract(text, published)  # a whole report: four sentences or more
    assert attack.sub_event_type is SubEventType.ATTACK


def test_a_drone_attack_the_next_sentence_says_was_all_shot_down_is_disrupted(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russia launched a drone attack early on Sunday on Ukraine’s capital, Kyiv, officials said. "
        "All of the Iranian-made drones were detected and shot down, according to the city administration. "
        "Schools opened as usual. Power was not cut."
    )
    [event] = extract(text, dt.datetime(2023, 7, 2, tzinfo=dt.UTC))
    assert event.sub_event_type is SubEventType.DISRUPTED_WEAPONS_USE
    assert event.location is not None and event.location.name == "Kyiv"  # the capital, not the whole country


def test_a_country_that_launched_the_attack_is_its_military(extract) -> None:  # type: ignore[no-untyped-def]
    [strike] = extract("Russia launched a drone attack on Odesa on Sunday, killing two people.")
    assert strike.actor1 is not None and strike.actor1.name == "Military Forces of Russia"
    [strike] = extract("A drone attack in Russia on Sunday killed two people in Belgorod.")
    assert strike.actor1 is None or "Russia" not in strike.actor1.name


def test_a_days_count_of_strikes_and_a_compass_point_are_no_incident_and_no_place(extract) -> None:  # type: ignore[no-untyped-def]
    tally = (
        "Over the previous 24 hours, Russia had carried out 27 airstrikes and about 80 attacks from rocket "
        "launchers, targeting regions in the north, north east and south of the country."
    )
    assert extract(tally, dt.datetime(2023, 7, 2, tzinfo=dt.UTC)) == []


def test_damage_told_in_the_next_one_sentence_paragraph_is_the_strikes(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Junta jets bombed Chaung Ma village in Kani Township on Wednesday.\n\n"
        "A civilian suffered neck injuries and three houses and a school were destroyed, said a resident.\n\n"
        "Thousands of people have fled the township since May.\n\n"
        "The resistance said it would keep fighting."
    )
    [strike] = extract(text, dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    assert strike.sub_event_type is SubEventType.AIR_DRONE_STRIKE


def test_a_country_under_another_name_is_coded_by_its_acled_name_but_gaza_stays_gaza(extract) -> None:  # type: ignore[no-untyped-def]
    [strike] = extract("Junta jets bombed villages across Burma on Monday, killing four people.")
    assert strike.location is not None and strike.location.name == "Myanmar"
    [strike] = extract("An Israeli air strike on a house in Gaza killed four people on Monday.")
    assert strike.location is not None and strike.location.name == "Gaza"


def test_a_toll_told_place_by_place_gives_each_place_its_share_and_drops_the_sum(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least 23 people have been killed by Israeli strikes across Gaza overnight. "
        "Ten people were killed by strikes in the southern city of Khan Younis, four in the central town of "
        "Deir al-Balah and nine in the Jabaliya refugee camp in the north, hospitals said. "
        "Aid trucks waited at the crossing. Schools stayed shut."
    )
    events = extract(text, dt.datetime(2025, 5, 23, tzinfo=dt.UTC))
    tolls = {e.location.name: e.fatalities.acled() for e in events if e.location is not None}
    assert tolls == {"Khan Younis": 10, "Deir al-Balah": 4, "Jabaliya": 9}


def test_an_unattributed_strike_is_the_side_whose_strikes_the_report_tells() -> None:
    named = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1, "Military Forces of Myanmar")
    unnamed = _at(SubEventType.AIR_DRONE_STRIKE, "Mandalay", 0)
    shooting = _at(SubEventType.ATTACK, "Mandalay", 2)
    filled = fill_unnamed_strikers([named, unnamed, shooting])
    assert filled[1].actor1 is not None and filled[1].actor1.name == "Military Forces of Myanmar"
    assert filled[2].actor1 is None  # another kind of incident is not the strikers'


def test_two_strikers_in_one_report_leave_an_unattributed_strike_unnamed() -> None:
    ours = _at(SubEventType.AIR_DRONE_STRIKE, "Nyaung Kone", 1, "Military Forces of Myanmar")
    theirs = _at(SubEventType.AIR_DRONE_STRIKE, "Mandalay", 3, "Military Forces of Thailand")
    unnamed = _at(SubEventType.AIR_DRONE_STRIKE, "Mandalay", 0)
    assert fill_unnamed_strikers([ours, theirs, unnamed])[2].actor1 is None


def test_a_town_read_as_a_person_after_entered_is_the_scene_not_the_country(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels of the M23, backed by Rwanda, have entered Bukavu, the second-largest city in the Democratic "
        "Republic of Congo, local officials said."
    )
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert places == ["Bukavu"]


def test_a_side_entering_the_place_it_attacked_that_day_is_part_of_the_attack(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sudan’s Rapid Support Forces (RSF) killed 14 civilians in an attack on the Zamzam camp on Friday, aid "
        "workers said.\n"
        "Witnesses said RSF vehicles entered Zamzam under heavy fire later that day."
    )
    mentions = extract(text)
    assert [(m.sub_event_type, m.actor1.name if m.actor1 else None) for m in mentions] == [
        (SubEventType.ATTACK, "Rapid Support Forces")
    ]


def test_the_army_withdrawing_from_a_town_the_rebels_took_that_day_is_the_side_that_lost_it(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Al-Shabaab fighters took control of Baidoa on Tuesday, local elders said.\n"
        "The Somali army withdrew its troops from Baidoa on Tuesday."
    )
    [takeover] = extract(text)
    assert takeover.sub_event_type is SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    assert takeover.actor1 is not None and takeover.actor1.name == "Al Shabaab"
    assert takeover.actor2 is not None and takeover.actor2.name == "Military Forces of Somalia"


def test_a_peaceful_entry_elsewhere_stays_its_own_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sudan’s Rapid Support Forces (RSF) killed 14 civilians in an attack on the Zamzam camp on Friday, aid "
        "workers said.\n"
        "Witnesses said RSF vehicles entered Mellit without a fight after the army withdrew."
    )
    assert len(extract(text)) == 2


def test_one_village_spelled_two_ways_in_one_report_is_one_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen raided the village of Kafr Nabudeh on Tuesday, residents said.\n"
        "In Kafr Nabouda, 17 men were shot dead by the gunmen on Tuesday, according to a local monitor."
    )
    [attack] = extract(text, dt.datetime(2025, 3, 7, tzinfo=dt.UTC))
    assert attack.fatalities.acled() == 17


def test_two_villages_with_alike_names_stay_two_events(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian forces shelled Pokrovsk on Tuesday, killing two civilians, the regional governor said.\n"
        "Russian forces also shelled Pokrovske on Tuesday, killing one civilian."
    )
    assert len(extract(text, dt.datetime(2025, 3, 7, tzinfo=dt.UTC))) == 2


def test_a_headline_and_its_lead_in_south_and_southern_gaza_are_one_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Israeli strikes kill 20 in south Gaza, officials say\n"
        "At least 20 people have been killed in Israeli strikes in southern Gaza, officials said on Monday."
    )
    assert len([m for m in extract(text) if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE]) == 1


def test_a_party_filled_in_from_another_telling_never_takes_both_sides() -> None:
    shelled = _at(SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK, "Mandalay", 0)
    shelled = shelled.model_copy(update={"actor2": Actor(name="Arakan Army")})
    aside = _at(SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK, None, 1, "Arakan Army")  # "AA suffered losses"
    [record] = fold_unplaced([shelled, aside])
    assert record.actor2 is not None and record.actor2.name == "Arakan Army"
    assert record.actor1 is None


def test_a_lead_without_a_day_takes_the_day_a_later_sentence_gives_it(extract) -> None:  # type: ignore[no-untyped-def]
    tuesday = dt.datetime(2025, 5, 13, 9, tzinfo=dt.UTC)
    occurred = (
        "At least seven soldiers have been killed in an attack by suspected ISWAP members on a military base in "
        "Marte, Borno State.\n\n"
        "Although the authorities have yet to confirm the attack, local sources said it occurred on Monday "
        "afternoon.\n\n"
        "The terrorists stormed the base and overpowered the soldiers.\n\n"
        "Residents fled to nearby towns."
    )
    [attack] = extract(occurred, tuesday)
    assert attack.date == dt.date(2025, 5, 12) and attack.time_precision is TimePrecision.DAY
    assert attack.date_evidence is not None and "Monday" in attack.date_evidence.text
    named_again = (
        "The military killed 19 people in an air attack on a rebel position in Myingyan township, the militia said.\n"
        "The militia's representative said the Sunday air raid lasted for more than 20 minutes.\n"
        "The junta has vowed to recapture territory it lost last year.\n"
        "Thousands have fled the township."
    )
    [raid] = extract(named_again, tuesday)
    assert raid.date == dt.date(2025, 5, 11)
