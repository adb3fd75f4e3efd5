"""The spaCy pipeline extraction reads: tokens, sentences, named entities, catalogue actors and places.

Only what extraction needs runs: the rule-based sentencizer (the statistical parser is the slowest
component and sentence boundaries in news prose are easy), the NER model, and a ``catalogue_ruler``
(spaCy's EntityRuler semantics over cached token tuples of the actor catalogue's phrases) with an
``acronym_ruler`` for its case-sensitive acronyms, both placed *before*
NER, so catalogue actors ("Hayat Tahrir al Sham", "Syrian jets") and conflict-zone places the small
model mislabels (Aleppo -> NORP) are fixed first and NER labels only the rest. Loaded once per
process and model name.

NER is most of the pipeline's cost, and most sentences of an article report no incident, so
``parse`` runs everything but NER over the whole text and ``recognise`` runs NER later, only over
the sentences the extractor keeps, and of those only the ones with a capitalised word the catalogue
did not already name (joined into one small Doc: the model's context window is a few tokens, so a
sentence away from its neighbours gets the same entities).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from pathlib import Path
from typing import cast

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from thinc.api import NumpyOps

from sitroom.cache import cache_key, cached_pickle
from sitroom.config import Settings
from sitroom.errors import StageUnavailable
from sitroom.extract.actors import ACTOR_LABEL, load_catalogue
from sitroom.extract.dates import CALENDAR_NAMES

_ENT_ID_SEP = "||"  # EntityRuler's default: its match keys are "label||id"
# Components the extractor never reads (the small model's NER has its own tok2vec, so the shared one
# only feeds tagger and parser); excluding them is what makes NER-only speed possible.
_UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Ranks spaCy's English tokenizer splits from their full stop, so that the sentencizer ends a sentence at
# "Capt." and the report after it ("Capt. X said rebels took over four localities") loses its speaker.
_RANKS = ("Capt", "Col", "Lt", "Maj", "Sgt", "Cpl", "Pvt", "Brig", "Cmdr", "Cdr", "Pres", "Insp", "Supt")


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class AcronymRuler:
    """Catalogue acronyms ("HTS", "SDF", "IS") as actor entities, matched on the exact spelling, on tokens no
    longer catalogue name covers. A dictionary lookup per token: as EntityRuler token patterns, the same
    acronyms cost the Matcher 2 ms per 600-word article (5% of the fast extractor), trying each at every token."""

    def __init__(self, ids: dict[str, str]) -> None:
        self.ids = ids

    def __call__(self, doc: Doc) -> Doc:
        named = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = [
            Span(doc, token.i, token.i + 1, label=ACTOR_LABEL, span_id=self.ids[token.text])
            for token in doc
            if token.text in self.ids and token.i not in named
        ]
        if found:
            doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
        return doc


@Language.factory("acronym_ruler")
def make_acronym_ruler(nlp: Language, name: str) -> AcronymRuler:
    return AcronymRuler(load_catalogue().acronym_ids())


class CatalogueRuler:
    """Catalogue actors and places as entities: spaCy's EntityRuler over phrase patterns matched on LOWER,
    rebuilt on a dictionary of token tuples. EntityRuler tokenised its 34,500 patterns on every start (2 s,
    a third of a one-article run); the tuples are tokenised once and cached (``catalogue_phrases``). Matches,
    their order (longest first, then earliest, then the order EntityRuler's set gives) and the entities set
    are EntityRuler's (tests/extract/test_nlp.py compares the two on real text)."""

    def __init__(self, vocab: Vocab, phrases: dict[tuple[str, ...], list[tuple[str, str]]]) -> None:
        self.phrases: dict[tuple[str, ...], list[tuple[int, str, str]]] = {
            tokens: [(vocab.strings.add(f"{label}{_ENT_ID_SEP}{ent_id}"), label, ent_id) for label, ent_id in options]
            for tokens, options in phrases.items()
        }
        self.prefixes = {tokens[:size] for tokens in phrases for size in range(1, len(tokens))}
        self.longest = max(map(len, phrases), default=0)

    def __call__(self, doc: Doc) -> Doc:
        lowers = [token.lower_ for token in doc]
        found: set[tuple[int, int, int]] = set()
        ids: dict[int, tuple[str, str]] = {}
        for start in range(len(lowers)):
            for end in range(start + 1, min(len(lowers), start + self.longest) + 1):
                gram = tuple(lowers[start:end])
                for key, label, ent_id in self.phrases.get(gram, ()):
                    found.add((key, start, end))
                    ids[key] = (label, ent_id)
                if gram not in self.prefixes:
                    break
        if found:
            self._set_entities(doc, sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True), ids)
        return doc

    @staticmethod
    def _set_entities(doc: Doc, matches: list[tuple[int, int, int]], ids: dict[int, tuple[str, str]]) -> None:
        """EntityRuler's ``set_annotations`` with ``overwrite_ents``: a match whose first or last token is taken
        by a longer one is dropped; entities it overlaps are replaced."""
        entities, added, taken = list(doc.ents), [], set()
        for key, start, end in matches:
            if start in taken or end - 1 in taken:
                continue
            label, ent_id = ids[key]
            added.append(Span(doc, start, end, label=label, span_id=ent_id))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            taken.update(range(start, end))
        doc.ents = entities + added


@Language.factory("catalogue_ruler", default_config={"cache_dir": None})
def make_catalogue_ruler(nlp: Language, name: str, cache_dir: str | None) -> CatalogueRuler:
    return CatalogueRuler(nlp.vocab, catalogue_phrases(nlp, Path(cache_dir) if cache_dir else None))


def catalogue_phrases(nlp: Language, cache_dir: Path | None) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """The catalogue's patterns as ``nlp``'s tokenizer splits them (lowercase tokens -> [(label, id)]),
    cached under a digest of the patterns, the model, spaCy and this file (which adds tokenizer rules)."""
    patterns = sorted((p["label"], p["pattern"], p["id"]) for p in load_catalogue().ruler_patterns())
    model = (nlp.meta.get("name"), nlp.meta.get("version"))
    key = cache_key(model, patterns, packages=("spacy",), sources=[Path(__file__)])

    def tokenise() -> dict[tuple[str, ...], list[tuple[str, str]]]:
        phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for (label, _, ent_id), doc in zip(patterns, nlp.tokenizer.pipe(p[1] for p in patterns), strict=True):
            if len(doc):
                phrases.setdefault(tuple(token.lower_ for token in doc), []).append((label, ent_id))
        return phrases

    return cached_pickle(cache_dir, "catalogue-phrases", key, tokenise)


@functools.cache
def _load(model_name: str, cache_dir: Path | None = None) -> Language:
    try:
        nlp = spacy.load(model_name, exclude=_UNUSED)
    except OSError as exc:
        raise StageUnavailable(f"spaCy model '{model_name}' is not installed ({exc})") from exc
    _multiply_with_numpy(nlp)
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for rank in _RANKS:
        tokenizer.add_special_case(f"{rank}.", [{ORTH: f"{rank}."}])
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("newline_sentences", after="sentencizer")
    ruler_config = {"cache_dir": str(cache_dir) if cache_dir else None}
    nlp.add_pipe("catalogue_ruler", name="actor_ruler", before="ner", config=ruler_config)
    nlp.add_pipe("acronym_ruler", after="actor_ruler")
    return nlp


def _multiply_with_numpy(nlp: Language) -> None:
    """Let the models' matrix products go through numpy's BLAS instead of thinc's bundled BLIS, whose
    wheel falls back to a generic kernel on CPUs it does not recognise (on this project's virtual EPYC
    cores BLIS ran 3x slower than numpy, and NER took 25% longer). The entities are the same."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


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
    document. NER runs only on the sentences that may name something the catalogue did not, re-tokenised
    as one small text that carries their catalogue entities, so NER labels only the tokens around those,
    exactly as in a full pipeline run (and cheaper than copying each sentence out with ``Span.as_doc``)."""
    if not sentences:
        return {}
    doc = sentences[0].doc
    ents = list(doc.ents)  # Span.ents would rescan the whole document for every sentence
    ent_starts = [e.start for e in ents]
    found = {
        s.start_char: ents[bisect.bisect_left(ent_starts, s.start) : bisect.bisect_left(ent_starts, s.end)]
        for s in sentences
    }
    catalogued = {i for ent in ents for i in range(ent.start, ent.end)}
    unnamed = [s for s in sentences if _may_name_more(s, catalogued)]
    for sent, ent in _ner_entities(nlp, unnamed, found):
        found[sent.start_char].append(ent)
    for sentence_ents in found.values():
        sentence_ents.sort(key=lambda e: e.start_char)
    return found


def _may_name_more(sent: Span, catalogued: set[int]) -> bool:
    """Whether ``sent`` has a capitalised word outside the catalogue's entities, other than a month or
    weekday or a function word opening the sentence: only such a word can start a name NER would add
    (the dates and numbers NER also tags are read by the extractor's own rules)."""
    for token in sent:
        if not token.text[:1].isupper() or token.i in catalogued or token.lower_ in CALENDAR_NAMES:
            continue
        if token.i == sent.start and token.lower_ in STOP_WORDS:
            continue
        return True
    return False


def _ner_entities(
    nlp: Language, sentences: list[Span], catalogue_ents: dict[int, list[Span]]
) -> list[tuple[Span, Span]]:
    """(sentence, entity) for every entity NER adds to ``sentences`` (spans of their own document)."""
    if not sentences:
        return []
    doc = sentences[0].doc
    text = doc_text(doc)
    starts = list(itertools.accumulate((len(text[s.start_char : s.end_char]) + 1 for s in sentences), initial=0))
    joined = nlp.make_doc(" ".join(text[s.start_char : s.end_char] for s in sentences))
    preset = []
    for sent, start in zip(sentences, starts, strict=False):
        for ent in catalogue_ents[sent.start_char]:
            shifted = joined.char_span(ent.start_char - sent.start_char + start, ent.end_char - sent.start_char + start)
            if shifted is not None:
                preset.append(Span(joined, shifted.start, shifted.end, label=ent.label, span_id=ent.id))
    joined.ents = preset
    joined = nlp.get_pipe("ner")(joined)
    added = []
    for ent in joined.ents:
        if ent.id:
            continue  # a catalogue entity: the parsed document's own span is kept
        index = bisect.bisect_right(starts, ent.start_char) - 1
        sent = sentences[index]
        offset = sent.start_char - starts[index]
        span = doc.char_span(ent.start_char + offset, ent.end_char + offset, label=ent.label, alignment_mode="expand")
        if span is not None:
            added.append((sent, span))
    return added


def load_nlp(settings: Settings | None = None) -> Language:
    """The extraction pipeline for ``settings.spacy_model``, built once."""
    settings = settings or Settings()
    return _load(settings.spacy_model, settings.cache_path)
