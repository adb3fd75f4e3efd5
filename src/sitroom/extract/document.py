"""The document pass: what an article says about itself before any incident is read.

A dateline ("BANGKOK: …", "CAIRO (AP) — …", "KHARTOUM, Oct 29 (Reuters) - …", "December 1, 2024 (EL FASHER) — …")
names where the reporter filed from, not where anything happened and never who acted; wire copy carries it
at the start of the body, which may follow a headline and a summary line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.extract.triggers import opens_before_any_incident

# How far into the text a dateline may open (a headline and a summary line or two come first).
DATELINE_WITHIN_CHARS = 700
DATELINE_LINES = 6

_CAPS_PLACE = r"[A-Z][A-Z'’.-]{2,}(?:[ /-][A-Z][A-Z'’.-]+)*"
_COUNTRY_AFTER = r"(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=\s*\())?"
_MONTH_DAY = r",\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?\.?"
_AGENCY = r"\s*\([^()\n]{2,30}\)"
_SLASHED_AGENCY = r"\s*/[A-Z][A-Za-z-]+/\.?"
_SEPARATOR = r"\s*(?:[—–-]{1,2}|:)"
_SHORT_DATE = r"(?:\(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\)\s*)?"

# "BANGKOK:", "CAIRO (AP) —", "TBILISI, November 30. /TASS/.", "MOGADISHU (Halqabsi News) —": a capitalised
# place with at least one sign of a dateline (an agency, a separator) right after it.
_CAPS_DATELINE = re.compile(
    rf"{_SHORT_DATE}{_CAPS_PLACE}{_COUNTRY_AFTER}(?:{_MONTH_DAY})?(?:(?:{_AGENCY}|{_SLASHED_AGENCY})+(?:{_SEPARATOR})?|{_SEPARATOR})\s"
)
# "December 1, 2024 (EL FASHER) —": a date, then the place in capitals in brackets.
_BRACKETED_PLACE = re.compile(r"[^\n()]{0,40}\(\s*[A-Z][A-Z .'’-]{2,30}\)\s*[—–-]{1,2}\s")
# "Thursday, January 19, 2023: Jowhar (AX) –": a date, then a place and its agency's initials.
_DATED_PLACE = re.compile(r"[^\n:]{0,40}:\s*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\s*\([A-Z]{2,6}\)\s*[—–-]{1,2}\s")


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int

    def covers(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening one of the first lines of ``text``, if any."""
    offset = 0
    for line in text[:DATELINE_WITHIN_CHARS].split("\n")[:DATELINE_LINES]:
        lead = len(line) - len(line.lstrip())
        for pattern in (_CAPS_DATELINE, _BRACKETED_PLACE, _DATED_PLACE):
            found = pattern.match(line, lead)
            if found is not None:
                return Dateline(offset + lead, offset + found.end())
        offset += len(line) + 1
    return None


def paragraph_around(text: str, start: int, end: int) -> str:
    """The paragraph (the line) of ``text`` that holds ``text[start:end]``."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first : last if last >= 0 else len(text)]


# --------------------------------------------------------------------------- news or background

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A toll or a state of affairs counted from the start of a war, a coup, a year or a month: a cumulative figure
# or a history, not an incident of this report ("has killed more than 40,000 since the war began").
# A war's running toll ("Israel's offensive has killed more than 40,000 people"): a count, not an incident.
_RUNNING_TOLL = re.compile(
    r"\b(?:war|offensive|campaign|conflict|fighting|violence|insurgency)\s+(?:has|have)\s+(?:\w+\s+)?"
    r"(?:killed|left|claimed)\b",
    re.IGNORECASE,
)
_COUNTED_SINCE = re.compile(
    r"\bsince\s+(?:(?:the|a|an|its|their|this)\s+)?(?:[\w-]+\s+)?(?:war|conflict|coup|start|beginning|outbreak|"
    r"invasion|uprising|revolution|offensive|administration|fighting|October 7|it began)",
    re.IGNORECASE,
)
# Time far from the report: last month or year, this year's earlier months, weeks ago.
_LONG_AGO = re.compile(
    rf"\b(?:last (?:month|year)|earlier this (?:month|year)|(?:weeks|months|years) (?:ago|earlier)|"
    rf"in {_MONTH} (?:this|last) year|(?:early|mid|late)[- ]{_MONTH}\b|this year|last year)\b",
    re.IGNORECASE,
)
# A span of weeks or more: whatever happened in it is a tally, wherever the phrase stands.
_OVER_A_PERIOD = re.compile(
    r"\b(?:in (?:the )?recent (?:weeks|months)|(?:over|in) the (?:past|last) (?:few )?(?:weeks|months|years))\b",
    re.IGNORECASE,
)
# A day's tally of incidents ("over the previous 24 hours, Russia had carried out 27 airstrikes … and about 80
# attacks", "46 combat clashes took place"): a count of many incidents, none of them told.
_LAST_DAYS = re.compile(
    r"\b(?:over|in|during|within) the (?:previous|past|last) (?:24 hours|day|\d+ hours|\w+ days)\b", re.I
)
_INCIDENTS_COUNTED = re.compile(
    r"\b\d+\s+(?:[\w-]+\s+)?(?:air ?strikes|strikes|attacks|clashes|assaults|raids|bombardments|engagements)\b",
    re.IGNORECASE,
)
_MANY_INCIDENTS = re.compile(
    r"\b(?:attacks|air ?strikes|strikes|raids|clashes|assaults|bombardments|ambushes|abductions|kidnappings)\b",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"\b(?:killed|dead|died|deaths|displaced|fled|wounded|injured|arrested|detained)\b", re.I)
# What marks a sentence as today's news after all ("on Sunday", "overnight").
_RECENT = re.compile(
    r"\b(?:today|tonight|yesterday|overnight|this (?:week|morning|afternoon|evening)|last night|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",  # a day of the week: a dated report
    re.IGNORECASE,
)
_WAR_STARTED = re.compile(r"\b(?:war|conflict|uprising|civil war|revolution)\s+(?:began|started|erupted|broke out)\b")
# Generic statements and what a party has not said: no incident happened in them.
_NO_INCIDENT = re.compile(
    r"\b(?:(?:are|is) (?:common|frequent|routine|commonplace)|"
    r"(?:regularly|routinely|usually|typically) [a-z]+|has not (?:issued|commented|confirmed|responded)|"
    r"have not (?:issued|commented|confirmed|responded)|did not (?:respond|answer|comment)|"
    r"could not be reached|tried to (?:telephone|call|contact|reach)|for comment|no (?:immediate )?comment)\b",
    re.IGNORECASE,
)


def tells_no_news(sentence: str) -> bool:
    """Whether a sentence is background or commentary rather than a new incident: a cumulative toll or a
    history counted "since" a war, a coup or a date; time far from the report ("last month", "in January
    this year") with nothing recent; how the war began; a generic statement ("such attacks are common") or
    what a party did not say ("has not issued a statement on the attack"); a day's count of incidents."""
    if _NO_INCIDENT.search(sentence) or _WAR_STARTED.search(sentence) or _COUNTED_SINCE.search(sentence):
        return True
    # "has increased attacks on military targets in recent months": many incidents over weeks, none of them told
    over_time = _COUNTED.search(sentence) or _MANY_INCIDENTS.search(sentence)
    tally = _OVER_A_PERIOD.search(sentence) and over_time and not _RECENT.search(sentence)
    if _RUNNING_TOLL.search(sentence) or tally:
        return True
    if _LAST_DAYS.search(sentence) and _INCIDENTS_COUNTED.search(sentence):
        return True
    # A time cue after the incident word is an aside ("protesters opposed the war, which began last year").
    return opens_before_any_incident(_LONG_AGO, sentence) and not _RECENT.search(sentence)


# --------------------------------------------------------------------------- photo captions

# A photo caption describes a scene in the present tense ("A soldier carries rockets as his team prepares to
# fire", "People gather by the rubble at the site of a reported strike"): what the photo shows, told in the
# report's text, is no incident of its own; news is told in the past or the present perfect.
_CAPTION = re.compile(
    r"^[\"“]?(?:[A-Z][\w'’-]*|[Aa]n?|[Tt]he)(?:\s+[\w'’()-]+){0,14}?\s+"
    r"(?:walks?\s+(?:past|by|through|along|amid|near|among)|carr(?:y|ies)|gathers?\s+(?:at|by|around|near|outside|"
    r"in front)|looks?\s+on|sits?|mourns?|inspects?|reacts?|prays?|rides?|sifts?\s+through|"
    r"search(?:es)?\s+(?:for|through)|gestures?|salutes?|waits?|stands?\s+(?:by|near|next|amid|in front|guard|"
    r"outside|on|atop|among))\b"
)


def is_caption(sentence: str) -> bool:
    """Whether a sentence of a whole report is a photo caption: a scene told in the present tense."""
    return bool(_CAPTION.match(sentence.strip()))
