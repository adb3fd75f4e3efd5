"""Toll selection: which stated figure is an incident's fatalities (the figures come from ``fatalities``)."""

from __future__ import annotations

import re

from sitroom.extract import fatalities
from sitroom.extract.numbers import parse_number
from sitroom.extract.segments import Segment
from sitroom.model import Article, EventType, Fatalities, SubEventType

NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


ELLIPTICAL_TOLL = re.compile(
    rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?P<n>{NUMBER_WORD})\s+(?:more\s+|others?\s+)?(?:people\s+)?(?:in|at)\b",
    re.IGNORECASE,
)


# A following sentence that starts another incident: a separation word, a cumulative period, a new day.
_OTHER_INCIDENT = re.compile(
    r"\b(?:separate(?:ly)?|elsewhere|meanwhile|in\s+(?:another|a\s+(?:second|similar|related|different))|"
    r"another\s+(?:attack|incident|strike|raid|clash|bombing|explosion|blast|ambush|operation)|earlier|"
    r"previously|since|so\s+far|in\s+total|last\s+(?:week|month|year)|(?:the\s+)?(?:previous|next|following)\s+day|"
    r"a\s+day\s+(?:earlier|later)|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    # a period's toll: "in a week", "in recent weeks", "over the past three days"
    r"(?:in|over|during|within)\s+(?:recent|the\s+(?:past|last)|a|one)\s+(?:few\s+|\w+\s+)?(?:days|weeks?|months?|years?))\b",
    re.IGNORECASE,
)
# A place named with a locative ("In Aleppo, ...", "near the town of Sarmin"); new when the incident's own
# sentence does not name it.
_PLACE_NAMED = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|on\s+the\s+(?:town|village|city|district|area)\s+of)\s+"
    r"(?:the\s+(?:town|village|city|district|province|area)\s+of\s+)?([A-Z][\w'-]+)"
)
# A crowd's own words ("March" the month is not a march).
_PROTEST_WORD = re.compile(
    r"\b(?:(?i:protest\w*|demonstrat\w*|rall(?:y|ied|ies|ying)|gather(?:ed|ing|s)?|vigil|sit-in|picket\w*)"
    r"|march(?:ed|es|ing|ers)?)\b"
)
# Deaths belong to violence: only these borrow a toll from a sentence that opened an incident of its own.
_VIOLENT = {
    EventType.BATTLES,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    EventType.VIOLENCE_AGAINST_CIVILIANS,
    EventType.RIOTS,
}
FOLLOWING_SENTENCES = 3  # how many sentences after an incident may still state its toll


def event_fatalities(article: Article, segment: Segment, next_incident: int | None) -> Fatalities:
    """The incident's toll: its own clause first, else the first sentence continuing it that states one.

    - A peaceful protest has no deaths by ACLED's definition (violence would make it another sub-type): a
      death it names is its cause ("protest over the killing of two activists").
    - A party's claim of its own kills ("the army said it killed 300 militants") is not merged into an
      independently reported toll: ACLED codes the most conservative credible figure. A claim alone is kept
      as a high bound only ("up to 300"), so it neither sets ACLED's figure nor outweighs a reported toll.
    - An ACLED note's own statement of the figure it codes ("Fatalities coded as 3", "split between 2
      events") settles a vague, disputed or shared toll.
    - A later sentence gives the toll only while it tells the same incident: it stops at a new paragraph, a
      separation cue ("in a separate attack", "since January") or a place not named before. A sentence that
      opened an incident of its own lends only a toll stated by its victims ("Three soldiers were killed."),
      not a new act with its own killer, and only to a violent incident (an arrest borrows no deaths).
    """
    if segment.sub_event is SubEventType.PEACEFUL_PROTEST and _PROTEST_WORD.search(
        article.text, segment.start, segment.end
    ):
        return Fatalities()
    coded = fatalities.coding_statement(article.text)
    if coded is not None and coded.total is not None:
        return Fatalities(best=coded.share(coded.total), evidence=article.span(coded.start, coded.end))
    toll = _reported_toll(article, segment, next_incident)
    if coded is not None and (toll.best is not None or toll.low is not None):
        return Fatalities(best=coded.share(toll.acled()), evidence=toll.evidence)
    return toll


def _stated_figures(text: str, continues: bool) -> list[fatalities.FatalityFigure]:
    return [f for f in fatalities.find_fatalities(text) if continues or not fatalities.ACTIVE_KILL.match(f.phrase)]


def _reported_toll(article: Article, segment: Segment, next_incident: int | None) -> Fatalities:
    stated: list[tuple[list[fatalities.FatalityFigure], int]] = []
    texts = _toll_texts(article, segment, next_incident)
    added: tuple[fatalities.FatalityFigure, int] | None = None
    for index, (text, offset, continues) in enumerate(texts):
        figures = _stated_figures(text, continues)
        if figures:
            stated.append((figures, offset))
        if any(not figure.claimed for figure in figures):
            added = _added_toll(texts[index + 1 : index + 2])
            break
    if not stated:
        return _elliptical_toll(article, segment)
    figures, offset = next(((f, o) for f, o in stated if any(not x.claimed for x in f)), stated[0])
    independent = [f for f in figures if not f.claimed]
    figure = max(independent or figures, key=lambda f: f.acled)
    evidence = article.span(offset + figure.start, offset + figure.end)
    if figure.claimed:
        claimed = max(v for v in (figure.best, figure.low, figure.high) if v is not None)
        return Fatalities(high=claimed, evidence=evidence)
    if added is not None:
        return _sum_tolls(article, (figure, offset), added)
    return Fatalities(best=figure.best, low=figure.low, high=figure.high, evidence=evidence)


# A sentence adding deaths to the toll just told ("In addition, six police officers fell in combat", "Two
# soldiers were also killed"): ACLED's figure is every death of the event, so the two are added up.
_ADDITIVE_OPENING = re.compile(r"\W*(?:in\s+addition|additionally|also|besides)\b", re.IGNORECASE)
_ALSO_IN_TOLL = re.compile(r"\b(?:also|too|as\s+well)\b", re.IGNORECASE)


def _added_toll(following: list[tuple[str, int, bool]]) -> tuple[fatalities.FatalityFigure, int] | None:
    """The one independent figure a continuing sentence adds to the incident's toll, if it says it adds."""
    for text, offset, continues in following:
        figures = [f for f in _stated_figures(text, continues) if not f.claimed]
        if len(figures) != 1 or figures[0].acled == 0:
            return None
        if _ADDITIVE_OPENING.match(text) or _ALSO_IN_TOLL.search(figures[0].phrase):
            return figures[0], offset
    return None


def _sum_tolls(
    article: Article, first: tuple[fatalities.FatalityFigure, int], added: tuple[fatalities.FatalityFigure, int]
) -> Fatalities:
    """Two tolls of one incident added up: exact when both are, else a floor of the two."""
    (one, at), (two, then) = first, added
    evidence = article.span(at + one.start, then + two.end)
    if one.low is None and two.low is None and one.best is not None and two.best is not None:
        return Fatalities(best=one.best + two.best, evidence=evidence)
    return Fatalities(low=one.acled + two.acled, evidence=evidence)


def _elliptical_toll(article: Article, segment: Segment) -> Fatalities:
    """ "…, four in the central town of Deir al-Balah": a place's share of a toll listed place by place
    (``tolls_by_place``), killed as the list's first figure says."""
    found = ELLIPTICAL_TOLL.match(article.text, segment.start, segment.end)
    number = parse_number(found["n"]) if found else None
    if found is None or number is None:
        return Fatalities()
    return Fatalities(best=number, evidence=article.span(found.start("n"), found.end("n")))


# A second incident dated relative to the report in the same sentence ("…a day after the strikes on the port,
# and just three days after an attack on the airport that killed 80"): the toll after it is that incident's.
_ANOTHER_DATED_INCIDENT = re.compile(
    rf",?\s+and\s+(?:just\s+|only\s+|barely\s+)?(?:a|an|one|{NUMBER_WORD})\s+(?:days?|weeks?|months?)\s+"
    r"(?:after|before|earlier|later)\b",
    re.IGNORECASE,
)


def _own_clause(text: str, segment: Segment) -> str:
    """The segment's text up to a second dated incident after its own incident word."""
    trigger = segment.main_trigger
    after = trigger.start if trigger is not None and segment.start <= trigger.start < segment.end else segment.start
    other = _ANOTHER_DATED_INCIDENT.search(text, after, segment.end)
    return text[segment.start : other.start() if other else segment.end]


def _toll_texts(article: Article, segment: Segment, next_incident: int | None) -> list[tuple[str, int, bool]]:
    """(text, offset, continues the incident untold) for the segment, then the sentences of its paragraph
    after it (a report written one sentence to a paragraph: the next paragraphs) that may still state
    its toll; False from the sentence that opens the next incident on."""
    texts = [(_own_clause(article.text, segment), segment.start, True)]
    sentence = segment.sentence
    if article.text[segment.end : sentence.end_char].strip():
        return texts  # a later incident in the same sentence comes first
    doc, own = sentence.doc, article.text[sentence.start_char : sentence.end_char]
    position, told_until = sentence.end, sentence.start_char + len(own.rstrip())
    told_from = sentence.start_char
    read = 0
    while read < FOLLOWING_SENTENCES and position < len(doc):
        nxt = doc[position].sent
        position = nxt.end
        text = article.text[nxt.start_char : nxt.end_char]
        if not text.strip() and not _paragraph_of_one(article.text, told_from):
            break  # a blank line between paragraphs
        if not text.strip():
            continue  # the line break after a one-sentence paragraph
        read += 1
        new_paragraph = "\n" in article.text[told_until : nxt.start_char]
        if "\n" in text.strip() or (new_paragraph and not _paragraph_of_one(article.text, told_from)):
            break  # a new paragraph
        told_from, told_until = nxt.start_char, nxt.start_char + len(text.rstrip())
        if _OTHER_INCIDENT.search(text) or any(p not in own for p in _PLACE_NAMED.findall(text)):
            break
        untold_here = next_incident is None or nxt.start_char < next_incident
        if not untold_here and (segment.sub_event is None or segment.sub_event.event_type not in _VIOLENT):
            break
        texts.append((text, nxt.start_char, untold_here))
    return texts


def _paragraph_of_one(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` is a whole paragraph, not a headline: a report written one sentence to a
    paragraph goes on telling the incident in the next one. A headline (a first line without a full stop) does
    not."""
    if start > 0:
        return text[:start].rstrip(" \t").endswith("\n")
    first_line = text.split("\n", 1)[0].rstrip()
    return first_line.endswith((".", "!", "?", '."', ".”"))
