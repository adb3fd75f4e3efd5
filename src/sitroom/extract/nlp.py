"""The spaCy pipeline extraction reads: tokens, sentences, named entities, catalogue actors and places.

Only what extraction needs runs: the rule-based sentencizer (the statistical parser is the slowest
component and sentence boundaries in news prose are easy), the NER model, and an EntityRuler built
from the actor catalogue placed *before* NER, so catalogue actors ("Hayat Tahrir al Sham", "Syrian
jets") and conflict-zone places the small model mislabels (Aleppo -> NORP) are fixed first and NER
labels only the rest. Loaded once per process and model name.

NER is most of the pipeline's cost, and most sentences of an article report no incident, so
``parse`` runs everything but NER over the whole text and ``recognise`` runs NER later, only over
the sentences the extractor keeps (joined into one small Doc: the model's context window is a few
tokens, so a sentence away from its neighbours gets the same entities).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.extract.actors import load_catalogue

# Components the extractor never reads (the small model's NER has its own tok2vec, so the shared one
# only feeds tagger and parser); excluding them is what makes NER-only speed possible.
_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def _load(model_name: str) -> Language:
    try:
        nlp = spacy.load(model_name, exclude=_UNUSED)
    except OSError as exc:
        raise StageUnavailable(f"spaCy model '{model_name}' is not installed ({exc})") from exc
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("newline_sentences", after="sentencizer")
    ruler = cast(
        EntityRuler,
        nlp.add_pipe(
            "entity_ruler",
            name="actor_ruler",
            before="ner",
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        ),
    )
    with nlp.select_pipes(enable=[]):  # patterns only need the tokenizer
        ruler.add_patterns(load_catalogue().ruler_patterns())
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document (spaCy rebuilds the string on every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return str(text)


def parse(nlp: Language, text: str) -> Doc:
    """Tokens, sentences and catalogue entities of ``text``: every component except NER."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name != "ner":
            doc = component(doc)
    return doc


def recognise(nlp: Language, sentences: list[Span]) -> dict[int, list[Span]]:
    """Catalogue and NER entities of each sentence (keyed by its start offset), as spans of the parsed
    document. The sentences are re-tokenised as one small text that carries their catalogue entities,
    so NER labels only the tokens around those, exactly as in a full pipeline run (and cheaper than
    copying each sentence out with ``Span.as_doc``)."""
    if not sentences:
        return {}
    doc = sentences[0].doc
    text = doc_text(doc)
    starts = list(itertools.accumulate((len(text[s.start_char : s.end_char]) + 1 for s in sentences), initial=0))
    joined = nlp.make_doc(" ".join(text[s.start_char : s.end_char] for s in sentences))
    found: dict[int, list[Span]] = {s.start_char: [] for s in sentences}
    preset = []
    ents = list(doc.ents)  # Span.ents would rescan the whole document for every sentence
    ent_starts = [e.start for e in ents]
    for sent, start in zip(sentences, starts, strict=False):
        for ent in ents[bisect.bisect_left(ent_starts, sent.start) : bisect.bisect_left(ent_starts, sent.end)]:
            found[sent.start_char].append(ent)
            shifted = joined.char_span(ent.start_char - sent.start_char + start, ent.end_char - sent.start_char + start)
            if shifted is not None:
                preset.append(Span(joined, shifted.start, shifted.end, label=ent.label, span_id=ent.id))
    joined.ents = preset
    joined = nlp.get_pipe("ner")(joined)
    for ent in joined.ents:
        if ent.id:
            continue  # a catalogue entity: the parsed document's own span is kept
        index = bisect.bisect_right(starts, ent.start_char) - 1
        sent = sentences[index]
        offset = sent.start_char - starts[index]
        span = doc.char_span(ent.start_char + offset, ent.end_char + offset, label=ent.label, alignment_mode="expand")
        if span is not None:
            found[sent.start_char].append(span)
    for ents in found.values():
        ents.sort(key=lambda e: e.start_char)
    return found


def load_nlp(settings: Settings | None = None) -> Language:
    """The extraction pipeline for ``settings.spacy_model``, built once."""
    return _load((settings or Settings()).spacy_model)
