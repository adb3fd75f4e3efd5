"""The incident's date: its own words', its sentence's, an earlier sentence's of the paragraph, or the report's."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from sitroom.extract import dates
from sitroom.extract.context import Context
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
