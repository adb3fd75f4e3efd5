"""Relative dates in news against the publication day, report dates vs event dates, and sentence context."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.extract.dates import DateMention, find_dates, publication_day, resolve_date
from sitroom.extract.events import EventExtractor
from sitroom.model import Article, TimePrecision

# Saturday 30 November 2024, mid-afternoon UTC.
SATURDAY = dt.datetime(2024, 11, 30, 15, 0, tzinfo=dt.UTC)


def _resolve(text: str, published: dt.datetime | None = SATURDAY, start: int = 0) -> DateMention:
    mention = resolve_date(text, published, start)
    assert mention is not None, text
    return mention


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Gunmen stormed a checkpoint on Monday night, killing two guards.", dt.date(2024, 11, 25), TimePrecision.DAY),
        ("Protesters blocked the highway earlier this month.", dt.date(2024, 11, 15), TimePrecision.MONTH),
        ("Two days ago, militants ambushed an army patrol.", dt.date(2024, 11, 28), TimePrecision.DAY),
        ("Militants torched a police post last week.", dt.date(2024, 11, 20), TimePrecision.WEEK),
        ("Drones hit a power plant in Odesa overnight.", dt.date(2024, 11, 30), TimePrecision.DAY),
        ("Shells landed on the market in the early hours.", dt.date(2024, 11, 30), TimePrecision.DAY),
        ("Troops raided the camp last Saturday.", dt.date(2024, 11, 23), TimePrecision.DAY),
        ("Troops raided the camp this past Saturday.", dt.date(2024, 11, 23), TimePrecision.DAY),
        ("Troops raided the camp on Saturday.", dt.date(2024, 11, 30), TimePrecision.DAY),
    ],
)
def test_relative_news_dates(sentence: str, expected: dt.date, precision: TimePrecision) -> None:
    mention = _resolve(sentence)
    assert (mention.date, mention.precision) == (expected, precision)


def test_overnight_yields_to_an_explicit_day() -> None:
    mention = _resolve("Drones struck the port city overnight into Thursday, the governor said.")
    assert mention.date == dt.date(2024, 11, 28)
    assert not mention.weak


def test_overnight_without_publication_date_is_unresolved() -> None:
    mention = _resolve("Drones struck the port city overnight.", None)
    assert mention.date is None and mention.precision is TimePrecision.MONTH


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The date after "said"/"told" is the report's; the event's own date wins.
        ("The army said on Thursday that insurgents overran two outposts on Tuesday.", dt.date(2024, 11, 26)),
        ("An official told AFP on Friday that 9 villagers died in a raid on Wednesday.", dt.date(2024, 11, 27)),
        ("Police said in a statement late on Friday that a bomb exploded on 24 November.", dt.date(2024, 11, 24)),
        # "the previous day" counts back from the report date.
        ("Officials said on Thursday that bandits had kidnapped 20 pupils the previous day.", dt.date(2024, 11, 27)),
        # Alone, the report date is the best there is.
        ("Insurgents overran two outposts, the army said on Thursday.", dt.date(2024, 11, 28)),
        # A passive "was reported on" dates the event itself.
        ("Heavy fighting was reported on Thursday near the airport, after shelling on Tuesday.", dt.date(2024, 11, 28)),
    ],
)
def test_report_dates_yield_to_event_dates(sentence: str, expected: dt.date) -> None:
    assert _resolve(sentence).date == expected


def test_report_date_is_flagged() -> None:
    mention = _resolve("Insurgents overran two outposts, the army said on Thursday.")
    assert mention.reported


def test_sentence_opening_date_dates_a_later_clause() -> None:
    text = "On 4 May 2023, soldiers clashed with rebels near Goma and militiamen looted shops in the market."
    clause = text.index("militiamen")
    mention = _resolve(text, None, clause)
    assert (mention.date, text[mention.start : mention.end]) == (dt.date(2023, 5, 4), "4 May 2023")


def test_a_clause_own_date_beats_the_sentence_opening() -> None:
    text = "On 4 May 2023, soldiers clashed with rebels near Goma, and on 6 May militiamen looted shops."
    mention = _resolve(text, None, text.index(", and on 6 May"))
    assert mention.date == dt.date(2023, 5, 6)


def test_days_later_counts_from_the_earlier_date_of_the_sentence() -> None:
    text = "On 4 May 2023, soldiers clashed with rebels near Goma; two days later militiamen looted shops."
    mention = _resolve(text, None, text.index("two days later"))
    assert mention.date == dt.date(2023, 5, 6)


def test_anchored_phrase_without_anchor_is_not_a_date() -> None:
    assert resolve_date("Militiamen looted shops the following day.", None) is None


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("+03:00", dt.date(2024, 12, 1)), ("-05:00", dt.date(2024, 11, 30)), (None, dt.date(2024, 11, 30))],
)
def test_publication_day_is_the_local_day(zone: str | None, expected: dt.date) -> None:
    late_evening_utc = dt.datetime(2024, 11, 30, 22, 30, tzinfo=dt.UTC)
    assert publication_day(late_evening_utc, zone) == expected


def test_extractor_dates_a_second_incident_from_its_sentence_opening(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On 12 August 2023, suspected militants abducted a village chief in Gao and set fire to his house, "
        "while soldiers shelled rebel positions near Kidal."
    )
    mentions = extract(text)
    assert len(mentions) >= 2
    assert all(m.date == dt.date(2023, 8, 12) and m.time_precision is TimePrecision.DAY for m in mentions)


def test_extractor_counts_yesterday_from_the_local_publication_day(extractor: EventExtractor) -> None:
    text = "Syrian government jets bombed a market in Idlib yesterday, killing 7 civilians."
    # 22:30 UTC on 30 November is already 1 December in Damascus (+03:00).
    published = dt.datetime(2024, 11, 30, 22, 30, tzinfo=dt.UTC)
    [strike] = extractor(Article(title="Idlib", text=text, published=published, published_tz="+03:00"))
    assert strike.date == dt.date(2024, 11, 30) and strike.time_precision is TimePrecision.DAY


def test_extractor_without_publication_date_says_so(extract) -> None:  # type: ignore[no-untyped-def]
    [strike] = extract("Syrian government jets bombed a market in Idlib overnight, killing 7 civilians.")
    assert strike.date is None and strike.time_precision is TimePrecision.MONTH


def test_day_without_year_takes_the_year_nearest_the_texts_dated_day() -> None:
    text = "Fighting began on 30 December 2021 around the depot; rebels shelled the base on 2 January."
    mention = _resolve(text, None, text.index("rebels"))
    assert (mention.date, mention.precision) == (dt.date(2022, 1, 2), TimePrecision.DAY)
    earlier = "Around 5 April 2022, troops freed a trader who was kidnapped on 28 March in the same village."
    assert [m.date for m in find_dates(earlier)] == [dt.date(2022, 4, 5), dt.date(2022, 3, 28)]


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        # A span of days is dated to its middle (ACLED), whichever order day and month come in.
        ("Between 2 and 6 May 2023, herders and farmers clashed in Benue.", dt.date(2023, 5, 4), TimePrecision.WEEK),
        ("Fighting raged from 29 April to 3 May 2023 around the airport.", dt.date(2023, 5, 1), TimePrecision.WEEK),
        ("Curfews were imposed between May 2 and 6 after the riots.", dt.date(2024, 5, 4), TimePrecision.WEEK),
        ("Strikes shut the port on May 2-4.", dt.date(2024, 5, 3), TimePrecision.WEEK),
        ("Between December 30 and January 3, gunmen raided four villages.", dt.date(2024, 1, 1), TimePrecision.WEEK),
        # A night is dated to the evening it began.
        ("On the night of 5 to 6 March 2023, drones hit a fuel depot.", dt.date(2023, 3, 5), TimePrecision.DAY),
        ("During the night of 5-6 March 2023, drones hit a fuel depot.", dt.date(2023, 3, 5), TimePrecision.DAY),
        # Two listed days are not a span: the first is read on its own.
        ("Rallies on March 2 and 6 drew thousands.", dt.date(2024, 3, 2), TimePrecision.DAY),
    ],
)
def test_day_ranges(sentence: str, expected: dt.date, precision: TimePrecision) -> None:
    mention = _resolve(sentence)
    assert (mention.date, mention.precision) == (expected, precision)


def test_days_after_an_event_is_not_a_count_from_the_date_before() -> None:
    text = "Militants raided the market on 9 July 2023, two days after the army withdrew from the town."
    assert [m.date for m in find_dates(text)] == [dt.date(2023, 7, 9)]
    text = "Militants raided the market on 9 July 2023; the army had withdrawn from the town the day before."
    assert [m.date for m in find_dates(text)] == [dt.date(2023, 7, 9), dt.date(2023, 7, 8)]
