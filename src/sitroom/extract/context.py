"""What the extractor knows about the whole article while it codes one incident of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from sitroom.extract.actors import ActorCatalogue
from sitroom.extract.document import Dateline
from sitroom.model import Article, Claim


@dataclass
class Context:
    """The article, its parse and what is known of it as a whole (its country, dateline, entities and claims)."""

    article: Article
    doc: Doc
    country: str | None
    catalogue: ActorCatalogue
    claims_by_sentence: dict[int, list[Claim]] = field(default_factory=dict)
    ents_by_sentence: dict[int, list[Span]] = field(default_factory=dict)  # sentence start -> its entities
    dateline: Dateline | None = None
    whole_report: bool = True  # a report of several sentences, not a one-line item or a coder's note

    def ents(self, sent: Span) -> list[Span]:
        """The sentence's entities, without a dateline's: where the reporter filed from is neither a party
        nor the scene."""
        ents = self.ents_by_sentence.get(sent.start_char, [])
        if self.dateline is None:
            return ents
        return [e for e in ents if not self.dateline.covers(e.start_char, e.end_char)]
