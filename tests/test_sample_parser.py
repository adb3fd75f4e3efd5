"""The sample-format parser, on the seed article and on malformed inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.ingest.errors import IngestError
from sitroom.ingest.text import parse_sample_text, read_sample_file
from tests.conftest import SEED_ARTICLE

LIMIT = 10 * 1024 * 1024


def test_seed_article_structure(seed_text: str) -> None:
    article = parse_sample_text(seed_text, origin="seed.txt")
    assert article.title == "Iran-Backed Militias Reinforce Assad as Syrian Conflict Escalates"
    assert article.lead.startswith("Iran-backed militias have entered Syria")
    assert len(article.paragraphs) == 5
    assert article.paragraphs[-1].startswith("The recent entry of Iran-backed militias")
    assert article.source.domain == "news.sky.com"
    assert "Original Source" not in article.text


def test_every_paragraph_is_found_at_its_offset(seed_text: str) -> None:
    article = parse_sample_text(seed_text, origin="seed.txt")
    for paragraph in [article.title, article.lead, *article.paragraphs]:
        start = article.text.index(paragraph)
        assert article.span(start, start + len(paragraph)).text == paragraph


def test_blank_lines_and_crlf_are_tolerated(seed_text: str) -> None:
    spaced = seed_text.replace("\n", "\r\n\r\n")
    assert parse_sample_text(spaced, origin="x").id == parse_sample_text(seed_text, origin="y").id


def test_several_original_sources(seed_text: str) -> None:
    text = seed_text.rsplit("\n", 1)[0] + "\nOriginal Sources: www.Reuters.com, apnews.com"
    assert parse_sample_text(text, origin="x").source.domain == "reuters.com"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match=r"empty\.txt: file is empty"):
        read_sample_file(path, max_bytes=LIMIT)


def test_whitespace_only_is_refused() -> None:
    with pytest.raises(IngestError, match=r"blank\.txt: file has no text"):
        parse_sample_text(" \n\n\t\n", origin="blank.txt")


def test_missing_original_source_is_refused(seed_text: str) -> None:
    without = seed_text.rsplit("\n", 1)[0]
    with pytest.raises(IngestError, match=r"nosrc\.txt: not in the sample format: the last line must be"):
        parse_sample_text(without, origin="nosrc.txt")


def test_headline_only_is_refused() -> None:
    with pytest.raises(IngestError, match="needs a headline and at least one paragraph"):
        parse_sample_text("Headline\nOriginal Source: x.com", origin="short.txt")


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(IngestError, match=r"junk\.txt: (looks binary|not valid UTF-8)"):
        read_sample_file(path, max_bytes=LIMIT)


def test_latin1_bytes_are_refused_with_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 news\nbody\nOriginal Source: x.com".encode("latin-1"))
    with pytest.raises(IngestError, match="not valid UTF-8 text \\(bad byte at offset 3\\)"):
        read_sample_file(path, max_bytes=LIMIT)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse 50 MB file: the limit is checked on the size, not the content
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(IngestError, match=r"huge\.txt: file is 52\.4 MB, over the 10\.5 MB limit"):
        read_sample_file(path, max_bytes=LIMIT)


def test_seed_file_reads_with_origin() -> None:
    article = read_sample_file(SEED_ARTICLE, max_bytes=LIMIT)
    assert article.origin == str(SEED_ARTICLE)
