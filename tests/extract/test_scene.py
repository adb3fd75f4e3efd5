"""Scene choice: the place an incident happened, on sentences written here."""

from __future__ import annotations

from sitroom.model import EventType


def test_a_village_written_before_its_province_is_the_scene(extract) -> None:  # type: ignore[no-untyped-def]
    # NER tags the province and misses the village; the province after it only holds it.
    for text, village in [
        ("On 28 June 2023, Russian forces fired artillery at Zarichne, Donetsk. Casualties unknown.", "Zarichne"),
        ("On 2 June 2023, Russian forces shelled Velyka Kostromka, Dnipropetrovsk region.", "Velyka Kostromka"),
    ]:
        events = [m for m in extract(text) if m.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE]
        assert events and events[0].location is not None and events[0].location.name == village


def test_an_actor_before_a_place_is_no_scene(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 4 May 2023, gunmen attacked Hamas, in Khan Younis, killing two members."
    events = extract(text)
    assert events and all(m.location is None or m.location.name != "Hamas" for m in events)


def test_a_neighbourhood_of_a_named_town_is_coded_to_the_town(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Medics said three people were killed in an air strike late on Monday in the Zeitoun area of Gaza City."
    events = [m for m in extract(text) if m.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE]
    assert events and events[0].location is not None and events[0].location.name == "Gaza"


def test_a_people_is_no_place(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract("The monitor reports 40 dead, including 19 Alawites executed.")
    assert all(m.location is None or m.location.name != "Alawites" for m in events)


def test_a_colonia_is_coded_to_its_town(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On 9 April 2023, in Cuernavaca, Morelos, a man was shot and killed by gunmen in Colonia Lomas Verdes."
    events = extract(text)
    assert events and events[0].location is not None and events[0].location.name == "Cuernavaca"


def test_where_the_dead_were_taken_or_the_figures_come_from_is_not_the_scene(extract) -> None:  # type: ignore[no-untyped-def]
    for text, scene in [
        (
            "In northern Gaza, a strike on a house killed six people, according to a list from the Al-Awda "
            "Hospital in Jabaliya.",
            "northern Gaza",
        ),
        ("A drone strike killed four people in Rafah, according to officials in Gaza City.", "Rafah"),
        ("Gunmen killed three farmers in Dogon Daji; the bodies were taken to a hospital in Sokoto.", "Dogon Daji"),
    ]:
        [event] = extract(text)
        assert event.location is not None and event.location.name == scene


def test_a_place_owned_by_a_town_is_in_the_towns_country(extract) -> None:  # type: ignore[no-untyped-def]
    # Mombasa is a Kenyan city; "Kadugli’s Mombasa market" is in Sudan, and so are its civilians.
    [event] = extract("The RSF shelled Kadugli’s Mombasa market on Saturday, killing four civilians.")
    assert event.location is not None and event.location.country == "Sudan"
    assert event.actor2 is not None and event.actor2.name == "Civilians (Sudan)"
