"""Event assembly: the ACLED codebook's rules on who did what to whom, run in order over one incident's facts.

Each rule is a small function ``(facts) -> facts | Rejected``: it returns the facts (the sub-type, the sides or
the civilian-targeting flag rewritten where the codebook says so) or says why the incident cannot be coded.
``code_incident`` runs ``RULES`` in order once and logs each rejection; ``validate`` then checks the finished
event (``extract/validate.py``). The sub-event type is rewritten here and nowhere else after the segment's
label (``labels``).

Each rule's docstring names the part of the ACLED Codebook it applies (its actor conventions, or the definition
of an event type and its sub-event types).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitroom.extract.actors import ActorCatalogue
from sitroom.extract.codebook import attack_on_armed_post, demonstrators_not_a_mob, not_a_battle, not_a_riot
from sitroom.extract.document import paragraph_around
from sitroom.extract.mentions import ActorMention
from sitroom.extract.roles import Roles, conventional_actor, refine_territory, to_actor
from sitroom.extract.validate import Rejected
from sitroom.model import Actor, ActorType, Article, EventType, SubEventType

log = logging.getLogger(__name__)

# Strategic developments where ACLED names no target.
NO_TARGET = {SubEventType.CHANGE_TO_GROUP_ACTIVITY, SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED}


@dataclass(frozen=True)
class ActorNames:
    """How the words of a report become ACLED actors, in the country where the incident happened."""

    article: Article
    catalogue: ActorCatalogue
    country: str | None

    def named(self, mention: ActorMention | None, event_type: EventType) -> Actor | None:
        """The actor a mention names in an event of ``event_type`` (a government's violence is its military's)."""
        return to_actor(mention, self.article, event_type, self.catalogue) if mention else None

    def conventional(self, pattern: str, actor_type: ActorType) -> Actor:
        """An ACLED pattern actor not named in the text ("Protesters (Chile)")."""
        return conventional_actor(pattern, actor_type, self.country, self.catalogue)


@dataclass(frozen=True)
class Facts:
    """One incident as the rules read and rewrite it: its sub-type, its sides and the words that tell it."""

    sub_event: SubEventType
    roles: Roles  # the mentions on each side, as word order assigned them (``roles.assign_roles``)
    names: ActorNames
    sentence: str  # the incident's sentence
    words: str  # the incident's own words (its segment of the sentence)
    whole_report: bool = True  # a report of several sentences, not a one-line item or a coder's note
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc1: list[Actor] = field(default_factory=list)
    assoc2: list[Actor] = field(default_factory=list)
    civilian_targeting: bool = False

    @property
    def event_type(self) -> EventType:
        return self.sub_event.event_type

    def retyped(self, sub_event: SubEventType) -> Facts:
        return dataclasses.replace(self, sub_event=sub_event)


Rule = Callable[[Facts], "Facts | Rejected"]


def facts_of(
    sub_event: SubEventType, roles: Roles, names: ActorNames, sentence: str, words: str, whole_report: bool
) -> Facts:
    """The incident's facts before any rule: both sides named as the segment's label reads them."""
    return Facts(
        sub_event=sub_event,
        roles=roles,
        names=names,
        sentence=sentence,
        words=words,
        whole_report=whole_report,
        actor1=names.named(roles.actor1, sub_event.event_type),
        actor2=names.named(roles.actor2, sub_event.event_type),
    )


# --------------------------------------------------------------------------- the sub-type by who acts


def armed_groups_do_not_riot(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Riots: a riot is by a crowd. A riot sub-type whose actor is an organised armed group and
    that names no crowd is that group's Attack or Looting/property destruction, or, with armed parties fighting
    on both sides, an Armed clash (``codebook.not_a_riot``)."""
    return facts.retyped(not_a_riot(facts.sub_event, facts.actor1, facts.sentence, facts.actor2))


def battles_need_two_armed_sides(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Battles: a battle is between two armed, organised groups. An Armed clash of a crowd is
    Mob violence, one that only hit civilians an Attack (``codebook.not_a_battle``)."""
    retyped = not_a_battle(facts.sub_event, facts.actor1, facts.actor2, facts.roles.civilians_hit, facts.sentence)
    return facts.retyped(retyped)


def demonstrators_fighting_police_demonstrate(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Riots: Mob violence is a riot outside any demonstration; demonstrators or students who
    fight the police make a Violent demonstration (``codebook.demonstrators_not_a_mob``)."""
    return facts.retyped(demonstrators_not_a_mob(facts.sub_event, facts.actor2, facts.sentence))


def sides_named_for_the_type(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, actor names: a government acting violently is coded as its military forces, so a side's
    name depends on the event type. Once the sides have settled the type, the acted-upon side and both sides'
    associated actors are named under it (the acting side keeps the name it had under the segment's label)."""
    names, roles, event_type = facts.names, facts.roles, facts.event_type
    return dataclasses.replace(
        facts,
        actor2=names.named(roles.actor2, event_type),
        assoc1=[to_actor(m, names.article, event_type, names.catalogue) for m in roles.assoc1],
        assoc2=[to_actor(m, names.article, event_type, names.catalogue) for m in roles.assoc2],
    )


_UNNAMED_PERPETRATOR = {
    SubEventType.ATTACK,
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
}


def crowds_and_unknown_attackers_by_convention(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, generic actors: ACLED names the crowd, not its organisers: protests are by Protesters
    (COUNTRY), riots by Rioters (COUNTRY), and an attack, abduction or explosive device with no perpetrator named
    by an Unidentified Armed Group (COUNTRY). The organisers stay as associated actors (not civilians, nor the
    forces that faced a crowd)."""
    if facts.event_type is EventType.PROTESTS:
        pattern, kind = "Protesters ({country})", ActorType.PROTESTERS
    elif facts.event_type is EventType.RIOTS:
        pattern, kind = "Rioters ({country})", ActorType.RIOTERS
    elif facts.actor1 is None and facts.sub_event in _UNNAMED_PERPETRATOR:
        pattern, kind = "Unidentified Armed Group ({country})", ActorType.POLITICAL_MILITIA
    else:
        return facts
    nation = crowd_nationality(facts) if kind in (ActorType.PROTESTERS, ActorType.RIOTERS) else None
    if nation is None:
        conventional = facts.names.conventional(pattern, kind)
    else:  # named after its own country, with the words that say so
        country, words = nation
        conventional = conventional_actor(pattern, kind, country, facts.names.catalogue)
        conventional = conventional.model_copy(update={"mention": words})
    if facts.actor1 is not None and facts.actor1.name == conventional.name:
        return facts
    others = [a for a in [facts.actor1, *facts.assoc1] if a is not None and a.actor_type not in {ActorType.CIVILIANS}]
    if facts.event_type in _CROWD_EVENTS:
        others = [a for a in others if a.actor_type is not ActorType.STATE_FORCES]
    return dataclasses.replace(facts, actor1=conventional, assoc1=others)


# A people noun after a demonym names a crowd by its nationality: "Israeli settlers", "Ukrainian nationals".
# Not "the Ukrainian community" nor "Polish and Ukrainian activists": ACLED codes diaspora communities and mixed
# crowds with the country they gathered in, so only these nouns count, and not inside a list of who took part.
_CROWD_NOUN = re.compile(r"\s+(?:settlers?|nationals|citizens|expatriates|migrants?|refugees?)\b", re.IGNORECASE)
_PART_OF_A_CROWD = re.compile(r"\b(?:including|among\s+them|with|and|as\s+well\s+as)\b[^.;]{0,40}$", re.IGNORECASE)
# "in support of Ukrainian refugees", "against Syrian migrants": the people the crowd speaks for or against.
_CROWD_SPEAKS_OF = re.compile(
    r"\b(?:(?:support|solidarity|behalf|defen[cs]e|favou?r)\s+(?:of|with|for)|for|to|against|towards?|over|about)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def crowd_nationality(facts: Facts) -> tuple[str, str] | None:
    """ACLED Codebook, generic actors: a crowd named by its nationality is coded with that country wherever it
    gathered (Ukrainian nationals protesting in Ankara are Protesters (Ukraine); Israeli settlers rioting in the
    West Bank are Rioters (Israel)). The country and the words that name the crowd, else None."""
    table = facts.names.catalogue.countries
    for match in table.mention_regex.finditer(facts.words):
        demonym = match.group(0)
        crowd = _CROWD_NOUN.match(facts.words, match.end())
        if crowd is None or demonym not in table.demonyms:
            continue
        before = max(0, match.start() - 60)
        if not (
            _PART_OF_A_CROWD.search(facts.words, before, match.start())
            or _CROWD_SPEAKS_OF.search(facts.words, before, match.start())
        ):
            return table.demonyms[demonym], facts.words[match.start() : crowd.end()]
    return None


# Words that tie unnamed perpetrators to gang or organised-crime violence (ACLED then codes an Unidentified Gang).
_GANG_CONTEXT = re.compile(
    r"\bgang(?:s|sters?)?\b|\bdrug[- ]traffick|\bcriminal (?:group|gang|organi[sz]ation)s?\b|\bcartels?\b"
    r"|\borgani[sz]ed crime\b",
    re.IGNORECASE,
)
_UNIDENTIFIED_ARMED_GROUP = "Unidentified Armed Group"


def unidentified_gunmen_of_gang_violence_are_a_gang(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, generic actors: unidentified perpetrators whom the report ties to gangs, drug trafficking or
    organised crime are an Unidentified Gang (COUNTRY), not an Unidentified Armed Group. The motive is often told
    after the incident's sentence ("Attacks are being linked to drug trafficking"), so its paragraph is read."""
    if not _GANG_CONTEXT.search(_paragraph_of(facts.sentence, facts.names.article.text)):
        return facts
    return dataclasses.replace(facts, actor1=_as_gang(facts, facts.actor1), actor2=_as_gang(facts, facts.actor2))


def _paragraph_of(sentence: str, text: str) -> str:
    """The paragraph of ``text`` holding ``sentence`` (the sentence alone when it is not found verbatim)."""
    at = text.find(sentence)
    return paragraph_around(text, at, at + len(sentence)) if at >= 0 else sentence


def _as_gang(facts: Facts, actor: Actor | None) -> Actor | None:
    if actor is None or not actor.name.startswith(_UNIDENTIFIED_ARMED_GROUP):
        return actor
    return facts.names.conventional("Unidentified Gang ({country})", ActorType.POLITICAL_MILITIA)


def other_is_someones_development(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Strategic developments, Other: the catch-all development is always some actor's; with no one
    named it is commentary."""
    if facts.sub_event is SubEventType.OTHER and facts.roles.actor1 is None:
        return Rejected("other_is_someones_development", "an Other development with nobody acting")
    return facts


def activity_change_names_the_group(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Strategic developments, Change to group/activity: it is a named group's change; in a report
    (not a one-line note) "reinforcements arrived" names none."""
    if facts.sub_event is SubEventType.CHANGE_TO_GROUP_ACTIVITY and facts.roles.actor1 is None and facts.whole_report:
        return Rejected("activity_change_names_the_group", "a change of activity with no group named")
    return facts


def attack_on_armed_post_is_a_battle(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Battles: an assault on a checkpoint, base, patrol or convoy is a battle with the forces there
    (``codebook.attack_on_armed_post``); civilians among its dead are its toll, not its target."""
    on_armed_post = attack_on_armed_post(facts.sub_event, facts.sentence)
    if on_armed_post is facts.sub_event:
        return facts
    civilians = facts.actor2 is not None and facts.actor2.actor_type is ActorType.CIVILIANS
    return dataclasses.replace(facts, sub_event=on_armed_post, actor2=None if civilians else facts.actor2)


# --------------------------------------------------------------------------- the acted-upon side

# ACLED codebook conventions for the acted-upon side.
_NO_ACTOR2 = {SubEventType.PEACEFUL_PROTEST, *NO_TARGET}
_CIVILIAN_VICTIMS = {
    SubEventType.ATTACK,
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    SubEventType.SEXUAL_VIOLENCE,
    SubEventType.LOOTING_PROPERTY_DESTRUCTION,
    SubEventType.ARRESTS,
}
_POLICED = {SubEventType.PROTEST_WITH_INTERVENTION, SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS}
_CROWD_EVENTS = {EventType.PROTESTS, EventType.RIOTS}
_ARMED = {
    ActorType.STATE_FORCES,
    ActorType.REBEL_GROUP,
    ActorType.POLITICAL_MILITIA,
    ActorType.IDENTITY_MILITIA,
    ActorType.EXTERNAL_OTHER_FORCES,
}


def untargeted_events_have_no_actor2(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, event types: a Peaceful protest has no target, nor do a Change to group/activity and a
    Headquarters or base established."""
    if facts.sub_event in _NO_ACTOR2:
        return dataclasses.replace(facts, actor2=None, assoc2=[])
    return facts


def crowds_confront_no_institution(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Protests and Riots: the other side of a crowd is whom it clashed with or attacked, not the
    union that called the rally or the government it denounced (ACLED codes those as associated, or not at
    all)."""
    if facts.event_type in _CROWD_EVENTS and not _crowd_target(facts.actor2):
        return dataclasses.replace(facts, actor2=None, assoc2=[])
    return facts


def mob_violence_hits_civilians(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Riots, Mob violence: a mob with no named victim attacked Civilians (COUNTRY)."""
    if facts.sub_event is SubEventType.MOB_VIOLENCE and facts.actor2 is None:
        return dataclasses.replace(facts, actor2=facts.names.conventional("Civilians ({country})", ActorType.CIVILIANS))
    return facts


def unarmed_victims_are_civilians(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Violence against civilians (and Looting/property destruction, Arrests): unless an armed party
    is named as the victim, the acted-upon side is Civilians (COUNTRY)."""
    if facts.sub_event in _CIVILIAN_VICTIMS and not _armed(facts.actor2):
        return dataclasses.replace(facts, actor2=facts.names.conventional("Civilians ({country})", ActorType.CIVILIANS))
    return facts


def police_face_a_policed_protest(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Protests: a Protest with intervention or Excessive force against protesters is acted on by
    the police, Police Forces of COUNTRY, unless another armed party is named."""
    if facts.sub_event in _POLICED and not _armed(facts.actor2):
        police = facts.names.conventional("Police Forces of {the}{country}", ActorType.STATE_FORCES)
        return dataclasses.replace(facts, actor2=police, assoc2=[])
    return facts


def _crowd_target(actor: Actor | None) -> bool:
    """Whom a crowd can clash with or attack: forces, armed groups, other crowds, civilians — not an
    organiser or an institution it protests against (ACLED codes those as associated, or not at all)."""
    if actor is None or actor.actor_type is None:
        return False
    return not actor.name.startswith("Government of")


def _armed(actor: Actor | None) -> bool:
    return actor is not None and actor.actor_type in _ARMED


# --------------------------------------------------------------------------- the sub-type by who was hit


def who_takes_territory(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Battles: who takes territory decides the sub-type: the state regains, a non-state actor
    overtakes (``roles.refine_territory``)."""
    return facts.retyped(refine_territory(facts.sub_event, facts.actor1, facts.actor2))


def violence_against_armed_side_is_a_battle(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Violence against civilians is violence against unarmed people: against an armed, organised
    party, with no civilians hit, it is an Armed clash."""
    armed = _armed(facts.actor2) and not facts.roles.civilians_hit
    if facts.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS and armed:
        return facts.retyped(SubEventType.ARMED_CLASH)
    return facts


_TARGETED = re.compile(
    r"\btarget\w*\s+(?:\w+\s+){0,2}(?:civilian|resident|village|market|hospital|school|camp)", re.IGNORECASE
)


# The arresting side's own killing told before the arrest words: "troops killed six villagers and held others as
# human shields", not "police arrested two men over a bombing that killed 12" (someone else's killing).
_KILLING_FIRST = re.compile(
    r"^(?:(?!\b(?:that|which|who)\b)[^.;])*?\b(?:killed|shot dead|executed|massacred|beheaded|murdered)\b"
    r"(?:(?!\b(?:arrest|detain|abduct|kidnap)).)*$",
    re.IGNORECASE,
)
_ARREST_WORD = re.compile(r"\b(?:arrest|detain|custody|abduct|kidnap|captive|hostage)", re.IGNORECASE)


def killing_is_no_arrest(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, Strategic developments, Arrests: an arrest is taken without violence; when the arresting
    side killed people in the incident, it is Violence against civilians, Attack."""
    if facts.sub_event is not SubEventType.ARRESTS:
        return facts
    first_arrest = _ARREST_WORD.search(facts.words)
    before = facts.words[: first_arrest.start()] if first_arrest else facts.words
    if not _KILLING_FIRST.match(before):
        return facts
    return facts.retyped(SubEventType.ATTACK)


def civilians_targeted(facts: Facts) -> Facts | Rejected:
    """ACLED Codebook, civilian targeting: every Violence against civilians event targets civilians; a remote
    attack does when civilians alone are its acted-upon side, were hit, and the words say they were targeted."""
    targeted = facts.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS or (
        facts.actor2 is not None
        and facts.actor2.actor_type is ActorType.CIVILIANS
        and not facts.assoc2
        and facts.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE
        and facts.roles.civilians_hit
        and bool(_TARGETED.search(facts.words))
    )
    return dataclasses.replace(facts, civilian_targeting=targeted)


RULES: tuple[Rule, ...] = (
    armed_groups_do_not_riot,
    battles_need_two_armed_sides,
    demonstrators_fighting_police_demonstrate,
    sides_named_for_the_type,
    crowds_and_unknown_attackers_by_convention,
    unidentified_gunmen_of_gang_violence_are_a_gang,
    other_is_someones_development,
    activity_change_names_the_group,
    killing_is_no_arrest,
    attack_on_armed_post_is_a_battle,
    untargeted_events_have_no_actor2,
    crowds_confront_no_institution,
    mob_violence_hits_civilians,
    unarmed_victims_are_civilians,
    police_face_a_policed_protest,
    who_takes_territory,
    violence_against_armed_side_is_a_battle,
    civilians_targeted,
)


def code_incident(facts: Facts, rules: tuple[Rule, ...] = RULES) -> Facts | None:
    """The facts after every rule, or None (logged with the rule's reason) when one rejects the incident."""
    for rule in rules:
        result = rule(facts)
        if isinstance(result, Rejected):
            log.info("incident rejected by %s: %s (%r)", result.rule, result.reason, facts.sentence[:120])
            return None
        facts = result
    return facts
