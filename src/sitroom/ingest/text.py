"""Plain-text articles in the sample's format.

    Headline line
    Summary paragraph (one line)
    Body paragraph lines...
    Original Source: domain

Blank lines between paragraphs are tolerated. ``Article.text`` keeps the paragraphs joined
by newlines, headline first, so evidence offsets point into exactly what a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitroom.ingest.errors import IngestError
from sitroom.ingest.records import Draft
from sitroom.model import Article, Source

_SOURCE_LINE = re.compile(r"^\s*Original Sources?\s*:\s*(?P<sources>.+?)\s*$", re.IGNORECASE)


def read_bytes_checked(path: Path, *, max_bytes: int) -> bytes:
    """Read a file, refusing one over the size limit before loading it."""
    label = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(label, f"cannot read file ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise IngestError(label, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    if size == 0:
        raise IngestError(label, "file is empty")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # bounded: the file may have grown since stat()
    except OSError as exc:
        raise IngestError(label, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise IngestError(label, f"file grew past the {max_bytes / 1e6:.1f} MB limit while being read")
    return data


def decode_text(data: bytes, *, source: str) -> str:
    """UTF-8 text (a BOM is dropped); binary content is refused rather than guessed at."""
    if b"\x00" in data[:8192]:
        raise IngestError(source, "looks binary (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid UTF-8 text (bad byte at offset {exc.start})") from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise IngestError(source, "looks binary (many control characters), not a text article")
    return text


def parse_sample_text(raw: str, *, origin: str) -> Article:
    """Parse the sample article format; raise IngestError naming ``origin`` when it doesn't fit."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError(origin, "file has no text")
    match = _SOURCE_LINE.match(lines[-1])
    if not match:
        raise IngestError(origin, "not in the sample format: the last line must be 'Original Source: domain'")
    body = lines[:-1]
    if len(body) < 2:
        raise IngestError(origin, "not in the sample format: needs a headline and at least one paragraph")
    domains = [d.strip() for d in re.split(r"[,;]", match.group("sources")) if d.strip()]
    title, lead, paragraphs = body[0], body[1], body[2:]
    return Article(
        title=title,
        lead=lead,
        paragraphs=paragraphs,
        text="\n".join(body),
        source=Source(domain=domains[0] if domains else None),
        origin=origin,
    )


def read_sample_file(path: Path, *, max_bytes: int) -> Article:
    data = read_bytes_checked(path, max_bytes=max_bytes)
    return parse_sample_text(decode_text(data, source=str(path)), origin=str(path))


def parse_plain_text(raw: str, *, origin: str) -> Draft:
    """Any UTF-8 text (``--format plain``): the first non-blank line is the title, the rest the body.

    A single-line text keeps the line as its body and takes its first sentence as the title."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError(origin, "file has no text")
    if len(lines) == 1:
        return Draft(body=lines[0], origin=origin)
    return Draft(body="\n".join(lines[1:]), title=lines[0], origin=origin)
