"""The incident's date: its own words', its sentence's, an earlier sentence's of the paragraph, a later sentence's
that names it again, or the report's."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from sitroom.extract import dates
from sitroom.extract.context import Context
from sitroom.extract.incidents import NAMED_INCIDENT
from sitroom.extract.segments import Segment
from sitroom.model import TimePrecision


def event_date(ctx: Context, segment: Segment, sentences: list[Span]) -> tuple[dt.date | None, TimePrecision, object]:
    """The segment's own date, else its sentence's ("On 5 March, jets struck X and rebels shelled Y": the second
    incident is a segment of its own), else an earlier sentence's of the paragraph, else the report's own day,
    known only to within a week. Relative dates count from the publication day where it was published."""
    article = ctx.article
    text = article.text
    published = dates.publication_day(article.published, article.published_tz)
    offset = segment.sentence.start_char
    found = dates.resolve_date(text[offset : segment.end], published, segment.start - offset)
    if found is not None and found.clause_only and not _dates_incident(text, segment, offset + found.start):
        found = None
    if found is None or found.date is None:
        found, offset = _dateline(text, segment, sentences, published)
    if found is None or found.date is None:
        found, offset = _told_again(text, segment, sentences, published)
    if found is not None and found.date is not None:
        return found.date, found.precision, article.span(offset + found.start, offset + found.end)
    if published is not None:
        return published, TimePrecision.WEEK, None
    return None, TimePrecision.MONTH, None


# Words that open another clause: a date after one of them dates that clause's verb.
_CLAUSE_OPENER = re.compile(r"\b(?:as|which|who|whom|that|it|they|he|she|we|while|when|after|since|because)\b", re.I)


def _dates_incident(text: str, segment: Segment, at: int) -> bool:
    """Whether a clause-bound date phrase at ``at`` dates the segment's incident: it comes before the incident
    word ("Earlier this year, rebels seized…") or follows it within the same clause ("attacks … during a
    ceasefire in Gaza earlier this year")."""
    before = [t for t in segment.triggers if t.end <= at]
    return not before or not _CLAUSE_OPENER.search(text, before[-1].end, at)


def _dateline(
    text: str, segment: Segment, sentences: list[Span], published: dt.date | None
) -> tuple[dates.DateMention | None, int]:
    """The date of an earlier sentence in the same paragraph (notes open with "On 19 June 2022, …")."""
    earlier = [s for s in sentences if s.end_char <= segment.sentence.start_char]
    for sent in reversed(earlier[-3:]):
        # the line break that ends a paragraph is the last token of its sentence, not in the gap after it
        if "\n" in text[sent.start_char + len(sent.text.rstrip()) : segment.sentence.start_char]:
            break
        found = dates.resolve_date(text[sent.start_char : sent.end_char], published)
        if found is not None and found.date is not None:
            return found, sent.start_char
    return None, 0


# "sources said it occurred on Monday afternoon": a later sentence that says when the incident happened.
_IT_HAPPENED = re.compile(r"\b(?:it|which)\s+(?:occurred|happened|took\s+place)\b", re.IGNORECASE)


def _told_again(
    text: str, segment: Segment, sentences: list[Span], published: dt.date | None
) -> tuple[dates.DateMention | None, int]:
    """The date of a later sentence that tells more about the incident and names it again ("the Sunday air raid
    lasted 20 minutes", "The attack, which took place last Sunday"), or of one of the next two that says when "it
    occurred": a lead often leaves the day to the next paragraph. Never a day after the report's."""
    told_more = [c.sentence for c in segment.continuations]
    next_two = [s for s in sentences if s.start_char >= segment.sentence.end_char][:2]
    for sent in told_more + next_two:
        words = text[sent.start_char : sent.end_char]
        names_it = _IT_HAPPENED.search(words) or (sent in told_more and NAMED_INCIDENT.search(words))
        found = dates.resolve_date(words, published) if names_it else None
        if found is not None and found.date is not None and (published is None or found.date <= published):
            return found, sent.start_char
    return None, 0
