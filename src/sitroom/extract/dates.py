"""The date of an event as a sentence states it, with ACLED's time precision.

``resolve_date(text, published)`` returns the first date expression in ``text`` that names a day, a week or a
month, resolved against the publication date when it is relative ("on Saturday", "two days ago", "overnight").
A date said of the report ("the army said on Monday") and a vague "overnight" count only when the text gives no
other date; "the previous day", "two days later" count from the date before them in the same text.

Precision follows ACLED's codebook (``TimePrecision``): 1 = the day is known ("on 19 June 2022", "yesterday");
2 = within a week ("around 18 April", "last week", "between 3 and 7 June"); 3 = within a month or vaguer
("in March 2022", "early December", "last month"). Where the text gives a span, the date is its midpoint
(ACLED codes a month-only event to the 15th and a week to its middle).

Design: a fast regex path handles the common forms; ``dateparser`` is only the fallback for the rare phrases
the regexes do not know ("a fortnight ago"), because it is ~100x slower and fills a missing day silently.
Bare years ("the 2011 war", "since 2011") are never a date: they are background, not an event day.

Without a publication date a relative expression cannot be resolved: the mention comes back with
``date=None`` and precision 3 (the span still says where the words are), never a guessed date. An explicit
day without a year ("on 19 June") and no publication date takes its year from the text's own dated day when
there is one ("Around 5 April 2022, ... kidnapped on 28 March"), else is treated the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitroom.model import TimePrecision


@dataclass(frozen=True)
class DateMention:
    """A date phrase: ``text[start:end]`` are the words, ``date`` None when it could not be resolved.

    ``reported``: the date is said of the report, not of the event ("the army said on Monday").
    ``weak``: a vague time word ("overnight") used only when the text gives no other date.
    ``clause_only``: it dates only the clause it stands in ("territory it lost last year" dates the loss, not the
    air strike the sentence opens with)."""

    date: dt.date | None
    precision: TimePrecision
    start: int
    end: int
    reported: bool = False
    weak: bool = False
    clause_only: bool = False


# --------------------------------------------------------------------------- vocabulary

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTHS = {
    **_MONTH_NAMES,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# Full month and weekday names: capitalised, yet never a place, an actor or a source.
CALENDAR_NAMES = frozenset([*_MONTH_NAMES, *_WEEKDAYS])
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip

# Month names must be capitalised ("May", "March"), so the verb "may" and "march" never read as months.
_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_APPROX = r"(?P<approx>(?:[Aa]round|[Aa]bout|[Aa]pproximately|[Cc]irca|[Rr]oughly|on\s+or\s+(?:about|around))\s+)?"
_PART = r"(?P<part>(?:[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+(?:beginning|start|middle|end)\s+of)[\s-]+)"

_DAY_MONTH_YEAR = re.compile(rf"\b{_APPROX}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_APPROX}{_MONTH}\s+{_DAY}\b(?!\s*(?:%|km|people|[:.]\d))(?:,?\s+{_YEAR})?\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_NUMERIC = re.compile(r"\b(?P<first>[0-3]?\d)[/.](?P<second>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b")
# "between 3 and 5 March", "3-5 March", "from 28 June to 4 July", "the night of 5 to 6 March".
_DAY_RANGE = re.compile(
    rf"\b(?:(?:[Bb]etween|[Ff]rom|[Nn]ight\s+of)\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+(?P<month1>[A-Z][a-z]+\.?))?"
    rf"(?:\s*[-–]|\s+(?:and|to|until|till|into))|(?P<day1b>[0-3]?\d)\s*[-–])\s*{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"
)
# "between March 3 and 5", "March 3-5", "from March 28 to April 4" (month first); "March 3 and 5" is two days.
_MONTH_DAY_RANGE = re.compile(
    rf"\b(?P<lead>(?:[Bb]etween|[Ff]rom|[Nn]ight\s+of)\s+)?{_MONTH}\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?"
    rf"(?P<sep>\s*[-–]\s*|\s+(?:and|to|through|until|till|into)\s+)"
    rf"(?:(?P<month2>{_MONTH.split('>', 1)[1]}\s+)?{_DAY}\b(?!\s*(?:%|km|people|[:.]\d))(?:,?\s+{_YEAR})?\b"
)
_NIGHT_OF = re.compile(r"\b[Nn]ight\s+of\s+(?:the\s+)?$")
# "in March", "early December", "March 2022" (a capitalised month after a preposition, or with a year).
_MONTH_ONLY = re.compile(
    rf"(?:\b(?:(?:in|during|since|until|by|throughout|of)\s+)?{_PART}|\b(?:in|during|since|until|by|throughout|of)\s+"
    rf"|\b(?=[A-Z][a-z]+\.?\s+(?:19|20)\d\d\b))"
    rf"{_MONTH}(?:\s+{_YEAR})?\b(?!\s+[0-3]?\d\b)"
)
_MONTH_OF = re.compile(r"\s*\(month\s+of\)", re.IGNORECASE)

_WEEKDAY = re.compile(
    r"\b(?:(?:[Oo]n|[Ll]ast|[Tt]his\s+past|[Ll]ate|[Ee]arly)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b(?!\s*,?\s+(?:[0-3]?\d\b|January|February|March|April|May|June|"
    r"July|August|September|October|November|December))"
)
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|yesterday|last\s+night|"
    r"the\s+day\s+before\s+yesterday)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"\b(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)
_RELATIVE_SPAN = re.compile(
    r"\b(?P<word>last\s+week|(?:earlier\s+)?this\s+week|last\s+weekend|(?:over\s+)?the\s+weekend|this\s+weekend|"
    r"last\s+month|(?:earlier\s+)?this\s+month|the\s+past\s+week|the\s+past\s+month|"
    r"last\s+year|earlier\s+this\s+year|the\s+previous\s+year)\b",
    re.IGNORECASE,
)
# "overnight" in a report means the small hours of its publication day; any explicit date in the text beats it.
_OVERNIGHT = re.compile(r"\b(?:overnight|in\s+the\s+early\s+hours(?:\s+of\s+the\s+morning)?)\b", re.IGNORECASE)
# Days counted from another date of the same text ("the army said on Tuesday that gunmen attacked the previous day").
# "two days after the vote" dates the vote's relation, not a count from the date before: "before"/"after" count
# only when nothing follows them ("the day before.").
_ANCHORED = re.compile(
    r"\b(?:the\s+(?P<which>previous|following|next)\s+day|the\s+day\s+(?P<side>before|after)(?=\s*(?:[,.;)]|$))"
    r"|(?P<count>a|one|two|three|four|five|six|\d)\s+days?\s+(?P<dir>earlier|later))\b",
    re.IGNORECASE,
)
# A date right after a reporting verb dates the report ("said on Monday", "told Reuters on Sunday", "said in a
# statement late on Friday"); passive "was reported on" describes the event and is not matched.
_REPORT_VERB = re.compile(
    r"(?<!was\s)(?<!were\s)(?<!been\s)\b(?:said|says|told|reported|announced|stated|confirmed|claimed|added|tweeted|wrote)"
    r"(?:\s+(?:in\s+a\s+statement|to\s+reporters|reporters|journalists|(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?))?"
    r"(?:\s+(?:late|early))?(?:\s+on)?\s*$"
)
# dateparser is only worth its cost when the sentence holds a cue the regexes do not resolve.
_FALLBACK_CUE = re.compile(r"\b(?:fortnight|ago|th\s+of|weeks?\s+earlier|days?\s+earlier)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """A day without a year is the latest such day not after publication (a report looks back)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published + dt.timedelta(days=1):
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _midpoint(first: dt.date, last: dt.date) -> dt.date:
    return first + (last - first) // 2


def _published_day(published: dt.datetime | dt.date | None) -> dt.date | None:
    if published is None:
        return None
    return published.date() if isinstance(published, dt.datetime) else published


_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d\d):?(?P<minutes>\d\d)")


def publication_day(published: dt.datetime | None, zone: str | None = None) -> dt.date | None:
    """The publication day where the article was written: "yesterday" in a Damascus paper at 01:00 (+03:00) is
    counted from that local day, not from the UTC one (22:00 the evening before)."""
    if published is None or not zone:
        return _published_day(published)
    offset = _OFFSET.fullmatch(zone)
    if offset is not None:
        sign = -1 if offset["sign"] == "-" else 1
        delta = dt.timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"]))
        return published.astimezone(dt.timezone(sign * delta)).date()
    try:
        return published.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return _published_day(published)


# --------------------------------------------------------------------------- readers, one per form

_Reader = Callable[[re.Match[str], str, dt.date | None], DateMention | None]


def _read_day_month_year(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    month, day = _month_number(match["month"]), int(match["day"])
    if match["year"]:
        date = _safe_date(int(match["year"]), month, day)
        if date is None:
            return None
    else:
        date = _infer_year(month, day, published)
    precision = TimePrecision.WEEK if match["approx"] else TimePrecision.DAY
    if _MONTH_OF.match(text, match.end()):
        precision = TimePrecision.MONTH
    if date is None:
        precision = TimePrecision.MONTH
    return DateMention(date, precision, match.start(), match.end())


def _read_iso(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    date = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return None if date is None else DateMention(date, TimePrecision.DAY, match.start(), match.end())


def _read_numeric(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    """19/06/2022 is day-first (the international and ACLED order); 06/19/2022 can only be month-first."""
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    day, month = (second, first) if second > 12 else (first, second)
    date = _safe_date(year, month, day)
    return None if date is None else DateMention(date, TimePrecision.DAY, match.start(), match.end())


def _read_day_range(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    month, last_day = _month_number(match["month"]), int(match["day"])
    first_day = int(match["day1"] or match["day1b"])
    first_month = (
        _month_number(match["month1"]) if match["month1"] and match["month1"].lower().rstrip(".") in _MONTHS else month
    )
    return _range(match, text, (first_month, first_day), (month, last_day), published)


def _read_month_day_range(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    if not match["lead"] and match["sep"].strip() not in ("-", "–"):
        return None  # "on March 3 and 5": two days, each read on its own
    first_month = _month_number(match["month"])
    month = _month_number(match["month2"].split()[0]) if match["month2"] else first_month
    return _range(match, text, (first_month, int(match["day1"])), (month, int(match["day"])), published)


def _range(
    match: re.Match[str], text: str, first_day: tuple[int, int], last_day: tuple[int, int], published: dt.date | None
) -> DateMention | None:
    """A span of days is dated to its middle, within a week or a month; "the night of 5 to 6 March" is the 5th."""
    (first_month, first_number), (month, last_number) = first_day, last_day
    last = (
        _safe_date(int(match["year"]), month, last_number)
        if match["year"]
        else _infer_year(month, last_number, published)
    )
    if last is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end())
    year = last.year - (1 if first_month > month else 0)
    first = _safe_date(year, first_month, first_number)
    if first is None or first > last:
        return None
    if match[0].lower().startswith("night") or _NIGHT_OF.search(text, max(0, match.start() - 20), match.start()):
        return DateMention(first, TimePrecision.DAY, match.start(), match.end())  # the night began on the first
    precision = TimePrecision.WEEK if (last - first).days <= 7 else TimePrecision.MONTH
    return DateMention(_midpoint(first, last), precision, match.start(), match.end())


def _read_month_only(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    month = _month_number(match["month"])
    if match["year"]:
        year: int | None = int(match["year"])
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        year = None
    date = dt.date(year, month, 15) if year is not None else None
    return DateMention(date, TimePrecision.MONTH, match.start(), match.end())


def _read_weekday(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    if published is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end())
    back = (published.weekday() - _WEEKDAYS[match["weekday"].lower()]) % 7
    if back == 0 and match[0].lower().startswith(("last", "this past")):
        back = 7  # "last Saturday" written on a Saturday is a week ago
    return DateMention(published - dt.timedelta(days=back), TimePrecision.DAY, match.start(), match.end())


def _read_relative_day(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    if published is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end())
    word = " ".join(match["word"].lower().split())
    back = 2 if word.startswith("the day before") else 1 if word in ("yesterday", "last night") else 0
    return DateMention(published - dt.timedelta(days=back), TimePrecision.DAY, match.start(), match.end())


def _read_ago(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    count_text = match["count"].lower()
    count = int(count_text) if count_text.isdigit() else _SMALL_NUMBERS[count_text]
    unit = match["unit"].lower().rstrip("s")
    precision = {"day": TimePrecision.DAY, "week": TimePrecision.WEEK, "month": TimePrecision.MONTH}[unit]
    if published is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end())
    days = count * {"day": 1, "week": 7, "month": 30}[unit]
    return DateMention(published - dt.timedelta(days=days), precision, match.start(), match.end())


def _read_relative_span(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    word = " ".join(match["word"].lower().split())
    if word.endswith("year"):
        return _read_year_span(word, match, published)
    is_month = word.endswith("month")
    precision = TimePrecision.MONTH if is_month else TimePrecision.WEEK
    if published is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end())
    monday = published - dt.timedelta(days=published.weekday())
    if word == "last week":
        date = monday - dt.timedelta(days=5)  # the Wednesday of the previous week
    elif word.endswith("weekend"):
        date = published - dt.timedelta(days=(published.weekday() - 5) % 7)  # the latest Saturday
    elif word == "the past week":
        date = published - dt.timedelta(days=3)
    elif word.endswith("this week"):
        date = _midpoint(monday, published)
    elif word in ("last month", "the past month"):
        last_of_previous = published.replace(day=1) - dt.timedelta(days=1)
        date = last_of_previous.replace(day=15) if word == "last month" else published - dt.timedelta(days=15)
    else:  # this month
        date = published.replace(day=min(15, published.day))
    return DateMention(date, precision, match.start(), match.end())


def _read_year_span(word: str, match: re.Match[str], published: dt.date | None) -> DateMention:
    """ "last year", "earlier this year": months before the report, so its background; weak, as any day the
    sentence names is more precise ("the town, lost last year, was shelled on Monday")."""
    if published is None:
        date = None
    elif word == "earlier this year":
        date = _midpoint(
            published.replace(month=1, day=1), published - dt.timedelta(days=min(14, published.timetuple().tm_yday - 1))
        )
    else:
        date = dt.date(published.year - 1, 7, 1)
    return DateMention(date, TimePrecision.MONTH, match.start(), match.end(), weak=True, clause_only=True)


def _read_overnight(match: re.Match[str], text: str, published: dt.date | None) -> DateMention | None:
    if published is None:
        return DateMention(None, TimePrecision.MONTH, match.start(), match.end(), weak=True)
    return DateMention(published, TimePrecision.DAY, match.start(), match.end(), weak=True)


# Order matters only for equal starts: the earliest mention wins, then the longest, then this order.
# The forms that name a calendar day or month come first; the others count from the publication day.
_Readers = tuple[tuple[re.Pattern[str], _Reader], ...]
_EXPLICIT_READERS: _Readers = (
    (_DAY_RANGE, _read_day_range),
    (_MONTH_DAY_RANGE, _read_month_day_range),
    (_DAY_MONTH_YEAR, _read_day_month_year),
    (_MONTH_DAY_YEAR, _read_day_month_year),
    (_ISO, _read_iso),
    (_NUMERIC, _read_numeric),
    (_MONTH_ONLY, _read_month_only),
)
_READERS: _Readers = (
    *_EXPLICIT_READERS,
    (_RELATIVE_DAY, _read_relative_day),
    (_WEEKDAY, _read_weekday),
    (_AGO, _read_ago),
    (_RELATIVE_SPAN, _read_relative_span),
    (_OVERNIGHT, _read_overnight),
)
# Half a year: a day without a year is taken within six months of the day it is counted from.
_HALF_YEAR = dt.timedelta(days=182)


def find_dates(text: str, published: dt.datetime | dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (regex forms only), in order, overlapping ones resolved to the longest."""
    day = _published_day(published)
    chosen = _read_all(text, day, _READERS)
    if day is None and any(m.date is None for m in chosen):
        # No publication date: "on 3 April" takes the year that puts it nearest the text's own dated day
        # ("On 31 December 2021 ... on 2 January" is 2022).
        reference = next((m.date for m in chosen if m.date is not None), None)
        if reference is not None:
            again = {(m.start, m.end): m for m in _read_all(text, reference + _HALF_YEAR, _EXPLICIT_READERS)}
            chosen = [again.get((m.start, m.end), m) if m.date is None else m for m in chosen]
    chosen = _with_anchored(text, chosen)
    return [
        replace(m, reported=True) if _REPORT_VERB.search(text, max(0, m.start - 60), m.start) else m for m in chosen
    ]


def _read_all(text: str, published: dt.date | None, readers: _Readers) -> list[DateMention]:
    found: list[DateMention] = []
    for pattern, read in readers:
        for match in pattern.finditer(text):
            mention = read(match, text, published)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[DateMention] = []
    for mention in found:
        if _free(mention.start, mention.end, chosen):
            chosen.append(mention)
    return chosen


def _free(start: int, end: int, chosen: list[DateMention]) -> bool:
    return all(start >= kept.end or end <= kept.start for kept in chosen)


def _with_anchored(text: str, chosen: list[DateMention]) -> list[DateMention]:
    """Add "the previous day", "two days later": counted from the nearest earlier dated mention, else left out
    (the anchor is elsewhere in the article; guessing it from the publication date would be wrong)."""
    if all(m.date is None for m in chosen) or "day" not in text.lower():
        return chosen  # nothing to count from, or nothing counted: skip the scan
    added: list[DateMention] = []
    for match in _ANCHORED.finditer(text):
        if not _free(match.start(), match.end(), chosen):
            continue
        anchor = next((m for m in reversed(chosen) if m.end <= match.start() and m.date is not None), None)
        if anchor is None or anchor.date is None:
            continue
        count = match["count"].lower() if match["count"] else "1"
        days = int(count) if count.isdigit() else _SMALL_NUMBERS[count]
        backwards = (match["which"] or "").lower() == "previous" or (match["side"] or match["dir"] or "").lower() in (
            "before",
            "earlier",
        )
        date = anchor.date - dt.timedelta(days=days) if backwards else anchor.date + dt.timedelta(days=days)
        added.append(DateMention(date, anchor.precision, match.start(), match.end()))
    return sorted([*chosen, *added], key=lambda m: m.start) if added else chosen


def _fallback(text: str, published: dt.date | None) -> DateMention | None:
    """dateparser for the rare relative phrases the regexes do not cover; only with a publication date."""
    if published is None or not _FALLBACK_CUE.search(text):
        return None
    from dateparser.search import search_dates  # slow import, only when needed

    base = dt.datetime.combine(published, dt.time(12))
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    for phrase, value in search_dates(text, languages=["en"], settings=settings) or []:
        if not _FALLBACK_CUE.search(phrase):
            continue
        start = text.find(phrase)
        return DateMention(value.date(), TimePrecision.WEEK, start, start + len(phrase))
    return None


def latest_day(text: str) -> dt.date | None:
    """The latest exact day ``text`` names with its year ("March 24, 2025"): how recent an undated report is.
    A day named without its year ("ahead of the 26 March by-elections") may lie ahead, so it never counts."""
    days = [
        m.date
        for m in find_dates(text)
        if m.date is not None and m.precision is TimePrecision.DAY and _YEAR_WRITTEN.search(text, m.start, m.end)
    ]
    return max(days, default=None)


_YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b")


def resolve_date(text: str, published: dt.datetime | dt.date | None, start: int = 0) -> DateMention | None:
    """The date ``text[start:]`` gives for what it reports, or None when it names no day, week or month.

    The first resolved date wins, except that a date said of the report ("the ministry said on Monday") or a vague
    "overnight" is taken only when nothing better is there. ``text[:start]`` is context: the opening of the
    sentence ("On 5 March, jets struck X and [rebels shelled Y]") dates the clause when it names no date of its own,
    and anchors "two days later"."""
    mentions = find_dates(text, published)
    if mentions:
        return min(mentions, key=lambda m: (m.date is None, m.reported, m.weak, m.start < start, m.start))
    found = _fallback(text[start:], _published_day(published))
    return None if found is None else replace(found, start=found.start + start, end=found.end + start)
