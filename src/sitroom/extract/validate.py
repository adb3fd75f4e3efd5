"""The last step of extraction: codebook invariants every emitted event must satisfy.

Each rule is a small function ``(mention, sentence) -> mention | Rejected``: it returns the mention (fixed where
the fix is certain) or says why the event cannot be coded. ``validate`` runs them in order and logs each
rejection, so an impossible event is never emitted silently and never reaches a brief's headline.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitroom.extract.codebook import TERRITORIAL_CAPTURES
from sitroom.extract.roles import refine_territory
from sitroom.model import EventMention, EventType, SubEventType

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejected:
    rule: str
    reason: str


Rule = Callable[[EventMention, str], "EventMention | Rejected"]

# ACLED's Agreement covers peace talks, ceasefires, exchanges and surrenders; talks that failed, a proposal not
# yet answered, a truce violated or one that "would see" something have no agreement in them.
_NOTHING_AGREED = re.compile(
    r"\b(?:no (?:apparent )?breakthrough|fail(?:ed|s)? to (?:reach|achieve|agree)|proposals?|violat\w*|"
    r"collapsed|defunct|broke down|trying to broker|(?:would|could) (?:\w+ )?(?:see|lead))\b",
    re.IGNORECASE,
)


def agreement_concluded(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """ACLED's Agreement is something agreed or negotiated (a ceasefire, talks, an exchange, a surrender).
    Failed talks, an unanswered proposal and violations of an earlier truce are no event of their own."""
    if mention.sub_event_type is not SubEventType.AGREEMENT:
        return mention
    if _NOTHING_AGREED.search(sentence):
        return Rejected("agreement_concluded", "an agreement proposed, failed or broken, not reached")
    return mention


# In a whole report, something agreed in the sentence itself: a ceasefire reached, a deal signed, prisoners
# exchanged, talks held.
_CONCLUDED = re.compile(
    r"\b(?:reach\w*|sign\w*|agree[sd]?|achiev\w*|broker\w*|conclud\w*|announc\w*|declar\w*|accept\w*|struck|"
    r"seal\w*|exchang\w*|releas\w*|swap\w*|surrender\w*|handed over|held talks|met|negotiat\w*|mediat\w*|"
    r"(?:went|came|comes|goes|entered) into (?:force|effect)|took effect|take effect|began|begun|start\w*|"
    r"resum\w*|extend\w*)\b",
    re.IGNORECASE,
)
# A stance on an agreement that already exists is no agreement of its own ("the Houthis backed the deal").
_STANCE_ON_AGREEMENT = re.compile(
    r"\b(?:backed|welcomed|supported|praised|condemned|critici[sz]ed|rejected|opposed|hailed)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}(?:ceasefire|cease-fire|truce|agreement|deal|accord)",
    re.IGNORECASE,
)


def agreement_in_passing(mention: EventMention) -> bool:
    """An Agreement a report only mentions ("attacks paused during a two-month ceasefire", "the ceasefire
    ended a year of hostilities", "they backed the ceasefire agreement"): nothing is agreed in the sentence."""
    if mention.sub_event_type is not SubEventType.AGREEMENT:
        return False
    sentence = mention.evidence.text
    in_passing = not _CONCLUDED.search(sentence) or bool(_STANCE_ON_AGREEMENT.search(sentence))
    if in_passing:
        log.info("agreement only mentioned: %r", sentence[:80])
    return in_passing


_TAKEN = re.compile(
    r"\b(?:abduct\w*|kidnap\w*|snatch\w*|disappear\w*|took|taken|taking|seized|captured|detained)\b",
    re.IGNORECASE,
)
_HOSTAGES_HELD = re.compile(r"\bhostages?\b", re.IGNORECASE)


def abduction_happened(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """An abduction is someone taken: hostages only held, released or negotiated over are no new abduction."""
    if mention.sub_event_type is not SubEventType.ABDUCTION_FORCED_DISAPPEARANCE:
        return mention
    if _HOSTAGES_HELD.search(sentence) and not _TAKEN.search(sentence):
        return Rejected("abduction_happened", "hostages named, nobody taken")
    return mention


_HAS_LETTER = re.compile(r"[^\W\d_]{2}")


def actors_are_names(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """An actor is a name: not a lone quotation mark, not a run of capitals across a line break (a headline
    read with the next line), not the event's own place ("control of Pobeda" names where, not who)."""
    update: dict[str, object] = {}
    place = mention.location.name.casefold() if mention.location else None
    for slot in ("actor1", "actor2"):
        actor = getattr(mention, slot)
        if actor is None:
            continue
        misread = "\n" in actor.name or not _HAS_LETTER.search(actor.name)
        if misread or (not actor.known and place is not None and actor.name.casefold() == place):
            update[slot] = None
    return mention.model_copy(update=update) if update else mention


def sides_differ(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """Two sides of one event are two actors: the same named actor on both sides is a misread second side,
    dropped (the first side is the one its incident word was read from)."""
    first, second = mention.actor1, mention.actor2
    if first is None or second is None or first.name != second.name:
        return mention
    if first.name.startswith(_UNNAMED_ON_BOTH_SIDES):
        return mention  # "a gunfight between rival gangs": ACLED names both unidentified sides alike
    return mention.model_copy(update={"actor2": None})


_UNNAMED_ON_BOTH_SIDES = ("Unidentified", "Rioters", "Civilians")


_INTERCEPTED = re.compile(
    r"\b(?:shot down|shoots? down|shooting down|downed|intercept(?:ed|s|ing|ion)|"
    r"destroyed (?:in (?:the )?(?:air|flight)|over)|air defen[cs]es? (?:\w+ ){0,3}(?:destroyed|repelled|thwarted))\b",
    re.IGNORECASE,
)
_HARM_DONE = re.compile(r"\b(?:killed|killing|dead|died|deaths?|struck|hit|destroyed (?:a|the|several)|damag\w*)\b")


def interception_is_disrupted(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """Drones or missiles shot down or intercepted, with no one killed and nothing hit in the same sentence, are
    ACLED's Disrupted weapons use, not a strike or a battle."""
    if mention.event_type not in (EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES):
        return mention
    if not _INTERCEPTED.search(sentence) or _HARM_DONE.search(sentence):
        return mention
    disrupted = SubEventType.DISRUPTED_WEAPONS_USE
    return mention.model_copy(
        update={"event_type": disrupted.event_type, "sub_event_type": disrupted, "civilian_targeting": False}
    )


_WITHDREW = re.compile(
    r"\b(?:withdr[ae]w\w*|pulled (?:\w+ )?(?:out|back)|retreat\w*|pull(?:ing)? out)\b", re.IGNORECASE
)
_TAKEN_OVER = re.compile(
    r"\b(?:captur\w*|seiz\w*|t(?:ook|aken?|aking) (?:\w+ ){0,2}(?:control|over)|entered|overr[au]n|control|recover\w*|"
    r"fell to|fall(?:en)? to|liberat\w*|recaptur\w*|retook|regain\w*|handed (?:\w+ )?over)\b",
    re.IGNORECASE,
)
_DESTINATION = re.compile(r"\b(?:towards?|heading (?:for|to)|to the)\s+(?:the\s+)?$", re.IGNORECASE)


def withdrawal_is_no_capture(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """Forces that withdraw, with nobody said to take the ground, took nothing: a capture becomes the
    codebook's "Other" strategic development by the side that withdrew, and the place they withdrew *towards*
    is their destination, not where anything changed hands."""
    if mention.sub_event_type not in TERRITORIAL_CAPTURES:  # a withdrawal read as a peaceful transfer stays one
        return mention
    if not _WITHDREW.search(sentence) or _TAKEN_OVER.search(sentence):
        return mention
    other = SubEventType.OTHER
    update: dict[str, object] = {"event_type": other.event_type, "sub_event_type": other, "actor2": None}
    location = mention.location
    if location is not None and location.evidence is not None:
        offset = location.evidence.start - mention.evidence.start
        if 0 <= offset <= len(mention.evidence.text) and _DESTINATION.search(mention.evidence.text[:offset]):
            update["location"] = None
    return mention.model_copy(update=update)


_ARRESTED = re.compile(
    r"\b(?:arrest\w*|detain\w*|detention|custody|round(?:ed|ing)? up|apprehend\w*|taken in|abduct\w*|held|"
    r"t(?:ook|aken) away|rescued|jailed|imprisoned|intercepted|"
    r"captured (?:\w+ ){0,3}(?:people|men|civilians|suspects|members|fighters|soldiers))\b",
    re.IGNORECASE,
)


def arrests_need_an_arrest(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """ACLED's Arrests are people detained. A "raid" alone names no arrest: raids that killed are an Attack,
    raids by aircraft ("two US raids targeted the area") are air strikes; with neither it is no event."""
    if mention.sub_event_type is not SubEventType.ARRESTS or _ARRESTED.search(sentence):
        return mention
    if _AIRBORNE.search(sentence) or _foreign_state(mention):
        return _retyped(mention, SubEventType.AIR_DRONE_STRIKE)
    if _KILLED.search(sentence):
        return _retyped(mention, SubEventType.ATTACK)
    return Rejected("arrests_need_an_arrest", "a raid with nobody detained")


_AIRBORNE = re.compile(
    r"\b(?:air|aerial|airstrikes?|air strikes?|jets?|warplanes?|aircraft|drones?|helicopters?)\b", re.I
)
_KILLED = re.compile(r"\b(?:kill\w*|dead|died|shot|massacr\w*|executed)\b", re.IGNORECASE)
_GROUND_CONTACT = re.compile(
    r"\b(?:gunmen|gunfire|shot|shooting|raid\w*|stormed|troops|soldiers|settlers|opened fire|open fire|"
    r"fired (?:at|on|towards)|positioned|checkpoints?|ground|snipers?|"
    r"stabb\w*|beat\w*|torture\w*|executed|set fire|burn\w*|arrest\w*|detain\w*)\b",
    re.IGNORECASE,
)


def _foreign_state(mention: EventMention) -> bool:
    """Whether the acting side is another state's military, striking outside its own country."""
    actor, place = mention.actor1, mention.location
    if actor is None or place is None or not actor.country or not place.country:
        return False
    return actor.name.startswith("Military Forces of") and actor.country.casefold() != place.country.casefold()


def cross_border_attack_is_remote(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """A foreign state's forces "targeting" or "attacking" a place across the border, with no word of ground
    contact, struck from the air: an Air/drone strike (ACLED codes the means, and remote violence is how
    armies hit targets abroad)."""
    if mention.sub_event_type is not SubEventType.ATTACK or not _foreign_state(mention):
        return mention
    if _GROUND_CONTACT.search(sentence):
        return mention
    return _retyped(mention, SubEventType.AIR_DRONE_STRIKE)


_FIGHT_ON = re.compile(
    r"\b(?:stormed|storming|gunfire|gun ?battle|clash\w*|fighting|fought|firefight|overr[au]n|assault\w*)\b", re.I
)


def bomb_then_battle_is_a_battle(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """A suicide bomb that opens an assault fought on with guns ("stormed the base after a car bomb") is an
    Armed clash: ACLED codes the battle the bombing began."""
    if mention.sub_event_type is SubEventType.SUICIDE_BOMB and _FIGHT_ON.search(sentence):
        return _retyped(mention, SubEventType.ARMED_CLASH)
    return mention


_SEIZED_BY_FORCE = re.compile(r"\b(?:seiz\w*|captur\w*|overr[au]n|stormed|recaptur\w*|retook|fought)\b", re.I)
_NO_FIGHT = re.compile(
    r"\b(?:without (?:a |any )?(?:fight\w*|resistance|a shot|bloodshed)|unopposed|no resistance|little resistance|"
    r"peaceful\w*|withdr[ae]w\w*|handed over|handover|pulled out|vacated|abandoned|deserted|empty|retreated|"
    r"entered)\b",
    re.IGNORECASE,
)


def seized_is_no_peaceful_transfer(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """A Non-violent transfer needs the text to say no fight took place; ground "seized" or "captured" with no
    such word was taken by force: the taker overtook it (or regained it, when the taker is a state's)."""
    if mention.sub_event_type is not SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY:
        return mention
    if not _SEIZED_BY_FORCE.search(sentence) or _NO_FIGHT.search(sentence):
        return mention
    return _taken_by_force(mention)


_WEAPONS = re.compile(
    r"\b(?:weapons?|arms|ammunition|munitions|explosives?|bombs?|IEDs?|mines?|landmines?|drones?|missiles?|"
    r"rockets?|projectiles?|shells?|cache|grenades?|devices?|UAVs?|shaheds?|guns?|pistols?|revolvers?|rifles?|"
    r"firearms?|bullets?|cartridges?|rounds|ammo|carbines?|muskets?|arsenal|mortars?)\b",
    re.IGNORECASE,
)


def disruption_needs_a_weapon(mention: EventMention, sentence: str) -> EventMention | Rejected:
    """Disrupted weapons use is a weapon stopped (a bomb defused, a drone downed, a cache seized); with no weapon
    in the sentence ("seized a key base") it is something else: ground taken, if ground is, else no event."""
    if mention.sub_event_type is not SubEventType.DISRUPTED_WEAPONS_USE or _WEAPONS.search(sentence):
        return mention
    if _SEIZED_BY_FORCE.search(sentence):
        return _taken_by_force(mention)
    return Rejected("disruption_needs_a_weapon", "no weapon was stopped")


def _taken_by_force(mention: EventMention) -> EventMention:
    """Ground taken in a fight: the taker decides the sub-type (``refine_territory``)."""
    taken = refine_territory(SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, mention.actor1, mention.actor2)
    return _retyped(mention, taken)


def _retyped(mention: EventMention, sub_event: SubEventType) -> EventMention:
    return mention.model_copy(update={"event_type": sub_event.event_type, "sub_event_type": sub_event})


RULES: tuple[Rule, ...] = (
    agreement_concluded,
    abduction_happened,
    interception_is_disrupted,
    disruption_needs_a_weapon,
    arrests_need_an_arrest,
    cross_border_attack_is_remote,
    bomb_then_battle_is_a_battle,
    seized_is_no_peaceful_transfer,
    withdrawal_is_no_capture,
    actors_are_names,
    sides_differ,
)


def validate(mention: EventMention, sentence: str, rules: tuple[Rule, ...] = RULES) -> EventMention | None:
    """The mention after every rule, or None (logged with the rule's reason) when one rejects it."""
    for rule in rules:
        result = rule(mention, sentence)
        if isinstance(result, Rejected):
            log.info("event rejected by %s: %s (%r)", result.rule, result.reason, sentence[:120])
            return None
        mention = result
    return mention
