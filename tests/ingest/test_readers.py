"""Readers on the fixtures: text and metadata of HTML pages, feeds, corpora and archives."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitroom.ingest import ColumnMapping, IngestError, IngestOptions, InputFormat, read_inputs, read_path
from sitroom.ingest.errors import SkippedInput, UnexpectedError, unexpected_error
from sitroom.ingest.readers import Item, Reader, iter_inputs
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
        f"{path}!README.md",
        f"{path}!corpus/followup.csv.gz:2",
        f"{path}!corpus/followup.csv.gz:7",
        f"{path}!pages/frontline_wire_idlib.html",
        f"{path}!text/cedar_post_aleppo.txt",
    ]
    page = results[f"{path}!pages/frontline_wire_idlib.html"]
    assert isinstance(page, list) and page[0].title == "Air strikes on Idlib kill at least 25, rescuers say"
    readme = results[f"{path}!README.md"]  # not read, but named with the reason
    assert isinstance(readme, SkippedInput) and readme.reason == "skipped: '.md' is not a type ingest reads"


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


# ---------------------------------------------------------------------------------------------- hostile input


SAMPLE_TEXT = (
    "Shelling hits Saraqib market\n"
    "At least six people were killed when shells struck a market in Saraqib on Tuesday, rescuers said.\n"
    "The White Helmets said the dead included two children.\n"
    "Original Source: cedar-post.test\n"
)


def _jsonl_row(title: str) -> str:
    return json.dumps({"title": title, "text": f"{title}. Rescuers searched the rubble through the night."})


def test_a_deeply_nested_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join([_jsonl_row("Before"), "[" * 100_000, _jsonl_row("After")]) + "\n", encoding="utf-8")
    results = _results(path)
    before, error, after = (results[f"{path}:{n}"] for n in (1, 2, 3))
    assert isinstance(before, list) and before[0].title == "Before"
    assert isinstance(after, list) and after[0].title == "After"
    assert isinstance(error, IngestError) and str(error).startswith(f"{path}:2: ")
    assert error.reason == "line nests JSON more than 64 levels deep (refused unparsed)"


def test_json_nesting_is_refused_just_past_the_limit(tmp_path: Path) -> None:
    def nested(depth: int) -> str:  # the article object is level 1, its "meta" value holds the rest
        return json.dumps({"text": "Clashes near Manbij.", "title": "[{ in a string never count", "meta": 0}).replace(
            "0}", "[" * (depth - 1) + "]" * (depth - 1) + "}"
        )

    path = tmp_path / "depth.jsonl"
    path.write_text(f"{nested(64)}\n{nested(65)}\n", encoding="utf-8")
    results = _results(path)
    assert isinstance(results[f"{path}:1"], list)
    assert "more than 64 levels deep" in str(results[f"{path}:2"])


def test_jsonl_lines_end_only_at_newlines(tmp_path: Path) -> None:
    body = "Fighters advanced on Hama.\u2028Residents fled south.\x85Roads were jammed."  # legal raw in JSON strings
    path = tmp_path / "unicode.jsonl"
    path.write_text(json.dumps({"title": "Hama", "text": body}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    (article,) = read_path(path, max_bytes=LIMIT)  # one row, not three fragments that are not JSON
    assert [article.lead, *article.paragraphs] == [
        "Fighters advanced on Hama.",
        "Residents fled south.",
        "Roads were jammed.",
    ]


def test_rows_that_used_to_escape_the_reader_are_read(tmp_path: Path) -> None:
    rows = [
        {"title": "Cut emoji \ud83d", "text": "A lone surrogate escape, as scrapers leave them."},  # not encodable
        {"title": "Far future", "text": "A date its offset shifts past year 9999.", "date": "9999-12-31T23:00-05:00"},
        {"title": "Bad link", "text": "An unclosed IPv6 bracket in the URL.", "url": "http://[::1/x"},
        {"title": "Huge number", "text": "x", "id": 0},
    ]
    lines = [json.dumps(row) for row in rows]
    lines[-1] = lines[-1].replace('"id": 0', '"id": ' + "9" * 5000)  # past Python's int conversion limit
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _results(path)
    first, second, third = (results[f"{path}:{n}"] for n in (1, 2, 3))
    assert isinstance(first, list) and first[0].title == "Cut emoji \ufffd"
    assert isinstance(second, list) and second[0].published is None
    assert isinstance(third, list) and third[0].source.url == "http://[::1/x" and third[0].source.domain is None
    assert "not usable JSON (Exceeds the limit (4300 digits)" in str(results[f"{path}:4"])


def test_a_ragged_csv_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "title,text\n"
        "Clashes in Manbij,Fighting broke out on Sunday.\n"
        "Too many,cells,in this row\n"
        "Too few\n"
        '"Open quote,Everything after this quote\n'
        "is swallowed\n",
        encoding="utf-8",
    )
    results = _results(path)
    good = results[f"{path}:2"]
    assert isinstance(good, list) and good[0].title == "Clashes in Manbij"
    assert str(results[f"{path}:3"]) == f"{path}:3: row has 3 cells but the header has 2 columns"
    assert str(results[f"{path}:4"]) == f"{path}:4: row has 1 cell but the header has 2 columns"
    assert "(it spans 2 lines: an unclosed quote?)" in str(results[f"{path}:5"])
    assert len(results) == 4


def test_csv_rows_after_an_oversized_field_are_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.tsv"
    path.write_text(
        f"title\ttext\nHuge\t{'x' * 200_000}\nClashes in Manbij\tFighting broke out on Sunday.\n", encoding="utf-8"
    )
    results = _results(path)
    assert "malformed CSV (field larger than field limit" in str(results[f"{path}:2"])
    assert isinstance(results[f"{path}:3"], list)


def test_skipped_files_in_a_folder_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")  # hidden: not an input, not reported
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "story.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x00" * 64)
    (folder / "Makefile").write_text("all:\n")
    (folder / "gone.html").symlink_to(tmp_path / "missing.html")
    results = _results(folder)
    assert sorted(Path(p).name for p in results) == ["Makefile", "blob.bin", "gone.html", "story.txt"]
    assert isinstance(results[str(folder / "story.txt")], list)
    skipped = {Path(p).name: r for p, r in results.items() if isinstance(r, SkippedInput)}
    assert skipped["blob.bin"].reason.startswith("skipped: '.bin' is not a type ingest reads")
    assert skipped["Makefile"].reason.startswith("skipped: a file without a suffix is not a type ingest reads")
    assert skipped["gone.html"].reason == "skipped: not a regular file (a broken link, a pipe or a device)"
    assert [Path(p).name for p in iter_inputs([folder])] == ["story.txt"]  # the public walk is unchanged


def test_unsafe_zip_members_are_refused_and_named(tmp_path: Path) -> None:
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../evil.txt", SAMPLE_TEXT)
        archive.writestr("/etc/cron.d/evil.txt", SAMPLE_TEXT)
        archive.writestr("..\\windows.txt", SAMPLE_TEXT)
        archive.writestr("__MACOSX/._story.txt", b"\x00\x05")
        archive.writestr("ok/story.txt", SAMPLE_TEXT)
    results = _results(path)
    assert isinstance(results[f"{path}!ok/story.txt"], list)
    for member, why in [
        ("../evil.txt", "a '..' path that climbs out of the archive"),
        ("/etc/cron.d/evil.txt", "an absolute path"),
        ("..\\windows.txt", "a '..' path that climbs out of the archive"),
    ]:
        error = results[f"{path}!{member}"]
        assert isinstance(error, SkippedInput) and error.reason == f"skipped: unsafe member name ({why})"
    assert len(results) == 4  # macOS metadata is not an input


def test_zip_members_that_cannot_be_read_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a_bomb.jsonl", b" " * 300_000)  # its headers will claim 10 bytes
        archive.writestr("b_locked.txt", SAMPLE_TEXT)  # will be flagged as encrypted
        archive.writestr("c_story.txt", SAMPLE_TEXT)
    raw = bytearray(path.read_bytes())
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # the first member of each header kind
        at = raw.index(header) + size_at
        raw[at : at + 4] = (10).to_bytes(4, "little")
    central = raw.index(b"PK\x01\x02", raw.index(b"PK\x01\x02") + 4)  # the second member's central entry
    raw[central + 8] |= 0x01  # general purpose flag bit 0: encrypted
    path.write_bytes(bytes(raw))
    results = _results(path)
    assert str(results[f"{path}!a_bomb.jsonl"]).endswith("cannot read member (Bad CRC-32 for file 'a_bomb.jsonl')")
    assert str(results[f"{path}!b_locked.txt"]).endswith("member is encrypted (ingest asks for no password)")
    assert isinstance(results[f"{path}!c_story.txt"], list)


def test_an_unanticipated_exception_ends_only_its_input() -> None:
    def breaks_half_way() -> Iterator[Item]:
        yield Item(source="feed.xml#1", articles=[])
        raise KeyError("guid")  # a reader bug: not an IngestError

    items = list(Reader._guarded("feed.xml", breaks_half_way))
    assert [item.source for item in items] == ["feed.xml#1", "feed.xml"]  # what came before the failure stands
    error = items[1].error
    assert isinstance(error, UnexpectedError) and isinstance(error.cause, KeyError)
    assert str(error) == "feed.xml: could not be read: KeyError: 'guid'"


def test_unexpected_errors_say_what_happened() -> None:
    assert unexpected_error("a.jsonl:3", RecursionError()).reason == (
        "structure nested too deeply to read (RecursionError)"
    )
    assert unexpected_error("x", ValueError("bad\nsecond line")).reason == "could not be read: ValueError: bad"
    known = IngestError("x", "file is empty")
    assert unexpected_error("y", known) is known


def test_inputs_that_hold_nothing_are_still_named(tmp_path: Path) -> None:
    header_only, blank_lines, hollow = tmp_path / "header.csv", tmp_path / "blank.jsonl", tmp_path / "hollow.zip"
    header_only.write_text("title,text\n\n", encoding="utf-8")
    blank_lines.write_text("\n \r\n", encoding="utf-8")
    with zipfile.ZipFile(hollow, "w") as archive:
        archive.writestr("folder/", "")
        archive.writestr("__MACOSX/._x.txt", "x")
    results = _results(header_only, blank_lines, hollow)
    assert str(results[str(header_only)]).endswith("CSV file has a header row but no rows")
    assert str(results[str(blank_lines)]).endswith("file has only blank lines, no JSON")
    assert str(results[str(hollow)]).endswith("zip holds no files (only folders or hidden files)")
