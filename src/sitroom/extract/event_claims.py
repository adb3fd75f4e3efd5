"""Claims attached to an event: who said, claimed or denied what about it, each source under one name.

Finding the claims in a sentence is ``claims.find_claims``; this module picks those about an incident and
names their sources, and attaches a party's denial anywhere in the report to the events it took part in.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Span

from sitroom.extract.actors import ACTOR_LABEL
from sitroom.extract.claims import find_claims
from sitroom.extract.context import Context
from sitroom.extract.nlp import doc_text
from sitroom.extract.segments import Segment
from sitroom.extract.triggers import find_triggers, is_attribution, is_background
from sitroom.model import ActorType, Claim, EventMention, Stance


def incident_claims(ctx: Context, segment: Segment, sentences: list[Span]) -> list[Claim]:
    """Claims in the event's sentence and its neighbours (a denial or a claim of responsibility often
    follows the report)."""
    index = next(i for i, s in enumerate(sentences) if s.start_char == segment.sentence.start_char)
    claims: list[Claim] = []
    for neighbour in sentences[max(0, index - 1) : index + 2]:
        about_this = neighbour is segment.sentence or is_attribution(
            doc_text(neighbour.doc)[neighbour.start_char : neighbour.end_char]
        )
        for claim in _sentence_claims(ctx, neighbour):
            if not about_this and claim.stance is Stance.ASSERTS:
                continue  # a neighbour's assertion is usually about its own fact
            claims.append(claim)
    for later in segment.continuations:  # "The local resistance committee reported that shelling struck the camp"
        if later.sentence is not segment.sentence:
            claims += [c for c in _sentence_claims(ctx, later.sentence) if c not in claims]
    if not any(c.stance is Stance.ASSERTS for c in claims):
        claims += _paragraph_sources(ctx, sentences, index)
    return claims


PARAGRAPH_SOURCE_SENTENCES = 2  # how far an unsourced incident looks in its paragraph for who reports it


def _paragraph_sources(ctx: Context, sentences: list[Span], index: int) -> list[Claim]:
    """An incident told without a source is reported by whoever the paragraph quotes next to it ("Six
    were shot dead in Pacot. The rights network said the gang attacked first."): a paragraph is one
    reporter's account (but see ``claims_told_elsewhere``)."""
    text, found = ctx.article.text, []
    low, high = max(0, index - PARAGRAPH_SOURCE_SENTENCES), min(len(sentences), index + PARAGRAPH_SOURCE_SENTENCES + 1)
    for other in sentences[low:high]:
        start, end = sorted((other.start_char, sentences[index].start_char))
        if other is sentences[index] or "\n" in text[start:end]:
            continue  # another paragraph: another account
        found += [c for c in _sentence_claims(ctx, other) if c.stance is Stance.ASSERTS and c not in found]
    return found


def claims_told_elsewhere(mentions: list[EventMention], ctx: Context, sentences: list[Span]) -> list[EventMention]:
    """A claim borrowed from a sentence that tells another incident at another place is that incident's
    ("Russia's defence ministry said it downed 95 drones over Moscow" is no source of strikes on Kyiv)."""
    result = []
    for mention in mentions:
        own = _sentence_of(sentences, mention.evidence.start)
        kept = [c for c in mention.claims if not _told_elsewhere(sentences, c, own, mention, mentions)]
        result.append(mention.model_copy(update={"claims": kept}) if len(kept) < len(mention.claims) else mention)
    return result


def _told_elsewhere(
    sentences: list[Span], claim: Claim, own: Span | None, mention: EventMention, mentions: list[EventMention]
) -> bool:
    if claim.evidence is None or claim.stance is not Stance.ASSERTS:
        return False
    sent = _sentence_of(sentences, claim.evidence.start)
    if sent is None or sent is own or _place_named(mention, f" {_plain(sent.text)} "):
        return False  # its own sentence, or one naming its place too ("ten in X, nine in Y, hospitals said")
    return any(sent.start_char <= m.evidence.start < sent.end_char and _elsewhere(m, mention) for m in mentions)


def _sentence_of(sentences: list[Span], at: int) -> Span | None:
    return next((s for s in sentences if s.start_char <= at < s.end_char), None)


def _sentence_claims(ctx: Context, sent: Span) -> list[Claim]:
    cached = ctx.claims_by_sentence.get(sent.start_char)
    if cached is not None:
        return cached
    result: list[Claim] = []
    for span in find_claims(sent.text):
        by = _source_name(ctx, span.by, sent.start_char)
        start, end = sent.start_char + span.start, sent.start_char + span.end
        # the report's words ("Houthi rebels", "Doctors Without Borders (MSF)") beside the one name for the source
        written = span.written if span.written and span.written.casefold() != by.casefold() else None
        evidence = ctx.article.span(start, end)
        result.append(Claim(by=by, stance=span.stance, about=span.about, evidence=evidence, as_written=written))
    ctx.claims_by_sentence[sent.start_char] = result
    return result


_NAMED = re.compile(r"[A-Z]")
_MINISTRY = re.compile(r"\bministr(?:y|ies)\b", re.IGNORECASE)
# "the group said", "the militia said": the organisation the report last named
_GROUP_WORD = re.compile(
    r"(?:armed\s+|rebel\s+|militant\s+|jihadist\s+|insurgent\s+)?(?:group|militia|rebels|rebel alliance|movement|"
    r"insurgents|militants|alliance|coalition)",
    re.IGNORECASE,
)
_NON_STATE = {ActorType.REBEL_GROUP, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA}


def _source_name(ctx: Context, written: str, sentence_start: int) -> str:
    """One name per source: the catalogue's for a known actor, its own for a ministry ("Russian defence
    ministry", not the whole government), the group last named for "the group"."""
    if _GROUP_WORD.fullmatch(written):
        return _last_named_group(ctx, sentence_start) or written
    resolved = ctx.catalogue.lookup(written, ctx.country)
    if resolved is None or (_MINISTRY.search(written) and resolved.name.startswith("Government of")):
        return written  # "Russian defence ministry", not the whole government
    if resolved.entry.role == "source":
        return resolved.name  # a monitor or an agency: one name for "SOHR" and "the Syrian Observatory"
    state = resolved.name.startswith(("Military Forces", "Government of"))
    if resolved.entry.generic and state and resolved.country:
        return ctx.catalogue.government_of(resolved.country)  # the regime speaks as its government
    if resolved.entry.generic and _NAMED.search(written):
        return written  # "El Fasher Resistance Committees": a kind the report names by its own name
    return resolved.name  # parties answer under the name their denials are matched by (``attach_denials``)


def _last_named_group(ctx: Context, at: int) -> str | None:
    """The non-state armed group the report names last before ``at``, else the next one it names soon after
    ("…on a rebel position, the militia said. The attack was near an office held by a PDF")."""
    groups = [e for e in ctx.doc.ents if e.label_ == ACTOR_LABEL]
    before = reversed([e for e in groups if e.end_char <= at])
    after = [e for e in groups if at <= e.start_char < at + GROUP_NAMED_AFTER_CHARS]
    for ent in [*before, *after]:
        resolved = ctx.catalogue.resolve_id(ent.ent_id_, ctx.country)
        if resolved is not None and resolved.actor_type in _NON_STATE and not resolved.entry.generic:
            return ent.text
    return None


GROUP_NAMED_AFTER_CHARS = 600


def attach_denials(mentions: list[EventMention], ctx: Context, sentences: list[Span]) -> list[EventMention]:
    """A party's denial anywhere in the article ("the regime has denied targeting civilians") belongs to
    the events that party took part in; so does, first, a claim told later about one incident
    (``claims_told_later``), its source named as the report named it before (``name_references``), and
    none that another incident's sentence told about that one (``claims_told_elsewhere``)."""
    mentions = name_references(mentions, ctx, sentences)
    mentions = claims_told_elsewhere(mentions, ctx, sentences)
    mentions = claims_told_later(mentions, ctx, sentences)
    denials = [c for sent in sentences for c in _sentence_claims(ctx, sent) if c.stance is Stance.DENIES]
    result: list[EventMention] = []
    for mention in mentions:
        parties = _party_names(mention)
        extra = [c for c in denials if c.by in parties and all(c.evidence != d.evidence for d in mention.claims)]
        result.append(mention.model_copy(update={"claims": [*mention.claims, *extra]}) if extra else mention)
    return result


def _party_names(mention: EventMention) -> set[str]:
    """The acting side (a denial comes from the alleged perpetrator), a military also answering as its
    government."""
    actors = [mention.actor1, *mention.assoc_actors_1]
    names = {a.name for a in actors if a is not None}
    return names | {n.replace("Military Forces of", "Government of", 1) for n in names}


# "Police blamed the attack on a militia gang", "the bodies were taken from the scene": the incident told before
_REFERENCE = re.compile(
    r"\b(?:the|this)\s+(?:[\w-]+\s+){0,2}(?:attack|strike|airstrike|air strike|raid|assault|bombing|"
    r"bombardment|shelling|explosion|blast|ambush|incident|clash|killing|massacre|drone|scene)(?:s|es)?\b",
    re.IGNORECASE,
)
REFERENCE_CHARS = 1500  # how far after an incident "the attack" still points back at it
# "The governor accused the RSF of targeting Zamzam camp residents": an accusation is about an incident
_ACCUSATION = re.compile(r"\b(?:accus|blam|condemn)\w*", re.IGNORECASE)


def claims_told_later(mentions: list[EventMention], ctx: Context, sentences: list[Span]) -> list[EventMention]:
    """A claim in a sentence of its own about one incident of the report belongs to it: the sentence names
    the incident's place ("A resident of Nyaung Kone also said ten had been killed") or points back at the
    incident told last ("Another official accused the army of killing 10 in the attack"). A sentence that is
    itself an incident's evidence keeps its claims for that incident; history is about no incident."""
    told = {m.evidence.start for m in mentions}
    added: dict[int, list[Claim]] = {}
    for sent in sentences:
        claims = _sentence_claims(ctx, sent)
        if not claims or any(sent.start_char <= at < sent.end_char for at in told):
            continue
        if is_background(sent.text, None):
            continue
        target = _incident_told_in(mentions, sent)
        if target is not None:
            added.setdefault(target, []).extend(claims)
    return [_with_claims(m, added.get(i, [])) for i, m in enumerate(mentions)]


def _incident_told_in(mentions: list[EventMention], sent: Span) -> int | None:
    """The one incident whose place the sentence names (the latest told before it, if several are there),
    else the incident told last before a sentence that points back at one."""
    words = f" {_plain(sent.text)} "
    # a place named with no incident word ("schools in Latakia stay shut") is not about the incident there
    about_an_incident = find_triggers(sent.text) or _ACCUSATION.search(sent.text)
    named = [i for i, m in enumerate(mentions) if _place_named(m, words)] if about_an_incident else []
    if len({mentions[i].location.name for i in named if mentions[i].location}) == 1:
        before = [i for i in named if mentions[i].evidence.start < sent.start_char]
        return _latest(mentions, before) if before else min(named, key=lambda i: mentions[i].evidence.start)
    if named or not _REFERENCE.search(sent.text):
        return None  # several places: no one incident; no place: only a pointer back names one
    before = [
        i for i, m in enumerate(mentions) if sent.start_char - REFERENCE_CHARS < m.evidence.end <= sent.start_char
    ]
    return _latest(mentions, before) if before else None


def _elsewhere(mention: EventMention, other: EventMention) -> bool:
    """Whether two incidents are told at two different places."""
    places = [m.location.name for m in (mention, other) if m.location is not None]
    return len(places) == 2 and places[0] != places[1]


def _latest(mentions: list[EventMention], indexes: list[int]) -> int:
    return max(indexes, key=lambda i: mentions[i].evidence.start)


def _place_named(mention: EventMention, words: str) -> bool:
    """Whether the incident's place (not its whole country) is named in ``words`` (plain, padded)."""
    location = mention.location
    if location is None or location.name == location.country:
        return False
    names = {location.name, *location.name.split(" - ")}
    if location.evidence is not None:
        names.add(location.evidence.text)
    return any(f" {_plain(name)} " in words for name in names if _plain(name))


def _plain(text: str) -> str:
    """Lower case without accents or punctuation: "Pétionville" is written "Petionville" too."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def _with_claims(mention: EventMention, claims: list[Claim]) -> EventMention:
    """The mention with the claims it lacks: a source once per stance, as merged reports keep them."""
    sources = {(c.by, c.stance) for c in mention.claims}
    spans = {(c.evidence.start, c.evidence.end) for c in mention.claims if c.evidence}
    new: list[Claim] = []
    for claim in claims:
        span = (claim.evidence.start, claim.evidence.end) if claim.evidence else None
        if (claim.by, claim.stance) not in sources and span not in spans:
            new.append(claim)
            sources.add((claim.by, claim.stance))
    return mention.model_copy(update={"claims": [*mention.claims, *new]}) if new else mention


# "The news agency later reported", "…, the statement says": a source named by its kind alone, after "the"
_KIND_ONLY = re.compile(
    r"^(?:[Aa]ccording\s+to\s+)?[Tt]he\s+(?P<kind>(?:[a-z][\w'’-]*\s+){0,2}?"
    r"(?:news\s+agency|agency|ministry|monitor|observatory|committee|organi[sz]ation|network|statement|"
    # then only its verb and adverbs ("the ministry also announced"), not "of health" naming which one
    r"office|council|commission|mission))(?:[\s,:]+(?!of\b|for\b|in\b)[a-z]+){0,4}\s*$",
)


def name_references(mentions: list[EventMention], ctx: Context, sentences: list[Span]) -> list[EventMention]:
    """One name per source: "the news agency" is the agency the report named last ("the official Sana news
    agency"), "the statement" the source whose statement it quoted last."""
    renamed: dict[tuple[int, int], Claim] = {}
    named: list[Claim] = []
    for sent in sentences:
        claims = _sentence_claims(ctx, sent)
        for index, claim in enumerate(claims):
            earlier = _referent(claim, named)
            if earlier is not None and claim.evidence is not None:
                update = {"by": earlier.by, "as_written": claim.as_written or claim.by}
                claims[index] = renamed[(claim.evidence.start, claim.evidence.end)] = claim.model_copy(update=update)
            named.append(claims[index])
    return [_renamed(m, renamed) for m in mentions] if renamed else mentions


def _referent(claim: Claim, named: list[Claim]) -> Claim | None:
    kind = _KIND_ONLY.match(claim.evidence.text) if claim.evidence is not None else None
    if kind is None or _NAMED.search(claim.by):
        return None
    phrase = " ".join(kind["kind"].lower().split())  # "the health ministry" is no "defence ministry"
    for earlier in reversed(named):
        words = f"{earlier.by} {earlier.as_written or ''}".lower()
        if earlier.by != claim.by and (phrase.endswith("statement") or phrase in words):
            return earlier
    return None


def _renamed(mention: EventMention, renamed: dict[tuple[int, int], Claim]) -> EventMention:
    claims = [renamed.get((c.evidence.start, c.evidence.end), c) if c.evidence else c for c in mention.claims]
    return mention.model_copy(update={"claims": claims}) if claims != mention.claims else mention
