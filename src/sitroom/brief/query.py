"""What a brief covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitroom.store import EventFilter


@dataclass(frozen=True)
class BriefQuery:
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    changes_since: dt.date | None = None  # "what changed since" mode

    def event_filter(self) -> EventFilter:
        return EventFilter(
            country=self.country, admin1=self.admin1, actor=self.actor, since=self.since, until=self.until
        )

    def as_dict(self) -> dict[str, Any]:
        """The non-empty selection, dates as ISO strings (stored in ``Brief.query``)."""
        values = {
            "country": self.country,
            "admin1": self.admin1,
            "actor": self.actor,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "changes_since": self.changes_since.isoformat() if self.changes_since else None,
        }
        return {k: v for k, v in values.items() if v is not None}

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.as_dict().items()) or "everything stored"
