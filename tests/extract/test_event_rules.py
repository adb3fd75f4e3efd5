"""The codebook's assembly rules (sitroom.extract.event_rules), one table per rule, on sentences written here."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from sitroom.extract.actors import ActorCatalogue
from sitroom.extract.event_rules import (
    RULES,
    ActorNames,
    Facts,
    activity_change_names_the_group,
    armed_groups_do_not_riot,
    attack_on_armed_post_is_a_battle,
    battles_need_two_armed_sides,
    civilians_targeted,
    code_incident,
    crowds_and_unknown_attackers_by_convention,
    crowds_confront_no_institution,
    killing_is_no_arrest,
    mob_violence_hits_civilians,
    other_is_someones_development,
    police_face_a_policed_protest,
    sides_named_for_the_type,
    unarmed_victims_are_civilians,
    unidentified_gunmen_of_gang_violence_are_a_gang,
    untargeted_events_have_no_actor2,
    violence_against_armed_side_is_a_battle,
    who_takes_territory,
)
from sitroom.extract.mentions import ActorMention
from sitroom.extract.roles import Roles
from sitroom.extract.validate import Rejected
from sitroom.model import Actor, ActorType, Article
from sitroom.model import SubEventType as S

SOLDIERS = Actor(name="Military Forces of Mali", actor_type=ActorType.STATE_FORCES, country="Mali")
POLICE = Actor(name="Police Forces of Mali", actor_type=ActorType.STATE_FORCES, country="Mali")
REBELS = Actor(name="CSP-DPA", actor_type=ActorType.REBEL_GROUP, country="Mali")
GUNMEN = Actor(name="Unidentified Armed Group (Mali)", actor_type=ActorType.POLITICAL_MILITIA, country="Mali")
RIOTERS = Actor(name="Rioters (Mali)", actor_type=ActorType.RIOTERS, country="Mali")
CIVILIANS = Actor(name="Civilians (Mali)", actor_type=ActorType.CIVILIANS, country="Mali")
UNION = Actor(name="Teachers' Union", country="Mali")
GOVERNMENT = Actor(name="Government of Mali", actor_type=ActorType.STATE_FORCES, country="Mali")


def _mention(text: str, words: str, name: str, actor_type: ActorType | None) -> ActorMention:
    start = text.index(words)
    return ActorMention(start, start + len(words), words, name, actor_type, "Mali", True)


def _facts(
    catalogue: ActorCatalogue,
    sub_event: S,
    sentence: str,
    actor1: Actor | None = None,
    actor2: Actor | None = None,
    *,
    roles: Roles | None = None,
    assoc1: list[Actor] | None = None,
    assoc2: list[Actor] | None = None,
    whole_report: bool = True,
) -> Facts:
    names = ActorNames(Article(title=sentence[:40], text=sentence), catalogue, "Mali")
    return Facts(
        sub_event=sub_event,
        roles=roles or Roles(),
        names=names,
        sentence=sentence,
        words=sentence,
        whole_report=whole_report,
        actor1=actor1,
        actor2=actor2,
        assoc1=assoc1 or [],
        assoc2=assoc2 or [],
    )


def _coded(result: Facts | Rejected) -> Facts:
    assert isinstance(result, Facts), result
    return result


@pytest.mark.parametrize(
    ("sub_event", "actor1", "actor2", "sentence", "expected"),
    [
        (
            S.VIOLENT_DEMONSTRATION,
            SOLDIERS,
            None,
            "About 150 soldiers set fire to houses in Gao.",
            S.LOOTING_PROPERTY_DESTRUCTION,
        ),
        (S.MOB_VIOLENCE, GUNMEN, None, "Unidentified gunmen beat a trader on the road to Menaka.", S.ATTACK),
        (S.MOB_VIOLENCE, GUNMEN, POLICE, "Gang members fought the police in a violent clash in Bamako.", S.ARMED_CLASH),
        (S.VIOLENT_DEMONSTRATION, RIOTERS, None, "Rioters burned tyres in Bamako.", S.VIOLENT_DEMONSTRATION),
        (
            S.VIOLENT_DEMONSTRATION,
            SOLDIERS,
            None,
            "Soldiers joined the protesters and burned tyres.",
            S.VIOLENT_DEMONSTRATION,
        ),
    ],
)
def test_armed_groups_do_not_riot(
    catalogue: ActorCatalogue, sub_event: S, actor1: Actor, actor2: Actor | None, sentence: str, expected: S
) -> None:
    facts = _facts(catalogue, sub_event, sentence, actor1, actor2)
    assert _coded(armed_groups_do_not_riot(facts)).sub_event is expected


@pytest.mark.parametrize(
    ("actor1", "actor2", "civilians_hit", "sentence", "expected"),
    [
        (RIOTERS, SOLDIERS, False, "Rioters clashed with soldiers in Gao.", S.MOB_VIOLENCE),
        (REBELS, None, True, "Rebels shot and killed a trader at the market in Gao.", S.ATTACK),
        (
            REBELS,
            SOLDIERS,
            True,
            "Rebels clashed with soldiers near Gao; two villagers were caught in the crossfire.",
            S.ARMED_CLASH,
        ),
    ],
)
def test_battles_need_two_armed_sides(
    catalogue: ActorCatalogue, actor1: Actor, actor2: Actor | None, civilians_hit: bool, sentence: str, expected: S
) -> None:
    facts = _facts(catalogue, S.ARMED_CLASH, sentence, actor1, actor2, roles=Roles(civilians_hit=civilians_hit))
    assert _coded(battles_need_two_armed_sides(facts)).sub_event is expected


@pytest.mark.parametrize(
    ("sub_event", "expected"),
    [
        (S.ATTACK, "Military Forces of Mali"),  # a government's violence is its forces'
        (S.PROTEST_WITH_INTERVENTION, "Government of Mali"),
    ],
)
def test_sides_named_for_the_type(catalogue: ActorCatalogue, sub_event: S, expected: str) -> None:
    sentence = "The government arrested and beat the organisers, with the help of a local militia in Gao."
    government = _mention(sentence, "The government", catalogue.government_of("Mali"), ActorType.STATE_FORCES)
    militia = _mention(sentence, "a local militia", "Militia (Mali)", ActorType.POLITICAL_MILITIA)
    roles = Roles(actor2=government, assoc1=[militia], assoc2=[government])
    facts = _coded(sides_named_for_the_type(_facts(catalogue, sub_event, sentence, UNION, roles=roles)))
    assert facts.actor1 == UNION  # the acting side keeps its name
    assert facts.actor2 is not None and facts.actor2.name == expected
    assert [a.name for a in facts.assoc2] == [expected]
    assert [a.name for a in facts.assoc1] == ["Militia (Mali)"]
    assert facts.assoc1[0].evidence is not None and facts.assoc1[0].evidence.text == "a local militia"


@pytest.mark.parametrize(
    ("sub_event", "actor1", "assoc1", "expected_actor1", "expected_assoc1"),
    [
        (S.PEACEFUL_PROTEST, UNION, [], "Protesters (Mali)", ["Teachers' Union"]),
        (S.PEACEFUL_PROTEST, UNION, [CIVILIANS, POLICE], "Protesters (Mali)", ["Teachers' Union"]),
        (S.VIOLENT_DEMONSTRATION, None, [], "Rioters (Mali)", []),
        (S.ATTACK, None, [], "Unidentified Armed Group (Mali)", []),
        (S.REMOTE_EXPLOSIVE_LANDMINE_IED, None, [REBELS], "Unidentified Armed Group (Mali)", ["CSP-DPA"]),
        (S.ATTACK, REBELS, [], "CSP-DPA", []),  # a named perpetrator stays
        (S.ARMED_CLASH, None, [], None, []),  # a battle has no conventional actor
    ],
)
def test_crowds_and_unknown_attackers_by_convention(
    catalogue: ActorCatalogue,
    sub_event: S,
    actor1: Actor | None,
    assoc1: list[Actor],
    expected_actor1: str | None,
    expected_assoc1: list[str],
) -> None:
    facts = _facts(catalogue, sub_event, "Teachers marched in Bamako.", actor1, assoc1=assoc1)
    coded = _coded(crowds_and_unknown_attackers_by_convention(facts))
    assert (coded.actor1.name if coded.actor1 else None) == expected_actor1
    assert [a.name for a in coded.assoc1] == expected_assoc1


@pytest.mark.parametrize(
    ("sub_event", "sentence", "expected"),
    [
        (S.PEACEFUL_PROTEST, "Ukrainian nationals staged a protest in Bamako against the war.", "Protesters (Ukraine)"),
        (S.VIOLENT_DEMONSTRATION, "Israeli settlers hurled stones at cars near Gao.", "Rioters (Israel)"),
        (S.PEACEFUL_PROTEST, "Hundreds of Burkinabe refugees marched in Mopti.", "Protesters (Burkina Faso)"),
        # a diaspora community and a mixed crowd are coded with the country they gathered in
        (S.PEACEFUL_PROTEST, "Members of the Ukrainian community gathered in Bamako.", "Protesters (Mali)"),
        (S.PEACEFUL_PROTEST, "Malian and Ukrainian nationals rallied in Bamako.", "Protesters (Mali)"),
        (S.PEACEFUL_PROTEST, "People, including Ukrainian refugees, marched in Bamako.", "Protesters (Mali)"),
        (S.PEACEFUL_PROTEST, "Teachers marched in Bamako in support of Ukrainian refugees.", "Protesters (Mali)"),
    ],
)
def test_a_crowd_named_by_its_nationality_is_coded_with_that_country(
    catalogue: ActorCatalogue, sub_event: S, sentence: str, expected: str
) -> None:
    coded = _coded(crowds_and_unknown_attackers_by_convention(_facts(catalogue, sub_event, sentence)))
    assert coded.actor1 is not None and coded.actor1.name == expected


def test_a_crowd_has_no_forces_among_its_associates_but_an_attack_keeps_them(catalogue: ActorCatalogue) -> None:
    riot = _facts(catalogue, S.MOB_VIOLENCE, "A mob and police beat a man in Gao.", None, assoc1=[POLICE])
    assert _coded(crowds_and_unknown_attackers_by_convention(riot)).assoc1 == []
    attack = _facts(catalogue, S.ATTACK, "Gunmen and police beat a man in Gao.", None, assoc1=[POLICE])
    assert _coded(crowds_and_unknown_attackers_by_convention(attack)).assoc1 == [POLICE]


@pytest.mark.parametrize(
    ("text", "actor1", "actor2", "expected"),
    [
        # the motive told in the next sentence of the same paragraph
        (
            "Two men on a motorbike shot a shopkeeper in Sikasso. Police link the killing to drug trafficking.",
            GUNMEN,
            CIVILIANS,
            ("Unidentified Gang (Mali)", "Civilians (Mali)"),
        ),
        (
            "Gunmen fought police in Kayes; the gang fled.",
            POLICE,
            GUNMEN,
            ("Police Forces of Mali", "Unidentified Gang (Mali)"),
        ),
        # no gang or organised crime named: an armed group, as before
        ("Two men on a motorbike shot a shopkeeper in Sikasso.", GUNMEN, CIVILIANS, (GUNMEN.name, CIVILIANS.name)),
        # the motive of another incident, in another paragraph
        (
            "Gunmen shot a herder near Nioro.\n\nIn a separate case, a criminal gang robbed a bank.",
            GUNMEN,
            CIVILIANS,
            (GUNMEN.name, CIVILIANS.name),
        ),
        # a named group keeps its name
        (
            "Rebels shot a trader in Kidal, in a feud over drug trafficking.",
            REBELS,
            CIVILIANS,
            ("CSP-DPA", CIVILIANS.name),
        ),
    ],
)
def test_unidentified_gunmen_of_gang_violence_are_a_gang(
    catalogue: ActorCatalogue, text: str, actor1: Actor, actor2: Actor, expected: tuple[str, str]
) -> None:
    sentence = text.split(". ")[0].split("\n")[0]
    facts = dataclasses.replace(
        _facts(catalogue, S.ATTACK, sentence, actor1, actor2),
        names=ActorNames(Article(title="t", text=text), catalogue, "Mali"),
    )
    coded = _coded(unidentified_gunmen_of_gang_violence_are_a_gang(facts))
    assert (coded.actor1.name if coded.actor1 else None, coded.actor2.name if coded.actor2 else None) == expected


@pytest.mark.parametrize(
    ("sub_event", "someone", "rejected"),
    [(S.OTHER, False, True), (S.OTHER, True, False), (S.AGREEMENT, False, False)],
)
def test_other_is_someones_development(catalogue: ActorCatalogue, sub_event: S, someone: bool, rejected: bool) -> None:
    sentence = "The junta dissolved the political parties in Bamako."
    junta = _mention(sentence, "The junta", "Military Forces of Mali", ActorType.STATE_FORCES) if someone else None
    result = other_is_someones_development(_facts(catalogue, sub_event, sentence, roles=Roles(actor1=junta)))
    assert isinstance(result, Rejected) is rejected


@pytest.mark.parametrize(
    ("someone", "whole_report", "rejected"),
    [(False, True, True), (False, False, False), (True, True, False)],
)
def test_activity_change_names_the_group(
    catalogue: ActorCatalogue, someone: bool, whole_report: bool, rejected: bool
) -> None:
    sentence = "The rebels sent reinforcements to Kidal."
    rebels = _mention(sentence, "The rebels", "CSP-DPA", ActorType.REBEL_GROUP) if someone else None
    facts = _facts(
        catalogue, S.CHANGE_TO_GROUP_ACTIVITY, sentence, roles=Roles(actor1=rebels), whole_report=whole_report
    )
    assert isinstance(activity_change_names_the_group(facts), Rejected) is rejected


@pytest.mark.parametrize(
    ("sub_event", "actor2", "sentence", "expected", "expected_actor2"),
    [
        (S.ATTACK, CIVILIANS, "Fighters ambushed a military convoy on the road to Gao.", S.ARMED_CLASH, None),
        (S.ATTACK, SOLDIERS, "Fighters ambushed a military convoy on the road to Gao.", S.ARMED_CLASH, SOLDIERS),
        (S.ATTACK, CIVILIANS, "Gunmen attacked a village, killing 12 farmers.", S.ATTACK, CIVILIANS),
        (
            S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            None,
            "Rebels shelled an army base.",
            S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            None,
        ),
    ],
)
def test_attack_on_armed_post_is_a_battle(
    catalogue: ActorCatalogue,
    sub_event: S,
    actor2: Actor | None,
    sentence: str,
    expected: S,
    expected_actor2: Actor | None,
) -> None:
    coded = _coded(attack_on_armed_post_is_a_battle(_facts(catalogue, sub_event, sentence, REBELS, actor2)))
    assert coded.sub_event is expected
    assert coded.actor2 == expected_actor2


@pytest.mark.parametrize(
    ("sub_event", "cleared"),
    [
        (S.PEACEFUL_PROTEST, True),
        (S.CHANGE_TO_GROUP_ACTIVITY, True),
        (S.HEADQUARTERS_OR_BASE_ESTABLISHED, True),
        (S.PROTEST_WITH_INTERVENTION, False),
    ],
)
def test_untargeted_events_have_no_actor2(catalogue: ActorCatalogue, sub_event: S, cleared: bool) -> None:
    facts = _facts(catalogue, sub_event, "Teachers rallied against the government in Bamako.", UNION, POLICE)
    facts = _coded(untargeted_events_have_no_actor2(facts))
    assert (facts.actor2 is None) is cleared


@pytest.mark.parametrize(
    ("sub_event", "actor2", "expected"),
    [
        (S.PROTEST_WITH_INTERVENTION, GOVERNMENT, None),  # the government it denounced is no party
        (S.PROTEST_WITH_INTERVENTION, UNION, None),  # an organiser without an actor type
        (S.VIOLENT_DEMONSTRATION, POLICE, POLICE),  # the police it clashed with
        (S.MOB_VIOLENCE, CIVILIANS, CIVILIANS),
        (S.ATTACK, GOVERNMENT, GOVERNMENT),  # no crowd: left alone
    ],
)
def test_crowds_confront_no_institution(
    catalogue: ActorCatalogue, sub_event: S, actor2: Actor, expected: Actor | None
) -> None:
    facts = _facts(catalogue, sub_event, "Crowds marched on the ministry in Bamako.", RIOTERS, actor2, assoc2=[UNION])
    coded = _coded(crowds_confront_no_institution(facts))
    assert coded.actor2 == expected
    assert coded.assoc2 == ([UNION] if expected is not None else [])


@pytest.mark.parametrize(
    ("sub_event", "actor2", "expected"),
    [
        (S.MOB_VIOLENCE, None, "Civilians (Mali)"),
        (S.MOB_VIOLENCE, POLICE, "Police Forces of Mali"),
        (S.VIOLENT_DEMONSTRATION, None, None),
    ],
)
def test_mob_violence_hits_civilians(
    catalogue: ActorCatalogue, sub_event: S, actor2: Actor | None, expected: str | None
) -> None:
    facts = _facts(catalogue, sub_event, "A mob lynched a suspected thief in Gao.", RIOTERS, actor2)
    coded = _coded(mob_violence_hits_civilians(facts))
    assert (coded.actor2.name if coded.actor2 else None) == expected


@pytest.mark.parametrize(
    ("sub_event", "actor2", "expected"),
    [
        (S.ATTACK, None, "Civilians (Mali)"),
        (S.ARRESTS, UNION, "Civilians (Mali)"),  # an unarmed party named: the victims are civilians
        (S.LOOTING_PROPERTY_DESTRUCTION, None, "Civilians (Mali)"),
        (S.ABDUCTION_FORCED_DISAPPEARANCE, SOLDIERS, "Military Forces of Mali"),  # an armed victim stays
        (S.AIR_DRONE_STRIKE, None, None),  # remote violence: no convention
    ],
)
def test_unarmed_victims_are_civilians(
    catalogue: ActorCatalogue, sub_event: S, actor2: Actor | None, expected: str | None
) -> None:
    facts = _facts(catalogue, sub_event, "Gunmen seized three traders near Gao.", GUNMEN, actor2, assoc2=[UNION])
    coded = _coded(unarmed_victims_are_civilians(facts))
    assert (coded.actor2.name if coded.actor2 else None) == expected
    assert coded.assoc2 == [UNION]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Soldiers shot dead four herders and took 20 others into custody near Menaka.", S.ATTACK),
        ("Gendarmes killed a trader and detained his brothers in Kayes.", S.ATTACK),
        ("Police arrested two men over the bombing that killed 12 people in Mopti.", S.ARRESTS),  # others' killing
        ("Police detained 30 students in Bamako; two were later killed in custody.", S.ARRESTS),  # after the arrest
        ("Soldiers arrested 15 youths in Sikasso.", S.ARRESTS),
    ],
)
def test_killing_is_no_arrest(catalogue: ActorCatalogue, sentence: str, expected: S) -> None:
    assert _coded(killing_is_no_arrest(_facts(catalogue, S.ARRESTS, sentence, SOLDIERS))).sub_event is expected


@pytest.mark.parametrize(
    ("sub_event", "actor2", "expected", "assoc2"),
    [
        (S.PROTEST_WITH_INTERVENTION, None, "Police Forces of Mali", []),
        (S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, UNION, "Police Forces of Mali", []),
        (S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, SOLDIERS, "Military Forces of Mali", ["Teachers' Union"]),
        (S.PEACEFUL_PROTEST, None, None, ["Teachers' Union"]),
    ],
)
def test_police_face_a_policed_protest(
    catalogue: ActorCatalogue, sub_event: S, actor2: Actor | None, expected: str | None, assoc2: list[str]
) -> None:
    facts = _facts(catalogue, sub_event, "Police dispersed the teachers in Bamako.", UNION, actor2, assoc2=[UNION])
    coded = _coded(police_face_a_policed_protest(facts))
    assert (coded.actor2.name if coded.actor2 else None) == expected
    assert [a.name for a in coded.assoc2] == assoc2


@pytest.mark.parametrize(
    ("sub_event", "actor1", "actor2", "expected"),
    [
        (S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, SOLDIERS, REBELS, S.GOVERNMENT_REGAINS_TERRITORY),
        (S.GOVERNMENT_REGAINS_TERRITORY, REBELS, SOLDIERS, S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
        (S.GOVERNMENT_REGAINS_TERRITORY, None, SOLDIERS, S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
        (S.GOVERNMENT_REGAINS_TERRITORY, None, None, S.GOVERNMENT_REGAINS_TERRITORY),
        (S.ARMED_CLASH, SOLDIERS, REBELS, S.ARMED_CLASH),
    ],
)
def test_who_takes_territory(
    catalogue: ActorCatalogue, sub_event: S, actor1: Actor | None, actor2: Actor | None, expected: S
) -> None:
    facts = _facts(catalogue, sub_event, "The town of Anefis changed hands after heavy fighting.", actor1, actor2)
    assert _coded(who_takes_territory(facts)).sub_event is expected


@pytest.mark.parametrize(
    ("sub_event", "actor2", "civilians_hit", "expected"),
    [
        (S.ATTACK, SOLDIERS, False, S.ARMED_CLASH),
        (S.ATTACK, GUNMEN, False, S.ARMED_CLASH),
        (S.ATTACK, SOLDIERS, True, S.ATTACK),  # civilians hit as well: still violence against them
        (S.ATTACK, CIVILIANS, False, S.ATTACK),
        (S.AIR_DRONE_STRIKE, SOLDIERS, False, S.AIR_DRONE_STRIKE),
    ],
)
def test_violence_against_armed_side_is_a_battle(
    catalogue: ActorCatalogue, sub_event: S, actor2: Actor, civilians_hit: bool, expected: S
) -> None:
    sentence = "Gunmen opened fire on a group near Gao."
    facts = _facts(catalogue, sub_event, sentence, REBELS, actor2, roles=Roles(civilians_hit=civilians_hit))
    assert _coded(violence_against_armed_side_is_a_battle(facts)).sub_event is expected


@pytest.mark.parametrize(
    ("sub_event", "actor2", "assoc2", "civilians_hit", "sentence", "targeted"),
    [
        (S.ATTACK, SOLDIERS, [], False, "Gunmen attacked a patrol near Gao.", True),
        (S.AIR_DRONE_STRIKE, CIVILIANS, [], True, "Drones targeted the weekly market in Gao.", True),
        (S.AIR_DRONE_STRIKE, CIVILIANS, [], True, "Drones struck the weekly market in Gao.", False),
        (S.AIR_DRONE_STRIKE, CIVILIANS, [], False, "Drones targeted the weekly market in Gao.", False),
        (S.AIR_DRONE_STRIKE, CIVILIANS, [REBELS], True, "Drones targeted the weekly market in Gao.", False),
        (S.AIR_DRONE_STRIKE, REBELS, [], True, "Drones targeted the weekly market in Gao.", False),
        (S.SHELLING_ARTILLERY_MISSILE_ATTACK, CIVILIANS, [], True, "Shells targeted a school in Gao.", True),
        (S.ARMED_CLASH, CIVILIANS, [], True, "Soldiers targeted the village of Ber.", False),
    ],
)
def test_civilians_targeted(
    catalogue: ActorCatalogue,
    sub_event: S,
    actor2: Actor,
    assoc2: list[Actor],
    civilians_hit: bool,
    sentence: str,
    targeted: bool,
) -> None:
    roles = Roles(civilians_hit=civilians_hit)
    facts = _facts(catalogue, sub_event, sentence, SOLDIERS, actor2, roles=roles, assoc2=assoc2)
    assert _coded(civilians_targeted(facts)).civilian_targeting is targeted


# --------------------------------------------------------------------------- the rules in order


def test_code_incident_runs_every_rule_in_order(catalogue: ActorCatalogue) -> None:
    """A riot by soldiers is their property destruction, whose victims are civilians; the convention actor for
    riots no longer applies once the sub-type changed."""
    sentence = "About 150 soldiers set fire to houses in Gao."
    coded = code_incident(_facts(catalogue, S.VIOLENT_DEMONSTRATION, sentence, SOLDIERS))
    assert coded is not None
    assert coded.sub_event is S.LOOTING_PROPERTY_DESTRUCTION
    assert coded.actor1 == SOLDIERS
    assert coded.actor2 is not None and coded.actor2.name == "Civilians (Mali)"
    assert coded.civilian_targeting is False


@pytest.mark.parametrize(
    ("target", "expected", "victims_kept", "targeted"),
    [("a bus", S.ATTACK, True, True), ("a military convoy", S.ARMED_CLASH, False, False)],
)
def test_an_attack_on_an_armed_post_drops_the_civilians_and_becomes_a_battle(
    catalogue: ActorCatalogue, target: str, expected: S, victims_kept: bool, targeted: bool
) -> None:
    sentence = f"Fighters ambushed {target} on the road to Gao, killing two civilians."
    victims = _mention(sentence, "two civilians", "Civilians (Mali)", ActorType.CIVILIANS)
    coded = code_incident(
        _facts(catalogue, S.ATTACK, sentence, REBELS, roles=Roles(actor2=victims, civilians_hit=True))
    )
    assert coded is not None
    assert coded.sub_event is expected
    assert (coded.actor2 is not None and coded.actor2.name == "Civilians (Mali)") is victims_kept
    assert coded.civilian_targeting is targeted


def test_a_rejection_stops_the_rules_and_is_logged(catalogue: ActorCatalogue, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="sitroom.extract.event_rules"):
        assert code_incident(_facts(catalogue, S.OTHER, "Tensions rose in Gao.")) is None
    assert "other_is_someones_development" in caplog.text


def test_the_rules_are_named_once() -> None:
    names = [rule.__name__ for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.__doc__ and "ACLED Codebook" in rule.__doc__ for rule in RULES)
    assert names.index("sides_named_for_the_type") > names.index("demonstrators_fighting_police_demonstrate")
    assert names.index("sides_named_for_the_type") > names.index("battles_need_two_armed_sides")
