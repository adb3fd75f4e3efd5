"""Who asserts or denies what in a sentence: "according to the White Helmets", "SOHR said", "Russia denied …".

``find_claims(text)`` returns one ``ClaimSpan`` per attribution: ``by`` is the source as written, lightly
normalised ("the White Helmets" -> "White Helmets", "state news agency SANA" -> "SANA"); mapping names to
canonical actors is the actor catalogue's job. ``about`` is the claimed content: the clause after "that",
the object of a denial ("denied claims of targeting civilians" -> "targeting civilians"), or the rest of
the sentence the attribution is attached to ("Twenty people were killed, SOHR said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitroom.extract.dates import CALENDAR_NAMES
from sitroom.model import Stance


@dataclass(frozen=True)
class ClaimSpan:
    """One attribution; ``text[start:end]`` covers the source and its verb (or "according to X"). ``by`` is
    the source's one name; ``written`` the report's words for it, with the acronym it defines in brackets."""

    by: str
    stance: Stance
    about: str
    start: int
    end: int
    written: str = ""


# fmt: off
_ASSERT_VERBS = [
    "said", "says", "say", "reported", "reports", "claimed", "claims", "stated", "states", "announced", "announces",
    "confirmed", "confirms", "told", "added", "alleged", "alleges", "accused", "accuses", "warned", "insisted",
    "insists", "maintained", "maintains", "asserted", "asserts", "acknowledged", "admitted", "documented",
    "estimated", "blamed", "blames", "tweeted", "wrote", "posted", "disclosed", "noted", "revealed", "explained",
    "report", "issued a statement", "released a statement",
]
_DENY_VERBS = [
    "denied", "denies", "deny", "rejected", "rejects", "reject", "dismissed", "dismisses", "refuted", "refutes",
    "disputed", "disputes", "contested", "contests", "rebuffed", "repudiated",
]
# fmt: on
_VERB_STANCE = {verb: Stance.ASSERTS for verb in _ASSERT_VERBS} | {verb: Stance.DENIES for verb in _DENY_VERBS}
_VERBS = "|".join(sorted(_VERB_STANCE, key=len, reverse=True))
_ADVERBS = (
    r"(?:(?:has|have|had|also|later|quickly|strongly|categorically|flatly|previously|swiftly|immediately|publicly|"
    r"officially|repeatedly|again|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+)*"
)
_VERB_RE = re.compile(rf"\b{_ADVERBS}(?P<verb>{_VERBS})\b")
# Present-tense forms that are also plural nouns ("rebel claims", "media reports") count as verbs only before
# a clause or an object.
_NOUN_LIKE = frozenset({"claims", "reports", "report", "states", "say"})
_VERB_FOLLOWER = re.compile(r'\s*(?:that|the|a|an|it|its|their|his|her|\d|["“:,])', re.IGNORECASE)
# "…, the media report.": a noun-like verb closing the sentence after a comma is the attribution.
_CLOSING_ATTRIBUTION = re.compile(r"\s*[.!]?\s*$")
# "The attack was claimed by IS", "… as confirmed by the army": the source follows "by".
_PASSIVE_RE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|been|as|later|also)\s+(?P<verb>claimed|reported|confirmed|documented|denied)"
    r"\s+by\s+"
)
# '"…," said the spokesman.': the source follows the verb.
# "told" is not inverted: what follows it is the listener ("Samir Haidar, 67, told AFP").
_INVERTED_RE = re.compile(r'[,"”]\s*(?P<verb>said|says|added|reported)\s+(?=[A-Z]|the\s|an?\s)')
_ACCORDING_RE = re.compile(r"\b(?:[Aa]ccording\s+to|[Cc]iting|as\s+reported\s+by|[Rr]eports?\s+from)\s+")

# Lower-case words that can be (part of) a source: roles, institutions, media.
# fmt: off
_SOURCE_WORDS = frozenset([
    "the", "state", "news", "agency", "agencies", "media", "official", "officials", "activist", "activists",
    "monitor", "monitors", "war", "group", "groups", "observatory", "rights", "human", "local", "sources", "source",
    "spokesman", "spokeswoman", "spokesperson", "police", "army", "military", "ministry", "regime", "government",
    "forces", "witnesses", "witness", "residents", "resident", "medics", "medic", "doctors", "doctor", "rescuers",
    "rescue", "workers", "hospital", "staff", "authorities", "authority", "journalists", "reporter", "reporters",
    "correspondent", "statement", "security", "intelligence", "medical", "humanitarian", "aid", "relief",
    "emergency", "emergencies", "resistance", "press", "diplomats", "diplomat", "analysts", "experts",
    "eyewitnesses", "service", "services",
    "team", "teams", "unit", "office", "centre", "center", "officer", "officers", "commander", "commanders",
    "residents'", "pro-government", "opposition", "defence", "defense", "interior", "foreign", "health", "civil",
    "rebels", "rebel", "fighters", "militants", "insurgents", "committee", "council", "coordination", "network",
    "organisation", "organization", "agency's", "un", "un's", "israeli", "syrian", "russian", "turkish", "iranian",
    "kurdish", "iraqi", "lebanese", "ukrainian",
    "militia", "militias", "alliance", "coalition", "representative", "representatives", "member", "members",
    "governor", "mayor", "head", "chief", "administration", "paramedic", "paramedics", "journalist", "outlet",
    "outlets", "politician", "leader", "leaders", "movement", "brigade", "brigades", "commission", "mission",
    "elders", "elder", "villagers", "survivors", "relatives", "locals", "nurses", "nurse", "minister", "ministers",
    "director", "chairman", "secretary", "president", "coordinator", "independent", "private", "state-run",
    "state-owned", "semi-official",
])
_CONNECTORS = frozenset({"of", "for", "and", "al", "al-", "de", "the", "in", "on", "at", "wal", "wa"})
_NOT_SOURCE = CALENDAR_NAMES | frozenset([
    "on", "in", "at", "after", "before", "meanwhile", "however", "but", "while", "when", "yesterday", "today",
    "it", "he", "she", "they", "we", "i", "you", "this", "that", "which", "who", "also", "it's", "there",
])
# fmt: on
# Abbreviations ("U.N.") are one token; any other full stop is punctuation and ends a name.
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[\w'’-]+|[^\s\w]")
_CONTENT_PREFIX = re.compile(
    r"^(?:that\s+|(?:any\s+)?(?:claims?|reports?|allegations?|accusations?|charges?|suggestions?|rumou?rs?)"
    r"\s+(?:of\s+|that\s+|about\s+)?|having\s+)+",
    re.IGNORECASE,
)
# A clause ends at a sentence stop, a bracket, or ", stressing …" / ", while …" (a new participle or clause).
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|,\s+(?:\w+ing|while|but|whereas)\b|\s+\(|$")
_TOLD_MANNER = re.compile(r"(?:\s+(?:by\s+(?:phone|telephone)|on\s+condition\s+of\s+anonymity|in\s+an\s+interview))*")
_THAT = re.compile(r"\bthat\b")
_SAYING = re.compile(r",?\s*(?:claiming|saying|stating|announcing)\s+(?:that\s+)?")
_MAX_GAP_BEFORE_THAT = 80
_LEADING_NOISE = re.compile(
    r"^(?:the|a|an|reports?\s+from|a\s+statement\s+(?:from|by)|sources\s+(?:in|at|from)|[\w-]+-based|"
    # "a representative of Kyauk Lone Gyi PDF": the organisation speaks through its people
    r"(?:representatives?|spokes(?:man|woman|person)|members?|officials?|leaders?)\s+(?:of|for)(?=\s+[A-Z]|\s+the\s))\s+",
    re.IGNORECASE,
)


# A name in title case from its first word to its last, save a final "group"/"network"-like noun.
_TITLED_NAME = re.compile(
    r"^[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|in|without|sans|al-\w+))+"
    r"(?:\s+(?:group|network|organi[sz]ation|movement|committee|service))?$"
)
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|ash|as|ar|an|bin|ibn|abu|bani|ben)-[A-Z]")


def _is_source_token(token: str) -> bool:
    lowered = token.lower()
    if lowered in _NOT_SOURCE and not (len(token) > 1 and token.isupper()):  # "WHO" is an agency, not "who"
        return False
    is_name = token[:1].isupper() or bool(_NAME_PARTICLE.match(token))
    return is_name or lowered in _SOURCE_WORDS or lowered in _CONNECTORS


def _source_before(text: str, end: int) -> tuple[int, str] | None:
    """The noun phrase ending at ``end`` that names a source ("the Syrian regime", "SOHR"), with its start."""
    window_start = max(0, end - 120)
    tokens = list(_TOKEN_RE.finditer(text, window_start, end))
    kept: list[re.Match[str]] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        # "the local resistance committee in El-Fasher": a source word before "in" names who is there
        located = (
            token.group().lower() in ("in", "at") and index > 0 and tokens[index - 1].group().lower() in _SOURCE_WORDS
        )
        # "Suwayda 24", "France 24": a number closing a name
        numbered = token.group().isdigit() and not kept and index > 0 and tokens[index - 1].group()[:1].isupper()
        if not _is_source_token(token.group()) and not (located and kept) and not numbered:
            break
        kept.append(token)
    kept.reverse()
    while kept and kept[0].group().lower() in _CONNECTORS - {"the"}:
        kept.pop(0)
    if not kept or kept[-1].group().lower() in _CONNECTORS:
        return None
    start = kept[0].start()
    return start, text[start:end].strip()


def _source_after(text: str, start: int) -> tuple[int, str] | None:
    """The noun phrase starting at ``start`` ("according to the White Helmets, …"), with its end."""
    kept: list[re.Match[str]] = []
    for token in _TOKEN_RE.finditer(text, start, min(len(text), start + 120)):
        opening_article = not kept and token.group().lower() in ("a", "an")  # "said a representative of …"
        if not _is_source_token(token.group()) and not opening_article:
            break
        kept.append(token)
    # "according to a casualty list provided by …": an article before a word that names no source is no source
    while kept and kept[-1].group().lower() in _CONNECTORS | {"a", "an"}:
        kept.pop()
    if not kept:
        return None
    end = kept[-1].end()
    return end, text[start:end]


# fmt: off
# Words that stand before a person's name and say what the person is ("Moscow Mayor Sergei Sobyanin").
_PERSON_ROLES = frozenset([
    "general", "brigadier", "colonel", "col", "lieutenant", "lt", "major", "maj", "captain", "capt", "gen",
    "sergeant", "sgt", "governor", "gov", "mayor", "president", "minister", "dr", "mr", "mrs", "ms", "sheikh",
    "commander", "senator", "sen", "rep", "spokesman", "spokeswoman", "spokesperson", "deputy", "chief", "head",
    "director", "secretary", "secretary-general", "ambassador", "envoy", "prosecutor", "official", "resident",
    "activist", "witness", "eyewitness", "doctor", "nurse", "paramedic", "medic", "journalist", "reporter",
    "correspondent", "member", "leader", "officer", "representative", "coordinator", "chairman", "legislator",
    "lawmaker", "councillor", "politician", "analyst", "researcher", "fighter", "survivor", "villager", "elder",
    "protester", "farmer", "teacher", "student", "father", "mother", "commissioner", "administrator", "premier",
])
# fmt: on
_MAX_PERSON_WORDS = 4
# "the local resistance committee in El-Fasher" is the El-Fasher local resistance committee.
_LOCATED_KIND = re.compile(
    r"^(?P<kind>(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*)\s+(?:in|at)\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})$"
)


def _person_name(words: list[str]) -> str | None:
    """The person a source phrase ends with, past their office or role: "Brigadier General Nabil Abdallah",
    "Darfur Governor Minni Minawi", "Baniyas resident Samir Haidar" -> the name, which names them everywhere."""
    for index in range(max(1, len(words) - _MAX_PERSON_WORDS), len(words) - 1):
        if words[index - 1].lower().rstrip(".") not in _PERSON_ROLES:
            continue
        tail = words[index:]
        named = all(
            (w[:1].isupper() or _NAME_PARTICLE.match(w)) and w.lower() not in _SOURCE_WORDS | _PERSON_ROLES
            for w in tail
        )
        if named:
            return " ".join(tail)
    return None


def _located_kind(name: str) -> str:
    located = _LOCATED_KIND.match(name)
    if located is None or not all(w.lower() in _SOURCE_WORDS for w in located["kind"].split()):
        return name
    return f"{located['place']} {located['kind']}"


def normalise_source(name: str) -> str:
    """One name per source: drop "the" and "reports from"; a person by their name, without office or rank;
    a kind of source by the place it is in, before it; a proper name after lower-case descriptors."""
    name = " ".join(name.split()).strip(" ,'\"’")
    name = re.sub(r"['’]s$", "", name)
    previous = None
    while previous != name:
        previous, name = name, _LEADING_NOISE.sub("", name)
    words = name.split()
    person = _person_name(words)
    if person is not None:
        return person
    name = _located_kind(name)
    words = name.split()
    if _TITLED_NAME.match(name):
        return name  # "Doctors Without Borders", "Emergency Lawyers group": a name made of source words
    # "state news agency SANA" -> "SANA": descriptors before a proper name; "Syrian state media" stays.
    for index, word in enumerate(words):
        if word.lower() not in _SOURCE_WORDS:
            is_name = word[:1].isupper() and index > 0
            return " ".join(words[index:]) if is_name else name
    return name


_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"\s*(\([A-Z][^()]{0,59}\))")


def _written(text: str, start: int, raw: str) -> str:
    """The report's words for a source found at ``start``: without a leading article, with the acronym it
    defines in brackets ("Doctors Without Borders (MSF)"), by which the report may name it afterwards."""
    name = _ARTICLE.sub("", " ".join(raw.split())).strip(" ,'\"’")
    at = text.find(raw, start)
    acronym = _ACRONYM_AFTER.match(text, at + len(raw)) if at >= 0 else None
    return f"{name} {acronym[1]}" if acronym else name


def _clause(text: str, start: int) -> str:
    end_match = _CLAUSE_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    return text[start:end].strip(' ,:"“”')


def _content_start(text: str, start: int, verb: str) -> int:
    """Where the reported content begins after the verb: past "told Reuters", "in a statement … that"."""
    if verb == "told":
        listener = _source_after(text, start + 1 if text[start : start + 1] == " " else start)
        if listener is not None:
            start = listener[0]
            manner = _TOLD_MANNER.match(text, start)
            start = manner.end() if manner else start
    participle = _SAYING.match(text, start)  # "issued a statement, claiming it had seized …"
    if participle is not None:
        return participle.end()
    clause_end = _CLAUSE_END.search(text, start)
    that = _THAT.search(text, start, clause_end.start() if clause_end else len(text))
    if that is not None and that.start() - start <= _MAX_GAP_BEFORE_THAT:
        return that.end()
    return start


def _content_after(text: str, start: int) -> str:
    clause = _clause(text, start)
    return _CONTENT_PREFIX.sub("", clause).strip()


def _content_before(text: str, end: int) -> str:
    """ "Twenty people were killed, SOHR said": the clause before the attribution, within its sentence."""
    head = text[:end].rstrip(' ,"”')
    boundary = max(head.rfind(". "), head.rfind("; "), head.rfind("? "), head.rfind("! "))
    return head[boundary + 2 if boundary >= 0 else 0 :].strip(' "“”')


_ASIDE_END = re.compile(r"\s[–—]\s*$")


def _before_aside(text: str, end: int) -> int:
    """ "The Civil Defence – first responders under the Hamas-run government – said": the source is before
    the aside between dashes."""
    closing = _ASIDE_END.search(text, max(0, end - 3), end)
    if closing is None:
        return end
    opening = max(text.rfind(" – ", 0, closing.start()), text.rfind(" — ", 0, closing.start()))
    return opening if opening >= 0 and closing.start() - opening < 120 else end


_BRACKETED_END = re.compile(r"\s*\([^()]{1,60}\)\s*$")
_FOOTNOTE_END = re.compile(r"[*†]+\s*$")
_AGE_END = re.compile(r",\s*(?:aged\s+)?\d{1,3}\s*,\s*$")


def _name_end(text: str, end: int) -> int:
    """Where the source's own words end before its verb: past an aside between dashes, an age ("Samir
    Haidar, 67, told"), a bracketed acronym ("Doctors Without Borders (MSF) said") and a footnote mark
    ("the Darfur Joint Forces* stated")."""
    end = _before_aside(text, end)
    for pattern in (_AGE_END, _BRACKETED_END, _FOOTNOTE_END):
        found = pattern.search(text, max(0, end - 70), end)
        end = found.start() if found else end
    return end


_DESCRIPTION = re.compile(
    r"\s*(?:an?|the)\s+(?!(?:[\w'’-]+\s+){0,6}(?:who|which|that)\b)(?:[\w'’-]+\s+){0,6}[\w'’-]+\s*"
)
_INCLUDING = re.compile(r"\s*(?:including|among them|such as)\s", re.IGNORECASE)
# "Three residents, speaking on condition of anonymity, told AFP": how they spoke, not who
_MANNER = re.compile(r"\s*(?:speaking|who\s+(?:spoke|asked|declined|requested))\b[^,]{0,60}")
_MAX_APPOSITIVE = 60


def _is_person_like(name: str) -> bool:
    """Title-case words none of which is a kind of source: "Vivian Achista", "Dragon Brothers Task Force"."""
    words = normalise_source(name).split()
    return bool(words) and all(w[:1].isupper() and w.lower() not in _SOURCE_WORDS for w in words[:2])


def _appositive_source(text: str, opening: int, comma: int) -> tuple[int, str] | None:
    """ "A paramedic, Vivian Achista, said", "Catherine Anene, police spokeswoman in Benue, said",
    "Local officials, including legislator Ezra Nyiyongo, said": a source and its apposition (between the
    commas at ``opening`` and ``comma``) before the verb; the name is the source, the role its description,
    and "including …" only an example of the source."""
    head = _source_before(text, _name_end(text, opening)) or _role_before(text, opening)
    if head is None or _PLACE_PREPOSITION.search(text, max(0, head[0] - 8), head[0]):
        return None  # "fighting in Homs, Hama, …": a list of places, not a source
    appositive_end = _name_end(text, comma)
    if _INCLUDING.match(text, opening + 1) or _MANNER.fullmatch(text, opening + 1, appositive_end):
        return head if head[1] else None
    appositive = _source_before(text, appositive_end)
    if appositive is None or text[opening + 1 : appositive[0]].strip():
        # "Aisha Bello, a nurse at the clinic, said": a named person and what they are
        described = _DESCRIPTION.fullmatch(text, opening + 1, appositive_end)
        return head if described and head[1] and _is_person_like(head[1]) else None
    head_is_role = not head[1] or not _is_person_like(head[1]) or head[1].split()[-1].lower() in _SOURCE_WORDS
    chosen = appositive[1] if head_is_role and _is_person_like(appositive[1]) else head[1]
    return head[0], chosen


# "A nurse, Amal Haddad, said", "The governor of the Darfur region, Mini Arko Minawi, accused": a noun after
# a determiner (with what it is "of" after "the") names the role of the person named next.
_ROLE_HEAD = re.compile(
    r"(?:^|\s)(?:(?:[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*|"
    r"[Tt]he\s+(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}[\w'’-]+)\s*$"
)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|from|to|of|into|across)\s+(?:the\s+)?$")


def _role_before(text: str, end: int) -> tuple[int, str] | None:
    role = _ROLE_HEAD.search(text, max(0, end - 70), end)
    return (role.start() + (text[role.start()] == " "), "") if role else None


def _source_of_verb(text: str, verb_start: int, verb: str) -> tuple[int, str] | None:
    end = _name_end(text, verb_start)
    before = text[:end].rstrip()
    if before.endswith(","):
        comma = len(before) - 1
        opening = text.rfind(",", max(0, comma - _MAX_APPOSITIVE), comma)
        if opening >= 0:
            appositive = _appositive_source(text, opening, comma)
            if appositive is not None:
                return appositive
        elif verb == "told":  # "Separatist spokesman Mohamed Elmaouloud, told AFP": a stray comma
            return _source_before(text, _name_end(text, comma))
    return _source_before(text, end)


def _closes_after_comma(text: str, source_start: int, verb_end: int) -> bool:
    return text[:source_start].rstrip().endswith(",") and bool(_CLOSING_ATTRIBUTION.match(text, verb_end))


def _claims_from_verbs(text: str) -> list[ClaimSpan]:
    claims = []
    for match in _VERB_RE.finditer(text):
        verb = match["verb"].lower()
        source = _source_of_verb(text, match.start(), verb)
        if source is None:
            continue
        source_start, raw_name = source
        by = normalise_source(raw_name)
        if not by:
            continue
        noun_only = not _VERB_FOLLOWER.match(text, match.end()) and not _closes_after_comma(
            text, source_start, match.end()
        )
        if verb in _NOUN_LIKE and noun_only:
            continue
        stance = _VERB_STANCE[verb]
        about = _content_after(text, _content_start(text, match.end(), verb))
        closing = text[match.end() :].lstrip()[:1] in ("", ".", ",") and not _SAYING.match(text, match.end())
        if not about or (stance is Stance.ASSERTS and closing):
            about = _content_before(text, source_start) or about
        claims.append(ClaimSpan(by, stance, about, source_start, match.end(), _written(text, source_start, raw_name)))
    return claims


_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
# "according to the Nasser, Al-Aqsa and Al-Ahli hospitals": three sources sharing one plural noun.
_SHARED_NOUN = re.compile(
    rf"(?:the\s+)?(?P<names>{_NAME}(?:,\s+{_NAME})*,?\s+and\s+{_NAME})\s+"
    r"(?P<noun>hospitals|ministries|agencies|groups|committees|organi[sz]ations|networks|councils|services)\b"
)
_SINGULAR = {"ministries": "ministry", "agencies": "agency"}


def _shared_noun_sources(text: str, start: int) -> list[tuple[int, str]]:
    match = _SHARED_NOUN.match(text, start)
    if match is None:
        return []
    noun = _SINGULAR.get(match["noun"], match["noun"].removesuffix("s"))
    names = re.split(r",?\s+and\s+|,\s+", match["names"])
    return [(match.end(), f"{name} {noun}") for name in names]


def _claims_from_according(text: str) -> list[ClaimSpan]:
    claims = []
    for match in _ACCORDING_RE.finditer(text):
        shared = _shared_noun_sources(text, match.end())
        if shared:
            about = _content_before(text, match.start())
            claims += [ClaimSpan(by, Stance.ASSERTS, about, match.start(), end, by) for end, by in shared]
            continue
        source = _source_after(text, match.end())
        if source is None:
            continue
        source_end, raw_name = source
        by = normalise_source(raw_name)
        about = _content_before(text, match.start()) or _content_after(text, source_end)
        written = _written(text, match.end(), raw_name)
        claims.append(ClaimSpan(by, Stance.ASSERTS, about, match.start(), source_end, written))
    return claims


def _claims_with_source_after(text: str) -> list[ClaimSpan]:
    claims = []
    for pattern in (_PASSIVE_RE, _INVERTED_RE):
        for match in pattern.finditer(text):
            source = _source_after(text, match.end())
            if source is None:
                continue
            source_end, raw_name = source
            by = normalise_source(raw_name)
            if not by or by.lower() in _NOT_SOURCE:
                continue
            stance = _VERB_STANCE[match["verb"].lower()]
            start = match.start("verb") if pattern is _INVERTED_RE else match.start()
            written = _written(text, match.end(), raw_name)
            claims.append(ClaimSpan(by, stance, _content_before(text, match.start()), start, source_end, written))
    return claims


def _claims_in_line(text: str) -> list[ClaimSpan]:
    found = _claims_from_according(text) + _claims_with_source_after(text) + _claims_from_verbs(text)
    return [part for claim in found for part in _each_source(claim)]


# "the rebel alliance and local sources": two sources, when the second is a plain kind of source.
_JOINT_SOURCE = re.compile(
    r",?\s+and\s+(?=(?:the\s+)?(?:local\s+|other\s+|several\s+)?(?:sources|witnesses|eyewitnesses|residents|"
    r"officials|activists|medics|monitors|media|doctors)\b)"
)


def _each_source(claim: ClaimSpan) -> list[ClaimSpan]:
    parts = [normalise_source(part) for part in _JOINT_SOURCE.split(claim.by)]
    return [replace(claim, by=part, written=part) for part in parts if part] if len(parts) > 1 else [claim]


def find_claims(text: str) -> list[ClaimSpan]:
    """Every attribution in ``text``, in order of appearance. Lines (headlines, paragraphs) never share one."""
    found: list[ClaimSpan] = []
    offset = 0
    for line in text.split("\n"):
        found += [replace(c, start=c.start + offset, end=c.end + offset) for c in _claims_in_line(line)]
        offset += len(line) + 1
    found.sort(key=lambda claim: claim.start)
    chosen: list[ClaimSpan] = []
    for claim in found:
        apart = all(claim.start >= kept.end or claim.end <= kept.start for kept in chosen)
        joint = any((claim.start, claim.end) == (kept.start, kept.end) for kept in chosen)  # "X and local sources"
        if (apart or joint) and claim not in chosen:
            chosen.append(claim)
    return chosen
