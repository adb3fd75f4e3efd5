"""The guarantee behind every brief: each sentence is cited, each citation quotes its article
exactly, and each number in a sentence appears in what that sentence cites (the evidence text,
or a stored field of a cited event or mention). A brief that fails is never rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sitroom.brief.compose import iter_sentences
from sitroom.brief.library import Library
from sitroom.brief.numbers import numbers_in
from sitroom.model import Actor, Brief, BriefSentence, Event, EventMention


class BriefCheckError(ValueError):
    """A brief failed the citation/number check; ``problems`` says where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n  - ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"the brief failed its evidence check ({len(problems)} problem(s)):\n  - {shown}{more}")


def _actor_strings(actors: Iterable[Actor | None]) -> list[str]:
    return [a.name for a in actors if a is not None]


def event_numbers(event: Event | EventMention) -> set[float]:
    """Numbers stored in an event's fields: tolls, source count, date, and numbers inside names."""
    fat = event.fatalities
    values = {float(v) for v in (fat.best, fat.low, fat.high) if v is not None}
    if isinstance(event, Event):
        values.add(float(event.independent_sources))
    if event.date:
        values.update({float(event.date.day), float(event.date.year)})
    loc = event.location
    names = _actor_strings([event.actor1, event.actor2, *event.assoc_actors_1, *event.assoc_actors_2])
    if loc:
        names += [n for n in (loc.name, loc.admin1, loc.admin2, loc.admin3) if n]
    for name in names:
        values |= numbers_in(name)
    return values


class BriefChecker:
    def __init__(self, events: Mapping[str, Event], library: Library) -> None:
        self.events = events
        self.library = library

    def check(self, brief: Brief) -> list[str]:
        query_numbers: set[float] = set()
        for value in brief.query.values():
            query_numbers |= numbers_in(str(value))
        problems: list[str] = []
        for sentence in iter_sentences(brief):
            problems.extend(self.check_sentence(sentence, query_numbers))
        return problems

    def check_sentence(self, sentence: BriefSentence, query_numbers: set[float]) -> list[str]:
        quoted = _short(sentence.text)
        if not sentence.citations:
            return [f"uncited sentence: {quoted}"]
        problems: list[str] = []
        allowed = set(query_numbers)
        for citation in sentence.citations:
            evidence = citation.evidence
            article = self.library.articles([evidence.article_id]).get(evidence.article_id)
            if article is None:
                problems.append(f"{quoted} cites article {evidence.article_id}, which is not stored")
            elif article.text[evidence.start : evidence.end] != evidence.text:
                problems.append(f"{quoted} cites text that is not at {evidence.start}..{evidence.end} of {article.id}")
            else:  # outlet names are stored values too ("france24.com")
                allowed |= numbers_in(article.source.domain or "")
            allowed |= numbers_in(evidence.text)
            allowed |= self._stored_numbers(citation.event_id, citation.mention_id, quoted, problems)
        for number in sorted(numbers_in(sentence.text) - allowed):
            problems.append(f"number {number:g} in {quoted} is not in its cited evidence or the store")
        return problems

    def _stored_numbers(
        self, event_id: str | None, mention_id: str | None, quoted: str, problems: list[str]
    ) -> set[float]:
        values: set[float] = set()
        if event_id is not None:
            event = self.events.get(event_id)
            if event is None:
                problems.append(f"{quoted} cites event {event_id}, which is not in the selection")
            else:
                values |= event_numbers(event)
        if mention_id is not None:
            mention = self.library.mentions([mention_id]).get(mention_id)
            if mention is None:
                problems.append(f"{quoted} cites report {mention_id}, which is not stored")
            else:
                values |= event_numbers(mention)
        return values


def _short(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def check_brief(brief: Brief, events: Mapping[str, Event], library: Library) -> list[str]:
    """Every problem found (empty when the brief may be published)."""
    return BriefChecker(events, library).check(brief)


def withhold_failing(brief: Brief, events: Mapping[str, Event], library: Library) -> tuple[Brief, list[str]]:
    """The brief without the sentences that fail the check, and the problems of each withheld one.

    A real corpus always gets a brief of what does pass; the headline is the brief's claim, so a headline that
    fails is never replaced silently: BriefCheckError."""
    checker = BriefChecker(events, library)
    query_numbers: set[float] = set()
    for value in brief.query.values():
        query_numbers |= numbers_in(str(value))
    if brief.headline is not None:
        headline_problems = checker.check_sentence(brief.headline, query_numbers)
        if headline_problems:
            raise BriefCheckError(headline_problems)
    withheld: list[str] = []

    def passing(sentences: list[BriefSentence]) -> list[BriefSentence]:
        kept = []
        for sentence in sentences:
            problems = checker.check_sentence(sentence, query_numbers)
            withheld.extend(problems)
            if not problems:
                kept.append(sentence)
        return kept

    sections = [section.model_copy(update={"sentences": passing(section.sentences)}) for section in brief.sections]
    closing = passing([brief.closing]) if brief.closing is not None else []
    update = {
        "lead": passing(brief.lead),
        "sections": [section for section in sections if section.sentences],
        "background": passing(brief.background),
        "closing": closing[0] if closing else None,
    }
    return brief.model_copy(update=update), withheld


def ensure_checked(brief: Brief, events: Mapping[str, Event], library: Library) -> Brief:
    problems = check_brief(brief, events, library)
    if problems:
        raise BriefCheckError(problems)
    return brief
