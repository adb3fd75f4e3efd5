"""The four demonstration sub-types told apart by the codebook's rules (sitroom.extract.demonstrations)."""

from __future__ import annotations

import pytest

from sitroom.extract.demonstrations import refine_demonstration
from sitroom.model import SubEventType as S


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protesters hurled stones at riot police outside the ministry on Friday.", S.VIOLENT_DEMONSTRATION),
        ("Demonstrators set several cars on fire and looted shops in the city centre.", S.VIOLENT_DEMONSTRATION),
        ("Police clashed with anti-government protesters near the parliament.", S.VIOLENT_DEMONSTRATION),
        ("Police fired tear gas and water cannon to disperse hundreds of teachers.", S.PROTEST_WITH_INTERVENTION),
        ("Officers arrested 12 demonstrators during the sit-in outside the court.", S.PROTEST_WITH_INTERVENTION),
        ("Security forces opened fire on the crowd, killing three marchers.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        ("Troops used live ammunition against the students at the rally.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        (
            "Farmers rallied against the new tax. Police intervened and one person was arrested.",
            S.PROTEST_WITH_INTERVENTION,
        ),
        ("The march ended in a confrontation between demonstrators and police.", S.VIOLENT_DEMONSTRATION),
        ("Workers blocked the port and set fire to tyres to demand higher wages.", S.VIOLENT_DEMONSTRATION),
        ("Farmers blocked the motorway with tractors to protest against fuel prices.", S.VIOLENT_DEMONSTRATION),
        ("Taxi drivers used their cars to block the airport road during the strike.", S.VIOLENT_DEMONSTRATION),
        ("Youths erected barricades on the main road to protest the power cuts.", S.VIOLENT_DEMONSTRATION),
        (
            "Miners marched to the company offices. The group chased a manager and threw a tire at his car.",
            S.VIOLENT_DEMONSTRATION,
        ),
        ("Thousands marched in Paris on Saturday; there were scuffles near the Opera.", S.VIOLENT_DEMONSTRATION),
        ("The rally against the budget turned violent in the afternoon.", S.VIOLENT_DEMONSTRATION),
        ("Security forces used tear gas and bullets to disperse marchers.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        ("Police violently dispersed the sit-in, injuring several students.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        ("Police fired rubber bullets to disperse the crowd.", S.PROTEST_WITH_INTERVENTION),
        ("Police and soldiers fired on the demonstrators outside the mine.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        ("Police fired tear gas at the protesters outside the stadium.", S.PROTEST_WITH_INTERVENTION),
        ("The authorities violently suppressed the march, injuring dozens.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    ],
)
def test_what_happened_at_the_demonstration_decides_the_sub_type(text: str, expected: S) -> None:
    assert refine_demonstration(S.PEACEFUL_PROTEST, text) is expected


def test_violence_by_demonstrators_outranks_what_the_police_did() -> None:
    text = "Rioters threw petrol bombs at officers, who responded with tear gas and rubber bullets."
    assert refine_demonstration(S.PROTEST_WITH_INTERVENTION, text) is S.VIOLENT_DEMONSTRATION


def test_negated_intervention_leaves_a_peaceful_protest() -> None:
    text = "Thousands marched peacefully through the capital; no arrests were reported and there were no clashes."
    assert refine_demonstration(S.PEACEFUL_PROTEST, text) is S.PEACEFUL_PROTEST


def test_deaths_without_the_authorities_are_not_excessive_force() -> None:
    text = "Students rallied to demand safer roads after two students were killed in a bus crash."
    assert refine_demonstration(S.PEACEFUL_PROTEST, text) is S.PEACEFUL_PROTEST


def test_other_event_types_are_left_alone() -> None:
    text = "Gunmen opened fire on a crowd at a market, and police later arrested two suspects."
    assert refine_demonstration(S.ATTACK, text) is S.ATTACK
    assert refine_demonstration(S.MOB_VIOLENCE, "A mob clashed with police and torched a car.") is S.MOB_VIOLENCE


def test_an_arrest_that_caused_the_protest_is_no_intervention() -> None:
    text = "Relatives gathered outside the court to demand the release of a journalist who was arrested last month."
    assert refine_demonstration(S.PEACEFUL_PROTEST, text) is S.PEACEFUL_PROTEST


def test_a_road_blocked_by_people_alone_stays_peaceful() -> None:
    # The codebook counts road-blocking "using barricades, burning tires, or other material", not a sit-down.
    text = "Residents blocked the road for two hours to demand clean water."
    assert refine_demonstration(S.PEACEFUL_PROTEST, text) is S.PEACEFUL_PROTEST


def test_violence_suffered_by_the_crowd_is_not_violence_by_it() -> None:
    for text in ("Demonstrators were attacked by a group of men near the square.", "They were beaten after the march."):
        assert refine_demonstration(S.PEACEFUL_PROTEST, text) is not S.VIOLENT_DEMONSTRATION


def test_what_the_crowd_protests_about_did_not_happen_at_the_protest() -> None:
    for text in (
        "Hundreds of women rallied in Jos against the clashes between herders and farmers.",
        "Students marched to protest over the killing of protesters by soldiers last year.",
    ):
        assert refine_demonstration(S.PEACEFUL_PROTEST, text) is S.PEACEFUL_PROTEST


def test_a_protest_the_text_calls_peaceful_is_peaceful_whatever_the_classifier_said() -> None:
    text = "Hundreds of students marched peacefully in Lagos to demand justice for two classmates killed by police."
    assert refine_demonstration(S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, text) is S.PEACEFUL_PROTEST
    policed = "Police fired tear gas to disperse the peaceful protest outside parliament."
    assert refine_demonstration(S.PEACEFUL_PROTEST, policed) is S.PROTEST_WITH_INTERVENTION
    not_peaceful = "The march was not peaceful, witnesses said."
    assert refine_demonstration(S.VIOLENT_DEMONSTRATION, not_peaceful) is S.VIOLENT_DEMONSTRATION


def test_a_peaceful_protest_the_authorities_attacked_is_not_left_peaceful() -> None:
    text = "Officers brutally attacked and injured a peaceful student demonstration held in the capital."
    assert refine_demonstration(S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, text) is S.EXCESSIVE_FORCE_AGAINST_PROTESTERS
    suffered = "Demonstrators marched peacefully after protesters were attacked by unknown men last week."
    assert refine_demonstration(S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, suffered) is S.PEACEFUL_PROTEST


@pytest.mark.parametrize(
    "text",
    [
        "Riot police dispersed the remaining protesters outside parliament in Yerevan on Sunday.",
        "Anti-riot police fired tear gas at protesters in Nairobi on Tuesday.",
    ],
)
def test_riot_police_policing_a_protest_is_no_riot(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    [protest] = extract(text)
    assert protest.sub_event_type is S.PROTEST_WITH_INTERVENTION
