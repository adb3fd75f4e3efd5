"""Sub-types checked against who acted and what was done (sitroom.extract.codebook)."""

from __future__ import annotations

import pytest

from sitroom.extract.codebook import (
    attack_on_armed_post,
    demonstrators_not_a_mob,
    fought_over,
    moved_not_transferred,
    not_a_battle,
    not_a_riot,
    one_sided_or_clash,
    refine_arrest,
    suicide_or_not,
    taken_without_a_fight,
    tells_an_accident,
)
from sitroom.model import Actor, ActorType
from sitroom.model import SubEventType as S

SOLDIERS = Actor(name="Military Forces of Myanmar", actor_type=ActorType.STATE_FORCES, country="Myanmar")
GUNMEN = Actor(name="Unidentified Armed Group (Mali)", actor_type=ActorType.POLITICAL_MILITIA, country="Mali")
SUPPORTERS = Actor(name="ZANU-PF", actor_type=ActorType.POLITICAL_MILITIA, country="Zimbabwe")
RIOTERS = Actor(name="Rioters (Kenya)", actor_type=ActorType.RIOTERS, country="Kenya")
POLICE = Actor(name="Police Forces of Kenya", actor_type=ActorType.STATE_FORCES, country="Kenya")
VILLAGERS = Actor(name="Civilians (Kenya)", actor_type=ActorType.CIVILIANS, country="Kenya")


@pytest.mark.parametrize(
    ("label", "actor2", "text", "expected"),
    [
        (S.MOB_VIOLENCE, POLICE, "Thousands of students battle with armed police in Nakuru.", S.VIOLENT_DEMONSTRATION),
        (S.MOB_VIOLENCE, POLICE, "Protesters threw stones at police officers.", S.VIOLENT_DEMONSTRATION),
        (S.MOB_VIOLENCE, POLICE, "A mob lynched a suspect held at a police post.", S.MOB_VIOLENCE),
        (S.MOB_VIOLENCE, VILLAGERS, "Students beat a shopkeeper accused of theft.", S.MOB_VIOLENCE),
        (S.MOB_VIOLENCE, POLICE, "On 31 March 2022, rioters clashed with police near the wall.", S.MOB_VIOLENCE),
        (S.ATTACK, POLICE, "Students were attacked by police.", S.ATTACK),
    ],
)
def test_demonstrators_fighting_police_are_a_violent_demonstration(
    label: S, actor2: Actor, text: str, expected: S
) -> None:
    assert demonstrators_not_a_mob(label, actor2, text) is expected


def test_soldiers_burning_houses_destroy_property_they_do_not_riot() -> None:
    text = "About 150 soldiers set fire to houses in the village and looted a motorbike."
    assert not_a_riot(S.VIOLENT_DEMONSTRATION, SOLDIERS, text) is S.LOOTING_PROPERTY_DESTRUCTION


def test_gunmen_beating_a_man_attack_him() -> None:
    text = "Unidentified gunmen beat a trader on the road to Menaka."
    assert not_a_riot(S.MOB_VIOLENCE, GUNMEN, text) is S.ATTACK


def test_crowds_party_supporters_and_rioters_still_riot() -> None:
    assert not_a_riot(S.VIOLENT_DEMONSTRATION, SOLDIERS, "Soldiers joined the protesters and burned tyres.") is (
        S.VIOLENT_DEMONSTRATION
    )
    assert not_a_riot(S.MOB_VIOLENCE, SUPPORTERS, "Party supporters beat a rival candidate.") is S.MOB_VIOLENCE
    assert not_a_riot(S.VIOLENT_DEMONSTRATION, RIOTERS, "Rioters burned a police post.") is S.VIOLENT_DEMONSTRATION
    assert not_a_riot(S.VIOLENT_DEMONSTRATION, None, "Youths burned a police post.") is S.VIOLENT_DEMONSTRATION
    assert not_a_riot(S.ATTACK, SOLDIERS, "Soldiers burned houses.") is S.ATTACK


def test_detainees_tortured_or_killed_in_custody_make_an_attack() -> None:
    for text in (
        "Police detained a blogger and tortured him while in custody.",
        "Soldiers arrested three passers-by. One of them was beaten and kicked in the chest.",
        "A monk who was arrested on 3 April died in custody the next day.",
    ):
        assert refine_arrest(S.ARRESTS, text) is S.ATTACK


def test_a_plain_arrest_stays_an_arrest() -> None:
    text = "Police arrested an opposition leader on charges of inciting violence."
    assert refine_arrest(S.ARRESTS, text) is S.ARRESTS
    assert refine_arrest(S.ATTACK, "Gunmen tortured a farmer.") is S.ATTACK


def test_shelling_inside_an_exchange_of_fire_is_a_clash() -> None:
    sentence = "Rebels and soldiers exchanged fire with mortars and small arms near the checkpoint."
    assert one_sided_or_clash(S.SHELLING_ARTILLERY_MISSILE_ATTACK, sentence, "") is S.ARMED_CLASH
    struck = "Troops fired two artillery shells at rebel positions near the village."
    assert one_sided_or_clash(S.SHELLING_ARTILLERY_MISSILE_ATTACK, struck, "The rebels fired back.") is S.ARMED_CLASH


def test_one_sided_strikes_stay_remote_violence() -> None:
    sentence = "Warplanes struck the market in the town, killing nine people."
    assert one_sided_or_clash(S.AIR_DRONE_STRIKE, sentence, "Rescuers pulled bodies from the rubble.") is (
        S.AIR_DRONE_STRIKE
    )
    amid = "A grenade exploded in the market amid clashes with militants, killing a girl."
    assert one_sided_or_clash(S.GRENADE, amid, "") is S.GRENADE
    # A suicide bombing that opens an assault is still coded by the bombing.
    assert one_sided_or_clash(S.SUICIDE_BOMB, "A suicide bomber struck, then gunmen clashed with guards.", "") is (
        S.SUICIDE_BOMB
    )


REBELS = Actor(name="Al Shabaab", actor_type=ActorType.REBEL_GROUP, country="Somalia")
RIOTERS_PK = Actor(name="Rioters (Pakistan)", actor_type=ActorType.RIOTERS, country="Pakistan")


def test_crowds_fighting_each_other_is_mob_violence() -> None:
    sentence = "Supporters of two rival parties clashed with sticks outside the polling station, injuring 30 people."
    assert not_a_battle(S.ARMED_CLASH, None, None, False, sentence) is S.MOB_VIOLENCE
    assert not_a_battle(S.ARMED_CLASH, RIOTERS_PK, SOLDIERS, False, "Rioters clashed with soldiers.") is S.MOB_VIOLENCE


def test_an_armed_group_shooting_a_civilian_without_a_fight_is_an_attack() -> None:
    sentence = "Al Shabaab militants shot and killed a transport ministry official at the market."
    assert not_a_battle(S.ARMED_CLASH, REBELS, None, True, sentence) is S.ATTACK


def test_armed_groups_fighting_stay_a_battle() -> None:
    sentence = "Al Shabaab militants clashed with soldiers near the base; two villagers were caught in the crossfire."
    assert not_a_battle(S.ARMED_CLASH, REBELS, SOLDIERS, True, sentence) is S.ARMED_CLASH
    assert not_a_battle(S.ARMED_CLASH, REBELS, None, False, "Al Shabaab attacked an army base.") is S.ARMED_CLASH


def test_a_battle_that_changes_no_control_is_an_armed_clash() -> None:
    for text in (
        "Gunmen ambushed an army convoy near Gao, killing four soldiers.",
        "Militants attacked a police checkpoint outside the city before dawn.",
    ):
        assert fought_over(S.GOVERNMENT_REGAINS_TERRITORY, text) is S.ARMED_CLASH
        assert fought_over(S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, text) is S.ARMED_CLASH
    for text in (
        "Troops recaptured the village after heavy fighting with the rebels.",
        "The army drove the insurgents out of three villages on Friday.",
        "The rebels took full control of the district after two days of fighting.",
        "Government forces pushed the militants back from the hills and gained significant ground.",
        "Rebels stormed the town and freed dozens of prisoners.",
    ):
        assert fought_over(S.GOVERNMENT_REGAINS_TERRITORY, text) is S.GOVERNMENT_REGAINS_TERRITORY
    assert fought_over(S.ATTACK, "Gunmen ambushed a bus.") is S.ATTACK


def test_ground_taken_without_a_fight_is_a_non_violent_transfer() -> None:
    for text in (
        "Al Shabaab fighters took control of Marka after government forces withdrew from the town on Monday.",
        "Haftar's forces advanced on Al-Asaba and entered without fighting.",
    ):
        assert taken_without_a_fight(S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, text) is S.NON_VIOLENT_TRANSFER_OF_TERRITORY
    fought = "Troops recaptured the village after heavy fighting with the rebels."
    assert taken_without_a_fight(S.GOVERNMENT_REGAINS_TERRITORY, fought) is S.GOVERNMENT_REGAINS_TERRITORY
    assert taken_without_a_fight(S.ARMED_CLASH, "Rebels withdrew after an exchange of fire.") is S.ARMED_CLASH


def test_a_bomber_who_dies_on_purpose_makes_a_suicide_bomb() -> None:
    for text in (
        "Militants detonated a suicide vehicle-borne improvised explosive device at the hotel gate.",
        "Two militants detonated explosives, killing themselves, after police called on them to surrender.",
    ):
        assert suicide_or_not(S.REMOTE_EXPLOSIVE_LANDMINE_IED, text) is S.SUICIDE_BOMB
    roadside = "A roadside bomb killed three soldiers on the road to Gao."
    assert suicide_or_not(S.REMOTE_EXPLOSIVE_LANDMINE_IED, roadside) is S.REMOTE_EXPLOSIVE_LANDMINE_IED


@pytest.mark.parametrize(
    "sentence",
    [
        "Islamist militants attacked a checkpoint in the Puntland region, killing at least five people.",
        "Gunmen stormed the army base at dawn and killed three soldiers.",
        "Fighters ambushed a military convoy on the road to Gao.",
        "The militants attacked and overran several police stations in the district.",
    ],
)
def test_an_attack_on_a_post_of_armed_forces_is_a_battle(sentence: str) -> None:
    assert attack_on_armed_post(S.ATTACK, sentence) is S.ARMED_CLASH


def test_attacks_on_civilians_and_other_sub_types_are_left_alone() -> None:
    assert attack_on_armed_post(S.ATTACK, "Gunmen attacked a village, killing 12 farmers.") is S.ATTACK
    assert attack_on_armed_post(S.ATTACK, "Militants attacked worshippers near the market.") is S.ATTACK
    shelled = "Rebels shelled an army base near the border."
    assert attack_on_armed_post(S.SHELLING_ARTILLERY_MISSILE_ATTACK, shelled) is S.SHELLING_ARTILLERY_MISSILE_ATTACK


def test_forces_that_only_move_make_no_transfer_of_territory() -> None:
    moved = "The fighters entered through the al-Bukamal crossing and were heading towards the front lines near Hama."
    assert moved_not_transferred(S.NON_VIOLENT_TRANSFER_OF_TERRITORY, moved) is S.CHANGE_TO_GROUP_ACTIVITY
    for handed in (
        "The army withdrew from the town and the militia took control of it.",
        "The fighters entered Afrin shortly before dawn and had not encountered any resistance.",
        "The district was handed over to the tribal forces on Sunday.",
    ):
        assert moved_not_transferred(S.NON_VIOLENT_TRANSFER_OF_TERRITORY, handed) is (
            S.NON_VIOLENT_TRANSFER_OF_TERRITORY
        ), handed
    assert moved_not_transferred(S.ARMED_CLASH, moved) is S.ARMED_CLASH


def test_a_chemical_leak_or_pesticide_accident_is_no_chemical_weapon() -> None:
    leak = "No fewer than 462 people have been affected by a chlorine gas leakage in the city."
    pests = "Four children have died after being poisoned by a gas released from a pest control chemical."
    attack = "Government helicopters dropped barrels of chlorine gas on Kafr Zita, medics said."
    assert tells_an_accident(leak)
    assert tells_an_accident(pests)
    assert not tells_an_accident(attack)
