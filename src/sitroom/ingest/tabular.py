"""JSONL and CSV corpora -> one Draft per row, through a column mapping.

Default column names (first one present wins; override each with ``--text-col``, ``--title-col``,
``--date-col``, ``--url-col``, ``--source-col``, ``--author-col``, ``--lang-col``):

    text      text, body, content, article, maintext      (required)
    title     title, headline                             (else the first sentence of the text)
    date      published, date, published_at, pubdate, date_publish, datetime
    url       url, link
    source    source, domain, publisher, source_domain, outlet   (else the URL's host)
    author    author, authors, byline                     (a list is joined with ", ")
    language  language, lang                              (else detected)

A bad row (not JSON, nested deeper than ``MAX_JSON_DEPTH``, no text, more or fewer CSV cells than the
header, or anything else that fails on it) is reported with its line number and the rest are read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from typing import Any

import numpy as np

from sitroom.ingest.errors import IngestError, unexpected_error
from sitroom.ingest.options import DEFAULT_COLUMN_NAMES, ColumnMapping
from sitroom.ingest.records import Draft, looks_like_domain

RowResult = Draft | IngestError

# An article row is a flat object; 64 levels leaves room for any real metadata and refuses a hostile line before
# the parser recurses into it (100k "[" raised RecursionError, which used to end the whole batch).
MAX_JSON_DEPTH = 64
# JSON lines end at \n (or \r\n, or a lone \r); never at U+2028, U+0085 or \x1c, which str.splitlines() also breaks
# on and which are legal raw inside a JSON string (json.dumps(..., ensure_ascii=False) writes them as they are).
_JSONL_BREAK = re.compile(r"\r\n|\r|\n")
# A JSON string; one left open runs to the end of the line, so no quote is ever scanned twice (linear time).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"[]{}")  # ASCII: never inside a UTF-8 sequence


def read_jsonl(text: str, *, origin: str, columns: ColumnMapping) -> Iterator[RowResult]:
    rows = 0
    for number, line in enumerate(_JSONL_BREAK.split(text), start=1):
        if not line.strip():
            continue
        rows += 1
        label = f"{origin}:{number}"
        try:
            result = _jsonl_row(line, label, columns)
        except Exception as exc:  # whatever one line does, the lines after it are still read
            result = unexpected_error(label, exc)
        yield result
    if not rows:  # said, so the file is not missing from the report
        yield IngestError(origin, "file has only blank lines, no JSON")


def _jsonl_row(line: str, label: str, columns: ColumnMapping) -> RowResult:
    if json_too_deep(line, MAX_JSON_DEPTH):
        return IngestError(label, f"line nests JSON more than {MAX_JSON_DEPTH} levels deep (refused unparsed)")
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(label, f"line is not valid JSON ({exc.msg} at column {exc.colno})")
    except ValueError as exc:  # a number past Python's 4300-digit conversion limit
        return IngestError(label, f"line is not usable JSON ({str(exc).split(';')[0]})")
    if not isinstance(row, dict):
        return IngestError(label, f"line is a JSON {type(row).__name__}, expected an object")
    return _row_draft(row, label, columns)


def json_too_deep(line: str, limit: int) -> bool:
    """True when the JSON text nests arrays/objects more than ``limit`` deep (brackets in strings don't count).

    An ordinary line costs two counts; only one with more openers than ``limit`` is measured, by C-speed passes
    (strings out, brackets kept, running depth), so even a hostile 10 MB line is checked in a fraction of a second."""
    if line.count("[") + line.count("{") <= limit:
        return False
    brackets = np.frombuffer(
        _JSON_STRING.sub("", line).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET_BYTES), dtype=np.uint8
    )
    if brackets.size == 0:
        return False
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
    return int(np.cumsum(steps).max()) > limit


def read_csv(text: str, *, origin: str, columns: ColumnMapping, delimiter: str = ",") -> Iterator[RowResult]:
    """One Draft per row; a row is labelled by the line it starts on (a quoted field may span lines)."""
    consumed = 0  # physical lines handed to the csv module so far: rows are labelled by our count, not its

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += 1
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    rows = 0
    while True:
        start = consumed + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield IngestError(f"{origin}:{start}", f"malformed CSV{'' if header else ' header'} ({exc})")
            if header is None or consumed < start:  # no columns to map rows to, or no progress: stop here
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is no row
        if header is None:
            header = cells
            continue
        rows += 1
        label = f"{origin}:{start}"
        if len(cells) != len(header):
            yield IngestError(label, _ragged(len(cells), len(header), spanned=consumed - start + 1))
            continue
        try:
            result = _row_draft(dict(zip(header, cells, strict=True)), label, columns)
        except Exception as exc:  # one odd row never costs the rows after it
            result = unexpected_error(label, exc)
        yield result
    if header is None:
        yield IngestError(origin, "CSV file has no header row")
    elif not rows:
        yield IngestError(origin, "CSV file has a header row but no rows")


def _ragged(cells: int, columns: int, *, spanned: int) -> str:
    reason = f"row has {cells} cell{'s' * (cells != 1)} but the header has {columns} column{'s' * (columns != 1)}"
    if spanned > 1:  # a quote left open swallows the lines after it into one cell
        reason += f" (it spans {spanned} lines: an unclosed quote?)"
    return reason


def _row_draft(row: Mapping[str, Any], label: str, columns: ColumnMapping) -> RowResult:
    mapping = asdict(columns)
    values = {name: _lookup(row, mapping[name], DEFAULT_COLUMN_NAMES[name]) for name in DEFAULT_COLUMN_NAMES}
    text = _as_text(values["text"])
    if not text:
        wanted = mapping["text"] or " / ".join(DEFAULT_COLUMN_NAMES["text"])
        return IngestError(label, f"row has no text (looked for column {wanted!r})")
    source = _as_text(values["source"])
    return Draft(
        body=text,
        origin=label,
        title=_as_text(values["title"]) or None,
        url=_as_text(values["url"]) or None,
        domain=source.lower() if looks_like_domain(source) else None,
        sitename=source or None,
        author=_as_text(values["author"]) or None,
        published=values["date"] if values["date"] not in ("", None) else None,
        language=_as_text(values["language"]) or None,
    )


def _lookup(row: Mapping[str, Any], explicit: str | None, defaults: tuple[str, ...]) -> Any:
    if explicit:
        return _dotted(row, explicit)
    lowered = {str(k).lower(): v for k, v in row.items()}
    for name in defaults:
        if lowered.get(name) not in (None, ""):
            return lowered[name]
    return None


def _dotted(row: Mapping[str, Any], path: str) -> Any:
    value: Any = row
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()
