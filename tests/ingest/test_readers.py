"""Readers on the fixtures: text and metadata of HTML pages, feeds, corpora and archives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.ingest import ColumnMapping, IngestError, IngestOptions, InputFormat, read_inputs, read_path
from sitroom.ingest.readers import iter_inputs
from sitroom.model import Article
from tests.ingest.conftest import FIXTURES

LIMIT = 10 * 1024 * 1024
CORPUS_COLUMNS = ColumnMapping(
    text="body", title="headline", date="published_at", url="link", source="outlet.domain", author="byline"
)


def _one(path: Path, options: IngestOptions | None = None) -> Article:
    articles = read_path(path, max_bytes=LIMIT, options=options)
    assert len(articles) == 1
    return articles[0]


def _results(*paths: Path, options: IngestOptions | None = None) -> dict[str, list[Article] | IngestError]:
    return dict(read_inputs(paths, max_bytes=LIMIT, options=options))


# ---------------------------------------------------------------------------------------------- HTML


def test_layout_a_page_text_and_metadata() -> None:
    article = _one(FIXTURES / "html" / "levant_daily_aleppo.html")
    assert article.title == "Rebels push into Aleppo as government lines collapse"
    assert article.lead.startswith("Opposition fighters led by Hayat Tahrir al-Sham pushed into")
    assert len(article.paragraphs) == 5 and article.paragraphs[-1].startswith("The offensive is the first")
    assert article.source.domain == "levant-daily.test" and article.source.name == "Levant Daily"
    assert article.source.url == "https://www.levant-daily.test/news/2024/11/29/rebels-push-into-aleppo"
    assert article.author == "Rania Haddad"
    assert article.published == dt.datetime(2024, 11, 29, 15, 40, tzinfo=dt.UTC)
    assert article.published_tz == "+03:00"


def test_layout_b_page_text_and_metadata() -> None:
    article = _one(FIXTURES / "html" / "frontline_wire_idlib.html")
    assert article.title == "Air strikes on Idlib kill at least 25, rescuers say"
    assert article.lead.startswith("Russian and Syrian government air strikes on the rebel-held city of Idlib")
    assert len(article.paragraphs) == 4
    assert article.source.domain == "frontline-wire.test" and article.source.name == "Frontline Wire"
    assert article.published == dt.datetime(2024, 12, 2, 9, 15, tzinfo=dt.UTC)
    assert article.published_tz == "+00:00"


@pytest.mark.parametrize("page", ["levant_daily_aleppo.html", "frontline_wire_idlib.html"])
def test_boilerplate_is_removed(page: str) -> None:
    text = _one(FIXTURES / "html" / page).text
    for chrome in (
        "cookies",
        "Most read",
        "Great reporting",
        "Sign up",
        "All rights reserved",
        "Advertisement",
        "Markets close higher",
        "Subscribe",
    ):
        assert chrome not in text, chrome


def test_every_paragraph_is_at_its_offset() -> None:
    article = _one(FIXTURES / "html" / "levant_daily_aleppo.html")
    for paragraph in [article.title, article.lead, *article.paragraphs]:
        start = article.text.index(paragraph)
        assert article.span(start, start + len(paragraph)).text == paragraph


def test_page_without_article_text_is_a_clear_error() -> None:
    result = _results(FIXTURES / "html" / "nav_only.html")
    error = result[str(FIXTURES / "html" / "nav_only.html")]
    assert isinstance(error, IngestError) and "HTML page has no article text" in str(error)
    assert "nav_only.html" in str(error)


# ---------------------------------------------------------------------------------------------- feeds


def test_rss_entries_with_metadata() -> None:
    articles = read_path(FIXTURES / "feeds" / "levant.rss", max_bytes=LIMIT)
    assert [a.title for a in articles] == [
        "Why Aleppo matters in Syria's long war",
        "Rebels push into Aleppo as government lines collapse",
    ]
    explainer = articles[0]
    assert explainer.source.url == "https://www.levant-daily.test/explainers/aleppo"
    assert explainer.source.domain == "levant-daily.test"
    assert explainer.author == "Rania Haddad"
    assert explainer.published == dt.datetime(2024, 11, 30, 5, 0, tzinfo=dt.UTC) and explainer.published_tz == "+03:00"
    assert len(explainer.paragraphs) == 4  # content:encoded (the full text), not the one-line description


def test_atom_entries_with_metadata() -> None:
    articles = read_path(FIXTURES / "feeds" / "cedar_post.atom", max_bytes=LIMIT)
    assert [a.source.domain for a in articles] == ["cedar-post.test", "cedar-post.test"]
    first = articles[0]
    assert first.title == "Aleppo residents shelter as fighters reach the city"
    assert first.author == "Leila Saade"
    assert first.published == dt.datetime(2024, 11, 29, 19, 10, tzinfo=dt.UTC) and first.published_tz == "+02:00"
    assert first.lead.startswith("Families in Aleppo stayed indoors") and len(first.paragraphs) == 4


def test_the_same_story_as_page_and_feed_entry_has_the_same_hash() -> None:
    page = _one(FIXTURES / "html" / "levant_daily_aleppo.html")
    entry = read_path(FIXTURES / "feeds" / "levant.rss", max_bytes=LIMIT)[1]
    assert page.content_hash == entry.content_hash


def test_a_feed_that_is_not_xml_is_a_clear_error() -> None:
    path = FIXTURES / "feeds" / "not_a_feed.xml"
    error = _results(path)[str(path)]
    assert isinstance(error, IngestError) and "not_a_feed.xml: not an RSS/Atom feed" in str(error)


def test_titles_only_entries_ask_for_follow() -> None:
    results = _results(FIXTURES / "feeds" / "titles_only.rss")
    assert len(results) == 3
    assert all(isinstance(r, IngestError) and "use --follow" in r.reason for r in results.values())


# ---------------------------------------------------------------------------------------------- corpora


def test_jsonl_with_a_column_mapping() -> None:
    path = FIXTURES / "corpus" / "articles.jsonl"
    results = _results(path, options=IngestOptions(columns=CORPUS_COLUMNS))
    good = results[f"{path}:1"]
    assert isinstance(good, list)
    article = good[0]
    assert article.title == "Aleppo residents shelter as fighters reach the city"
    assert article.source.domain == "cedar-post.test" and article.author == "Leila Saade"
    assert article.source.url == "https://cedar-post.test/2024/11/29/aleppo-residents-shelter"
    assert article.published_tz == "+02:00" and len(article.paragraphs) == 4
    broken, empty = results[f"{path}:2"], results[f"{path}:3"]
    assert isinstance(broken, IngestError) and "not valid JSON" in broken.reason
    assert isinstance(empty, IngestError) and "row has no text (looked for column 'body')" in empty.reason
    assert isinstance(results[f"{path}:4"], list), "rows after bad ones are still read"


def test_jsonl_default_columns_miss_a_renamed_text_column() -> None:
    path = FIXTURES / "corpus" / "articles.jsonl"
    results = _results(path)  # the corpus uses "body", which is among the defaults...
    assert isinstance(results[f"{path}:1"], list)
    renamed = _results(path, options=IngestOptions(columns=ColumnMapping(text="maintext_v2")))
    assert all(isinstance(r, IngestError) for r in renamed.values())  # ...an explicit wrong name finds nothing


def test_csv_with_default_columns_and_multiline_fields() -> None:
    articles = read_path(FIXTURES / "corpus" / "articles.csv", max_bytes=LIMIT)
    assert [a.title for a in articles] == [
        "Why Aleppo matters in Syria's long war",
        "Idlib toll rises to 31 as rescuers end search",
    ]
    assert articles[1].source.domain == "frontline-wire.test" and len(articles[1].paragraphs) == 4


# ---------------------------------------------------------------------------------------------- archives, folders


def test_zip_members_including_a_gzip_inside() -> None:
    path = FIXTURES / "archives" / "bundle.zip"
    results = _results(path)
    assert sorted(results) == [
        f"{path}!corpus/followup.csv.gz:2",
        f"{path}!corpus/followup.csv.gz:7",
        f"{path}!pages/frontline_wire_idlib.html",
        f"{path}!text/cedar_post_aleppo.txt",
    ]  # README.md is skipped
    page = results[f"{path}!pages/frontline_wire_idlib.html"]
    assert isinstance(page, list) and page[0].title == "Air strikes on Idlib kill at least 25, rescuers say"


def test_truncated_gzip_is_a_clear_error() -> None:
    path = FIXTURES / "archives" / "truncated.jsonl.gz"
    error = _results(path)[str(path)]
    assert isinstance(error, IngestError) and "truncated gzip" in error.reason


def test_folders_recurse_and_globs_expand() -> None:
    found = list(iter_inputs([FIXTURES / "feeds"]))
    assert [Path(p).name for p in found] == ["cedar_post.atom", "levant.rss", "not_a_feed.xml", "titles_only.rss"]
    globbed = list(iter_inputs([str(FIXTURES / "**" / "*.html")]))
    assert len(globbed) == 5 and all(p.endswith(".html") for p in globbed)


def test_missing_input_is_named() -> None:
    results = _results(FIXTURES / "nope.html")
    assert "no such file" in str(results[str(FIXTURES / "nope.html")])


# ---------------------------------------------------------------------------------------------- text formats


def test_text_without_the_sample_format_needs_format_plain(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "Clashes reported near Manbij\nFighting broke out on Sunday between two factions.\n", encoding="utf-8"
    )
    error = _results(path)[str(path)]
    assert isinstance(error, IngestError) and "not in the sample format" in error.reason
    article = _one(path, IngestOptions(format=InputFormat.PLAIN))
    assert article.title == "Clashes reported near Manbij"
    assert article.lead == "Fighting broke out on Sunday between two factions."
    assert article.source.domain is None


def test_format_plain_still_refuses_binary_and_empty(tmp_path: Path) -> None:
    junk, empty = tmp_path / "junk.txt", tmp_path / "empty.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    empty.write_bytes(b"")
    results = _results(junk, empty, options=IngestOptions(format=InputFormat.PLAIN))
    assert "looks binary" in str(results[str(junk)])
    assert "file is empty" in str(results[str(empty)])


def test_undecodable_bytes_are_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"title": "Caf\xe9", "text": "Un caf\xe9 a \xe9t\xe9 touch\xe9."}\n'.encode("latin-1"))
    error = _results(path)[str(path)]
    assert isinstance(error, IngestError) and "not valid UTF-8" in error.reason and "latin1.jsonl" in str(error)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html>" + b" " * 1_500_000 + b"</html>")
    results = dict(read_inputs([path], max_bytes=1_000_000))
    assert str(results[str(path)]) == f"{path}: file is 1.5 MB, over the 1.0 MB limit"


def test_app_shell_page_with_the_article_only_in_json_ld(tmp_path: Path) -> None:
    body = "Rescuers pulled survivors from the rubble of a building in Idlib on Monday. " * 4
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Strikes on Idlib",
            "articleBody": body.strip(),
            "datePublished": "2024-12-02T11:15:00+02:00",
        }
    )
    page = tmp_path / "shell.html"
    page.write_text(
        f"<html><head><title>Strikes on Idlib</title><script type='application/ld+json'>{ld}</script></head>"
        "<body><div id='app'></div><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    article = _one(page)
    assert article.title == "Strikes on Idlib" and article.lead.startswith("Rescuers pulled survivors")
    assert article.published == dt.datetime(2024, 12, 2, 9, 15, tzinfo=dt.UTC) and article.published_tz == "+02:00"
