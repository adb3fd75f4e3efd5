"""Which toll an incident gets: its own clause, the sentences that continue it, never a party's claim of kills
over an independent figure, never another incident's toll, and none for a peaceful protest."""

from __future__ import annotations

from sitroom.model import EventType, SubEventType


def test_a_claim_of_kills_does_not_replace_the_reported_toll(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian and Syrian jets struck the city of Idlib on Monday, killing 18 civilians, rescuers said. "
        "The Russian defence ministry said its aircraft had killed at least 200 militants in strikes on "
        "command posts."
    )
    strikes = [m for m in extract(text) if m.sub_event_type is SubEventType.AIR_DRONE_STRIKE]
    assert strikes and all(m.fatalities.acled() in (0, 18) for m in strikes)
    assert any(m.fatalities.best == 18 for m in strikes)
    assert all(m.fatalities.low != 200 and m.fatalities.best != 200 for m in strikes)


def test_a_claim_alone_is_only_a_high_bound(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Government troops attacked rebel positions near Hama on Sunday. The army said it had killed 40 rebels."
    [battle] = [m for m in extract(text) if m.event_type is EventType.BATTLES]
    assert (battle.fatalities.best, battle.fatalities.low, battle.fatalities.high) == (None, None, 40)
    assert battle.fatalities.acled() == 0
    assert battle.fatalities.evidence is not None and "killed 40" in battle.fatalities.evidence.text


def test_a_peaceful_protest_has_no_toll_of_its_own(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hundreds of students marched peacefully in Lagos on Saturday to demand justice for two classmates "
        "killed by police."
    )
    [protest] = extract(text)
    assert protest.sub_event_type is SubEventType.PEACEFUL_PROTEST
    assert not protest.fatalities.known


def test_a_toll_told_by_its_victims_after_another_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels clashed with government troops near the village of Bani on Monday. "
        "Several homes were hit by artillery shells. Four soldiers were killed."
    )
    clash = next(m for m in extract(text) if m.sub_event_type is SubEventType.ARMED_CLASH)
    assert clash.fatalities.best == 4


def test_a_separate_incident_keeps_its_toll(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Police clashed with gunmen in Kano on Friday. In a separate attack, three villagers were killed in Zaria."
    clash = next(m for m in extract(text) if m.sub_event_type is SubEventType.ARMED_CLASH)
    assert not clash.fatalities.known


def test_a_toll_across_another_place_is_not_borrowed(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels clashed with government troops near the village of Bani on Monday. "
        "At least 9 civilians were also killed in government shelling on the town of Kaya."
    )
    clash = next(m for m in extract(text) if m.sub_event_type is SubEventType.ARMED_CLASH)
    assert not clash.fatalities.known


def test_a_sentence_adding_deaths_is_added_to_the_toll(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least 20 rebels were killed by the army in fierce fighting near the town of Kidal on Monday. "
        "In addition, four soldiers fell in combat."
    )
    clash = next(m for m in extract(text) if m.event_type is EventType.BATTLES)
    assert (clash.fatalities.best, clash.fatalities.low) == (None, 24)


def test_an_also_killed_sentence_adds_exact_tolls(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen attacked a police post in Zamfara on Friday, killing five officers. Two passers-by were also killed."
    attack = next(m for m in extract(text) if m.fatalities.known)
    assert attack.fatalities.best == 7
    repeated = "Gunmen attacked a police post in Zamfara on Friday, killing five officers. Five officers were killed."
    assert next(m for m in extract(repeated) if m.fatalities.known).fatalities.best == 5  # no additive word


def test_a_toll_of_a_second_dated_incident_in_the_sentence_is_not_borrowed(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The raids come a day after coalition jets struck the airport in Taiz, and just four days after an attack "
        "on the Mokha port that reportedly killed at least 30 people."
    )
    strikes = [m for m in extract(text) if m.location is not None and m.location.name == "Taiz"]
    assert strikes and not any(m.fatalities.known for m in strikes)


def test_a_report_written_one_sentence_to_a_paragraph_gives_the_toll_later(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen stormed a crowded market in the town of Bama early on Friday, witnesses said.\n"
        "The assault was led by a local faction whose commander had threatened traders for weeks.\n"
        "At least 14 traders were killed and dozens of stalls burned, according to the police."
    )
    attacks = [m for m in extract(text) if m.location is not None and m.location.name == "Bama"]
    assert attacks and all(m.fatalities.low == 14 for m in attacks)


def test_a_period_toll_in_the_next_sentence_is_not_the_incident_toll(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Troops clashed with rebels near the town of Kibati on Monday. "
        "In a week more than 40 soldiers have been killed and 20 injured, the rebels said."
    )
    clash = next(m for m in extract(text) if m.event_type is EventType.BATTLES)
    assert not clash.fatalities.known
