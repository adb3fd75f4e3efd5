"""How a demonstration went: the four demonstration sub-types told apart by the ACLED codebook's rules.

The classifier tells a demonstration from other events well but often picks the wrong one of the four
sub-types, whose difference lies in a few words about what the crowd did or what was done to it:

- Violent demonstration: demonstrators themselves use violence or destroy property (throw stones or
  petrol bombs, torch cars, loot, vandalise, clash with the police, riot), or block roads with
  barricades, burning tyres, vehicles or other material (the codebook's "road-blocking using
  barricades, burning tires, or other material");
- Excessive force against protesters: the authorities use lethal force, or force causing serious
  injury, on demonstrators (open fire, live ammunition, protesters shot dead);
- Protest with intervention: an otherwise peaceful protest dispersed or suppressed (arrests, tear gas,
  water cannon, batons, rubber bullets) without serious injury;
- Peaceful protest: none of these; when the text calls the protest peaceful and tells none of the above,
  that settles it whatever the classifier thought ("marched peacefully to demand justice for two
  classmates killed by police").

Precedence follows the codebook: violence by demonstrators makes the event a violent demonstration
whatever the police did; else lethal force, then intervention, then the word "peaceful". Without any
such words the classifier's choice stands. Mob violence (a crowd attacking people outside any
demonstration) is not touched.
"""

from __future__ import annotations

import re

from sitroom.extract.triggers import RIOT_EQUIPMENT_AHEAD
from sitroom.model import SubEventType

DEMONSTRATION_TYPES = frozenset(
    {
        SubEventType.PEACEFUL_PROTEST,
        SubEventType.PROTEST_WITH_INTERVENTION,
        SubEventType.VIOLENT_DEMONSTRATION,
        SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
    }
)

# Only words that name the crowd itself: "students who were arrested" may be why people protest.
_CROWD = r"(?:protesters|protestors|demonstrators|rioters|crowds?|mobs?|marchers)"
_FORCES = r"(?:police|officers|security forces|soldiers|troops|army|riot police|forces|guards|gendarmes|authorities)"

# Either side of a clash between a crowd and the authorities.
_PARTY = _CROWD + "|" + _FORCES
# Who acts in the sentences told after the crowd's own ("The group chased a driver", "They beat up…").
_CROWD_SUBJECT = r"(?:" + _CROWD + r"|they|the group|participants)"
# Up to two words before the verb, none of them passive: "protesters were attacked" is violence suffered.
_ACTIVE_GAP = r"\s+(?:(?!(?:were|was|are|is|been|being|got)\b)[\w-]+\s+){0,2}"
_MATERIAL = (
    r"(?:barricades?|burning (?:tyres|tires)|(?:tyres|tires)|vehicles|trucks|lorries|cars|buses|tractors|"
    r"motorcycles|rocks|stones|logs|tree trunks|debris|rubble)"
)

_RIOTING = re.compile(
    r"\b(?:(?<!anti-)riot(?:s|ed|ing)?"
    + RIOT_EQUIPMENT_AHEAD
    + r"|rioters|(?:hurl|throw|threw|pelt|lob)\w*\s+(?:[\w-]+\s+){0,3}"
    r"(?:stones?|rocks?|bricks?|bottles?|eggs|paint|petrol bombs?|molotov|firebombs?|projectiles|objects|fireworks|"
    r"(?:a |an )?(?:tyres?|tires?))|"
    r"stone[- ]pelting|(?:torch|vandali[sz]|loot|smash)(?:ed|ing)\b|ransack\w*|burn\w* (?:tyres|tires)|"
    r"set(?:ting)?\s+fire|set(?:ting)?\s+(?:[\w-]+\s+){0,3}(?:on fire|ablaze|alight)|broke\s+(?:[\w-]+\s+){0,3}windows|"
    r"turn\w*\s+(?:very |increasingly )?violent|violent (?:protests?|demonstrations?|clashes|riots?)\b|"
    r"(?:street|escalating|outbreaks? of)\s+violence|aggressive (?:protests?|demonstrations?)|"
    r"(?:scuffle|clash|skirmish)(?:es|ed|s)?\b|"
    + _CROWD_SUBJECT
    + _ACTIVE_GAP
    + r"(?:attack\w*|storm\w*|burn\w*|assault\w*|beat\w*|damag\w*|kidnap\w*|chased)|"
    r"(?:block\w*|barricad\w*)\s+(?:[\w-]+\s+){0,8}?(?:with|using)\s+(?:[\w-]+\s+){0,2}" + _MATERIAL + r"|"
    r"(?:hit|struck|pelted)\s+(?:by|with)\s+(?:a |an )?(?:stones?|rocks?|bricks?|bottles?)|"
    r"us\w+\s+(?:their\s+)?" + _MATERIAL + r"\s+to\s+block|(?:erect|set up|put up|buil[dt])\w*\s+barricades|"
    r"(?:clash|confrontation|scuffle|skirmish|fistfight|(?:physical )?fight)\w*\s+(?:[\w-]+\s+){0,3}"
    r"(?:with|between)\s+(?:[\w-]+\s+){0,3}(?:" + _PARTY + r")\b|(?:" + _PARTY + r")\s+(?:[\w-]+\s+){0,2}clash\w*)",
    re.IGNORECASE,
)
# Killing words need the authorities in the text: protesters "killed in a road accident" were not shot at.
_FORCES_NAMED = re.compile(r"\b" + _FORCES + r"\b", re.IGNORECASE)
_LETHAL_FORCE = re.compile(
    r"\b(?:open\w* fire (?:on|at)|fired live|fired (?:on|at|into) (?:[\w-]+\s+){0,2}" + _CROWD + r"\b|"
    r"live (?:ammunition|rounds|bullets|fire)|shot dead|"
    r"(?<!rubber )(?<!plastic )(?<!rubber-coated )bullets|violently (?:suppress|dispers|broke up|crack)\w*|"
    r"(?:shot|killed|killing|gunned down)\s+(?:[\w-]+\s+){0,3}" + _CROWD + r"\b|" + _CROWD + r"\s+(?:[\w-]+\s+){0,3}"
    r"(?:were |was )?(?:shot|killed|gunned down)|crackdown (?:left|killed))",
    re.IGNORECASE,
)
_INTERVENTION = re.compile(
    r"\b(?:tear ?gas|teargas|water cannons?|rubber bullets|pepper spray|stun grenades|baton[- ]?charg\w*|"
    r"(?:dispers|broke up|break up|breaking up|suppress|crack\w* down)\w*|"
    r"(?:police|officers|forces|authorities)\s+(?:[\w-]+\s+){0,3}interven\w*|(?:arresting|detaining)\b|"
    r"(?:person|people|participants|individuals|members)\s+(?:was|were)\s+(?:arrested|detained)|removed\s+(?:the\s+)?(?:protesters|demonstrators|activists|them)|"
    r"(?:arrest|detain)\w*\s+(?:[\w-]+\s+){0,3}" + _CROWD + r"\b|" + _CROWD + r"\s+(?:[\w-]+\s+){0,3}(?:were |was )?"
    r"(?:arrested|detained))",
    re.IGNORECASE,
)
# The authorities hurting the crowd without a lethal word: "officers brutally attacked and injured a peaceful
# demonstration". The protest was peaceful, its suppression was not, so "peaceful" does not settle it.
_FORCE_USED = re.compile(
    r"\b" + _FORCES + _ACTIVE_GAP + r"(?:attack\w*|beat\w*|assault\w*|injur\w*|wound\w*|brutali[sz]\w*)",
    re.IGNORECASE,
)
_PEACEFUL = re.compile(r"\b(?:peaceful(?:ly)?|without (?:any )?(?:incident|violence))\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|non|without|never|nor)[\s-]+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# What the protest is about or came after: "rallied against the clashes in the north", "protest over the killing
# of protesters", "blocked the road after a woman died following a clash".
_CAUSE_BEFORE = re.compile(
    r"\b(?:against|over|condemn\w*|denounc\w*|about|following|after|since|caused|sparked|triggered)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)


def _said(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says it happened: not negated ("no arrests were made", "without clashes") and not the
    grievance the crowd protests about."""
    return any(
        not _NEGATION.search(before) and not _CAUSE_BEFORE.search(before)
        for m in pattern.finditer(text)
        for before in (text[max(0, m.start() - 40) : m.start()],)
    )


def refine_demonstration(label: SubEventType, text: str) -> SubEventType:
    """``label`` corrected by what ``text`` says happened at the demonstration (see the module doc)."""
    if label not in DEMONSTRATION_TYPES:
        return label
    if _said(_RIOTING, text):
        return SubEventType.VIOLENT_DEMONSTRATION
    if _said(_LETHAL_FORCE, text) and _FORCES_NAMED.search(text):
        return SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS
    if _said(_INTERVENTION, text):
        return SubEventType.PROTEST_WITH_INTERVENTION
    if _said(_PEACEFUL, text) and not _said(_FORCE_USED, text):
        return SubEventType.PEACEFUL_PROTEST  # the text says so, and says nothing of violence or policing
    return label
