"""resolve_date on real-style sentences: explicit and relative dates, ACLED time precision, false dates."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from sitroom.extract.dates import DateMention, find_dates, resolve_date
from sitroom.model import TimePrecision

# Saturday 30 November 2024, mid-afternoon UTC: the publication date relative phrases resolve against.
PUBLISHED = dt.datetime(2024, 11, 30, 15, 0, tzinfo=dt.UTC)
SHARED = Path(os.environ.get("SITROOM_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


def _resolve(text: str, published: dt.datetime | None = PUBLISHED) -> DateMention:
    mention = resolve_date(text, published)
    assert mention is not None, text
    return mention


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("On 19 June 2022, PTI activists held a protest in Mansehra.", dt.date(2022, 6, 19), TimePrecision.DAY),
        ("Fighting resumed on June 19 near Saraqib.", dt.date(2024, 6, 19), TimePrecision.DAY),
        ("The strike on 19/06/2022 hit a bakery.", dt.date(2022, 6, 19), TimePrecision.DAY),
        ("Shelling began on 2022-06-19 at dawn.", dt.date(2022, 6, 19), TimePrecision.DAY),
        ("Around 18 April 2022, rioters attacked a man in Barranquilla.", dt.date(2022, 4, 18), TimePrecision.WEEK),
        ("Clashes took place between 3 and 7 June 2022.", dt.date(2022, 6, 5), TimePrecision.WEEK),
        ("Rebels advanced on Hama in March 2022.", dt.date(2022, 3, 15), TimePrecision.MONTH),
        ("Fighting intensified in early December.", dt.date(2023, 12, 15), TimePrecision.MONTH),
        ("HTS launched its offensive on 27 November 2024.", dt.date(2024, 11, 27), TimePrecision.DAY),
    ],
)
def test_explicit_dates(sentence: str, expected: dt.date, precision: TimePrecision) -> None:
    mention = _resolve(sentence)
    assert (mention.date, mention.precision) == (expected, precision)
    assert sentence[mention.start : mention.end].strip()


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Russian jets struck the market on Saturday.", dt.date(2024, 11, 30), TimePrecision.DAY),
        ("Rebels entered the city on Wednesday night.", dt.date(2024, 11, 27), TimePrecision.DAY),
        ("Jets struck the hospital yesterday.", dt.date(2024, 11, 29), TimePrecision.DAY),
        ("Two days ago, rebels entered Aleppo.", dt.date(2024, 11, 28), TimePrecision.DAY),
        ("The convoy was ambushed last week.", dt.date(2024, 11, 20), TimePrecision.WEEK),
        ("Dozens fled last month.", dt.date(2024, 10, 15), TimePrecision.MONTH),
    ],
)
def test_relative_dates_resolve_against_publication(sentence: str, expected: dt.date, precision: TimePrecision) -> None:
    mention = _resolve(sentence)
    assert (mention.date, mention.precision) == (expected, precision)


def test_bare_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    sunday = dt.datetime(2024, 12, 1, 9, tzinfo=dt.UTC)
    assert _resolve("Jets struck Idlib on Monday.", sunday).date == dt.date(2024, 11, 25)
    assert _resolve("Jets struck Idlib on Sunday.", sunday).date == dt.date(2024, 12, 1)


def test_relative_date_without_publication_date_is_unresolved_not_guessed() -> None:
    mention = _resolve("Jets struck the market on Saturday.", None)
    assert mention.date is None
    assert mention.precision is TimePrecision.MONTH


def test_fallback_handles_rare_relative_phrases() -> None:
    mention = _resolve("They stormed the town a fortnight ago.")
    assert mention.date == dt.date(2024, 11, 16)


@pytest.mark.parametrize(
    "sentence",
    [
        "The war, which started in 2011, has killed hundreds of thousands.",
        "The 2011 war displaced millions.",
        "Officials said the talks may resume.",
        "Protesters march to the square every week.",
        "At least 25 people were killed.",
    ],
)
def test_false_dates_are_ignored(sentence: str) -> None:
    assert resolve_date(sentence, PUBLISHED) is None


def test_first_mention_wins_and_all_are_listed() -> None:
    text = "On 27 November 2024 HTS attacked; by 30 November it held most of Aleppo."
    assert [m.date for m in find_dates(text, PUBLISHED)] == [dt.date(2024, 11, 27), dt.date(2024, 11, 30)]
    assert _resolve(text).date == dt.date(2024, 11, 27)


def test_acled_notes_dates_match_gold() -> None:
    """ACLED coder notes open with their date: measure, on the shared dev file when it is present."""
    path = SHARED / "gold" / "acled2022_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not available")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    hits = 0
    for row in rows:
        mention = resolve_date(row["text"], None)
        hits += bool(mention and mention.date and mention.date.isoformat() == row["events"][0]["date"])
    assert hits / len(rows) >= 0.98
