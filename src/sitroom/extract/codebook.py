"""Codebook consistency: a sub-type checked against who acted and what was done to whom.

The classifier reads wording; the ACLED codebook also defines event types by their actors:

- Demonstrators or students fighting the police make a "Violent demonstration"; "Mob violence" is a riot
  outside any demonstration (rioters against rioters, an armed group or civilians).
- Riots are crowd events: their actor1 is always Rioters. When an organised armed actor (state forces,
  rebels, an identity militia, foreign forces, an unidentified armed group) is who burned, looted or hurt
  people, the event is "Looting/property destruction" or an "Attack", not a riot. Party supporters
  (political militias) can riot, so they are left alone.
- Explosions/Remote violence is one-sided: the weapon takes away the target's ability to respond. Shelling,
  strikes, grenades or mines within an exchange of fire (clashes, small arms, the target firing back) are an
  "Armed clash".
- A battle is fought by organised armed groups on both sides. Rioters, or crowds of supporters, youths or
  villagers with no armed group among them, who fight each other make "Mob violence"; an armed group that
  shoots or beats civilians without any exchange of fire makes an "Attack".
- An explosion whose bomber dies with it on purpose (a suicide vest or car bomb, militants "killing
  themselves") is a "Suicide bomb", whatever device it was.
- The territorial sub-types need ground to change hands: a battle whose text never says ground was taken,
  lost or fought over for control (an ambush, a raid on a checkpoint) is an "Armed clash".
- Territory taken without a fight (the other side withdrew, vacated or abandoned it, "without resistance")
  is a "Non-violent transfer of territory", whoever takes it. A transfer needs ground to change hands:
  forces that only enter, cross or head somewhere are moving, a "Change to group/activity".
- An arrest where the detained are tortured, beaten or killed is violence against civilians ("Attack").
- A chemical weapon is used by someone on someone: a gas leak, a spill or a pesticide accident that poisons
  people is a disaster, not a political violence event (ACLED records none).
- Violence against civilians needs civilian targets: an assault on a checkpoint, a base, an outpost, a
  patrol or a convoy is an attack on armed forces who can respond, an "Armed clash".

Rules that need the actors run once roles are known; the others read only the text.
"""

from __future__ import annotations

import re

from sitroom.model import Actor, ActorType, SubEventType

RIOT_TYPES = frozenset({SubEventType.VIOLENT_DEMONSTRATION, SubEventType.MOB_VIOLENCE})
# Organised armed actors that never make a crowd.
_ORGANISED = frozenset(
    {ActorType.STATE_FORCES, ActorType.REBEL_GROUP, ActorType.IDENTITY_MILITIA, ActorType.EXTERNAL_OTHER_FORCES}
)
_CROWD_WORDS = re.compile(r"\b(?:protest\w*|demonstrat\w*|rioters?|mobs?|crowds?|riot\w*)\b", re.IGNORECASE)
_PROPERTY_HARM = re.compile(
    r"\b(?:burn\w*|torch\w*|set\s+(?:[\w-]+\s+){0,3}(?:on fire|ablaze|alight)|set fire|loot\w*|destroy\w*|"
    r"destruct\w*|demolish\w*|raz(?:e|ed|ing)|vandali[sz]\w*|rustl\w*|steal\w*|stole\w*|seiz\w*|extort\w*|"
    r"plunder\w*|pillag\w*)",
    re.IGNORECASE,
)

# Wording of an industrial or household accident.
_ACCIDENT = re.compile(
    r"\b(?:leak(?:s|ed|ing|age)?|spill(?:s|ed|age)?|accident(?:s|al|ally)?|pest control|pesticides?|fumigat\w*|"
    r"industrial|factory|fertili[sz]er plant)\b",
    re.IGNORECASE,
)


def tells_an_accident(text: str) -> bool:
    """Whether ``text`` tells of an industrial or household accident: a "Chemical weapon" reading of it is a
    gas leak or a pesticide poisoning, no attack (see module doc)."""
    return bool(_ACCIDENT.search(text))


def not_a_riot(label: SubEventType, actor1: Actor | None, text: str, actor2: Actor | None = None) -> SubEventType:
    """A riot sub-type corrected when an organised armed actor did it and no crowd is named (see module doc);
    armed parties on both sides that fight ("gang members gunned down by police in a violent clash") are a
    battle."""
    if label not in RIOT_TYPES or _CROWD_WORDS.search(text):
        return label
    if _armed_party(actor1) and _armed_party(actor2) and _FIGHTING.search(text):
        return SubEventType.ARMED_CLASH
    if not _organised(actor1):
        return label
    if _PROPERTY_HARM.search(text):
        return SubEventType.LOOTING_PROPERTY_DESTRUCTION
    return SubEventType.ATTACK


_DEMONSTRATORS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|students?|marche(?:rs|d)|marching|rall(?:y|ies|ied))\b", re.IGNORECASE
)


def demonstrators_not_a_mob(label: SubEventType, actor2: Actor | None, text: str) -> SubEventType:
    """ACLED's Mob violence is rioters against other rioters, an armed group or civilians outside any
    demonstration; demonstrators or students who fight the police are a "Violent demonstration"."""
    if label is not SubEventType.MOB_VIOLENCE or actor2 is None or actor2.actor_type is not ActorType.STATE_FORCES:
        return label
    return SubEventType.VIOLENT_DEMONSTRATION if _DEMONSTRATORS.search(text) else label


def _armed_party(actor: Actor | None) -> bool:
    """An organised force or a named militia (a gang, a party's armed wing): no crowd."""
    return _organised(actor) or (actor is not None and actor.actor_type is ActorType.POLITICAL_MILITIA)


def _organised(actor: Actor | None) -> bool:
    # ACLED types unidentified armed groups as political militias; they are no party's supporters.
    return actor is not None and (actor.actor_type in _ORGANISED or actor.name.startswith("Unidentified Armed Group"))


_REMOTE = frozenset(
    {
        SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
        SubEventType.AIR_DRONE_STRIKE,
        SubEventType.GRENADE,
        SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
    }
)
# Two-sided fire in the incident's own sentence.
_EXCHANGE = re.compile(
    r"\b(?:clash\w*|exchang\w*\s+(?:of\s+)?(?:fire|gunfire|shelling)|exchanged\s+(?:[\w-]+\s+){0,2}(?:fire|shelling)|"
    r"gun ?battles?|firefights?|small arms|light weapons|gunfire|ambush\w*|ground (?:operation|assault|offensive))",
    re.IGNORECASE,
)
# The target answering, told in the next sentence ("The PDF fired back with heavy weapons.").
_RESPONSE = re.compile(
    r"\b(?:fired back|returned fire|(?:reacted|responded|retaliated)\s+with\s+(?:[\w-]+\s+)?(?:fire|gunfire|shots))",
    re.IGNORECASE,
)


# "amid clashes", "during the recent armed clashes": fighting as the setting of the strike, not the strike.
_SETTING = re.compile(r"\b(?:amid|during|as|in|after|following|since|ongoing|recent)\s+(?:[\w'’-]+\s+){0,2}$", re.I)


def one_sided_or_clash(label: SubEventType, sentence: str, following: str) -> SubEventType:
    """A remote-violence sub-type that ``sentence`` (or the target's answer in ``following``) shows was an
    exchange of fire becomes an Armed clash."""
    if label not in _REMOTE:
        return label
    exchange = any(
        not _SETTING.search(sentence[max(0, m.start() - 40) : m.start()]) for m in _EXCHANGE.finditer(sentence)
    )
    return SubEventType.ARMED_CLASH if exchange or _RESPONSE.search(following) else label


_CROWD_PARTIES = re.compile(
    r"\b(?:rioters|mobs?|youths?|supporters|activists|members|villagers|residents|families|groups? of|students)\b",
    re.IGNORECASE,
)
_FIGHTING = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|battl\w*|exchang\w*|firefights?|gun ?battles?|skirmish\w*)", re.IGNORECASE
)


def not_a_battle(
    label: SubEventType, actor1: Actor | None, actor2: Actor | None, civilians_hit: bool, sentence: str
) -> SubEventType:
    """An Armed clash corrected when no organised armed group fights on one side (see module doc)."""
    if label is not SubEventType.ARMED_CLASH:
        return label
    crowd = actor1 is not None and actor1.actor_type in (ActorType.RIOTERS, ActorType.PROTESTERS)
    unarmed = not _organised(actor1) and not _organised(actor2)
    if crowd or (unarmed and _CROWD_PARTIES.search(sentence) and _FIGHTING.search(sentence)):
        return SubEventType.MOB_VIOLENCE
    if civilians_hit and not _organised(actor2) and not _FIGHTING.search(sentence) and not _EXCHANGE.search(sentence):
        return SubEventType.ATTACK
    return label


_SUICIDE = re.compile(
    r"\b(?:suicide|(?:SV|PB)IEDs?|S-?VESTs?|blew (?:himself|herself|themselves) up|"
    r"(?:killing|killed) (?:himself|herself|themselves))",
    re.IGNORECASE,
)


def suicide_or_not(label: SubEventType, text: str) -> SubEventType:
    """A bombing whose ``text`` says the attacker died by it on purpose is a Suicide bomb."""
    explosions = (SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED, SubEventType.GRENADE)
    if label in explosions and _SUICIDE.search(text):
        return SubEventType.SUICIDE_BOMB
    return label


# The two sub-types of ground taken by force (a transfer without a fight is the third territorial one).
TERRITORIAL_CAPTURES = frozenset(
    {SubEventType.GOVERNMENT_REGAINS_TERRITORY, SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY}
)
_WITHOUT_A_FIGHT = re.compile(
    r"\b(?:without (?:a |any )?(?:fight\w*|resistance|firing|bloodshed|a shot)|unopposed|"
    r"(?:after|following|when|as) (?:the )?(?:[\w-]+\s+){0,4}"
    r"(?:withdr[ae]w\w*|pulled out|retreat\w*|vacated|abandoned|left)|"
    r"withdrawal of|deserted|vacated|abandoned by)",
    re.IGNORECASE,
)


# Wording of ground changing hands (or being fought over for control): the territorial sub-types need it.
_CONTROL_CHANGE = re.compile(
    r"\b(?:(?:re)?captur\w*|seiz\w*|control\w*|overr[au]n\w*|retak\w*|retook|regain\w*|recover\w*|advanc\w*|"
    r"storm\w*|fell|fall(?:en)?\s+(?:of|to|into)|liberat\w*|fre(?:e|ed|eing)|"
    r"(?:dr[io]ve\w*|push\w*)\s+(?:[\w-]+\s+){0,3}?(?:out|back|away)|expel\w*|clear\w*|occup\w*|enter\w*|"
    r"withdr[ae]w\w*|pull\w*\s+out|t(?:ook|aken?)\s+over|hand\w*\s+over|handover|evacuat\w*|lost|"
    r"retreat\w*|abandon\w*|vacat\w*|gain\w*\s+(?:[\w-]+\s+)?ground|reclaim\w*|secur(?:e|ed|ing)|besieg\w*|encircl\w*)\b",
    re.IGNORECASE,
)


def fought_over(label: SubEventType, text: str) -> SubEventType:
    """A territorial sub-type whose ``text`` never says ground was taken, lost or fought over for control is
    an "Armed clash": an ambush or a raid on a checkpoint changes no control."""
    if label in TERRITORIAL_CAPTURES and not _CONTROL_CHANGE.search(text):
        return SubEventType.ARMED_CLASH
    return label


def taken_without_a_fight(label: SubEventType, text: str) -> SubEventType:
    """A territorial sub-type whose ``text`` says the ground changed hands without fighting."""
    if label in TERRITORIAL_CAPTURES and _WITHOUT_A_FIGHT.search(text):
        return SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY
    return label


# Ground passing from one side to another, peacefully: what a "Non-violent transfer of territory" tells.
_HANDS_OVER = re.compile(
    r"\b(?:t(?:ook|aken?|akes|aking)\s+(?:[\w-]+\s+){0,2}?(?:over|control)|control\w*|"
    r"hand\w*\s+(?:[\w-]+\s+){0,3}?over|handover|withdr[ae]w\w*|pull\w*\s+(?:[\w-]+\s+)?out|retreat\w*|"
    r"abandon\w*|vacat\w*|evacuat\w*|ced(?:e|ed|es|ing)|surrender\w*|seiz\w*|(?:re)?captur\w*|fell|"
    r"fall\w*\s+(?:to|into)|occup\w*|transfer\w*|(?:re)?gain\w*|relinquish\w*|unopposed|"
    r"(?:no|any|little|without)\s+(?:[\w-]+\s+){0,2}?resistance)\b",
    re.IGNORECASE,
)


def moved_not_transferred(label: SubEventType, text: str) -> SubEventType:
    """A "Non-violent transfer of territory" whose ``text`` tells of no ground changing hands (fighters who
    entered through a crossing, heading for the front) is a troop movement: "Change to group/activity"."""
    if label is SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY and not _HANDS_OVER.search(text):
        return SubEventType.CHANGE_TO_GROUP_ACTIVITY
    return label


_HARM_TO_DETAINEES = re.compile(
    r"\b(?:tortur\w*|electrocut\w*|died (?:in|while in) (?:custody|detention)|"
    r"killed (?:in|while in) (?:custody|detention)|(?:was|were|been|being)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:beaten|slapped|kicked|killed|shot dead|tortured|abused))",
    re.IGNORECASE,
)


def refine_arrest(label: SubEventType, text: str) -> SubEventType:
    """An arrest whose detainees ``text`` says were tortured, beaten or killed is an Attack."""
    if label is SubEventType.ARRESTS and _HARM_TO_DETAINEES.search(text):
        return SubEventType.ATTACK
    return label


# An assault on a post or unit of armed forces: "attacked a checkpoint", "stormed the army base",
# "ambushed a military convoy", "overran several police stations".
_ARMED_POST = re.compile(
    r"\b(?:attack\w*|storm\w*|raid\w*|overr[au]n\w*|assault\w*|ambush\w*)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:check-?points?|(?:military|army|police|security|naval|border)\s+"
    r"(?:bases?|posts?|stations?|outposts?|positions?|convoys?|patrols?|camps?|barracks)|"
    r"bases?|barracks|outposts?|garrisons?|patrols?|convoys?|police\s+stations?|positions)\b",
    re.IGNORECASE,
)


def attack_on_armed_post(label: SubEventType, sentence: str) -> SubEventType:
    """An "Attack" whose ``sentence`` says the assault was on a checkpoint, base, patrol or convoy is a battle
    with the forces there (in the dev annotations, no such sentence is coded as violence against civilians)."""
    if label is SubEventType.ATTACK and _ARMED_POST.search(sentence):
        return SubEventType.ARMED_CLASH
    return label
