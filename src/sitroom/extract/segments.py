"""Segmentation: the candidate incidents of an article, one ``Segment`` per incident a sentence tells.

A sentence splits where trigger words of different families meet (``split_sentence``); background history,
captions, attributions and clauses that only describe an area tell no incident (``find_segments``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from sitroom.extract.document import is_caption, tells_no_news
from sitroom.extract.nlp import doc_text
from sitroom.extract.triggers import (
    KIND_TYPES,
    SECONDARY,
    Kind,
    Trigger,
    find_triggers,
    has_ruled_out_trigger,
    is_attribution,
    is_background,
    reference_year,
)
from sitroom.model import Article, SubEventType

# A classifier at least this sure makes an incident of a segment that names no one, no place and no toll
# (``events``), and the score a toll told after a strike takes from it (``incidents.tolls_after_strikes``).
ANONYMOUS_MIN_SCORE = 0.6


# A sentence opening with a definite name of an incident points back at one already told.
REFERS_BACK = re.compile(
    # "During the attack, the terrorists seized three gun trucks": what happened in it is part of it
    r"\s*[\"“]?(?:(?:During|In)\s+the|The|This|That|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}(?:attack|strike|airstrike|air strike|raid|assault|bombing|bombardment|shelling|"
    r"explosion|blast|ambush|incident)s?\b"
    # "During the militants’ withdrawal, a vehicle overturned": in the course of a move or a fight told before
    r"|\s*[\"“]?(?:During|In)\s+the\s+(?:[\w'’-]+\s+){0,2}(?:withdrawal|retreat|clashes|fighting)\b"
)
# In a snippet of a few sentences every sentence goes to the classifier (the trigger lexicon is only a
# cheap pre-filter for long articles).
SHORT_DOCUMENT = 4
MIN_UNTRIGGERED_WORDS = 5  # shorter, with no incident word: a dateline, byline or heading


_RECENCY = re.compile(
    r"\b(?:recent(?:ly)?|now|today|tonight|yesterday|this (?:week|month|morning)|last (?:week|night)|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|latest|currently|new(?:ly)?)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r";|,|\bwhile\b|\bwhereas\b|\bmeanwhile\b|\band\b|\bbut\b|—|–")


@dataclass
class Segment:
    """One incident inside one sentence: ``text[start:end]`` of the article."""

    sentence: Span
    start: int
    end: int
    triggers: list[Trigger]  # offsets into the article
    sub_event: SubEventType | None = None
    score: float = 0.0
    fallback: bool = False  # typed from a strong trigger after the classifier said "none"
    # Later sentences that tell more about this incident ("The attack was near an office in Sin Gut village").
    continuations: list[Segment] = field(default_factory=list)

    @property
    def main_trigger(self) -> Trigger | None:
        primary = [t for t in self.triggers if t.kind not in SECONDARY]
        if primary:
            return primary[0]
        return self.triggers[0] if self.triggers else None


def find_segments(article: Article, sentences: list[Span], whole_report: bool) -> list[Segment]:
    """The candidate incidents of the article's sentences, in order."""
    year = reference_year(article.text, article.published)
    segments: list[Segment] = []
    first_line_end = article.text.find("\n")

    def in_headline(start: int) -> bool:
        return first_line_end < 0 or start < first_line_end

    in_background = False
    previous_paragraph_end = -1
    for sent in sentences:
        text = article.text[sent.start_char : sent.end_char]  # Span.text re-walks the tokens each call
        if not text.strip():
            continue
        if "\n" in article.text[previous_paragraph_end + 1 : sent.start_char]:
            in_background = False  # a new paragraph starts without history context
        previous_paragraph_end = sent.end_char - 1
        if (is_background(text, year) and not _names_told_incident(text)) or tells_no_news(text):
            in_background = True
            continue
        if in_background and not _RECENCY.search(text):
            continue  # the rest of a history paragraph stays history unless it signals news
        in_background = False
        if whole_report and not in_headline(sent.start_char) and is_caption(text):
            continue  # a photo caption: what a picture shows, not an incident the report tells
        if is_attribution(text):
            continue  # who did it: its claims attach to the incident reported next to it (``incident_claims``)
        found = split_sentence(sent)
        if not found and _may_report_untriggered(text, len(sentences)):
            found = [Segment(sent, sent.start_char, sent.start_char + len(text.rstrip()), [])]
        if whole_report:  # "…in Mali’s north, where the army is fighting separatists": the area, not news
            found = _without_area_clauses(article.text, found)
        segments += found
    return segments


def _may_report_untriggered(sentence: str, sentences_in_document: int) -> bool:
    """Whether a sentence with no incident word goes to the classifier: only in a short document (a snippet
    or coder note, where the one sentence may be the report), and not a dateline ("Addis Ababa, 20 November.")."""
    return (
        sentences_in_document <= SHORT_DOCUMENT
        and len(sentence.split()) >= MIN_UNTRIGGERED_WORDS
        and not has_ruled_out_trigger(sentence)
    )


def split_sentence(sent: Span) -> list[Segment]:
    """The incidents one sentence reports: a new segment starts where a trigger of another family
    follows, cut at the clause break (comma, "while", "and") just before it."""
    base = sent.start_char
    stripped = doc_text(sent.doc)[sent.start_char : sent.end_char].rstrip()
    triggers = [Trigger(t.kind, base + t.start, base + t.end, t.text) for t in find_triggers(stripped)]
    if not triggers:
        return []
    segments = [Segment(sent, base, base + len(stripped), [triggers[0]])]
    for trigger in triggers[1:]:
        current = segments[-1]
        kinds = {t.kind for t in current.triggers if t.kind not in SECONDARY}
        if trigger.kind in SECONDARY or not kinds or _compatible(kinds, trigger.kind):
            current.triggers.append(trigger)
            continue
        cut = _clause_break(doc_text(sent.doc), current.triggers[-1].end, trigger.start)
        if cut is None:
            current.triggers.append(trigger)
            continue
        segments.append(Segment(sent, cut, current.end, [trigger]))
        current.end = cut
    for segment in segments:
        while segment.end > segment.start and doc_text(sent.doc)[segment.end - 1] in " ,;":
            segment.end -= 1
    return segments


def _compatible(kinds: set[Kind], kind: Kind) -> bool:
    return any(KIND_TYPES[kind] & KIND_TYPES[k] for k in kinds)


def _clause_break(text: str, after: int, before: int) -> int | None:
    """The start of the clause holding ``before``: just after the last break between the two triggers."""
    breaks = list(_CLAUSE_BREAK.finditer(text, after, before))
    if not breaks:
        return None
    cut = breaks[-1].end()
    while cut < before and text[cut] == " ":
        cut += 1
    return cut


def _without_area_clauses(text: str, found: list[Segment]) -> list[Segment]:
    """The segments that tell incidents; an incident before an area clause ends where the clause starts."""
    kept: list[Segment] = []
    for segment in found:
        if not _describes_the_area(text, segment):
            kept.append(segment)
            continue
        for told in kept:
            where = _WHERE.search(text, told.start, told.end)
            if where is not None:
                told.end = where.start()
    return kept


def _describes_the_area(text: str, segment: Segment) -> bool:
    """ "killed in Mali’s north, where the army and its allies are fighting separatists": a present-tense
    clause on where an incident happened says what goes on there, and tells no incident of its own."""
    trigger = segment.main_trigger
    if trigger is None:
        return False
    where = next(reversed(list(_WHERE.finditer(text, segment.sentence.start_char, trigger.start))), None)
    return where is not None and _ONGOING.search(text, where.end(), trigger.start) is not None


_WHERE = re.compile(r",\s+where\s+")
_ONGOING = re.compile(r"\b(?:are|is|remain|remains|have been|has been)\s+(?:[\w-]+\s+)?$|\b(?:are|is)\s+\w+ing\b")


def _names_told_incident(sentence: str) -> bool:
    """ "The attack was near an office …, occupied by a PDF that sprang up after the 2021 coup": a sentence that
    opens by naming the incident already told is about it, whatever history its clauses recall; "The attack
    in 2019 …" dates the incident itself."""
    reference = REFERS_BACK.match(sentence)
    return reference is not None and not _YEAR_NEAR.search(sentence, reference.end(), reference.end() + 30)


_YEAR_NEAR = re.compile(r"\b(?:19|20)\d\d\b")
