"""The ACLED sub-event type of each candidate segment, before anyone acting is known.

The classifier's label (or a strong trigger's usual sub-type where it said "none"), reconciled with the
trigger words where it is unsure and checked against the codebook's rules for how a demonstration, an
arrest, a territorial change or a remote attack went (``demonstrations``, ``codebook``).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from sitroom.extract import dates
from sitroom.extract.classify import SentenceClassifier
from sitroom.extract.codebook import (
    fought_over,
    moved_not_transferred,
    one_sided_or_clash,
    refine_arrest,
    suicide_or_not,
    taken_without_a_fight,
    tells_an_accident,
)
from sitroom.extract.demonstrations import DEMONSTRATION_TYPES, refine_demonstration
from sitroom.extract.document import paragraph_around
from sitroom.extract.nlp import doc_text
from sitroom.extract.segments import Segment
from sitroom.extract.triggers import KIND_DEFAULT, SECONDARY, Kind, Trigger, admits, without_grievances
from sitroom.model import EventType, SubEventType

# The usual sub-type of a strong trigger's family (territory is refined by who takes it).
STRONG_DEFAULT: dict[Kind, SubEventType] = {
    Kind.TERRITORY: SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
    Kind.AIR: SubEventType.AIR_DRONE_STRIKE,
    Kind.SHELL: SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
    Kind.ABDUCT: SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    Kind.EXPLOSIVE: SubEventType.SUICIDE_BOMB,
    Kind.CLASH: SubEventType.ARMED_CLASH,
}
FALLBACK_SCORE = 0.3


# A classifier at least this sure outweighs the trigger words (``reconcile``): "losses in raids by the army's
# choppers" is an air strike, not arrests; fighters who "mobilized alongside the uprising forces" are no riot.
RECONCILE_BELOW = 0.75


def classify_segments(classifier: SentenceClassifier, segments: list[Segment]) -> None:
    """Set each segment's sub-event type and score (none where it reports no incident)."""
    texts = [doc_text(seg.sentence.doc)[seg.start : seg.end] for seg in segments]
    for segment, result in zip(segments, classifier.classify(texts), strict=True):
        segment.sub_event, segment.score = result.sub_event_type, result.score
        if segment.sub_event is SubEventType.CHEMICAL_WEAPON and tells_an_accident(_paragraph(segment.sentence)):
            segment.sub_event = None  # a leak or a pesticide accident: no one used a weapon
        strong = next((t for t in segment.triggers if t.strong), None)
        if segment.sub_event is None and strong is not None:
            segment.sub_event, segment.score, segment.fallback = STRONG_DEFAULT[strong.kind], FALLBACK_SCORE, True
        elif segment.sub_event is not None:
            segment.sub_event = _by_the_codebook(segment, segment.sub_event)


def _paragraph(sent: Span) -> str:
    """The paragraph ``sent`` is in: what an incident is about (a gas leak) may be said sentences before it."""
    return paragraph_around(doc_text(sent.doc), sent.start_char, sent.end_char)


def _sentence_and_after(sent: Span, limit: int = 2) -> str:
    """The sentence and up to ``limit`` more of its paragraph: how a demonstration or an arrest went is often
    told right after it ("Hundreds rallied in X. Police fired tear gas to disperse them."). A sentence that
    opens another report ("On 5 May, …", "Elsewhere, …") ends the reading."""
    doc, text = sent.doc, doc_text(sent.doc)
    last = sent
    for _ in range(limit):
        if last.end >= len(doc):
            break
        following = doc[last.end].sent
        if "\n" in text[last.end_char : following.end_char].rstrip() or _opens_new_report(text, following.start_char):
            break
        last = following
    return text[sent.start_char : last.end_char]


_ELSEWHERE = re.compile(r"\s*(?:elsewhere|meanwhile|separately|in (?:a |an )?(?:separate|another|other)\b)", re.I)


def _opens_new_report(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` begins another report: a word that moves elsewhere, or a date of its own
    in its first words ("On 6 May, …")."""
    if _ELSEWHERE.match(text, start):
        return True
    head = text[start : start + 30]
    return any(m.start < 8 for m in dates.find_dates(head))


def _by_the_codebook(segment: Segment, label: SubEventType) -> SubEventType:
    """The classifier's label checked against the segment's incident words and the codebook's rules for how a
    demonstration, an arrest, a territorial change or a remote attack went (read from the sentences after it)."""
    if segment.score < RECONCILE_BELOW:
        label = reconcile(label, without_grievances(doc_text(segment.sentence.doc), segment.triggers, segment.start))
    if label in DEMONSTRATION_TYPES:
        return refine_demonstration(label, _sentence_and_after(segment.sentence))
    if label is SubEventType.ARRESTS:
        return refine_arrest(label, _sentence_and_after(segment.sentence))
    if label.event_type is EventType.BATTLES:
        told = _sentence_and_after(segment.sentence, limit=1)
        return taken_without_a_fight(fought_over(label, told), told)
    if label is SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY:
        return moved_not_transferred(label, _sentence_and_after(segment.sentence, limit=1))
    if label.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        label = _weapon_named(label, segment.triggers)
        told = _sentence_and_after(segment.sentence, limit=1)
        length = segment.sentence.end_char - segment.sentence.start_char
        sentence, following = told[:length], told[length:]
        return one_sided_or_clash(suicide_or_not(label, sentence), sentence, following)
    return label


def _weapon_named(label: SubEventType, triggers: list[Trigger]) -> SubEventType:
    """ACLED's Grenade is a grenade thrown: with no grenade named and bombs dropped from the air or shells
    fired, the incident is that air strike or shelling."""
    if label is not SubEventType.GRENADE or any("grenade" in t.text.lower() for t in triggers):
        return label
    remote = next((t.kind for t in triggers if t.kind in {Kind.AIR, Kind.SHELL}), None)
    return KIND_DEFAULT[remote] if remote is not None else label


def reconcile(label: SubEventType, triggers: list[Trigger]) -> SubEventType:
    """The classifier's label unless it contradicts every incident word in the segment ("warplanes
    pounded Idlib, killing 25" is no Agreement): then the first trigger family's usual sub-type. Applied only
    where the classifier is unsure (below RECONCILE_BELOW): a trigger word is a hint, not a reading."""
    primary = [t.kind for t in triggers if t.kind not in SECONDARY]
    if not primary or any(admits(kind, label) for kind in primary):
        return label
    return KIND_DEFAULT[primary[0]]
