"""Publication dates: to UTC, keeping the original offset so nothing about the source is lost."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_published(value: object) -> tuple[dt.datetime, str | None] | None:
    """(UTC datetime, original offset like "+03:00") from ISO 8601 / RFC 822 text, or None.

    A value without a zone is taken as UTC and its offset is reported as None (unknown): guessing the
    publisher's zone would invent information. A bare date becomes midnight UTC, offset None."""
    if isinstance(value, dt.datetime):
        return _to_utc(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed = _iso(text) or _rfc822(text)
    return _to_utc(parsed) if parsed else None


def _iso(text: str) -> dt.datetime | None:
    candidate = text.replace(" ", "T", 1) if not _DATE_ONLY.match(text) and " " in text[:11] else text
    try:
        return dt.datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _rfc822(text: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _to_utc(value: dt.datetime) -> tuple[dt.datetime, str | None]:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC), None
    return value.astimezone(dt.UTC), format_offset(value.utcoffset())


def format_offset(offset: dt.timedelta | None) -> str | None:
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"
