"""The typed records that flow through sitroom, defined once.

Data flows one way: ``Article`` (ingest) -> ``EventMention`` (extract, geo) ->
``Event`` (corroborate) -> ``Brief`` (brief). Every field that came from text
keeps an ``Evidence`` span (article id + character offsets into ``Article.text``)
so a reader can always see the words that support it.

The event schema speaks ACLED's codebook (event types, sub-event types, precision
codes, actor slots) and UCDP GED's best/low/high fatality range; see docs/schema.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from enum import IntEnum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Record(BaseModel):
    """Base for every record: unknown keys are an error, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


# --------------------------------------------------------------------------- ACLED codebook


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    """ACLED's 25 sub-event types (codebook 2023 wording)."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"

    @property
    def event_type(self) -> EventType:
        return SUB_EVENT_PARENT[self]


_S, _E = SubEventType, EventType
SUB_EVENT_PARENT: dict[SubEventType, EventType] = {
    **dict.fromkeys(
        [_S.ARMED_CLASH, _S.GOVERNMENT_REGAINS_TERRITORY, _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY],
        _E.BATTLES,
    ),
    **dict.fromkeys(
        [
            _S.CHEMICAL_WEAPON,
            _S.AIR_DRONE_STRIKE,
            _S.SUICIDE_BOMB,
            _S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            _S.REMOTE_EXPLOSIVE_LANDMINE_IED,
            _S.GRENADE,
        ],
        _E.EXPLOSIONS_REMOTE_VIOLENCE,
    ),
    **dict.fromkeys(
        [_S.SEXUAL_VIOLENCE, _S.ATTACK, _S.ABDUCTION_FORCED_DISAPPEARANCE],
        _E.VIOLENCE_AGAINST_CIVILIANS,
    ),
    **dict.fromkeys(
        [_S.PEACEFUL_PROTEST, _S.PROTEST_WITH_INTERVENTION, _S.EXCESSIVE_FORCE_AGAINST_PROTESTERS],
        _E.PROTESTS,
    ),
    **dict.fromkeys([_S.VIOLENT_DEMONSTRATION, _S.MOB_VIOLENCE], _E.RIOTS),
    **dict.fromkeys(
        [
            _S.AGREEMENT,
            _S.ARRESTS,
            _S.CHANGE_TO_GROUP_ACTIVITY,
            _S.DISRUPTED_WEAPONS_USE,
            _S.HEADQUARTERS_OR_BASE_ESTABLISHED,
            _S.LOOTING_PROPERTY_DESTRUCTION,
            _S.NON_VIOLENT_TRANSFER_OF_TERRITORY,
            _S.OTHER,
        ],
        _E.STRATEGIC_DEVELOPMENTS,
    ),
}


class TimePrecision(IntEnum):
    """ACLED time_precision: 1 = exact day, 2 = within a week, 3 = within a month or vaguer."""

    DAY = 1
    WEEK = 2
    MONTH = 3


class GeoPrecision(IntEnum):
    """ACLED geo_precision: 1 = the town itself, 2 = near/part of a region, 3 = province/region."""

    TOWN = 1
    NEAR = 2
    REGION = 3


class ActorType(StrEnum):
    """ACLED actor categories (the 'inter' codes 1-8)."""

    STATE_FORCES = "State forces"  # inter 1
    REBEL_GROUP = "Rebel group"  # inter 2
    POLITICAL_MILITIA = "Political militia"  # inter 3
    IDENTITY_MILITIA = "Identity militia"  # inter 4
    RIOTERS = "Rioters"  # inter 5
    PROTESTERS = "Protesters"  # inter 6
    CIVILIANS = "Civilians"  # inter 7
    EXTERNAL_OTHER_FORCES = "External/Other forces"  # inter 8

    @property
    def inter_code(self) -> int:
        return list(ActorType).index(self) + 1


class Stance(StrEnum):
    ASSERTS = "asserts"
    DENIES = "denies"


class SourceScale(StrEnum):
    """ACLED source_scale, derived from the outlets that reported an event."""

    LOCAL = "Local"
    SUBNATIONAL = "Subnational"
    NATIONAL = "National"
    REGIONAL = "Regional"
    INTERNATIONAL = "International"
    NEW_MEDIA = "New media"
    OTHER = "Other"


# --------------------------------------------------------------------------- evidence


class Evidence(Record):
    """A span of an article's text: ``Article.text[start:end] == text``."""

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence span end ({self.end}) is before its start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"evidence text has {len(self.text)} characters but the span covers "
                f"{self.end - self.start} ({self.start}..{self.end})"
            )
        return self


class Sentence(Record):
    """One sentence of an article, with its offsets; extraction reads these."""

    article_id: str
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    def as_evidence(self) -> Evidence:
        return Evidence(article_id=self.article_id, start=self.start, end=self.end, text=self.text)


# --------------------------------------------------------------------------- articles


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form used for exact-duplicate hashing: NFKC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class Source(Record):
    """Where an article was published."""

    domain: str | None = None  # publisher domain, e.g. "news.sky.com"
    name: str | None = None  # outlet name when known ("Sky News")
    url: str | None = None  # the article's own URL
    feed_url: str | None = None  # the feed it came through, if any
    scale: SourceScale | None = None

    @field_validator("domain")
    @classmethod
    def _lower_domain(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower().removeprefix("www.")
        return value or None


class Article(Record):
    """One publication. ``text`` is the canonical body every evidence offset points into."""

    id: str = ""  # derived from content_hash when empty
    title: str
    lead: str = ""
    paragraphs: list[str] = Field(default_factory=list)
    text: str
    source: Source = Field(default_factory=Source)
    author: str | None = None
    published: dt.datetime | None = None  # always timezone-aware UTC when known
    published_tz: str | None = None  # the original UTC offset or zone name, e.g. "+03:00"
    language: str | None = None  # ISO 639-1
    fetched_at: dt.datetime | None = None
    origin: str | None = None  # the path/URL it was read from
    content_hash: str = ""
    copy_of: str | None = None  # id of the original when this is a near-duplicate wire copy

    @model_validator(mode="after")
    def _derive_identity(self) -> Article:
        if not self.text.strip():
            raise ValueError("article text is empty")
        if not self.title.strip():
            raise ValueError("article title is empty")
        if self.published is not None and self.published.tzinfo is None:
            raise ValueError("published must be timezone-aware (convert to UTC, keep published_tz)")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.text))
        if not self.id:
            object.__setattr__(self, "id", "art_" + self.content_hash[:16])
        return self

    def span(self, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``; raises when the span lies outside the text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} lies outside article {self.id} ({len(self.text)} chars)")
        return Evidence(article_id=self.id, start=start, end=end, text=self.text[start:end])


# --------------------------------------------------------------------------- event parts


class Actor(Record):
    """An actor as named in text, mapped to a canonical (ACLED-style) name when known."""

    name: str  # canonical name, e.g. "Military Forces of Syria"
    mention: str | None = None  # the words used, e.g. "the Assad regime"
    actor_type: ActorType | None = None
    country: str | None = None
    backers: list[str] = Field(default_factory=list)  # "Iran-backed militias" -> ["Iran"]
    known: bool = True  # False: a new name not in the actor catalogue
    evidence: Evidence | None = None

    @field_validator("name")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("actor name is empty")
        return value.strip()


class Location(Record):
    """Where an event happened; coordinates only when a gazetteer resolved the name."""

    name: str  # the place as named in text ("Saraqib", "northwestern Syria")
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: GeoPrecision | None = None
    gazetteer_id: str | None = None  # e.g. "geonames:170063"
    resolution: str | None = None  # how it was resolved ("exact", "fuzzy", "admin-fallback", "unresolved")
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> Location:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self

    @property
    def resolved(self) -> bool:
        return self.latitude is not None


class Fatalities(Record):
    """UCDP-style range. ``None`` means no figure in the text, never zero by default."""

    best: int | None = Field(default=None, ge=0)
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Fatalities:
        present = [v for v in (self.low, self.best, self.high) if v is not None]
        if present != sorted(present):
            raise ValueError(
                f"fatalities must satisfy low <= best <= high (got low={self.low}, best={self.best}, high={self.high})"
            )
        return self

    @property
    def known(self) -> bool:
        return any(v is not None for v in (self.best, self.low, self.high))

    def acled(self) -> int:
        """ACLED's single figure: the most conservative reported number, 0 when none is given."""
        return acled_fatalities(self.best, self.low)


def acled_fatalities(best: int | None, low: int | None) -> int:
    """``Fatalities.acled`` of a best and low figure."""
    if best is not None:
        return best if low is None else min(best, low)
    return low if low is not None else 0


class Claim(Record):
    """Who asserts or denies what about an event ("according to the White Helmets")."""

    by: str  # one name per source: the catalogue's for a known actor or monitor
    stance: Stance
    about: str
    evidence: Evidence | None = None
    as_written: str | None = None  # the report's own words for the source, where they differ from ``by``


class Contradiction(Record):
    """Sources disagree on a field of one event (e.g. different death tolls)."""

    field: str
    values: dict[str, Any]  # article id -> value that article reports


# --------------------------------------------------------------------------- events


class EventFields(Record):
    """The ACLED-compatible fields shared by a single report and a merged event."""

    event_type: EventType
    sub_event_type: SubEventType
    date: dt.date | None = None
    time_precision: TimePrecision = TimePrecision.MONTH
    actor1: Actor | None = None
    assoc_actors_1: list[Actor] = Field(default_factory=list)
    actor2: Actor | None = None
    assoc_actors_2: list[Actor] = Field(default_factory=list)
    location: Location | None = None
    fatalities: Fatalities = Field(default_factory=Fatalities)
    claims: list[Claim] = Field(default_factory=list)
    civilian_targeting: bool = False
    notes: str = ""

    @model_validator(mode="after")
    def _consistent_type(self) -> EventFields:
        parent = SUB_EVENT_PARENT[self.sub_event_type]
        if parent != self.event_type:
            raise ValueError(
                f"sub_event_type '{self.sub_event_type.value}' belongs to '{parent.value}', "
                f"not '{self.event_type.value}'"
            )
        return self

    def acled_row(self) -> dict[str, Any]:
        """This event (or report) as one row with ACLED's column names (see docs/schema.md)."""
        return acled_columns(self.model_dump(mode="json"))


class EventMention(EventFields):
    """One report of one incident in one article: what extraction produces."""

    id: str = ""  # derived from article id + evidence span when empty
    article_id: str
    evidence: Evidence  # the sentence (or clause) that reports the incident
    date_evidence: Evidence | None = None
    source: str | None = None  # publisher domain, copied from the article for exports
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    event_id: str | None = None  # the corroborated Event this mention belongs to

    @model_validator(mode="after")
    def _derive_id(self) -> EventMention:
        if self.evidence.article_id != self.article_id:
            raise ValueError("evidence must come from the mention's own article")
        if not self.id:
            key = f"{self.article_id}:{self.evidence.start}:{self.evidence.end}:{self.sub_event_type.value}"
            object.__setattr__(self, "id", "evm_" + hashlib.sha256(key.encode()).hexdigest()[:16])
        return self


class Event(EventFields):
    """A real-world incident: mentions merged across articles, corroborated."""

    id: str
    mention_ids: list[str] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)  # publisher domains
    independent_sources: int = Field(default=1, ge=0)  # copies of one wire story count once
    contradictions: list[Contradiction] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    source_scale: SourceScale | None = None


_INTER_CODES = {actor_type.value: actor_type.inter_code for actor_type in ActorType}


def acled_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The ACLED row of a stored EventMention or Event record (its ``model_dump(mode="json")``), read straight
    from the decoded JSON: listings and exports of many events need no model rebuilt (and revalidated) per row."""
    loc = record.get("location") or {}
    a1, a2 = record.get("actor1"), record.get("actor2")
    fatalities = record.get("fatalities") or {}
    event = "sources" in record  # an Event's outlets; a report has its one "source"
    return {
        "event_date": record.get("date"),
        "time_precision": record["time_precision"],
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "actor1": a1["name"] if a1 else None,
        "assoc_actor_1": "; ".join(a["name"] for a in record.get("assoc_actors_1", ())) or None,
        "inter1": _INTER_CODES.get(a1.get("actor_type")) if a1 else None,
        "actor2": a2["name"] if a2 else None,
        "assoc_actor_2": "; ".join(a["name"] for a in record.get("assoc_actors_2", ())) or None,
        "inter2": _INTER_CODES.get(a2.get("actor_type")) if a2 else None,
        "civilian_targeting": "Civilian targeting" if record.get("civilian_targeting") else None,
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "admin3": loc.get("admin3"),
        "location": loc.get("name"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "geo_precision": loc.get("geo_precision") or None,
        "fatalities": acled_fatalities(fatalities.get("best"), fatalities.get("low")),
        "fatalities_best": fatalities.get("best"),
        "fatalities_low": fatalities.get("low"),
        "fatalities_high": fatalities.get("high"),
        "notes": record.get("notes") or None,
        "event_id_cnty": record["id"],
        "source": ("; ".join(record.get("sources", ())) or None) if event else record.get("source"),
        "source_scale": record.get("source_scale") if event else None,
    }


# --------------------------------------------------------------------------- briefs


class Citation(Record):
    """Points a brief sentence at what supports it."""

    event_id: str | None = None
    mention_id: str | None = None
    evidence: Evidence


class BriefSentence(Record):
    text: str
    citations: list[Citation] = Field(min_length=1)  # an uncited sentence is not allowed


class BriefSection(Record):
    title: str
    sentences: list[BriefSentence] = Field(default_factory=list)


class Brief(Record):
    """A situation brief in the sample's shape; every sentence cites its evidence."""

    headline: BriefSentence | None = None  # None only for an empty selection
    lead: list[BriefSentence] = Field(default_factory=list)
    sections: list[BriefSection] = Field(default_factory=list)  # developments, casualties, claims...
    background: list[BriefSentence] = Field(default_factory=list)
    closing: BriefSentence | None = None
    sources: list[Source] = Field(default_factory=list)
    query: dict[str, Any] = Field(default_factory=dict)  # the selection the brief covers
    generated_at: dt.datetime | None = None
