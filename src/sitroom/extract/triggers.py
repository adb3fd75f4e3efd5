"""Event triggers inside a sentence: where each reported incident is, and whether it is a new one.

The sentence classifier (sitroom.extract.classify) says *which* ACLED type a text reports; this module
says *where* in a sentence an incident is named, so one sentence can yield several events
("airstrikes … killed 25, while rebels captured Saraqib"), and which mentions are not new events:
background history ("the war, which started in 2011"), negated or hypothetical ones ("no clashes were
reported", "threatened to attack").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from sitroom.model import EventType, SubEventType


class Kind(StrEnum):
    """Trigger families; a sentence splits into several events only across different families."""

    AIR = "air"
    SHELL = "shell"
    EXPLOSIVE = "explosive"
    CLASH = "clash"
    TERRITORY = "territory"
    ATTACK = "attack"
    ABDUCT = "abduct"
    PROTEST = "protest"
    RIOT = "riot"
    ARREST = "arrest"
    DEPLOY = "deploy"
    AGREEMENT = "agreement"
    DESTRUCTION = "destruction"
    OUTCOME = "outcome"  # "killed", "dead": belongs to the incident it follows, never splits
    REFERENCE = "reference"  # "in the fighting", "the offensive": points back at an incident, names none


# Families that do not name an incident of their own.
SECONDARY = frozenset({Kind.OUTCOME, Kind.REFERENCE})


# Event types each family can report, to reconcile a trigger with the classifier's label.
KIND_TYPES: dict[Kind, set[EventType]] = {
    Kind.AIR: {EventType.EXPLOSIONS_REMOTE_VIOLENCE},
    Kind.SHELL: {EventType.EXPLOSIONS_REMOTE_VIOLENCE},
    Kind.EXPLOSIVE: {EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.STRATEGIC_DEVELOPMENTS},
    Kind.CLASH: {EventType.BATTLES, EventType.RIOTS, EventType.PROTESTS},
    Kind.TERRITORY: {EventType.BATTLES, EventType.STRATEGIC_DEVELOPMENTS},
    Kind.ATTACK: {
        EventType.VIOLENCE_AGAINST_CIVILIANS,
        EventType.BATTLES,
        EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        EventType.RIOTS,
    },
    Kind.ABDUCT: {EventType.VIOLENCE_AGAINST_CIVILIANS},
    Kind.PROTEST: {EventType.PROTESTS, EventType.RIOTS},
    # Burning and looting are what rioters do, and what armed groups do to property.
    Kind.RIOT: {EventType.RIOTS, EventType.PROTESTS, EventType.STRATEGIC_DEVELOPMENTS},
    Kind.ARREST: {EventType.STRATEGIC_DEVELOPMENTS, EventType.PROTESTS},
    Kind.DEPLOY: {EventType.STRATEGIC_DEVELOPMENTS},
    Kind.AGREEMENT: {EventType.STRATEGIC_DEVELOPMENTS},
    Kind.DESTRUCTION: {EventType.STRATEGIC_DEVELOPMENTS, EventType.RIOTS},
    Kind.OUTCOME: set(EventType),
    Kind.REFERENCE: set(EventType),
}


# The usual sub-type of each family: used when the classifier's label contradicts every trigger in the
# text (territory is refined afterwards by who takes it).
KIND_DEFAULT: dict[Kind, SubEventType] = {
    Kind.AIR: SubEventType.AIR_DRONE_STRIKE,
    Kind.SHELL: SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
    Kind.EXPLOSIVE: SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
    Kind.CLASH: SubEventType.ARMED_CLASH,
    Kind.TERRITORY: SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
    Kind.ATTACK: SubEventType.ATTACK,
    Kind.ABDUCT: SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    Kind.PROTEST: SubEventType.PEACEFUL_PROTEST,
    Kind.RIOT: SubEventType.VIOLENT_DEMONSTRATION,
    Kind.ARREST: SubEventType.ARRESTS,
    Kind.DEPLOY: SubEventType.CHANGE_TO_GROUP_ACTIVITY,
    Kind.AGREEMENT: SubEventType.AGREEMENT,
    Kind.DESTRUCTION: SubEventType.LOOTING_PROPERTY_DESTRUCTION,
}


# Strategic developments are many different things; a family that names one of them only admits those.
KIND_SUBTYPES: dict[Kind, set[SubEventType]] = {
    Kind.DEPLOY: {
        SubEventType.CHANGE_TO_GROUP_ACTIVITY,
        SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED,
        SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY,
        SubEventType.OTHER,
    },
    Kind.AGREEMENT: {SubEventType.AGREEMENT, SubEventType.OTHER},
    Kind.ARREST: {SubEventType.ARRESTS},
    Kind.DESTRUCTION: {SubEventType.LOOTING_PROPERTY_DESTRUCTION},
    Kind.RIOT: {SubEventType.LOOTING_PROPERTY_DESTRUCTION},
}


def admits(kind: Kind, label: SubEventType) -> bool:
    """Whether a trigger of this family can report an event of this sub-type."""
    if label.event_type not in KIND_TYPES[kind]:
        return False
    if label.event_type is EventType.STRATEGIC_DEVELOPMENTS and kind in KIND_SUBTYPES:
        return label in KIND_SUBTYPES[kind]
    return True


# "riot police", "anti-riot forces", "riot gear": who polices a crowd, not a riot
RIOT_EQUIPMENT_AHEAD = r"(?! (?:police|policemen|officers|squads?|units?|control|gear|shields?|forces|troops|vans?))"


def _stems(*stems: str) -> str:
    return r"\b(?:" + "|".join(stems) + r")[\w-]*"


TRIGGERS: list[tuple[Kind, str]] = [
    (
        Kind.AIR,
        _stems(
            r"air ?strike",
            r"air[- ]raid",
            "airstrike",
            r"drone (?:strike|attack)",
            "warplane",
            "bombing",
            "bombed",
            "bombard",
            "barrel bomb",
            "aerial",
            "jets? (?:struck|hit|pounded)",
            r"dropped (?:[\w-]+ ){0,2}(?:bombs|bomb|explosives)",  # "a jet dropped three bombs on the village"
            r"strikes? (?:also |later |then |again )?(?:hit|kill|on|target|pound|struck|destroy|flatten|level)",
            # "were hit by Israeli strikes", "killed in Russian strikes on the city": what the strikes did to whom
            # ("killed in the strikes" points back at strikes told before: a reference, not a new incident)
            r"(?:hit|killed|wounded|injured|destroyed|damaged|flattened) (?:[\w-]+ )?(?:by|in) "
            r"(?!the strikes?\b)(?:an? |the )?"
            r"(?:(?!general|labou?r|hunger|national|nationwide|teachers|workers)[\w-]+ ){0,2}strikes?\b(?! action)",
            r"(?:conducted|launched) (?:[\w-]+ ){0,2}strikes",  # plural: workers "carried out a strike"
            r"(?:aircraft|warplanes?|jets|planes|helicopters) (?:had |have |has )?"
            r"(?:struck|hit|bombed|targeted|attacked)",
        ),
    ),
    (Kind.SHELL, _stems("shell", "artillery", "mortar", "rocket", "missile", "pounded")),
    (
        Kind.EXPLOSIVE,
        _stems(
            "explo(?:sion|sive|ded|de)",  # not "exploit"
            r"roadside bomb",
            "ied",
            "landmine",
            "land mine",
            "car bomb",
            "suicide",
            "grenade",
            "blew (?:himself|herself|themselves) up",
            r"bl[eo]wn? up",
            "detonat",
            "chemical",
            "chlorine",
            "sarin",
            "toxic gas",
            "defus",
        ),
    ),
    (
        Kind.CLASH,
        _stems(
            "clash",
            "fighting",
            "fought",
            "battle",
            "firefight",
            "gunfight",
            "skirmish",
            "exchange of fire",
            "exchanged fire",
            "ambush",
            "repel",
            "repuls",
            "offensive",
            "counter-?offensive",
            "assault",
            # "a planned military operation against al-Shabab", "a major security operation in Latakia"
            r"(?:military|security|army|counter-?terror\w*|counter-?insurgency|clearing|clearance|combing|joint|"
            r"ground) operation (?:against|in|on|near|around)",  # one operation; "operations in" is a campaign
            r"operations? against (?:the )?(?:militants|insurgents|rebels|jihadists|terrorists|fighters|gangs?)",
        ),
    ),
    (
        Kind.TERRITORY,
        _stems(
            "captur",
            "seiz",
            "took control",
            "taken control",
            "take control",
            "gained control",
            "gain control",
            "overran",
            "overrun",
            "recaptur",
            "retak",
            "retook",
            "regain",
            "gained (?:substantial |significant |more )?ground",
            "advanc",
            "stormed",
            "fell to",
            "fall of",
            "liberat",
            "handed over",
            "withdr[ae]w",
            "pulled out",
            "took over",
            "taken over",
            # not "secured the release" or "secured funding"
            r"secured (?:full )?control|secured (?:[\w-]+ ){0,2}(?:villages?|towns?|areas?|districts?|positions?)\b",
        ),
    ),
    (
        Kind.ATTACK,
        _stems(
            "attack",
            "shot",
            "shoot",
            "gunned down",
            "stabb",
            "execut(?!ive)",  # not "Executive Committee"
            "massacre",
            "beat",
            "lynch",
            "assassinat",
            "torture",
            "opened fire",
            "open fire",
            r"fired (?:at|on|upon)",
            # "Israeli forces struck several tanks", "troops targeted the village": an armed side's blow, whatever
            # weapon; not "struck a deal" or "a gas leak struck", which name no armed subject
            r"(?:forces|troops|army|military|soldiers|fighters|militants|militia|jets?|drones?|warships?) "
            r"(?:have |has |had |also |later |then )?(?:struck|targeted)",
            "invaded",
            "raped?",
            "sexual(?:ly)? assault",
        ),
    ),
    (Kind.ABDUCT, _stems("abduct", "kidnap", "disappear", "hostage")),
    (
        Kind.PROTEST,
        _stems(
            "protest",
            "demonstrat",
            "rall(?:y|ied|ies)",
            "march(?:ed|es|ing)?",
            "sit-in",
            "motorcade",
            "picket",
            "went on strike",
            "on strike",
            "strike action",
            "walkout",
            "walk-out",
            "blocked",
            "blockade",
            "gathered",
            "boycott",
            "hunger strike",
        ),
    ),
    (
        Kind.RIOT,
        _stems(
            r"(?<!anti-)riot" + RIOT_EQUIPMENT_AHEAD,
            "mob(?:s|bed|bing)?\\b",  # not "mobile"
            "vandali",
            "torched",
            "set fire",
            "set ablaze",
            "threw stones",
            "pelted",
            "looted",
            "loot",
        ),
    ),
    (Kind.ARREST, _stems("arrest", "detain", "detention", "apprehend", "raided", "raid")),
    (
        Kind.DEPLOY,
        _stems(
            "entered",
            "deploy",
            "reinforc",
            "sent (?:troops|forces|fighters)",
            "dispatched",
            "arriv",
            "mobiliz",
            "mobilis",
            "redeploy",
            "establish",
            "set up a base",
            "headquarters",
            "recruit",
            "disband",
            "merged",
            "announced the formation",
            "joined forces",
        ),
    ),
    (
        Kind.AGREEMENT,
        _stems(
            "ceasefire",
            "cease-fire",
            "truce",
            "agreement",
            "peace deal",
            "signed",
            "prisoner exchange",
            r"exchanged (?:\w+ ){0,2}(?:prisoners|detainees|captives|bodies)",
            "prisoner swap",
            "released",
            "surrender",
        ),
    ),
    (Kind.DESTRUCTION, _stems("demolish", "destroyed", "burn(?:ed|t) down", "razed", "bulldoz")),
    (
        Kind.OUTCOME,
        _stems(
            "killed",
            "killing",
            "kills",
            "dead",
            "died",
            "perish",
            "casualt",
            "fatalit",
            "wounded",
            "injured",
            "death toll",
            "deaths",
            "injuries",
            "bodies",
            "body of",
        ),
    ),
]


def compile_lower_case(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled to search lower-cased text (about twice as fast as a case-insensitive search);
    a pattern with a capital letter could never match there, so it is refused."""
    if re.search(r"(?<!\\)[A-Z]", pattern):
        raise ValueError(f"pattern {pattern!r} must be lower case")
    return re.compile(pattern)


# Text whose length lower-casing changes (a few non-ASCII letters) is searched case-insensitively.
_COMPILED = [(kind, compile_lower_case(pattern)) for kind, pattern in TRIGGERS]
_COMPILED_ANY_CASE = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in TRIGGERS]


# Triggers that name an ACLED incident outright, whatever the classifier thought of the wording
# around them ("have gained substantial ground, capturing the majority of Aleppo"); with an actor named
# they make an event of their family's usual sub-type.
STRONG = re.compile(
    r"^(?:captur|seiz|overr[au]n|took control|taken control|recaptur|retook|retak|air ?strike|airstrike|air[- ]raid|"
    r"drone strike|shelled|shelling|kidnap|abduct|suicide bomb|clashed|clashes)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Trigger:
    kind: Kind
    start: int  # offsets into the sentence text
    end: int
    text: str

    @property
    def strong(self) -> bool:
        # "the clashes" points back at fighting told elsewhere: a reference never opens an incident.
        return self.kind not in SECONDARY and bool(STRONG.match(self.text))


def find_triggers(sentence: str) -> list[Trigger]:
    """Trigger words in ``sentence``, in order, without overlaps (the longest wins)."""
    found = list(_matches(sentence))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for trigger in found:
        if kept and trigger.start < kept[-1].end:
            continue
        if _is_month(sentence, trigger) or _people_captured(sentence, trigger):
            continue
        if not _negated(sentence, trigger) and not _hypothetical(sentence, trigger) and not _trend(sentence, trigger):
            kept.append(_as_reference(sentence, trigger))
    return kept


# "602 soldiers were killed, 430 wounded, and 98 captured": people taken in a toll, not ground.
_TOLL_BEFORE = re.compile(r"\b(?:killed|wounded|injured|dead)\b[^.;:]{0,40}?\b(?:\d[\d,]*|dozens|hundreds)\s+$")


def _people_captured(sentence: str, trigger: Trigger) -> bool:
    return (
        trigger.kind is Kind.TERRITORY
        and trigger.text.lower().startswith("captur")
        and bool(_TOLL_BEFORE.search(sentence, max(0, trigger.start - 60), trigger.start))
    )


_MONTH_BEFORE = re.compile(
    r"(?:\d(?:st|nd|rd|th)?\s+(?:of\s+)?|"
    r"\b(?:in|since|until|till|by|from|early|late|mid|end of|last|next|this|every)[\s-]+)$",
    re.IGNORECASE,
)


def _is_month(sentence: str, trigger: Trigger) -> bool:
    """ "On 14 March 2022", "since March", "March 3": the month, not a march."""
    if trigger.text != "March":
        return False
    return bool(
        _MONTH_BEFORE.search(sentence[max(0, trigger.start - 12) : trigger.start])
        or re.match(r",?\s*\d", sentence[trigger.end : trigger.end + 4])
    )


_DEFINITE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _as_reference(sentence: str, trigger: Trigger) -> Trigger:
    """ "a resurgence in the fighting", "the renewed offensive": a definite noun refers to fighting
    reported elsewhere (or to the war as a whole), so it types a sentence but opens no new incident."""
    if trigger.kind is Kind.CLASH and _DEFINITE.search(sentence[max(0, trigger.start - 30) : trigger.start]):
        return Trigger(Kind.REFERENCE, trigger.start, trigger.end, trigger.text)
    return trigger


def has_ruled_out_trigger(sentence: str) -> bool:
    """Whether the sentence names an incident only to negate it or as a possibility ("no clashes were
    reported", "threatened to attack"): such a sentence must not be typed as a whole either."""
    return any(_negated(sentence, trigger) or _hypothetical(sentence, trigger) for trigger in _matches(sentence))


_STRIKE_WORD = re.compile(r"(?:(?:air|drone|missile|rocket)[ -]?)?strikes?\b", re.I)
_EFFECT_FIRST = re.compile(r"(?:hit|killed|wounded|injured|destroyed|damaged|flattened) (?:[\w-]+ )?(?:by|in) ", re.I)


def _matches(sentence: str) -> Iterator[Trigger]:
    """Every match of every trigger pattern in ``sentence`` (overlapping ones too)."""
    lowered = sentence.lower()
    if len(lowered) == len(sentence):
        patterns, searched = _COMPILED, lowered
    else:
        patterns, searched = _COMPILED_ANY_CASE, sentence
    for kind, rx in patterns:
        for m in rx.finditer(searched):
            start = m.start()
            if _EFFECT_FIRST.match(searched, start):  # "killed in US strikes": the side before "strikes" struck
                start = max((w.start() for w in _STRIKE_WORD.finditer(searched, start, m.end())), default=start)
            yield Trigger(kind, start, m.end(), sentence[start : m.end()])


# --------------------------------------------------------------------------- not a (new) event

_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nor|denied|denies|deny|den(?:y|ied) (?:any|carrying out))\s+(?:\w+\s+){0,2}$|"
    # "was not directly taking part in the fighting": a party's distance from fighting told elsewhere
    r"\b(?:not|never|no longer)\s+(?:\w+\s+){0,2}(?:involved|taking part|take part|participat\w*)\s+in\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    # "fears of a full-scale", "should a truce be extended"
    r"\b(?:threaten\w*|vow\w*|plan(?:s|ned|ning)?|warn\w* (?:of|that)|could|would|might|(?-i:may)|if|fear\w*|"
    r"prepar\w* (?:for|to)|intend\w*|aim\w* to|call\w* for|urg\w*|should)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# A condition governs the rest of its sentence: "refused to free the hostages unless Israel ends its offensive,
# withdraws from Gaza and releases prisoners" reports none of the three.
_CONDITION = re.compile(r"\b(?:unless|provided that|on (?:the )?condition that)\b[^.;:!?]*$", re.IGNORECASE)


def _negated(sentence: str, trigger: Trigger) -> bool:
    if trigger.kind in SECONDARY:
        return False  # "no one was killed" is a figure of 0, found by the fatality extractor
    return bool(_NEGATION.search(sentence[max(0, trigger.start - 40) : trigger.start]))


# "As fighting intensifies, the president is seeking support", "as clashes continue over El-Fasher": a war's
# course framing what the sentence tells, not an incident of its own.
_TREND_BEFORE = re.compile(r"\b(?:as|while|amid|with)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_TREND_AFTER = re.compile(
    r"\s+(?:intensif\w+|continu\w+|escalat\w+|(?:grind|drag|rage)s?\s+on|persists?|spreads?|widens?)\b",
    re.IGNORECASE,
)


def _trend(sentence: str, trigger: Trigger) -> bool:
    before = _TREND_BEFORE.search(sentence, max(0, trigger.start - 25), trigger.start)
    return before is not None and _TREND_AFTER.match(sentence, trigger.end) is not None


def _hypothetical(sentence: str, trigger: Trigger) -> bool:
    return bool(
        _HYPOTHETICAL.search(sentence[max(0, trigger.start - 50) : trigger.start])
        or _CONDITION.search(sentence, 0, trigger.start)
        or _CONCERN_OVER_REPORTS.search(sentence[max(0, trigger.start - 90) : trigger.start])
    )


# "The UN has expressed growing concern in recent days over reports of heavy fighting in densely populated areas":
# a reaction to fighting nobody tells, not an incident.
_CONCERN_OVER_REPORTS = re.compile(
    r"\b(?:concern\w*|alarm\w*|worr\w*)\b[^.;:]{0,40}?\b(?:over|about|at|by)\s+(?:the\s+)?(?:\w+\s+)?"
    r"reports?\s+of\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


_BACKGROUND_CUES = re.compile(
    r"\b(?:(?:which|that|since it) (?:started|began|erupted|broke out|was sparked)|has evolved|have evolved|"
    r"initially arose|originally|previously|in the past|historically|years? ago|decades? ago|"
    r"since (?:the start|the beginning|the outbreak)|at the (?:start|beginning|outbreak) of the (?:war|conflict)|"
    r"back in|dating back|over the (?:past|last) (?:decade|\d+ years|\w+ years)|"
    # "Israel has continued launching its assaults on Lebanese territory": a campaign summed up, no incident
    r"ha(?:s|ve) (?:continued|kept up|kept on))\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def is_background(sentence: str, reference_year: int | None) -> bool:
    """History rather than news: era cues ("has evolved", "which started in 2011") or only old years.
    A cue after the sentence's own incident word is an aside about the past ("protesters gathered to
    oppose the invasion, which started on 24 February"), not history."""
    if opens_before_any_incident(_BACKGROUND_CUES, sentence):
        return True
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(years and reference_year is not None and max(years) < reference_year - 1)


# Who did it, not what happened: a claim of responsibility, a denial of a role, a rejected accusation, a named
# culprit. ACLED and CASE code the incident where it is reported, not the statement about it.
_ATTRIBUTION = re.compile(
    r"\b(?:claim\w* (?:the )?(?:responsibility|credit) for|(?:took|takes|take|accept\w*|assum\w*) (?:the )?"
    r"responsibility for|den(?:y|ies|ied)\b[^.;]{0,60}?\b(?:responsib\w*|involvement|role|(?:was|were) behind)|"
    r"reject\w* (?:the |an |any )?(?:accusations?|allegations?|claims?|reports?) (?:of|that)|"
    r"(?:is|are|was|were|be|been) (?:\w+ )?responsible for|"
    r"(?:suspected|believed|thought) to (?:be|have been) behind)\b",
    re.IGNORECASE,
)


def is_attribution(sentence: str) -> bool:
    """Whether the sentence only attributes an incident ("IS claimed responsibility for the bombing", "Russia
    denied its planes were responsible for the strikes"): the attribution comes before any incident word, so
    the incident is what the statement is about. "Gunmen killed 12 in an attack blamed on IS" reports one."""
    return opens_before_any_incident(_ATTRIBUTION, sentence)


def opens_before_any_incident(cue: re.Pattern[str], sentence: str) -> bool:
    """Whether ``cue`` occurs in ``sentence`` before every word that names an incident."""
    found = cue.search(sentence)
    return found is not None and not any(t.kind is not Kind.REFERENCE for t in find_triggers(sentence[: found.start()]))


_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# A year in a date ("14 April 2022", "April 2022"), not one the text looks ahead to ("the 2024 election").
_DATED_YEAR = re.compile(rf"\b(?:{_MONTH_NAMES})(?:\s+\d{{1,2}})?,?\s+(19[5-9]\d|20[0-4]\d)\b")


def reference_year(text: str, published: dt.datetime | None) -> int | None:
    """The year the news is from: publication, else the latest year of a date in the text, else the latest
    year the text names."""
    if published is not None:
        return published.year
    years = [int(y) for y in _DATED_YEAR.findall(text)] or [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


# What a protest is about: "marched to demand the release of a kidnapped director", "families whose children
# were abducted rallied", "gathered to call for the arrest of the men who shot a boy".
_GRIEVANCE = re.compile(
    r"\b(?:demand\w*|call\w* for|against|over|after|denounc\w*|condemn\w*|justice for|who|whose|claim\w*|"
    r"accus\w*|release|return|convicted|victims?)\b",
    re.IGNORECASE,
)


def without_grievances(text: str, triggers: list[Trigger], start: int = 0) -> list[Trigger]:
    """``triggers`` (offsets into ``text``) without the violence a protest among them is about: that is its
    grievance, not news. Only the 60 characters before each trigger, from ``start`` on, are read."""
    if not any(t.kind is Kind.PROTEST for t in triggers):
        return triggers

    def grievance(t: Trigger) -> bool:
        return t.kind not in (Kind.PROTEST, *SECONDARY) and bool(
            _GRIEVANCE.search(text[max(start, t.start - 60) : t.start])
        )

    return [t for t in triggers if not grievance(t)]
