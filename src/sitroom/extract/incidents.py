"""Incident grouping: which typed segments open an incident and which only tell more about one.

A sentence right after an incident with no incident word of its own ("3 civilians were killed.") or one
that opens by naming it ("The attack in the town of Toul also injured two") continues it; a toll told after
a remote attack is that attack's, one segment per place when the toll is listed place by place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span

from sitroom.extract.labels import RECONCILE_BELOW
from sitroom.extract.segments import ANONYMOUS_MIN_SCORE, REFERS_BACK, Segment
from sitroom.extract.tolls import NUMBER_WORD
from sitroom.extract.triggers import SECONDARY, Kind, Trigger
from sitroom.model import EventType

CONTINUATION_CHARS = 400  # how far after an incident an untriggered sentence still belongs to it
REFERENCE_CHARS = 1500  # how far after an incident "The attack …" still points back at it


def group_incidents(
    text: str,
    typed: list[Segment],
    whole_report: bool = True,
    elsewhere: Callable[[Segment, Segment], bool] = lambda segment, told: False,
) -> list[Segment]:
    """Typed segments that open an incident. A sentence without an incident word of its own right after an
    incident in the same paragraph ("3 civilians were killed.") tells more about that incident, unless it is
    ``elsewhere`` ("Three more died in Kharkiv" after strikes on Kyiv); so does one that opens by pointing back
    at it ("The attack in the town of Toul also injured two"), in a whole report."""
    kept: list[Segment] = []
    for segment in typed:
        previous = kept[-1] if kept else None
        if segment.sub_event is None and previous is None:
            continue  # a reference to an incident the report has not told
        if previous is None or previous.sentence is segment.sentence:
            kept.append(segment)
            continue
        untriggered = segment.main_trigger is None or segment.main_trigger.kind in SECONDARY
        untriggered = untriggered or _damage_only(text, segment)
        gap = segment.sentence.start_char - previous.sentence.end_char
        same_paragraph = "\n" not in text[previous.sentence.end_char : segment.sentence.start_char]
        # a report written one sentence a paragraph goes on in the next paragraph
        follows = (same_paragraph or _own_paragraph(text, previous.sentence)) and gap < CONTINUATION_CHARS
        refers_back = gap < REFERENCE_CHARS and (
            _told_within_a_known_incident(text, segment) or (whole_report and _only_refers_back(text, segment))
        )
        if segment.sub_event is None and not refers_back:
            continue
        if untriggered and follows and not refers_back and elsewhere(segment, previous):
            kept.append(segment)
        elif (untriggered and follows) or refers_back:
            for told in kept:  # every incident of the sentence it follows ("attacked …, making away with …")
                if told.sentence is previous.sentence:
                    told.continuations.append(segment)
        else:
            kept.append(segment)
    return kept


def _own_paragraph(text: str, sentence: Span) -> bool:
    """Whether ``sentence`` is a paragraph by itself."""
    before = text[max(0, sentence.start_char - 1) : sentence.start_char]
    return before in ("", "\n") and text[sentence.end_char : sentence.end_char + 1] in ("", "\n")


def _damage_only(text: str, segment: Segment) -> bool:
    """ "A civilian suffered neck injuries and three houses and a school were destroyed": damage with nobody
    said to have done it is what the incident just told did, like a toll; so are weapons seized with nobody
    said to have seized them ("28 gang members were killed and hundreds of munitions seized")."""
    primary = [t for t in segment.triggers if t.kind not in SECONDARY]
    return bool(primary) and all(
        (t.kind is Kind.DESTRUCTION or (t.kind is Kind.TERRITORY and _WEAPONS_BEFORE.search(text, 0, t.start)))
        and not _AGENT_AFTER.match(text, t.end)
        for t in primary
    )


_WEAPONS_BEFORE = re.compile(
    r"\b(?:weapons|arms|munitions|ammunition|explosives|rifles|guns|rounds)\s+(?:were\s+|was\s+|had\s+been\s+)?$",
    re.IGNORECASE,
)


_AGENT_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?by\b")


def tolls_after_strikes(text: str, segments: list[Segment], typed: list[Segment]) -> list[Segment]:
    """ "Four deaths were reported in Khmelnytskyi region" after "Russian drone and missile attacks overnight":
    a toll the classifier typed as nothing, told after a remote attack, is that attack's (at the place it names,
    if another: ``names_another_place``); a list of tolls by place ("four in X, three more in Y, and one in
    Z") gives one segment per place."""
    found: list[Segment] = []
    for segment in segments:
        hesitant = segment.sub_event is None or segment.score < RECONCILE_BELOW
        only_tolls = bool(segment.triggers) and all(t.kind is Kind.OUTCOME for t in segment.triggers)
        if not hesitant or not only_tolls or not _TOLL.search(text, segment.start, segment.end):
            continue
        before = [t for t in typed if t.sub_event is not None and t.end <= segment.start and _tells_an_act(t)]
        told = before[-1] if before else None
        if (
            told is None
            or told.sub_event is None
            or told.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE
        ):
            continue
        if segment.start - told.end >= REFERENCE_CHARS:
            continue
        cuts = [m.start() for m in _NEXT_TOLL.finditer(text, segment.start, segment.end)]
        for start, end in zip([segment.start, *cuts], [*cuts, segment.end], strict=True):
            triggers = [t for t in segment.triggers if start <= t.start < end]
            found.append(Segment(segment.sentence, start, end, triggers, told.sub_event, ANONYMOUS_MIN_SCORE))
    return found


def tolls_by_place(text: str, segment: Segment) -> list[Segment]:
    """A remote attack told with its toll place by place ("Ten people were killed by strikes in Khan Younis,
    four in Deir al-Balah and nine in Jabaliya"): one segment per place, each with its own toll."""
    if segment.sub_event is None or segment.sub_event.event_type is not EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        return [segment]
    cuts = [m.start() for m in _PLACE_TOLL.finditer(text, segment.start, segment.end)]
    if not cuts or not _TOLL.search(text, segment.start, cuts[0]):
        return [segment]
    parts = []
    for start, end in zip([segment.start, *cuts], [*cuts, segment.end], strict=True):
        triggers = [t for t in segment.triggers if start <= t.start < end]
        parts.append(Segment(segment.sentence, start, end, triggers, segment.sub_event, segment.score))
    return parts


def _tells_an_act(segment: Segment) -> bool:
    return segment.main_trigger is not None and segment.main_trigger.kind not in SECONDARY


_NEXT_TOLL = re.compile(rf",\s+(?:and\s+)?(?={NUMBER_WORD}\b)", re.IGNORECASE)
# ", four in the central town of Deir al-Balah and nine in the Jabaliya camp": the next place's own toll
_PLACE_TOLL = re.compile(
    rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?={NUMBER_WORD}\s+(?:more\s+|others?\s+)?(?:people\s+)?(?:were\s+killed\s+)?"
    r"(?:in|at)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?-i:[A-Z]))",
    re.IGNORECASE,
)


_TOLL = re.compile(
    rf"\b(?:{NUMBER_WORD}|dozens?|scores|several|body|bodies)\b"
    r"(?:\s+[\w-]+){0,4}?\s+(?:people|civilians|deaths|dead|killed|died|injur|wounded|casualties|bod)|"
    r"\bbod(?:y|ies) of\b",
    re.IGNORECASE,
)


def references_back(text: str, segments: list[Segment]) -> list[Segment]:
    """Sentences the classifier typed as no incident that open by naming one ("The attack was near …"): they
    can only tell more about the incident before them (``group_incidents``)."""
    return [s for s in segments if s.sub_event is None and REFERS_BACK.match(text, s.sentence.start_char)]


_WITHIN = re.compile(r"\s*[\"“]?(?:During|In)\s")
_UNFOLDED = re.compile(r"\s+(?:began|started|unfolded|opened)\s+(?:when|as|with)\b")


def _only_refers_back(text: str, segment: Segment) -> bool:
    """ "The attack, which took place last Sunday in Isige town, …": the sentence names the incident told
    before and no other ("The attack followed a similar incident, when shelling … killed 15" tells a new one)."""
    reference = REFERS_BACK.match(text, segment.sentence.start_char)
    if reference is not None:
        if _WITHIN.match(reference.group(0)) or _UNFOLDED.match(text, reference.end()):
            # "During the attack, the terrorists seized trucks", "The attack began when two trucks entered
            # Pétionville": all of it happened in that attack
            return True
        return not any(t.kind not in SECONDARY and t.start >= reference.end() for t in segment.triggers)
    # "…said the Sunday air raid lasted 20 minutes", "so the attack was a surprise": named only as one told,
    # with what it did ("the bombardment also destroyed homes")
    primary = [t for t in segment.triggers if t.kind not in SECONDARY]
    if not primary:  # "15 civilians were killed in the strikes, a local politician said"
        return NAMED_INCIDENT.search(text, segment.start, segment.end) is not None
    named = [t for t in primary if _definite_noun(text, t)]
    return bool(named) and all(t in named or (t.kind is Kind.DESTRUCTION and t.start > named[0].start) for t in primary)


# What is done in the course of a fight or a raid (seizing weapons, burning, arresting, abducting) is part of it.
_DONE_WITHIN = frozenset({Kind.TERRITORY, Kind.DESTRUCTION, Kind.ARREST, Kind.ABDUCT})
_DURING = re.compile(
    r"\b(?:during|in the course of|amid)\s+(?:the|these|those|this|that)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)


def _told_within_a_known_incident(text: str, segment: Segment) -> bool:
    """ "He also stated that Fano had seized weapons during the clashes": what the sentence tells happened in
    the course of an incident it names as one already told."""
    primary = [t for t in segment.triggers if t.kind not in SECONDARY]
    within = [
        t
        for t in segment.triggers
        if t.kind is Kind.REFERENCE and _DURING.search(text, max(0, t.start - 40), t.start) is not None
    ]
    return (
        bool(primary and within)
        and all(t.kind in _DONE_WITHIN for t in primary)
        and all(t.end <= within[0].start for t in primary)
    )


def _definite_noun(text: str, trigger: Trigger) -> bool:
    """ "the Sunday air raid", "the attack": an incident named as one already known (not "the army had seized",
    where the article belongs to the subject of a verb)."""
    return not trigger.text.split()[0].endswith("ed") and bool(
        _DEFINITE_BEFORE.search(text, max(0, trigger.start - 30), trigger.start)
    )


NAMED_INCIDENT = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}(?:attacks?|strikes?|air ?strikes?|raids?|assaults?|"
    r"bombings?|bombardments?|shelling|explosions?|blasts?|ambush(?:es)?|massacre|incident)\b",
    re.IGNORECASE,
)


_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s)\s+"
    r"(?:(?!(?:had|has|have|was|were|is|are|been|will|would|could|did)\s)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
