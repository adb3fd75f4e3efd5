"""Response and request bodies of the REST API, built from ``sitroom.model``'s records (never copies of them)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from sitroom.model import ActorType, Event, EventMention, Source


class EventPage(BaseModel):
    """One page of events; pass ``next_cursor`` back as ``cursor`` for the next page (null on the last page)."""

    data: list[Event]
    next_cursor: str | None = Field(description="opaque; null when this is the last page")


class Report(BaseModel):
    """One article's report of an event: the evidence spans, claims and fields that article gave."""

    article_id: str
    title: str
    published: dt.datetime | None
    source: Source
    mention: EventMention


class EventDetail(BaseModel):
    """An event (with its contradictions and sources) and every report behind it."""

    event: Event
    reports: list[Report]


class EventColumns(BaseModel):
    """The filtered events as parallel columns, for a map or a dashboard that draws them all: index ``i`` of
    every per-event list is one event. Repeated names are sent once, in the dictionaries at the end, and the
    per-event lists hold their positions there (null: none)."""

    count: int = Field(description="events in the columns")
    truncated: bool = Field(description="true when more events match than `limit`: the newest ones are sent")
    id: list[str]
    date: list[dt.date | None]
    latitude: list[float | None]
    longitude: list[float | None]
    event_type: list[int] = Field(description="position in `event_types`")
    sub_event_type: list[int] = Field(description="position in `sub_event_types`")
    fatalities: list[int | None] = Field(description="the best figure, else the low, else the high")
    confidence: list[float]
    independent_sources: list[int]
    country: list[int | None] = Field(description="position in `countries`")
    location: list[int | None] = Field(description="position in `locations`")
    actor1: list[int | None] = Field(description="position in `actors`")
    actor2: list[int | None] = Field(description="position in `actors`")
    actors: list[list[int]] = Field(description="every actor of the event (either side or associated)")
    event_types: list[str]
    sub_event_types: list[str]
    countries: list[str]
    locations: list[str]
    actor_names: list[str] = Field(description="the names `actor1`, `actor2` and `actors` point to")
    backers: list[list[str]] = Field(description="each of `actor_names`' reported backers")


class ActorSummary(BaseModel):
    name: str
    actor_type: ActorType | None = Field(description="ACLED's actor category, when the catalogue knows it")
    events: int = Field(description="events the actor takes part in (either side, or associated)")
    backers: list[str] = Field(description="states or groups reported backing the actor")
    countries: list[str] = Field(description="countries of those events")


class ActorList(BaseModel):
    data: list[ActorSummary]


class Health(BaseModel):
    status: Literal["ok"]
    database: str = Field(description="the database dialect answering")


class ArticleIn(BaseModel):
    """An article as JSON. Raw text (``text/plain``, the first line a title) and pages (``text/html``) are
    accepted too."""

    text: str = Field(min_length=1, description="the article's body")
    title: str | None = Field(default=None, max_length=1000, description="default: the first sentence")
    url: str | None = Field(default=None, max_length=2048)
    source: str | None = Field(default=None, max_length=255, description="publisher domain, e.g. reuters.com")
    published: dt.datetime | None = None


class ArticleResult(BaseModel):
    """What the pipeline made of a posted article."""

    article_id: str
    status: Literal["new", "duplicate", "near-duplicate"]
    mentions: list[EventMention] = Field(description="the article's own reports of events, with evidence")
    events: list[Event] = Field(description="the corroborated events those reports belong to")
