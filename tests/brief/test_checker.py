from __future__ import annotations

import pytest

from sitroom.brief import BriefCheckError, BriefQuery, brief_from_store, check_brief, ensure_checked
from sitroom.brief.checker import withhold_failing
from sitroom.brief.library import StoreLibrary
from sitroom.brief.numbers import numbers_in
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


def test_a_failing_sentence_is_withheld_and_counted_the_rest_is_kept(store: Store) -> None:
    brief, events, library = _setup(store)
    cited = brief.lead[0].citations
    brief.background.append(BriefSentence(text="Some seventy people fled the city.", citations=cited))
    before = len(brief.background)
    kept, withheld = withhold_failing(brief, events, library)
    assert len(withheld) == 1 and "number 70" in withheld[0]
    assert len(kept.background) == before - 1
    assert kept.headline == brief.headline and kept.lead == brief.lead
    assert check_brief(kept, events, library) == []


def test_a_failing_headline_is_never_replaced_silently(store: Store) -> None:
    brief, events, library = _setup(store)
    assert brief.headline is not None
    brief.headline = BriefSentence(text=brief.headline.text + " 999 dead", citations=brief.headline.citations)
    with pytest.raises(BriefCheckError, match="number 999"):
        withhold_failing(brief, events, library)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("reported by news24.com and d33ab76.cloudfront.net", set()),
        ("M23 rebels took 3 towns and F-16 jets struck", {3.0, 16.0}),
        ("between 12-31 killed, at least twenty-five wounded, 1,200 displaced", {12.0, 31.0, 25.0, 1200.0}),
        ("on the 25th, 2.5 km away", {2.5}),
    ],
)
def test_figures_are_read_not_the_digits_inside_names(text: str, figures: set[float]) -> None:
    assert set(numbers_in(text)) == figures
