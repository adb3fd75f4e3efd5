"""Property tests: the readers, the sample-format parser and the date and fatality parsers on arbitrary input.

Each parser may refuse an input only with its documented error (IngestError for the readers; the extract parsers
return empty results and never raise), and what it returns keeps its invariants: an article's text is its title,
lead and paragraphs joined by newlines; a date or fatality figure points at words inside the text searched.
Examples are kept modest (``max_examples`` 200) so the whole file runs in seconds; ``bench/fuzz_ingest.py`` is
the longer, corpus-driven run. Hypothesis keeps its caches in the temp folder, not in the work tree.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from sitroom.extract.dates import DateMention, find_dates, publication_day, resolve_date
from sitroom.extract.fatalities import coding_statement, find_fatalities
from sitroom.ingest import IngestError, read_inputs
from sitroom.ingest.errors import UnexpectedError
from sitroom.ingest.options import ColumnMapping
from sitroom.ingest.records import Draft, to_article
from sitroom.ingest.tabular import json_too_deep, read_csv, read_jsonl
from sitroom.ingest.text import decode_text, parse_plain_text, parse_sample_text
from sitroom.model import Article, Fatalities, TimePrecision

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "sitroom-hypothesis")  # keeps its caches out of the tree
PROPERTY = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ColumnMapping()
LIMIT = 64 * 1024

# Text that is neither blank nor holds a line break, as one line of an article.
LINE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), min_size=1, max_size=60).filter(
    str.strip
)
DOMAIN = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z]{2,6}){1,2}", fullmatch=True)


def _consistent(article: Article) -> None:
    """What every reader promises of an article: the text is exactly its parts, each findable by offset."""
    assert article.title.strip() and article.text.strip()
    assert article.text == "\n".join([article.title, article.lead, *article.paragraphs])
    start = 0
    for part in [article.title, article.lead, *article.paragraphs]:
        assert article.span(start, start + len(part)).text == part
        start += len(part) + 1


# ---------------------------------------------------------------------------------------------- readers, any bytes

FRAGMENTS = [
    b"<rss version='2.0'><channel><item><title>T</title><description>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>",
    b"<html><body><article><p>",
    b"<!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>&b;",
    b'{"title": "T", "text": "',
    b'"}\n',
    b"title,text\n",
    b"[" * 80,
    b"\x00",
    b"\xff\xfe\xc3",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"Original Source: example.test\n",
    b"Gunmen killed 12 villagers in Mopti on Tuesday, officials said.\n",
    b"\xe2\x80\xa8",
]
PAYLOAD = st.lists(
    st.one_of(st.binary(max_size=40), st.sampled_from(FRAGMENTS), st.text(max_size=40).map(str.encode)), max_size=16
).map(b"".join)
MEMBER_NAMES = ["a.txt", "b.jsonl", "c.html", "d.csv", "e.bin", "../up.txt", "/abs.txt", ".hidden.txt", "f.xml"]


@st.composite
def input_files(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".txt", ".html", ".xml", ".rss", ".jsonl", ".csv", ".tsv", ".gz", ".zip", ".dat"]))
    payload = draw(PAYLOAD)
    if suffix == ".gz":
        packed = gzip.compress(payload)
        return draw(st.sampled_from([".jsonl.gz", ".csv.gz", ".txt.gz"])), packed[: draw(st.integers(0, len(packed)))]
    if suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in draw(st.lists(st.sampled_from(MEMBER_NAMES), max_size=4, unique=True)):
                archive.writestr(name, draw(PAYLOAD))
        return suffix, buffer.getvalue()
    return suffix, payload


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@PROPERTY
@given(input_files())
def test_readers_refuse_only_with_ingest_errors(scratch: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    for source, result in read_inputs([path], max_bytes=LIMIT):  # raises nothing at all, whatever the bytes
        assert source.startswith(str(path))
        if isinstance(result, IngestError):  # a documented refusal, not an exception the safety net caught
            assert not isinstance(result, UnexpectedError), result.cause
            assert result.reason and str(result).startswith(result.source)
        else:
            for article in result:
                _consistent(article)


@PROPERTY
@given(st.binary(max_size=300))
def test_decode_text_returns_text_or_refuses(data: bytes) -> None:
    try:
        text = decode_text(data, source="x")
    except IngestError as exc:
        assert exc.source == "x"
    else:
        assert isinstance(text, str) and "\x00" not in text


# ---------------------------------------------------------------------------------------------- JSONL and CSV


@PROPERTY
@given(st.text(max_size=400))
def test_jsonl_any_text_gives_one_result_per_non_blank_line(text: str) -> None:
    results = list(read_jsonl(text, origin="c.jsonl", columns=COLUMNS))
    assert all(isinstance(r, Draft | IngestError) and not isinstance(r, UnexpectedError) for r in results)
    if not text.strip():
        assert [str(r) for r in results] == ["c.jsonl: file has only blank lines, no JSON"]
        return
    labels = [r.origin if isinstance(r, Draft) else r.source for r in results]
    assert all(label.startswith("c.jsonl:") for label in labels)
    numbers = [int(label.rsplit(":", 1)[1]) for label in labels]
    assert numbers == sorted(set(numbers))


ROW = st.fixed_dictionaries({"title": st.text(max_size=30), "text": st.text(max_size=80)})


@PROPERTY
@given(st.lists(ROW, max_size=6), st.booleans())
def test_jsonl_round_trip(rows: list[dict[str, str]], ascii_only: bool) -> None:
    text = "\n".join(json.dumps(row, ensure_ascii=ascii_only) for row in rows)
    results = list(read_jsonl(text, origin="c.jsonl", columns=COLUMNS))[: len(rows)]  # no rows: one error, cut
    assert len(results) == len(rows)  # U+2028 and friends inside a string never split a line
    for number, (row, result) in enumerate(zip(rows, results, strict=True), start=1):
        _check_row(row, result, f"c.jsonl:{number}")


def _check_row(row: dict[str, str], result: Draft | IngestError, label: str) -> None:
    if row["text"].strip():
        assert isinstance(result, Draft) and result.origin == label
        assert result.body == row["text"].strip() and result.title == (row["title"].strip() or None)
    else:
        assert isinstance(result, IngestError) and result.source == label and "row has no text" in result.reason


CELL = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


# csv.writer quotes a field only for the characters of its own line ending: with "\n" a bare "\r" would go out
# unquoted and end the row when read back (any CSV reader's view), so "\n" files are written fully quoted.
@PROPERTY
@given(st.lists(st.fixed_dictionaries({"title": CELL, "text": CELL}), max_size=6), st.sampled_from(["\r\n", "\n"]))
def test_csv_round_trip_with_line_numbers(rows: list[dict[str, str]], newline: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_ALL if newline == "\n" else csv.QUOTE_MINIMAL)
    writer.writerow(["title", "text"])
    line, expected = 2, []
    for row in rows:
        start = out.tell()
        writer.writerow([row["title"], row["text"]])
        written = out.getvalue()[start:]
        if row["title"].strip() or row["text"].strip():  # an all-blank row is no row
            expected.append((row, f"c.csv:{line}"))
        line += len(io.StringIO(written, newline="").readlines())
    results = list(read_csv(out.getvalue(), origin="c.csv", columns=COLUMNS))
    if not expected:  # a header alone is said, not silently read as nothing
        assert [str(r) for r in results] == ["c.csv: CSV file has a header row but no rows"]
        return
    assert len(results) == len(expected)
    for (row, label), result in zip(expected, results, strict=True):
        _check_row(row, result, label)


@PROPERTY
@given(st.text(max_size=300), st.sampled_from([",", "\t"]))
def test_csv_any_text_never_raises(text: str, delimiter: str) -> None:
    for result in read_csv(text, origin="c.csv", columns=COLUMNS, delimiter=delimiter):
        assert isinstance(result, Draft | IngestError) and not isinstance(result, UnexpectedError)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.sampled_from('[]{}"\\ ab\u2028'), max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
    max_leaves=40,
)


@PROPERTY
@given(JSON_VALUES, st.integers(0, 8), st.booleans())
def test_json_depth_check_agrees_with_the_real_depth(value: Any, limit: int, ascii_only: bool) -> None:
    assert json_too_deep(json.dumps(value, ensure_ascii=ascii_only), limit) == (_depth(value) > limit)


# ---------------------------------------------------------------------------------------------- sample format


@PROPERTY
@given(st.text(max_size=400))
def test_sample_parser_any_text_gives_an_article_or_an_ingest_error(text: str) -> None:
    try:
        article = parse_sample_text(text, origin="a.txt")
    except IngestError as exc:
        assert exc.source == "a.txt"
        return
    first = next(line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip())
    assert article.title == first  # the headline is kept as written
    _consistent(article)


@PROPERTY
@given(
    LINE,
    LINE,
    st.lists(LINE, max_size=4),
    st.lists(DOMAIN, min_size=1, max_size=2),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r"]),
)
def test_sample_parser_keeps_headline_lead_paragraphs_and_source(
    headline: str, lead: str, paragraphs: list[str], domains: list[str], newline: str
) -> None:
    raw = newline.join([headline, lead, *paragraphs, f"Original Source: {', '.join(domains)}"])
    article = parse_sample_text(raw, origin="a.txt")
    assert article.title == headline.strip() and article.lead == lead.strip()
    assert article.paragraphs == [p.strip() for p in paragraphs]
    assert article.source.domain == domains[0]
    _consistent(article)


@PROPERTY
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30)))
def test_plain_text_and_drafts_become_articles_or_ingest_errors(text: str, title: str | None) -> None:
    for make in (lambda: to_article(parse_plain_text(text, origin="p.txt")), lambda: to_article(_draft(text, title))):
        try:
            article = make()
        except IngestError:
            continue
        _consistent(article)


def _draft(body: str, title: str | None) -> Draft:
    return Draft(body=body, origin="d", title=title, url=title, published=title, sitename=title, author=title)


# ---------------------------------------------------------------------------------------------- dates, fatalities

WORDS = [
    "killed", "dead", "died", "were", "was", "at", "least", "people", "civilians", "soldiers", "and", "including",
    "between", "to", "or", "-", "dozens", "of", "several", "no", "casualties", "on", "in", "the", "last", "ago",
    "days", "weeks", "month", "Monday", "Saturday", "yesterday", "overnight", "previous", "day", "later", "earlier",
    "March", "May", "June", "December", "Dec.", "early", "mid", "2021", "2024", "19", "3", "31", "1,200", "25",
    "twelve", "two", "a", "hundred", "said", "on", "5-7", "2024-02-30", "12/06/2023", "night", "fatalities",
    "coded", "as", "split", "across", "events", "himself", "others", "year-old", "man", "bodies", ",", ".", "\n",
]  # fmt: skip
SENTENCE = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=40).map(" ".join)
PUBLISHED = st.one_of(
    st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),  # real publication dates; year 1 has no "yesterday"
    st.datetimes(dt.datetime(1900, 1, 2), dt.datetime(2100, 12, 30), timezones=st.just(dt.UTC)),
)


def _within(mention: DateMention, text: str) -> None:
    assert 0 <= mention.start < mention.end <= len(text)
    assert isinstance(mention.precision, TimePrecision)
    assert mention.date is None or isinstance(mention.date, dt.date)


@PROPERTY
@given(st.one_of(SENTENCE, st.text(max_size=200)), PUBLISHED)
def test_dates_point_inside_the_text_and_never_overlap(text: str, published: dt.date | None) -> None:
    mentions = find_dates(text, published)
    for mention in mentions:
        _within(mention, text)
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start


@PROPERTY
@given(SENTENCE, PUBLISHED, st.integers(0, 50))
def test_resolved_date_points_inside_the_text(text: str, published: dt.date | None, start: int) -> None:
    found = resolve_date(text, published, start=min(start, len(text)))
    if found is not None:
        _within(found, text)


VALID_OFFSET = st.from_regex(r"[+-]([01]\d|2[0-3]):?[0-5]\d", fullmatch=True)  # what format_offset writes


@PROPERTY
@given(
    st.datetimes(dt.datetime(1900, 1, 2), dt.datetime(2100, 12, 30), timezones=st.just(dt.UTC)),
    st.one_of(st.none(), st.text(max_size=20), VALID_OFFSET),
)
def test_publication_day_never_raises(published: dt.datetime, zone: str | None) -> None:
    day = publication_day(published, zone)
    assert isinstance(day, dt.date) and abs((day - published.date()).days) <= 1


@pytest.mark.xfail(raises=ValueError, strict=True, reason="found by the property above: extract/dates.py, not fixed")
def test_publication_day_with_an_offset_of_a_day_or_more() -> None:
    # Stored offsets come from format_offset (always under 24h), so only a hand-made zone reaches this.
    publication_day(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), "-3000")


@PROPERTY
@given(st.one_of(SENTENCE, st.text(max_size=200)))
def test_fatality_figures_are_non_negative_ints_at_their_words(text: str) -> None:
    for figure in find_fatalities(text):
        assert 0 <= figure.start <= figure.end <= len(text) and text[figure.start : figure.end] == figure.phrase
        for value in (figure.best, figure.low, figure.high):
            assert value is None or (isinstance(value, int) and value >= 0)
        assert isinstance(figure.acled, int) and figure.acled >= 0
        Fatalities(best=figure.best, low=figure.low, high=figure.high)  # low <= best <= high, as the model demands
    statement = coding_statement(text)
    if statement is not None:
        assert statement.events >= 1 and 0 <= statement.start < statement.end <= len(text)
        assert statement.total is None or statement.share(statement.total) >= 0
