from __future__ import annotations

import datetime as dt

from sitroom.brief import BriefFormat, BriefQuery, brief_from_store, check_brief, iter_sentences, rank
from sitroom.brief.library import StoreLibrary
from sitroom.brief.numbers import numbers_in
from sitroom.model import SubEventType
from sitroom.store import Store


def _all_text(checked) -> str:
    return " ".join(s.text for s in iter_sentences(checked.brief))


def test_brief_covers_headline_casualties_claims_and_contradictions(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    brief = checked.brief
    assert brief.headline is not None and "Idlib" in brief.headline.text
    assert 2 <= len(brief.lead) <= 3
    assert "(reported by reuters.com, syriahr.com and theguardian.com; republished by usnews.com)" in brief.lead[0].text
    titles = [s.title for s in brief.sections]
    assert {"Casualties", "Claims and denials", "Contradictions"} <= set(titles)
    assert any(t.startswith("Developments: ") for t in titles)
    casualties = next(s for s in brief.sections if s.title == "Casualties").sentences[0].text
    assert "between 25 and 44" in casualties and "syriahr.com reports 44" in casualties
    claims = next(s for s in brief.sections if s.title == "Claims and denials").sentences[0].text
    assert "denied targeting civilians" in claims
    assert brief.background and all("2015" in s.text or "2012" in s.text for s in brief.background)
    assert {s.domain for s in brief.sources} == {
        "reuters.com",
        "usnews.com",
        "syriahr.com",
        "theguardian.com",
        "bbc.co.uk",
        "middleeasteye.net",
    }


def test_every_sentence_is_cited_and_passes_the_checker(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria"))
    events = {e.id: e for e in store.events()}
    assert check_brief(checked.brief, events, StoreLibrary(store)) == []
    for sentence in iter_sentences(checked.brief):
        assert sentence.citations
        for number in numbers_in(sentence.text):
            cited = " ".join(c.evidence.text for c in sentence.citations)
            assert number in numbers_in(cited) or any(
                number in {e.date.day, e.date.year, e.fatalities.low, e.fatalities.best, e.fatalities.high}
                for c in sentence.citations
                if (e := events.get(c.event_id or "")) is not None
            ), (number, sentence.text)


def test_empty_selection_gives_a_no_events_brief(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Yemen", since=dt.date(2024, 11, 1)))
    assert checked.brief.headline is None and not checked.brief.sections
    for fmt in BriefFormat:
        rendered = checked.render(fmt)
        assert "No stored events match this selection" in rendered
        assert "country=Yemen" in rendered


def test_same_store_gives_identical_output(store: Store) -> None:
    first = {fmt: brief_from_store(store, BriefQuery(country="Syria")).render(fmt) for fmt in BriefFormat}
    second = {fmt: brief_from_store(store, BriefQuery(country="Syria")).render(fmt) for fmt in BriefFormat}
    assert first == second


def test_filters_narrow_the_brief(store: Store) -> None:
    aleppo = brief_from_store(store, BriefQuery(country="Syria", admin1="Aleppo"))
    assert "Aleppo" in aleppo.brief.headline.text
    assert "Idlib" not in " ".join(s.text for s in aleppo.brief.lead)
    later = brief_from_store(store, BriefQuery(since=dt.date(2024, 12, 1)))
    assert "Aleppo" not in _all_text(later).replace("most of Aleppo", "")


def test_salience_puts_the_deadly_and_territorial_first(store: Store) -> None:
    ranked = [e for _, e in rank(store.events())]
    assert ranked[0].sub_event_type is SubEventType.AIR_DRONE_STRIKE  # 44 dead, three independent sources
    assert ranked[1].sub_event_type is SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY


def test_changes_since_lists_new_and_updated_events(store: Store) -> None:
    checked = brief_from_store(store, BriefQuery(country="Syria", changes_since=dt.date(2024, 12, 1)))
    titles = [s.title for s in checked.brief.sections]
    assert "New since 1 December 2024" in titles
    new = next(s for s in checked.brief.sections if s.title.startswith("New since"))
    assert any("Idlib" in s.text for s in new.sentences)
    assert not any("Aleppo" in s.text for s in new.sentences)  # reported on 30 November only
