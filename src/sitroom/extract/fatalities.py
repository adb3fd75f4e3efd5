"""Fatality figures in a sentence: "killed 25", "at least 25 people were killed", "dozens dead", "no casualties".

Each figure is a UCDP-style range (best / low / high) tied to the words that state it. Only deaths count:
"killing six civilians and wounding 14" gives 6. A subset after "including" ("12 were killed, including 3
children") is part of the figure before it, not an extra one. Ages, dates and other numbers are not head
counts ("a 25-year-old man was killed" is one death). No figure in the text gives an empty list, never 0;
an explicit "no casualties were reported" gives best = 0.

How a vague word ("dozens", "several") or a modifier ("at least", "up to") maps to the range is the rule
table ``data/fatality_rules.yaml`` (see sitroom.extract.numbers), written to follow ACLED's coding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from sitroom.extract.numbers import NUMBER_DIGITS, NUMBER_WORDS, load_rules, parse_number, vague_pattern, vague_quantity


@dataclass(frozen=True)
class FatalityFigure:
    """One stated death toll; ``start``/``end`` are offsets of ``phrase`` in the text searched."""

    best: int | None
    low: int | None
    high: int | None
    start: int
    end: int
    phrase: str
    # A party's claim of its own kills ("the army said it killed 40 militants"): ACLED codes it only when no
    # independent report gives a figure (see ``independent``).
    claimed: bool = False

    @property
    def acled(self) -> int:
        """ACLED's single figure for this phrase (the same rule as ``Fatalities.acled()``)."""
        if self.best is not None:
            return self.best if self.low is None else min(self.best, self.low)
        return self.low if self.low is not None else 0


# --------------------------------------------------------------------------- vocabulary

_RULES = load_rules()


def _alt(phrases: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_MODIFIER = _alt(_RULES.low_modifiers + _RULES.best_high_modifiers + _RULES.best_modifiers)
_NUM = rf"(?:{NUMBER_DIGITS}|{NUMBER_WORDS})"
_RANGE = rf"(?:between\s+{_NUM}\s+and\s+{_NUM}|{_NUM}\s*(?:to|or|-|–)\s*{_NUM})"
# A quantity: optional modifier, then a range, a number or a vague plural. Groups are named for parsing.
QUANTITY = rf"(?:(?P<mod>{_MODIFIER})\s+)?(?P<qty>{_RANGE}|{vague_pattern()}|{_NUM})"
_QUANTITY_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", QUANTITY)

# Words for being killed, after the victims ("25 people were killed", "12 dead", "three died").
_AUX = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|reportedly|allegedly|also|all|later|"
    r"subsequently|eventually|confirmed|reported|found|left|been)\s+)*"
)
_DIED = (
    r"(?:(?:shot|stabbed|hacked|beaten|burned|burnt|stoned|tortured|bludgeoned|macheted|clubbed)\s+to\s+death"
    r"|(?:shot|stabbed|hacked|beaten|burned|burnt|gunned\s+down|attacked|abducted)\s+and\s+killed"
    r"|shot\s+dead|gunned\s+down|killed|dead|died|perished|murdered|slain|executed|massacred|beheaded|lynched"
    r"|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|succumbed"
    r"|fell\s+in\s+(?:combat|battle|action|the\s+line\s+of\s+duty))"  # soldiers' deaths
)
# Nouns that are deaths themselves ("4 fatalities", "12 bodies").
_DEATH_NOUN = r"(?:fatalities|fatality|deaths|death|bodies|body|corpses|dead)"
# Verbs and nouns followed by the victims ("killing six civilians", "the death of two", "claimed the lives of").
_KILLED = (
    r"(?:killed|killing|kills|kill|massacred|massacring|executed|executing|murdered|murdering|slaughtered|"
    r"slaughtering|shot\s+dead|shooting\s+dead|gunned\s+down|beheaded|lynched|lynching|assassinated|assassinating|"
    r"(?:claimed|claiming|claims|took|taking|cost|costing)\s+the\s+lives\s+of|"
    r"(?:the\s+)?(?:deaths?|killings?|bod(?:y|ies)|remains|corpses?)\s+of|"
    r"death\s+toll(?:\s+[\w-]+){0,10}?\s+(?:of|to|at|reached|hit|is|was|stands\s+at|stood\s+at|"
    r"(?:rose|rises|rise|risen|climbed|climbs|jumped|jumps)\s+to|reached|reaches))"
)
# A victim phrase between a number and the death verb: a few plain words, never a verb of injury or an
# event noun ("the 2011 war killed" is not 2011 victims), nor another number.
_STOP = (
    r"(?:and|or|but|were\s+wounded|wounded|injured|hurt|arrested|abducted|kidnapped|displaced|missing|while|"
    r"after|when|which|that|who|whom|whose|said|says|reported|reports|claimed|claims|stated|announced|according|"
    r"war|wars|attack|attacks|strike|strikes|airstrikes?|clash|clashes|"
    r"explosion|explosions|blast|blasts|bomb|bombs|bombing|bombings|shelling|fighting|violence|conflict|raid|"
    r"raids|ambush|operation|operations|days?|weeks?|months?|years?|hours?|times|km|kilometres?|kilometers?|"
    r"miles?|per|percent|%|of\s+whom|among)"
)
_FILLER = rf"(?:\s+(?!{_STOP}\b)(?!\d)(?!{NUMBER_WORDS}\b)[\w'’()/-]+){{0,6}}?"
# The victims may carry their own subset: "12 people, including 3 children, were killed".
_INCLUDING = (
    r"(?:\s*,\s*(?:including|among\s+them)\s[^,.;]{1,80},"
    r"|\s+(?:including|among\s+them)\s[^,.;]{1,80}?(?=\s+(?:were|was|have|has|had|are|is)\b))?"
)
_PERSON = (
    r"(?:man|woman|boy|girl|child|baby|infant|toddler|teenager|teen|youth|person|civilian|soldier|officer|"
    r"policeman|policewoman|fighter|militant|militiaman|member|resident|farmer|herder|student|teacher|trader|"
    r"merchant|driver|journalist|worker|rebel|gunman|attacker|assailant|villager|passenger|pedestrian|protester|"
    r"demonstrator|shepherd|doctor|nurse|official|leader|commander|chief|priest|imam|pastor|suspect|individual|"
    r"guard|trafficker|motorcyclist|rider|mother|father|son|daughter|husband|wife|brother|sister|elder|niece|nephew|"
    r"aunt|uncle|cousin|grandmother|grandfather|grandson|granddaughter|grandchild|relative|neighbour|neighbor|"
    r"businessman|politician|councillor|councilor|candidate|activist|refugee|migrant|prisoner|detainee|inmate|"
    r"mechanic|vendor|fisherman|miner|hunter|victim|local|national|citizen|native|cleric|sheikh|chieftain|"
    r"volunteer|paramedic|employee|customer|patient|owner|peasant|labourer|laborer|pilot|sniper|trooper|"
    r"policeman|gendarme|recruit|operative|dealer|smuggler|bandit|herdsman|herdsmen|captain|sergeant|corporal|"
    r"lieutenant|colonel|major|general|private|chairman|mayor|governor|monk|nun|lawyer|judge|prosecutor|"
    r"reporter|photographer|cameraman|engineer|contractor|ranger|forester|watchman|informant|collaborator|"
    r"thief|robber|criminal|gangster|accomplice)"
)
# Up to four describing words ("25-year-old", "young", "Black") but never a determiner, clause word or verb.
_ADJ = (
    r"(?:(?!(?:a|an|the|and|or|after|before|when|while|who|was|were|of|by|to|in|on|at)\b)[\w'’/-]+\s+){0,4}?(?:\w+-)?"
)

_AGE_OR_UNIT_AFTER = re.compile(
    r"\s*(?:-|\s)?(?:years?[- ]olds?|yrs?\b|%|per\s*cent|percent|km\b|kilomet|miles?\b|met(?:er|re)s?\b|"
    r"hours?\b|minutes?\b|days?\b|weeks?\b|months?\b|years?\b|am\b|pm\b|a\.m\.|p\.m\.|:\d|"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b)",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|(?:\bon|\bin|\bsince)\s*$", re.IGNORECASE
)
# Words that make a following "the killing of N" / "the death of N" the reason for a protest or a reaction.
_CAUSE = (
    r"\b(?:justice|against|over|protest(?:ing|ed|s)?|denounc\w*|condemn\w*|mourn\w*|commemorat\w*|tribute|"
    r"memory|anniversary|following|after|responsib\w*|investigat\w*|accused|charged|suspected|convicted|"
    r"sentenced|trial|guilty|involvement|role|into|for)\s+"
)
# Before a nominal toll ("… for his role in the recent killing of 25"): the cue, a preposition, a determiner
# and up to three plain words ("the 24 June death of").
_CAUSE_BEFORE_NOUN = re.compile(
    rf"{_CAUSE}(?:(?:for|in|on|of|over|into|about)\s+)?(?:(?:the|a|an|their|his|her|its)\s+)?(?:[\w'’-]+\s+){{0,3}}$",
    re.IGNORECASE,
)
# Before a clause ("… after a woman died"): the cue right before it.
_CAUSE_BEFORE_CLAUSE = re.compile(rf"{_CAUSE}$", re.IGNORECASE)
_NOMINAL_TOLL = re.compile(r"(?:the\s+)?(?:deaths?|killings?|murders?)\s+of\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_LETTER_AFTER = re.compile(r"\s+[A-Za-z]")
_SUBSET_BEFORE = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s*$", re.IGNORECASE)

_FLAGS = re.IGNORECASE
_MORE_VICTIMS = rf"(?P<more>(?:(?:\s*,\s*|\s*,?\s+and\s+)(?:(?:his|her|their)\s+)?{_QUANTITY_UNNAMED}{_FILLER})*)"
# After the verb: an object means the counted people did the killing ("two gunmen shot and killed a driver"),
# and "killed, injured or captured" does not say how many died.
_NOT_VICTIMS_AFTER = (
    r"(?!\s+(?:a|an|the|his|her|their|its|him|them|one|two|three|four|five|\d)\b)"
    r"(?!\s*(?:,|or)\s*(?:\w+\s+)?(?:or\s+)?(?:injured|wounded|captured|arrested|abducted|missing)\b)"
)
_VICTIMS_THEN_DIED = re.compile(
    rf"\b{QUANTITY}(?P<who>{_FILLER}){_MORE_VICTIMS}{_INCLUDING}\s+{_AUX}(?P<verb>{_DIED})\b{_NOT_VICTIMS_AFTER}",
    _FLAGS,
)
_COUNT_OF_DEATHS = re.compile(
    rf"\b{QUANTITY}(?P<who>(?:\s+(?!{_STOP}\b)[\w-]+){{0,2}}?)\s+(?:confirmed\s+|reported\s+)?{_DEATH_NOUN}\b", _FLAGS
)
# After an active verb the victims may be several groups ("killed seven men and three women"), added up, but
# a group that goes on to its own verb is not ("killed 5 soldiers and 40 were wounded"). The words describing
# a group are taken greedily (possessive) so the check sees the word that really follows them.
_VICTIM_WORD = rf"(?:\s+(?!{_STOP}\b)(?!(?:were|was|are|is|have|has|had|got)\b)(?!\d)(?!{NUMBER_WORDS}\b)[\w'’()/-]+)"
_NO_VERB_AFTER = (
    r"(?!\s+(?:were|was|are|is|have|has|had|got|wounded|injured|hurt|arrested|abducted|kidnapped|missing|"
    r"displaced|captured)\b)"
)
_ACTIVE_MORE = (
    rf"(?P<more>(?:(?:\s*,\s*|\s*,?\s+and\s+)(?:(?:his|her|their)\s+)?{_QUANTITY_UNNAMED}\b{_VICTIM_WORD}{{0,5}}+"
    rf"{_NO_VERB_AFTER})*)"
)
# The victims may be quoted ('said it killed "hundreds of terrorists"').
_KILLED_VICTIMS = re.compile(
    rf"\b{_KILLED}\s+[\"“‘']?{QUANTITY}\b(?P<who>{_VICTIM_WORD}{{0,6}}+){_ACTIVE_MORE}", _FLAGS
)
# A suicide attacker's own death is one of the event's deaths (ACLED's figure is every reported death of the
# event, attackers included): "killing himself and five soldiers" is 6, "killing himself" alone is 1.
_ALSO = r"\s*,?\s+(?:and|as\s+well\s+as|along\s+with)\s+"
_KILLED_SELF_FIRST = re.compile(rf"\b{_KILLED}\s+(?:him|her)self\b(?:{_ALSO}{QUANTITY}\b)?", _FLAGS)
_KILLED_SELF_LAST = re.compile(rf"\b{_KILLED}\s+{QUANTITY}(?P<who>{_FILLER}){_ALSO}(?:him|her)self\b", _FLAGS)
_ONE_PERSON = rf"(?:a|an|one|his|her)\s+{_ADJ}{_PERSON}\b"
_THE_PERSON = rf"the\s+{_ADJ}{_PERSON}\b"
_CONJ_PERSON = rf"(?:\s*,?\s+and\s+|\s*,\s*)(?:a|an|one|his|her|their)\s+{_ADJ}{_PERSON}\b"
# Saying verbs: a speaker is not the one who died ("a witness said his son was killed").
_SAY = r"(?:said|says|say|saying|stated|states|announced|announces|announcing|added|insisted|told\s+\w+)"
_SINGULAR_DIED = re.compile(
    rf"\b(?P<people>{_ONE_PERSON}(?:{_CONJ_PERSON})*|{_THE_PERSON})"
    rf"(?:\s+(?!was\b|were\b|who\b|whom\b|whose\b|which\b|that\b|{_SAY}\b)[^\s.;,\d]+){{0,8}}?\s+"
    rf"(?:(?:reportedly|allegedly|also|later|subsequently|then|fatally)\s+)*"
    # "was killed" needs its auxiliary ("the gunman killed ..." is not a death); "died" stands alone.
    rf"(?:(?:was|were)\s+(?:(?:reportedly|allegedly|also|later|subsequently|then|fatally)\s+)*{_DIED}"
    rf"|died|perished|succumbed|lost\s+(?:his|her|their)\s+lives?)\b",
    _FLAGS,
)
# "killed him", "killed her and her husband": a pronoun object is one person (not "her husband" alone).
_PRONOUN_PERSON = r"(?:him\b|her\b(?!\s+(?!(?:and|after|before|in|at|on|with|near|while|when|as|during|by)\b)[a-z]))"
# A title before a name is one person too ("killed local commander Abu Omar"); a second verb may come
# between ("shot, killed and dismembered a girl").
_TITLED_PERSON = rf"{_ADJ}{_PERSON}(?=\s+(?-i:[A-Z]))"
_KILLED_SINGULAR = re.compile(
    rf"\b{_KILLED}(?:\s*,?\s+and\s+[a-z]+ed)?\s+"
    rf"(?P<people>(?:{_ONE_PERSON}|{_PRONOUN_PERSON}|{_TITLED_PERSON})(?:{_CONJ_PERSON})*)",
    _FLAGS,
)
# One more death told apart from the rest: "the other later died in hospital", "one of the wounded died".
_ONE_MORE_DIED = re.compile(
    r"\b(?:the\s+other(?:\s+(?:one|victim|man|woman|person))?|one\s+of\s+(?:them|the\s+\w+))\s+"
    r"(?:(?:later|subsequently|also|then)\s+)?(?:died|succumbed|was\s+(?:later\s+)?(?:killed|found\s+dead))\b",
    _FLAGS,
)
# "a man's body was found": one death.
_PERSONS_BODY = re.compile(
    rf"\b(?P<people>(?:a|an|one)\s+{_ADJ}{_PERSON})['’]s\s+(?:(?:lifeless|dead|decomposed|mutilated)\s+)?"
    r"(?:body|corpse|remains)\b",
    _FLAGS,
)
# A list mixing counted groups and single people ("two of his brothers and his niece", "killing a child, three
# women and a man"): every item is added up. After an active verb a counted item must not go on to its own
# verb ("killing a man, and 40 were wounded").
_LIST_SEP = r"(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+)"
_ONE_ITEM = rf"(?:a|an|one|his|her|their)\s+{_ADJ}{_PERSON}\b"
_OWNER = r"(?:(?:his|her|their)\s+)?"  # "a man and his two sons"
_PASSIVE_ITEM = rf"(?:{_ONE_ITEM}|{_OWNER}{_QUANTITY_UNNAMED}\b{_VICTIM_WORD}{{0,5}}?)"
_ACTIVE_ITEM = rf"(?:{_ONE_ITEM}|{_OWNER}{_QUANTITY_UNNAMED}\b{_VICTIM_WORD}{{0,5}}+{_NO_VERB_AFTER})"
_OWNER_RE = re.compile(_OWNER, _FLAGS)
_MIXED_DIED = re.compile(
    rf"\b(?P<list>{_PASSIVE_ITEM}(?:{_LIST_SEP}{_PASSIVE_ITEM})+){_INCLUDING}\s+{_AUX}{_DIED}\b{_NOT_VICTIMS_AFTER}",
    _FLAGS,
)
_KILLED_MIXED = re.compile(rf"\b{_KILLED}\s+(?P<list>{_ACTIVE_ITEM}(?:{_LIST_SEP}{_ACTIVE_ITEM})+)", _FLAGS)
_ONE_ITEM_RE = re.compile(rf"{_ONE_ITEM}$", _FLAGS)
_PERSON_RE = re.compile(rf"\b{_PERSON}\b", _FLAGS)
_PRONOUN_RE = re.compile(rf"^{_PRONOUN_PERSON}", _FLAGS)
_NO_DEATHS = re.compile(
    r"\b(?:no(?:body|\s+one)\s+(?:was|were|has\s+been|had\s+been|is)\s+(?:reportedly\s+)?"
    r"(?:killed|hurt|injured|harmed|wounded|dead)"
    r"|no\s+(?:reported\s+|immediate\s+|known\s+|human\s+)?(?:casualties|fatalities|deaths|injuries|loss\s+of\s+life)"
    r"|no\s+reports?\s+of\s+(?:any\s+)?(?:casualties|fatalities|deaths|injuries)"
    r"|without\s+(?:any\s+|causing\s+(?:any\s+)?)?(?:casualties|fatalities|loss\s+of\s+life|injuries)"
    r"|(?:did\s+not|didn't)\s+(?:cause|result\s+in|leave)\s+any\s+(?:casualties|fatalities|deaths|injuries))\b",
    _FLAGS,
)
_QUANTITY_RE = re.compile(QUANTITY, _FLAGS)
# Every toll pattern contains one of these stems; windows around them bound the search.
_DEATH_CUE = re.compile(
    r"kill|dead|died|death|perish|murder|slain|execut|massacr|behead|lynch|lives|life\b|succumb|fatalit|"
    r"bod(?:y|ies)\b|corpse|remains|gunned|slaughter|fell\s+in\b",
    _FLAGS,
)
_WINDOW_BEFORE, _WINDOW_AFTER = 300, 160

# A party claiming its own kills, right before an active toll ("killed 40", "the killing of 40"): "claimed to
# have", "claimed (that) they", "boasted of", or a saying verb whose clause has the speaker itself as subject
# ("the army said it had killed", "saying its jets were ... and had killed"). Plain attribution of a passive
# toll ("police said two people were killed") or of someone else's act ("said gunmen killed") is a report.
_CLAIM = r"(?:claim(?:ed|s|ing)?|boast(?:ed|s|ing)?)"
_SELF_SUBJECT = r"(?:\b(?:it|they|we)|\b(?:its|their|our)(?:\s+[\w-]+){1,3})"
_AUX_BEFORE_VERB = r"(?:\s+(?:also|successfully|reportedly|had|have|has))*\s+$"
# A toll stated as an act, with its own killer ("killed 40", "the killing of 40").
ACTIVE_KILL = re.compile(
    r"(?:killed|killing|kills|kill|massacr\w+|execut\w+|murder\w*|slaughter\w*|shot\s+dead|shooting\s+dead|"
    r"gunned\s+down|beheaded|(?:the\s+)?killings?\s+of)\b",
    _FLAGS,
)
# When the claim was made, between the saying verb and its clause ("announced on Friday that its troops").
_WHEN_SAID = (
    r"(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|earlier|later)"
    r"(?:\s+(?:night|morning|evening|afternoon))?\s+)?"
)
_CLAIMED_BEFORE = re.compile(
    rf"\b{_CLAIM}\s+(?:to\s+have\s+|of\s+|(?:that\s+)?(?:it|they|we)(?:\s+(?:had|have|has))?\s+)?$"
    rf"|\b(?:{_SAY}|{_CLAIM})\s+{_WHEN_SAID}(?:that\s+)?{_SELF_SUBJECT}\b(?:[^.;:!?()]{{0,120}}?\sand)?{_AUX_BEFORE_VERB}",
    _FLAGS,
)


# --------------------------------------------------------------------------- interpreting a quantity


def _range_numbers(qty: str) -> tuple[int, int] | None:
    parts = re.split(r"\s+and\s+|\s*(?:\bto\b|\bor\b|-|–)\s*", re.sub(r"^between\s+", "", qty, flags=_FLAGS))
    if len(parts) != 2:
        return None
    first, second = parse_number(parts[0]), parse_number(parts[1])
    if first is None or second is None or first > second:
        return None
    return first, second


def _interpret(modifier: str | None, qty: str) -> tuple[int | None, int | None, int | None] | None:
    """(best, low, high) for a quantity with its optional modifier, or None when it is not a count."""
    vague = vague_quantity(qty)
    if vague is not None and vague.best is None:
        return vague.best, vague.low, vague.high
    number = vague.best if vague is not None else None
    span = _range_numbers(qty)
    if span is not None:
        return None, span[0], span[1]
    number = number if number is not None else parse_number(qty)
    if number is None:
        return None
    mod = re.sub(r"\s+", " ", modifier.lower()) if modifier else None
    if mod in _RULES.low_modifiers:
        return None, number, None
    if mod in _RULES.best_high_modifiers:
        return number, None, number
    return number, None, None


def _is_count(text: str, start: int, end: int) -> bool:
    """False for ages, dates, times and measures around the number at text[start:end]."""
    if _AGE_OR_UNIT_AFTER.match(text, end):
        return False
    is_digits = text[start : start + 1].isdigit()
    if is_digits and _YEAR.fullmatch(text[start:end]) and not _LETTER_AFTER.match(text, end):
        return False  # "the killings of 2014": a year, not followed by the people it would count
    return not (is_digits and _MONTH_BEFORE.search(text[max(0, start - 12) : start]))


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    figure: FatalityFigure


def _figure(text: str, match: re.Match[str], counts: tuple[int | None, int | None, int | None]) -> _Candidate:
    best, low, high = counts
    start, end = match.start(), match.end()
    figure = FatalityFigure(best=best, low=low, high=high, start=start, end=end, phrase=text[start:end])
    return _Candidate(start, end, figure)


def _from_quantity(text: str, match: re.Match[str]) -> _Candidate | None:
    if not _is_count(text, match.start("qty"), match.end("qty")):
        return None
    counts = _interpret(match.group("mod"), match.group("qty"))
    return None if counts is None else _figure(text, match, counts)


def _from_subject_list(text: str, match: re.Match[str]) -> _Candidate | None:
    """ "two soldiers and three civilians were killed": add up the groups listed before the verb."""
    first = _from_quantity(text, match)
    if first is None or not match.group("more"):
        return first
    if not match.group("who").strip() and match.group("more").lstrip().startswith(","):
        return None  # "Suwayda 24, dozens of people died": a bare number before a comma names, it does not count
    parts = [(first.figure.best, first.figure.low)]
    for extra in _QUANTITY_RE.finditer(match.group("more")):
        counts = _interpret(extra.group("mod"), extra.group("qty"))
        if counts is None:
            return first
        parts.append((counts[0], counts[1]))
    if all(best is not None and low is None for best, low in parts):
        return _figure(text, match, (sum(best for best, _ in parts if best is not None), None, None))
    floor = sum((low if low is not None else best) or 0 for best, low in parts)
    return _figure(text, match, (None, floor, None))


def _from_victim_groups(text: str, match: re.Match[str]) -> _Candidate | None:
    """ "killed seven men and three women": the groups added up; a single group ends at its number."""
    candidate = _from_subject_list(text, match)
    if candidate is None or match.group("more"):
        return candidate
    end = match.end("qty")
    return _Candidate(candidate.start, end, replace(candidate.figure, end=end, phrase=text[candidate.start : end]))


def _count_people(phrase: str) -> int:
    return len(_PERSON_RE.findall(phrase)) + len(_PRONOUN_RE.findall(phrase))


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around death words, merged: the only places a toll pattern can match."""
    windows: list[tuple[int, int]] = []
    for cue in _DEATH_CUE.finditer(text):
        start, end = max(0, cue.start() - _WINDOW_BEFORE), min(len(text), cue.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _candidates(text: str) -> Iterator[_Candidate]:
    for match in _NO_DEATHS.finditer(text):
        yield _figure(text, match, (0, None, None))
    # The patterns are costly to try at every word; most sentences hold no death word, and a toll sits
    # within a few words of one, so each pattern only runs inside those windows.
    for start, end in _windows(text):
        # Lists with a single person in them first: at the same span they win over the counted-only readings.
        yield from _scan(_MIXED_DIED, text, _from_mixed_list, start, end)
        yield from _scan(_KILLED_MIXED, text, _from_mixed_list, start, end)
        yield from _scan(_VICTIMS_THEN_DIED, text, _from_subject_list, start, end)
        yield from _scan(_KILLED_VICTIMS, text, _from_victim_groups, start, end)
        yield from _scan(_COUNT_OF_DEATHS, text, _from_quantity, start, end)
        yield from _scan(_KILLED_SELF_FIRST, text, _from_self_and_others, start, end)
        yield from _scan(_KILLED_SELF_LAST, text, _from_self_and_others, start, end)
        yield from _scan(_KILLED_SINGULAR, text, _from_people, start, end)
        yield from _scan(_SINGULAR_DIED, text, _from_people, start, end)
        yield from _scan(_PERSONS_BODY, text, _from_people, start, end)
        yield from _scan(_ONE_MORE_DIED, text, _one_death, start, end)


def _from_self_and_others(text: str, match: re.Match[str]) -> _Candidate | None:
    """ "killing himself and five others": the others plus the attacker."""
    if match.group("qty") is None:
        return _figure(text, match, (1, None, None))
    others = _from_quantity(text, match)
    if others is None:
        return None
    best, low, high = others.figure.best, others.figure.low, others.figure.high
    return _figure(text, match, tuple(None if v is None else v + 1 for v in (best, low, high)))  # type: ignore[arg-type]


def _one_death(text: str, match: re.Match[str]) -> _Candidate | None:
    return _figure(text, match, (1, None, None))


def _from_mixed_list(text: str, match: re.Match[str]) -> _Candidate | None:
    """ "three children and their mother were killed": the counted groups plus one per single person; only a
    list with a single person in it (the plain lists are read by the other patterns)."""
    offset = match.start("list")
    items = re.split(_LIST_SEP, match.group("list"), flags=_FLAGS)
    singles = sum(1 for item in items if _ONE_ITEM_RE.match(item.strip()))
    if singles == 0:
        return None
    best, floor = singles, singles
    exact = True
    for item in items:
        if _ONE_ITEM_RE.match(item.strip()):
            continue
        owner = _OWNER_RE.match(item)
        quantity = _QUANTITY_RE.match(item, owner.end() if owner else 0)
        at = match.string.find(item, offset)
        if quantity is None or not _is_count(text, at + quantity.start("qty"), at + quantity.end("qty")):
            return None
        counts = _interpret(quantity.group("mod"), quantity.group("qty"))
        if counts is None:
            return None
        exact = exact and counts[0] is not None and counts[1] is None
        best += counts[0] or 0
        floor += counts[1] if counts[1] is not None else counts[0] or 0
    return _figure(text, match, (best, None, None) if exact else (None, floor, None))


def _from_people(text: str, match: re.Match[str]) -> _Candidate | None:
    """ "a man and a woman were shot and killed": one death per person named."""
    return _figure(text, match, (_count_people(match.group("people")), None, None))


def _scan(
    pattern: re.Pattern[str],
    text: str,
    read: Callable[[str, re.Match[str]], _Candidate | None],
    start: int,
    end: int,
) -> Iterator[_Candidate]:
    """Like finditer over text[start:end], but a match that is not a count (a date, an age) does not hide a
    later start inside it."""
    position = start
    while (match := pattern.search(text, position, end)) is not None:
        candidate = read(text, match)
        if candidate is not None and not _about_earlier_death(text, candidate.start):
            yield candidate
            position = match.end()
        else:
            position = match.start() + 1


def _about_earlier_death(text: str, start: int) -> bool:
    """ "demand justice for the killing of two activists": a death that is the cause, not the event's toll."""
    before = text[max(0, start - 60) : start]
    if _NOMINAL_TOLL.match(text, start):
        return bool(_CAUSE_BEFORE_NOUN.search(before))
    return bool(_CAUSE_BEFORE_CLAUSE.search(before))


def _is_subset(text: str, candidate: _Candidate) -> bool:
    return bool(_SUBSET_BEFORE.search(text[max(0, candidate.start - 20) : candidate.start]))


def find_fatalities(text: str) -> list[FatalityFigure]:
    """Every death toll stated in ``text``, in order; [] when the text gives none.

    Lines (a headline, a paragraph) are read separately: a figure never spans a line break."""
    figures: list[FatalityFigure] = []
    offset = 0
    for line in text.split("\n"):
        figures += [replace(f, start=f.start + offset, end=f.end + offset) for f in _find_in_line(line)]
        offset += len(line) + 1
    return figures


def _find_in_line(text: str) -> list[FatalityFigure]:
    chosen: list[_Candidate] = []
    # Earlier patterns win ties; a longer match at the same place wins over a shorter one.
    ranked = sorted(_candidates(text), key=lambda c: (c.start, -(c.end - c.start)))
    for candidate in ranked:
        if _is_subset(text, candidate):
            continue
        if any(candidate.start < kept.end and kept.start < candidate.end for kept in chosen):
            continue
        chosen.append(candidate)
    return [_mark_claim(text, c.figure) for c in sorted(chosen, key=lambda c: c.start)]


def _mark_claim(text: str, figure: FatalityFigure) -> FatalityFigure:
    """Flag a toll stated as the speaker's own kills ("the group claimed to have killed 40 soldiers")."""
    if ACTIVE_KILL.match(figure.phrase) and _CLAIMED_BEFORE.search(text[max(0, figure.start - 200) : figure.start]):
        return replace(figure, claimed=True)
    return figure


# --------------------------------------------------------------------------- a coder's own figure


@dataclass(frozen=True)
class CodingStatement:
    """A note's statement of the figure it codes ("Fatalities coded as 3", "split between 2 events").

    ``total`` is None when only the split is stated ("Fatalities are split across two events"): the split
    then applies to the figure the text reports. ``start``/``end`` locate the statement."""

    total: int | None
    events: int
    start: int
    end: int

    def share(self, total: int) -> int:
        """One event's part of a split total: ACLED spreads it as evenly as it can, so most events get the
        rounded-down share."""
        return total // self.events


_SPLIT = r"split\s+(?:between|across|among)\s+(?:the\s+)?(?P<k>\d+|[a-z]+)\s+(?:events|locations)"
# ACLED notes state the coded figure when the text alone does not settle it (vague, disputed or split).
_CODING_STATEMENT = re.compile(
    r"\b(?:zero|no)\s+fatalities\s+(?:have\s+been|has\s+been|were|are)\s+coded"
    rf"|fatalit(?:y|ies)\b[^.;()\[\]]{{0,80}}?\bcoded\s+(?:as|to)\s+(?P<n>\d+)\b(?:\s+and\s+{_SPLIT})?"
    rf"|(?P<n2>\d+)\s+fatalit(?:y|ies)\s+(?:(?:are|were|have\s+been)\s+)?{_SPLIT.replace('<k>', '<k2>')}"
    rf"|fatalities\s+(?:are|were|have\s+been)\s+{_SPLIT.replace('<k>', '<k3>')}",
    _FLAGS,
)


def coding_statement(text: str) -> CodingStatement | None:
    """The coder's own statement of the figure, None when the text has none (any ordinary news text)."""
    if "coded" not in text and "split" not in text:
        return None
    match = _CODING_STATEMENT.search(text)
    if match is None:
        return None
    count = match.group("k") or match.group("k2") or match.group("k3")
    events = parse_number(count) if count else 1
    if not events:
        return None
    total = match.group("n") or match.group("n2")
    if total is None and match.group("k3") is None:
        total = "0"  # "zero fatalities have been coded"
    return CodingStatement(int(total) if total is not None else None, events, match.start(), match.end())
