from __future__ import annotations

import datetime as dt

from sitroom.corroborate import corroborate, independent_groups, load_corroborator, merge_fatalities
from sitroom.model import Article, EventMention, Fatalities, Location, Stance, SubEventType
from sitroom.pipeline import corroborate_all
from sitroom.store import Store
from tests.corroborate.conftest import REUTERS, make_article, strike

Reports = tuple[list[EventMention], dict[str, Article]]


def _strike_event(events):
    return next(e for e in events if e.sub_event_type is SubEventType.AIR_DRONE_STRIKE)


def test_same_strike_from_several_outlets_becomes_one_event(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    events = corroborate(mentions, articles)
    assert len(events) == 2  # the Idlib strike and the unrelated Saraqib clash
    strike_event = _strike_event(events)
    assert len(strike_event.mention_ids) == 4
    assert strike_event.sources == ["reuters.com", "syriahr.com", "theguardian.com", "usnews.com"]
    assert strike_event.location is not None and strike_event.location.name == "Idlib"
    assert strike_event.date == dt.date(2024, 12, 2)


def test_wire_copy_does_not_count_as_independent(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    strike_event = _strike_event(corroborate(mentions, articles))
    # reuters + its usnews copy count once; syriahr and the guardian are independent
    assert strike_event.independent_sources == 3


def test_same_publisher_counts_once() -> None:
    first = make_article(REUTERS, "reuters.com")
    second = make_article(REUTERS, "reuters.com", suffix="\nUpdated.")
    other = make_article(REUTERS, "bbc.co.uk", suffix="\nBBC.")
    groups = independent_groups([first.id, second.id, other.id], {a.id: a for a in (first, second, other)})
    assert sorted(len(g) for g in groups) == [1, 2]


def test_death_toll_contradiction_keeps_the_range(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    strike_event = _strike_event(corroborate(mentions, articles))
    fat = strike_event.fatalities
    assert (fat.low, fat.high) == (25, 44)
    assert fat.best == 30  # the lower median of the exact figures 30 and 44
    [conflict] = [c for c in strike_event.contradictions if c.field == "fatalities"]
    assert sorted(conflict.values.values()) == [25, 25, 30, 44]


def test_most_reported_figure_wins() -> None:
    article_a = make_article(REUTERS, "a.com")
    article_b = make_article(REUTERS, "b.com", suffix=" b")
    article_c = make_article(REUTERS, "c.com", suffix=" c")
    phrase = "killing at least 25 people"
    reports = [
        strike(article_a, phrase, best=25),
        strike(article_b, phrase, best=25),
        strike(article_c, phrase, best=40),
    ]
    merged, conflict = merge_fatalities(reports)
    assert (merged.low, merged.best, merged.high) == (25, 25, 40)
    assert conflict is not None


def test_a_partys_claimed_upper_figure_does_not_widen_the_reported_range() -> None:
    article_a = make_article(REUTERS, "a.com")
    article_b = make_article(REUTERS, "b.com", suffix=" b")
    phrase = "killing at least 25 people"
    claimed = strike(article_b, phrase)
    claimed = claimed.model_copy(update={"fatalities": Fatalities(high=100, evidence=claimed.evidence)})
    merged, conflict = merge_fatalities([strike(article_a, phrase, low=25), claimed])
    assert (merged.low, merged.best, merged.high) == (25, None, None)
    assert conflict is None
    alone, _ = merge_fatalities([claimed])
    assert alone.high == 100  # with nothing else reported, the claim is all there is


def test_agreeing_sources_invent_no_range(idlib_reports: Reports) -> None:
    mentions, _ = idlib_reports
    merged, conflict = merge_fatalities(mentions[:2])
    assert merged == Fatalities(low=25, evidence=merged.evidence) and conflict is None


def test_different_towns_or_days_stay_apart(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    reuters = mentions[0]
    far = reuters.model_copy(
        update={
            "id": "evm_far",
            "location": Location(
                name="Deir ez-Zor", country="Syria", admin1="Deir ez-Zor", latitude=35.33, longitude=40.14
            ),
        }
    )
    later = reuters.model_copy(update={"id": "evm_later", "date": dt.date(2024, 12, 9)})
    events = corroborate([reuters, far, later], articles)
    assert len(events) == 3


def test_two_unknown_villages_placed_in_one_area_stay_two_events(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    area = {"country": "Syria", "admin1": None, "latitude": 35.0, "longitude": 38.0, "gazetteer_id": "geonames:163843"}
    one, other = (
        mentions[0].model_copy(
            update={"id": f"evm_{name}", "location": Location(name=name, resolution="admin-fallback", **area)}
        )
        for name in ("Kafr Qasim", "Tell Hamdan")
    )
    assert len(corroborate([one, other], articles)) == 2
    same = other.model_copy(update={"id": "evm_again", "location": one.location})
    assert len(corroborate([one, same], articles)) == 1


def test_confidence_rises_with_independent_sources_and_falls_with_denials(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    single = corroborate([mentions[3]], articles)[0]
    merged = _strike_event(corroborate(mentions, articles))
    assert merged.confidence > single.confidence
    assert any(c.stance is Stance.DENIES for c in merged.claims)
    without_denial = _strike_event(corroborate([m.model_copy(update={"claims": []}) for m in mentions], articles))
    assert without_denial.confidence > merged.confidence


def test_ids_are_deterministic_and_order_independent(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    forward = corroborate(mentions, articles)
    backward = corroborate(list(reversed(mentions)), articles)
    assert [e.model_dump() for e in forward] == [e.model_dump() for e in backward]


def test_pipeline_stores_events(tmp_path, idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    assert load_corroborator() is corroborate
    with Store(str(tmp_path / "s.db")) as store:
        store.add_articles(articles.values())
        for article_id in articles:
            store.replace_mentions(article_id, [m for m in mentions if m.article_id == article_id])
        assert corroborate_all(store) == 2
        stored = store.events()
        assert {len(e.mention_ids) for e in stored} == {4, 1}
        assert set(_strike_event(stored).mention_ids) == {m.id for m in mentions[:4]}


def test_undated_report_joins_the_dated_incident(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    undated = mentions[3].model_copy(update={"date": None, "time_precision": 3})
    strike_event = _strike_event(corroborate([*mentions[:3], undated], articles))
    assert len(strike_event.mention_ids) == 4 and strike_event.date == dt.date(2024, 12, 2)


def test_attack_on_civilians_and_air_strike_reports_merge(idlib_reports: Reports) -> None:
    mentions, articles = idlib_reports
    as_attack = mentions[2].model_copy(
        update={"event_type": SubEventType.ATTACK.event_type, "sub_event_type": SubEventType.ATTACK}
    )
    events = corroborate([mentions[0], as_attack, mentions[3]], articles)
    assert len(events) == 1 and events[0].sub_event_type is SubEventType.AIR_DRONE_STRIKE
