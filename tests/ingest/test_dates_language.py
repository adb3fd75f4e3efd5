"""Publication dates to UTC with the original offset kept; language identification."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.ingest.dates import parse_published
from sitroom.ingest.language import detect_language, looks_english
from tests.ingest.conftest import FIXTURES

UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "utc", "offset"),
    [
        ("2024-11-29T18:40:00+03:00", dt.datetime(2024, 11, 29, 15, 40, tzinfo=UTC), "+03:00"),
        ("2024-12-02T09:15:00Z", dt.datetime(2024, 12, 2, 9, 15, tzinfo=UTC), "+00:00"),
        ("2024-12-05 20:45:00-05:30", dt.datetime(2024, 12, 6, 2, 15, tzinfo=UTC), "-05:30"),
        ("Fri, 29 Nov 2024 18:40:00 +0300", dt.datetime(2024, 11, 29, 15, 40, tzinfo=UTC), "+03:00"),
        ("Mon, 02 Dec 2024 09:15:00 GMT", dt.datetime(2024, 12, 2, 9, 15, tzinfo=UTC), "+00:00"),
        ("2024-12-01", dt.datetime(2024, 12, 1, tzinfo=UTC), None),  # a bare date: zone unknown
        ("2024-12-01T10:00:00", dt.datetime(2024, 12, 1, 10, tzinfo=UTC), None),  # naive: taken as UTC, not guessed
    ],
)
def test_published_is_utc_with_the_original_offset(value: str, utc: dt.datetime, offset: str | None) -> None:
    assert parse_published(value) == (utc, offset)


@pytest.mark.parametrize("value", ["", "yesterday", "31/31/2024", None, 12])
def test_unparseable_dates_are_none(value: object) -> None:
    assert parse_published(value) is None


def test_languages_of_the_fixtures() -> None:
    english = (FIXTURES / "neardup" / "aleppo_original.txt").read_text(encoding="utf-8")
    french = (FIXTURES / "stories.py").read_text(encoding="utf-8").split("HAMA_FR = {", 1)[1]
    assert detect_language(english) == "en"
    assert detect_language(french) == "fr"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Las fuerzas rebeldes tomaron el control de la mayor parte de Alepo el viernes, según el Observatorio "
            "Sirio de Derechos Humanos. Al menos 25 personas murieron en los ataques aéreos.",
            "es",
        ),
        (
            "Rebellen haben am Freitag den größten Teil von Aleppo eingenommen, teilte die Syrische "
            "Beobachtungsstelle für Menschenrechte mit. Bei Luftangriffen wurden mindestens 25 Menschen getötet.",
            "de",
        ),
        ("سيطرت فصائل المعارضة المسلحة على معظم أحياء مدينة حلب يوم الجمعة بحسب المرصد السوري لحقوق الإنسان", "ar"),
    ],
)
def test_other_languages_go_to_the_classifier(text: str, code: str) -> None:
    assert not looks_english(text)
    assert detect_language(text) == code


def test_too_little_text_has_no_language() -> None:
    assert detect_language("Aleppo") is None
