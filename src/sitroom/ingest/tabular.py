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

A bad row (not JSON, no text) is reported with its line number and the rest are read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from typing import Any

from sitroom.ingest.errors import IngestError
from sitroom.ingest.options import DEFAULT_COLUMN_NAMES, ColumnMapping
from sitroom.ingest.records import Draft, looks_like_domain

RowResult = Draft | IngestError


def read_jsonl(text: str, *, origin: str, columns: ColumnMapping) -> Iterator[RowResult]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{origin}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(label, f"line is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield IngestError(label, f"line is a JSON {type(row).__name__}, expected an object")
            continue
        yield _row_draft(row, label, columns)


def read_csv(text: str, *, origin: str, columns: ColumnMapping, delimiter: str = ",") -> Iterator[RowResult]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        yield IngestError(origin, "CSV file has no header row")
        return
    first_line = reader.line_num + 1  # a quoted field may span lines: label rows by where they start
    try:
        for row in reader:
            yield _row_draft(row, f"{origin}:{first_line}", columns)
            first_line = reader.line_num + 1
    except csv.Error as exc:
        yield IngestError(f"{origin}:{first_line}", f"malformed CSV ({exc})")


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
