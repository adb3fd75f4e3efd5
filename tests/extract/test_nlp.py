"""The spaCy pipeline: NER runs only where a name may be left for it, with the same entities."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.extract.nlp import _may_name_more, load_nlp, parse, recognise


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


# Labels the extractor reads (dates and numbers it reads with its own rules).
NAME_LABELS = {"ACTOR", "GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"}


def _labelled(ents: list[Span]) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in ents if e.label_ in NAME_LABELS}


def _catalogued(doc: Doc) -> set[int]:
    return {i for ent in doc.ents for i in range(ent.start, ent.end)}


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, Syrian jets struck Idlib, killing 12 civilians.",  # function word, weekday, catalogue names
        "Police arrested 30 protesters in Aleppo in March.",
    ],
)
def test_a_sentence_named_by_the_catalogue_alone_needs_no_ner(nlp: Language, text: str) -> None:
    doc = parse(nlp, text)
    assert not _may_name_more(next(iter(doc.sents)), _catalogued(doc))


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed four farmers near Maiduguri on Sunday.",  # a town the catalogue does not know
        "Kandahar was shelled overnight.",  # an unknown name opening the sentence
    ],
)
def test_a_sentence_with_another_capitalised_word_goes_to_ner(nlp: Language, text: str) -> None:
    doc = parse(nlp, text)
    assert _may_name_more(next(iter(doc.sents)), _catalogued(doc))


def test_recognise_finds_the_names_a_full_pipeline_run_finds(nlp: Language) -> None:
    text = (
        "Syrian jets struck Idlib on Monday, killing 12 civilians. "
        "Gunmen killed four farmers near Maiduguri, Borno State, on Sunday. "
        "Police arrested 30 protesters in Aleppo."
    )
    doc = parse(nlp, text)
    sentences = list(doc.sents)
    found = recognise(nlp, sentences)
    full = nlp(text)  # every component, NER on every sentence
    for sent in sentences:
        expected = [e for e in full.ents if sent.start_char <= e.start_char < sent.end_char]
        assert _labelled(found[sent.start_char]) == _labelled(expected)
    assert ("Maiduguri", "GPE") in _labelled(found[sentences[1].start_char])


@pytest.mark.parametrize("rank", ["Capt.", "Col.", "Lt.", "Maj.", "Sgt.", "Brig."])
def test_a_rank_before_a_name_does_not_end_the_sentence(nlp: Language, rank: str) -> None:
    text = f"{rank} Dieudonne Kasereka said rebels took over four localities. The army withdrew."
    sentences = [s.text for s in parse(nlp, text).sents]
    assert sentences == [f"{rank} Dieudonne Kasereka said rebels took over four localities.", "The army withdrew."]


def test_acronyms_match_their_exact_spelling_only(nlp: Language) -> None:
    doc = parse(nlp, "IS claimed the attack, which is denied; the SAA withdrew and hts was not meant.")
    actors = {e.text for e in doc.ents if e.label_ == "ACTOR"}
    assert {"IS", "SAA"} <= actors
    assert not actors & {"is", "hts"}


def test_an_acronym_names_the_same_actor_as_the_full_name(nlp: Language) -> None:
    doc = parse(nlp, "Fighters of Hayat Tahrir al-Sham (HTS) entered the village.")
    ids = {e.text: e.ent_id_ for e in doc.ents if e.label_ == "ACTOR"}
    assert ids["HTS"] == ids["Hayat Tahrir al-Sham"] != ""


def test_the_catalogue_ruler_sets_the_entities_spacys_entity_ruler_sets(nlp: Language) -> None:
    """The cached ruler against spaCy's EntityRuler given the same patterns, on the bundled real articles
    and on overlapping names (the longer wins) and case variants."""
    from pathlib import Path

    from spacy.pipeline import EntityRuler

    from sitroom.extract.actors import load_catalogue

    texts = [path.read_text(encoding="utf-8") for path in sorted(Path("examples/articles").glob("*.txt"))]
    texts.append("HAYAT TAHRIR AL-SHAM and the Free Syrian Army shelled al-Bab; Syrian Democratic Forces withdrew.")
    assert len(texts) > 10
    reference = Language(nlp.vocab)
    reference.tokenizer = nlp.tokenizer
    ruler = reference.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(load_catalogue().ruler_patterns())
    catalogue_ruler = nlp.get_pipe("actor_ruler")
    compared = 0
    for text in texts:
        expected = ruler(nlp.make_doc(text))
        found = catalogue_ruler(nlp.make_doc(text))
        spans = [(e.start, e.end, e.label_, e.id_) for e in found.ents]
        assert spans == [(e.start, e.end, e.label_, e.id_) for e in expected.ents]
        compared += len(spans)
    assert compared > 100
