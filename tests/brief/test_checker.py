from __future__ import annotations

import pytest

from sitroom.brief import BriefCheckError, BriefQuery, brief_from_store, check_brief, ensure_checked
from sitroom.brief.library import StoreLibrary
from sitroom.model import BriefSentence, Citation
from sitroom.store import Store


def _setup(store: Store):
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    return checked.brief, {e.id: e for e in store.events()}, StoreLibrary(store)


def test_checker_catches_an_invented_number(store: Store) -> None:
    brief, events, library = _setup(store)
    lead = brief.lead[0]
    assert "from 25 to 44" in lead.text
    brief.lead[0] = BriefSentence(text=lead.text.replace("from 25 to 44", "from 25 to 60"), citations=lead.citations)
    problems = check_brief(brief, events, library)
    assert len(problems) == 1 and "number 60" in problems[0]
    with pytest.raises(BriefCheckError, match="number 60"):
        ensure_checked(brief, events, library)


def test_checker_catches_a_spelled_out_invented_number(store: Store) -> None:
    brief, events, library = _setup(store)
    cited = brief.lead[0].citations
    brief.background.append(BriefSentence(text="Some seventy people fled the city.", citations=cited))
    assert any("number 70" in p for p in check_brief(brief, events, library))


def test_checker_catches_an_uncited_sentence(store: Store) -> None:
    brief, events, library = _setup(store)
    # model_construct skips validation, as a rewriter or a hand-edited JSON brief could
    brief.background.append(BriefSentence.model_construct(text="Rebels are winning.", citations=[]))
    problems = check_brief(brief, events, library)
    assert problems == ["uncited sentence: 'Rebels are winning.'"]


def test_checker_catches_a_misquoted_citation(store: Store) -> None:
    brief, events, library = _setup(store)
    good = brief.background[0].citations[0].evidence
    forged = good.model_copy(update={"text": "X" * len(good.text)})
    brief.background[0] = BriefSentence(text=brief.background[0].text, citations=[Citation(evidence=forged)])
    assert any("cites text that is not at" in p for p in check_brief(brief, events, library))


def test_checker_catches_a_citation_to_an_unknown_event(store: Store) -> None:
    brief, events, library = _setup(store)
    citation = brief.lead[0].citations[0].model_copy(update={"event_id": "evt_missing"})
    brief.lead[0] = BriefSentence(text=brief.lead[0].text, citations=[citation])
    assert any("evt_missing" in p for p in check_brief(brief, events, library))
