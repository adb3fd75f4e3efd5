"""Who acts and who is acted on in one incident, from word order around its trigger.

Patterns, not a parse (the parser would cost more than all the rest of extraction): the passive agent
("airstrikes by Russian and Syrian jets") or else the subject side of the trigger names actor1, its
coordinated partners are associated actors; the object side ("targeting rebel positions", "clashed
with X") names actor2; civilians named as victims make actor2 Civilians (COUNTRY). ACLED's conventions
on top: protests are by Protesters (COUNTRY), riots by Rioters (COUNTRY), violence against civilians
by an unnamed perpetrator is by an Unidentified Armed Group (COUNTRY), and a government acting
violently is coded as its military.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from sitroom.extract.actors import ActorCatalogue, ResolvedActor
from sitroom.extract.claims import ClaimSpan, find_claims
from sitroom.extract.codebook import TERRITORIAL_CAPTURES
from sitroom.extract.mentions import ActorMention
from sitroom.model import Actor, ActorType, Article, EventType, SubEventType

_VIOLENT = {
    EventType.BATTLES,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    EventType.VIOLENCE_AGAINST_CIVILIANS,
}
_CROWD_TYPES = {EventType.PROTESTS, EventType.RIOTS}
# "killed by the army", "shot by two armed individuals", "by suspected militants": the passive agent.
_AGENT_BY = re.compile(
    r"\bby\s+(?:(?:the|a|an|some|several|\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens of|"
    r"(?:unknown|unspecified|unidentified) number of|suspected|alleged|presumed|(?:members|fighters|elements) of)\s+)*"
    r"(?:(?-i:[A-Z])[\w'’-]+\s+)?$",  # "by Haitian law enforcement": a demonym outside the actor's name
    re.IGNORECASE,
)
_COORDINATION = re.compile(
    r"^\s*(?:,|and|,\s*and|as well as|along with|alongside|backed by|with the help of)\s*(?:the\s+)?$", re.IGNORECASE
)
_BETWEEN = re.compile(
    r"\bbetween\s+(?:(?:the|two|rival|several|dozens of|members of|\d+)\s+)*$",
    re.IGNORECASE,
)
# "between X and Y", "between X and joint forces of Y"
_BETWEEN_AND = re.compile(r"^\s*(?:and|,)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:according to|said|says|reported|reports? from|told|citing|cited)\b", re.IGNORECASE)
_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:civilians?|residents|villagers|children|women|people|persons|individuals|family|families|"
    r"worshippers|passers-by|students|journalists?|farmers?|shepherds?|a (?:man|woman|boy|girl|child))\b",
    re.IGNORECASE,
)


_ARMED_TYPES = {
    ActorType.STATE_FORCES,
    ActorType.REBEL_GROUP,
    ActorType.POLITICAL_MILITIA,
    ActorType.IDENTITY_MILITIA,
    ActorType.EXTERNAL_OTHER_FORCES,
}


@dataclass
class Roles:
    actor1: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    actor2: ActorMention | None = None
    assoc2: list[ActorMention] = field(default_factory=list)
    civilians_hit: bool = False


def assign_roles(
    text: str, start: int, end: int, trigger_at: int, mentions: list[ActorMention], event_type: EventType
) -> Roles:
    """Roles inside the segment ``text[start:end]`` whose main trigger starts at ``trigger_at``."""
    inside = [m for m in mentions if start <= m.start < end and m.role == "actor" and not _reported_by(text, m, start)]
    roles = Roles()
    between = _between_pair(text, inside, event_type)
    if between is not None:
        roles.actor1, roles.actor2 = between
    else:
        passive = _passive_agents(text, inside, trigger_at)
        agents = passive or _subject_agents(text, inside, trigger_at)
        clause = [] if agents else _clause_subject(text, inside, trigger_at)
        agents = agents or clause
        if agents:
            roles.actor1, roles.assoc1 = agents[0], agents[1:]
        targets = [m for m in inside if m.start >= trigger_at and m not in agents and not m.target_only]
        if clause:  # its targets follow it, and it does not act on itself ("advanced to the army's headquarters")
            targets = [m for m in targets if m.start > clause[0].start and m.name != clause[0].name]
        if passive and not targets:  # "gang members were gunned down by police": the subject was hit
            targets = [m for m in inside if m.start < trigger_at and not m.target_only][-1:]
        if targets:
            roles.actor2, roles.assoc2 = targets[0], _coordinated(text, targets)
    if event_type in _CROWD_TYPES:  # "students battle with police": people before the verb are the crowd
        roles.civilians_hit = any(m.target_only and m.start >= trigger_at for m in inside)
    else:
        roles.civilians_hit = _civilians_hit(text, start, end, trigger_at, inside)
    # Shelling "at DPR positions, killing a civilian" targets the named armed party; civilians are its toll
    # (unnamed "rebel positions" hit with civilian casualties stay coded as civilians).
    armed_target = roles.actor2 is not None and roles.actor2.actor_type in _ARMED_TYPES and roles.actor2.specific
    if roles.civilians_hit and event_type is not EventType.BATTLES:
        if armed_target and event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE:
            return roles
        civilians = next((m for m in inside if m.target_only), None)
        if civilians is not None and roles.actor2 is not None and roles.actor2 is not civilians:
            roles.assoc2 = [roles.actor2, *roles.assoc2]
        roles.actor2 = civilians or roles.actor2
    return roles


_SPEAKER_AFTER = re.compile(
    r"^\s*(?:\([^()]{1,20}\)\s*)?(?:\w+\s+){0,2}?(?:said|says|say|reported|reports|told|announced|claimed|acknowledged|denied|stated|"
    r"confirmed|added|warned)\b(?!\s+(?:that\s+)?(?:they|it|its|their|he|she|to|responsibility|credit)\b)",
    re.IGNORECASE,
)


def _reported_by(text: str, mention: ActorMention, start: int) -> bool:
    """ "according to the White Helmets", "the military said its forces…": a speaker, not a party
    (unless it speaks of itself: "rebels said they captured…")."""
    window = text[max(start, mention.start - 30) : mention.start]
    if re.search(r"\b(?:according to|reports? from|told|said)\s+(?:[\w-]+,?\s+){0,3}$", window, re.IGNORECASE):
        return not _ACTS_AFTER_SAID.match(text, mention.end)
    after = text[mention.end : mention.end + 40]
    return bool(_SPEAKER_AFTER.match(after) or _SPOKESPERSON.match(after) or _in_attribution(text, mention))


# "witnesses said RSF vehicles entered the camp": the name after "said" opens the clause it reports and acts
# in it. Not "said 25 SDF fighters were killed": a victim there is no speaker, but no attacker either.
_ACTS_AFTER_SAID = re.compile(
    r"\s+(?:(?!(?:was|were|is|are|been|being)\b)[a-z]+\s+)?(?:had\s+|have\s+|has\s+)?"
    r"(?!(?:was|were|been|reported|said|added|told)\b)"
    r"(?:[a-z]+ed|took|shot|struck|hit|overran|began|fought|drove|broke|set|blew|threw|stole|burnt)\b"
)


# "…, said they captured", "claimed its fighters …": a source telling of itself is still a party.
_OF_ITSELF = re.compile(r"^(?:they|it|its|their|we|our|his|her|to|responsibility|credit)\b", re.IGNORECASE)


def _in_attribution(text: str, mention: ActorMention) -> bool:
    """ "Another resistance group, the Dragon Brothers Task Force (DBTF), said that the helicopters opened
    fire": the mention is inside an attribution (``claims.find_claims``), the voice and not a party."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    at = mention.start - line_start
    return any(c.start <= at < c.end and not _OF_ITSELF.match(c.about) for c in _line_claims(line) if c.about)


@lru_cache(maxsize=256)
def _line_claims(line: str) -> tuple[ClaimSpan, ...]:
    return tuple(find_claims(line))


# "an army spokesman said …": the organisation's voice speaks; it is no party to what it reports.
_SPOKESPERSON = re.compile(r"^(?:'s)?\s+spokes(?:man|woman|person|people|men|women)\b", re.IGNORECASE)


def _between_pair(
    text: str, inside: list[ActorMention], event_type: EventType
) -> tuple[ActorMention, ActorMention] | None:
    """ "clashes between X and Y" -> (X, Y); a battle "between rival gangs" -> the gangs on both sides."""
    for index, first in enumerate(inside):
        if not _BETWEEN.search(text[max(0, first.start - 30) : first.start]):
            continue
        second = inside[index + 1] if index + 1 < len(inside) else None
        if second is not None and _BETWEEN_AND.match(text[first.end : second.start]):
            return first, second
        if event_type is EventType.BATTLES and not first.target_only and not re.match(r"^\s*and\b", text[first.end :]):
            return first, first
    return None


# A passive agent belongs to the incident's verb only within its clause: in "Russian forces attacked
# Berestove, but were repulsed by Ukrainian forces" the agent is of another verb.
# "when shelling by the RSF on Abu Shouk killed…": an agent right after a word of harm is that harm's doer,
# however far the segment's main trigger ("The attack followed a similar incident…") stands.
_HARM_BY = re.compile(
    r"\b(?:shelling|bombardments?|bombings?|attacks?|strikes?|air\s?strikes?|raids?|assaults?|gunfire|fire|"
    r"ambush(?:es)?|offensive|killed|shot|wounded|injured|abducted|kidnapped|targeted|shelled|bombed|attacked|"
    r"stormed|captured|seized)\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_GAP = re.compile(r"[,;]|\b(?:but|while|whereas|after|before)\b", re.IGNORECASE)
MAX_AGENT_GAP = 80


def _passive_agents(text: str, inside: list[ActorMention], trigger_at: int) -> list[ActorMention]:
    for index, mention in enumerate(inside):
        if mention.start >= trigger_at and _AGENT_BY.search(text[max(0, mention.start - 30) : mention.start]):
            if mention.target_only:
                continue
            gap = text[trigger_at : mention.start]
            own_trigger = _HARM_BY.search(text, max(0, mention.start - 40), mention.start)
            if (len(gap) > MAX_AGENT_GAP or _CLAUSE_GAP.search(gap)) and not own_trigger:
                return []
            return [mention, *_coordinated(text, inside[index:])]
    return []


def _coordinated(text: str, run: list[ActorMention]) -> list[ActorMention]:
    """The mentions joined to ``run[0]`` by "and"/","/"backed by", in order (excluding run[0])."""
    partners: list[ActorMention] = []
    previous = run[0]
    for mention in run[1:]:
        if not _COORDINATION.match(text[previous.end : mention.start]) or mention.target_only:
            break
        partners.append(mention)
        previous = mention
    return partners


def _subject_agents(text: str, inside: list[ActorMention], trigger_at: int) -> list[ActorMention]:
    """Actors before (or containing) the trigger; a named actor beats a generic one ("Rebel groups,
    particularly Hayat Tahrir al Sham")."""
    before = [m for m in inside if m.start < trigger_at + 1 and not m.target_only]
    if not before:
        return []
    own = [m for m in before if m.end > trigger_at]  # "Russian airstrikes": the trigger's own modifier
    if own:
        return _coordinated_run_ending_at(text, before, own[0])
    specific = [m for m in before if m.specific]
    head = specific[0] if specific else before[-1]
    index = before.index(head)
    return [head, *_coordinated(text, before[index:])]


# "…intensified on Sunday when soldiers advanced on the palace": a clause of its own opens after the incident's
# word, and the actor named first in it, right before its verb, is the one who acts.
_CLAUSE_OPENER = re.compile(r"\b(?:when|as|after|before|while|once|because)\s+(?:the\s+)?$", re.IGNORECASE)
_ACTIVE_VERB = re.compile(
    r"\s+(?:had\s+|have\s+|has\s+)?(?:also\s+|then\s+|reportedly\s+|allegedly\s+)?"
    r"(?:advanced|attacked|stormed|seized|captured|overran|entered|opened fire|fired|shelled|bombed|raided|"
    r"ambushed|clashed|launched|struck|hit|shot|killed|took|pushed|moved|retook|recaptured|besieged|targeted|"
    r"fought|engaged|assaulted|burned|torched|abducted|kidnapped)\b",
    re.IGNORECASE,
)


def _clause_subject(text: str, inside: list[ActorMention], trigger_at: int) -> list[ActorMention]:
    """With no one before the incident's word, the subject of a clause after it ("when rebels attacked")."""
    for index, mention in enumerate(inside):
        if mention.start < trigger_at or mention.target_only:
            continue
        opener = _CLAUSE_OPENER.search(text, max(0, mention.start - 12), mention.start)
        if opener is not None and _ACTIVE_VERB.match(text, mention.end):
            return [mention, *_coordinated(text, inside[index:])]
    return []


def _coordinated_run_ending_at(text: str, before: list[ActorMention], last: ActorMention) -> list[ActorMention]:
    """ "Syrian and Russian warplanes pounded": the run of coordinated actors ending at the trigger's own
    modifier, first one first."""
    run = [last]
    for mention in reversed(before[: before.index(last)]):
        if not _COORDINATION.match(text[mention.end : run[0].start]) or mention.target_only:
            break
        run.insert(0, mention)
    return run


def _civilians_hit(text: str, start: int, end: int, trigger_at: int, inside: list[ActorMention]) -> bool:
    if any(m.target_only and m.start >= trigger_at for m in inside):
        return True
    if _CIVILIANS_KILLED.search(text, start, end):  # "the RSF killed 25 civilians during an attack on…"
        return True
    # "a man was shot dead", "civilian casualties": victims named before a passive trigger or in the toll.
    return bool(_CIVILIAN_VICTIMS.search(text[start:end])) and not any(
        m.start < trigger_at and not m.target_only for m in inside
    )


_CIVILIANS_KILLED = re.compile(
    r"\b(?:killed|killing|kills|massacred|executed|wounded|wounding|injured|injuring|abducted|abducting)\s+"
    r"(?:at\s+least\s+|more\s+than\s+|over\s+|some\s+|about\s+|dozens\s+of\s+|hundreds\s+of\s+)?(?:[\w-]+\s+)?"
    r"(?:unarmed\s+)?(?:civilians|villagers|residents|children|women|worshippers|farmers|displaced\s+people)\b",
    re.IGNORECASE,
)


# "Russia launched a drone attack", "Israel has struck": a country as the subject of the incident's verb acts
# through its state (ACLED: its military, for violence). Not after a preposition ("an attack in Russia").
_SUBJECT_GAP = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|again\s+)?[a-z]+(?:\s+(?:a|an|the|its|new|more))?\s+$"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|on|at|from|into|to|against|of|over|across|near|inside|for|by)\s+$", re.I)


def country_subject(
    text: str, start: int, trigger_at: int, ents: list[Span], catalogue: ActorCatalogue, event_type: EventType
) -> ActorMention | None:
    """The country named as the subject right before the incident word ("Russia launched a drone attack"), or
    for violence a demonym naming the weapon's side ("Israeli strikes", "a Russian missile attack"), as its
    state."""
    for ent in ents:
        if not start <= ent.start_char < trigger_at or ent.label_ not in ("GPE", "NORP"):
            continue
        country = catalogue.countries.country_of(ent.text)
        if country is None:
            continue
        gap = text[ent.end_char : trigger_at]
        after_preposition = _PREPOSITION_BEFORE.search(text, max(start, ent.start_char - 12), ent.start_char)
        named = ent.text in catalogue.countries.names and _SUBJECT_GAP.match(gap) and not after_preposition
        modifier = event_type in _VIOLENT and ent.text in catalogue.countries.demonyms and _MODIFIER_GAP.match(gap)
        if named or modifier:
            name = catalogue.government_of(country)
            return ActorMention(ent.start_char, ent.end_char, ent.text, name, ActorType.STATE_FORCES, country, True)
    return None


_MODIFIER_GAP = re.compile(r"^\s+(?:(?:aerial|air|drone|missile|rocket|artillery|military|army|naval|overnight)\s+)?$")


# --------------------------------------------------------------------------- to model records


# Catch-all words for an armed group ("rebels", "gangs") that a report about one named group uses for it.
_CATCH_ALL_GROUPS = frozenset({"Rebel forces", "Unidentified Gang ({country})"})
_NON_STATE_ARMED = frozenset({ActorType.REBEL_GROUP, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA})


def _referent(mention: ActorMention, article: Article, catalogue: ActorCatalogue) -> ResolvedActor | None:
    """ "Rebels also seized two towns" in a report that names one non-state armed group (M23, a gang
    coalition): the catch-all word refers to that group. With two or more named, it stays generic."""
    if mention.entry is None or mention.entry.key not in _CATCH_ALL_GROUPS:
        return None
    groups = [found.actor for found in catalogue.named_in(article.text, mention.country) if _names_a_group(found.actor)]
    return groups[0] if len(groups) == 1 else None


def _names_a_group(actor: ResolvedActor) -> bool:
    entry = actor.entry
    return actor.actor_type in _NON_STATE_ARMED and entry.role == "actor" and entry.key not in _CATCH_ALL_GROUPS


# “…units of the southern group of troops liberated the village,” the Russian defence ministry said: the
# quotation's close and the state voice it is attributed to.
_QUOTE_CLOSE = re.compile(r"[^“”\"\n]{0,300}?[”\"]")
_ATTRIBUTED_TO = re.compile(
    r",?\s*(?P<who>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s+(?:said|says|stated|announced|reported)\b"
)


def _quoting_state(text: str, mention: ActorMention, catalogue: ActorCatalogue) -> str | None:
    """The country whose state organ a quotation holding a generic forces mention is attributed to: a military
    speaking of "troops" or "our units" speaks of its own, whatever country the fighting is in."""
    entry = mention.entry
    if entry is None or not entry.generic or mention.actor_type is not ActorType.STATE_FORCES:
        return None
    opening = text.rfind("“", max(0, mention.start - 300), mention.start)
    close = _QUOTE_CLOSE.match(text, mention.end)
    if opening < 0 or "”" in text[opening : mention.start] or close is None:
        return None
    attributed = _ATTRIBUTED_TO.match(text, close.end())
    speaker = catalogue.lookup(attributed["who"]) if attributed else None
    if speaker is None or speaker.actor_type is not ActorType.STATE_FORCES:
        return None
    return speaker.country


# "Mapuche indigenous militiamen", "the Kuki communal group": the tagger names the community without its head word.
_IDENTITY_HEAD = re.compile(
    r"\s+(?P<kind>ethnic|communal|indigenous|clan|sub-clan)\s+(?:militia(?:men|s)?|groups?|fighters|youths?)\b",
    re.IGNORECASE,
)
_IDENTITY_KIND = {"ethnic": "Ethnic", "communal": "Communal", "indigenous": "Indigenous", "clan": "Clan"}


def _identity_militia(mention: ActorMention, article: Article) -> str | None:
    """ACLED's name for an unknown community's armed men: "<Name> Indigenous/Communal/Ethnic Militia (Country)"."""
    if mention.known or mention.entry is not None:
        return None
    head = _IDENTITY_HEAD.match(article.text, mention.end)
    if head is None:
        return None
    kind = _IDENTITY_KIND.get(head["kind"].lower(), "Sub-Clan")
    return f"{mention.name} {kind} Militia" + (f" ({mention.country})" if mention.country else "")


# ACLED names Myanmar's township resistance units after their township: "the Myeik PDF", "the Monywa People's
# Defense Force", "People's Defense Force - Pauk" are each "People's Defense Force - <Township>".
_TOWNSHIP_UNITS = {"PDF: People's Defense Force": "People's Defense Force - {}"}
_TOWNSHIP_BEFORE = re.compile(r"(?:^|[\s(])(?P<place>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))\s+$")
_TOWNSHIP_AFTER = re.compile(r"\s*-\s*(?P<place>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))\b")
_NOT_A_TOWNSHIP = {
    "The", "A", "An", "Local", "Joint", "Combined", "Allied", "Myanmar", "Burmese", "Burma", "Township", "Several",
    "Some", "Two", "Three", "Other", "Its", "Their", "Nearby", "Rival", "And", "Of", "By", "With", "From",
}  # fmt: skip


def _township_unit(mention: ActorMention, article: Article) -> str | None:
    """The township unit of a resistance force ACLED codes per township, when the text names the township."""
    entry = mention.entry
    pattern = _TOWNSHIP_UNITS.get(entry.name) if entry is not None else None
    if pattern is None or mention.text.lower() in {"pdfs", "people's defense forces", "people's defence forces"}:
        return None
    found = _TOWNSHIP_BEFORE.search(article.text, max(0, mention.start - 30), mention.start) or _TOWNSHIP_AFTER.match(
        article.text, mention.end
    )
    if found is None or found["place"] in _NOT_A_TOWNSHIP:
        return None
    return pattern.format(found["place"])


def to_actor(mention: ActorMention, article: Article, event_type: EventType, catalogue: ActorCatalogue) -> Actor:
    name, actor_type = mention.name, mention.actor_type
    referent = _referent(mention, article, catalogue)
    if referent is not None:
        name, actor_type = referent.name, referent.actor_type
    militia = _identity_militia(mention, article)
    if militia is not None:
        name, actor_type = militia, ActorType.IDENTITY_MILITIA
    name = _township_unit(mention, article) or name
    speaker_country = _quoting_state(article.text, mention, catalogue)
    if speaker_country is not None and speaker_country != mention.country and mention.entry is not None:
        name = catalogue.concrete_name(mention.entry, speaker_country)
        mention = dataclasses.replace(mention, country=speaker_country)
    if event_type in _VIOLENT and mention.country and name == catalogue.government_of(mention.country):
        name = catalogue.military_of(mention.country)  # ACLED codes a government's violence to its forces
    return Actor(
        name=name,
        mention=mention.text,
        actor_type=actor_type,
        country=mention.country,
        backers=list(mention.backers),
        known=mention.known,
        evidence=article.span(mention.start, mention.end),
    )


def conventional_actor(pattern: str, actor_type: ActorType, country: str | None, catalogue: ActorCatalogue) -> Actor:
    """An ACLED pattern actor not named in the text ("Protesters (Chile)" for a protest)."""
    entry = catalogue.by_key[pattern]
    return Actor(name=catalogue.concrete_name(entry, country), actor_type=actor_type, country=country)


def refine_territory(sub_event: SubEventType, actor1: Actor | None, actor2: Actor | None = None) -> SubEventType:
    """Who takes territory decides the sub-type: the state regains, a non-state actor overtakes. When the
    taker is not named but the state's forces lost the ground ("had advanced on the army's base"), the
    government regained nothing: someone else overtook it."""
    if sub_event not in TERRITORIAL_CAPTURES:
        return sub_event
    if actor1 is None and actor2 is not None and actor2.actor_type is ActorType.STATE_FORCES:
        return SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    if actor1 is None or actor1.actor_type is None:
        return sub_event
    if actor1.actor_type is ActorType.STATE_FORCES:
        return SubEventType.GOVERNMENT_REGAINS_TERRITORY
    return SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY


_SIDES = frozenset({ActorType.STATE_FORCES, *_NON_STATE_ARMED})


def opposing_party(
    text: str, roles: Roles, catalogue: ActorCatalogue, country: str | None, event_type: EventType
) -> ActorMention | None:
    """A battle has two sides. When its sentence names only the one acting ("the army retook the palace") and
    the report names exactly one other armed party (the RSF), that party is the other side."""
    actor1 = roles.actor1
    if event_type is not EventType.BATTLES or actor1 is None or roles.actor2 is not None or actor1.target_only:
        return None
    others = [
        found
        for found in catalogue.named_in(text, country)
        if found.actor.actor_type in _SIDES
        and found.actor.entry.role == "actor"
        and found.actor.entry.key not in _CATCH_ALL_GROUPS
        and found.actor.name not in (actor1.name, catalogue.military_of(actor1.country or ""))
    ]
    if len(others) != 1:
        return None
    found, actor = others[0], others[0].actor
    return ActorMention(
        found.start,
        found.end,
        text[found.start : found.end],
        actor.name,
        actor.actor_type,
        actor.country,
        True,
        actor.entry,
    )
