"""Templates that turn a structured Event into words. Only fields of the event are used, so every
name and number in the result is in the store."""

from __future__ import annotations

from sitroom.brief.text import actor_name, capitalise, date_phrase, is_plural, join_names, place_name
from sitroom.model import Event, Fatalities, SubEventType

_S = SubEventType

# Past-tense clause per sub-event type: {a} actor1, {b} actor2, {p} place.
_WITH_ACTORS: dict[SubEventType, str] = {
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "{a} took control of {p}",
    _S.GOVERNMENT_REGAINS_TERRITORY: "{a} regained control of {p}",
    _S.NON_VIOLENT_TRANSFER_OF_TERRITORY: "{a} took over {p} without reported fighting",
    _S.ARMED_CLASH: "{a} clashed with {b} in {p}",
    _S.AIR_DRONE_STRIKE: "{a} carried out air or drone strikes on {p}",
    _S.SHELLING_ARTILLERY_MISSILE_ATTACK: "{a} shelled {p}",
    _S.REMOTE_EXPLOSIVE_LANDMINE_IED: "an explosive device attributed to {a} went off in {p}",
    _S.SUICIDE_BOMB: "a suicide bombing by {a} hit {p}",
    _S.ATTACK: "{a} attacked civilians in {p}",
    _S.ABDUCTION_FORCED_DISAPPEARANCE: "{a} abducted people in {p}",
    _S.HEADQUARTERS_OR_BASE_ESTABLISHED: "{a} established a base in {p}",
    _S.ARRESTS: "{a} made arrests in {p}",
    _S.AGREEMENT: "{a} reached an agreement concerning {p}",
    _S.PEACEFUL_PROTEST: "{a} protested in {p}",
    _S.CHANGE_TO_GROUP_ACTIVITY: "{p} saw a reported deployment or change of activity by {a}",
}
# When no actor is known.
_WITHOUT_ACTORS: dict[SubEventType, str] = {
    _S.AIR_DRONE_STRIKE: "air or drone strikes hit {p}",
    _S.SHELLING_ARTILLERY_MISSILE_ATTACK: "shelling hit {p}",
    _S.ARMED_CLASH: "armed clashes broke out in {p}",
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "{p} fell to armed groups",
    _S.REMOTE_EXPLOSIVE_LANDMINE_IED: "an explosive device went off in {p}",
}
# Present-tense headline clause.
# ({s} is the verb's singular ending: "takes" / "take").
_HEADLINE: dict[SubEventType, str] = {
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "{a} take{s} control of {p}",
    _S.GOVERNMENT_REGAINS_TERRITORY: "{a} regain{s} control of {p}",
    _S.NON_VIOLENT_TRANSFER_OF_TERRITORY: "{a} take{s} over {p}",
    _S.ARMED_CLASH: "{a} and {b} clash in {p}",
    _S.AIR_DRONE_STRIKE: "air strikes hit {p}",
    _S.SHELLING_ARTILLERY_MISSILE_ATTACK: "shelling hits {p}",
    _S.HEADQUARTERS_OR_BASE_ESTABLISHED: "{a} set{s} up in {p}",
}


def _slots(event: Event) -> dict[str, str]:
    first = actor_name(event.actor1) or ""
    return {
        "a": first,
        # the same name on both sides is an extraction slip, not a civil war inside one force
        "b": second if (second := actor_name(event.actor2)) and second != first else "opposing forces",
        "p": place_name(event.location),
        "s": "" if is_plural(first) else "s",
    }


def action(event: Event) -> str:
    """ "Hayat Tahrir al-Sham took control of Aleppo" (lower-case start allowed)."""
    slots = _slots(event)
    template = _WITH_ACTORS.get(event.sub_event_type) if slots["a"] else _WITHOUT_ACTORS.get(event.sub_event_type)
    if template is None:
        who = f" involving {slots['a']}" if slots["a"] else ""
        return f"a {event.sub_event_type.value.lower()} event{who} was reported in {slots['p']}"
    return template.format(**slots)


def has_template(event: Event) -> bool:
    """False when only the generic "a … event was reported" wording is available."""
    table = _WITH_ACTORS if event.actor1 is not None else _WITHOUT_ACTORS
    return event.sub_event_type in table


def toll_phrase(fat: Fatalities) -> str | None:
    """ "at least 25", "between 25 and 44", "30", "up to 12"; None when no figure was reported."""
    low, best, high = fat.low, fat.best, fat.high
    if low is not None and high is not None and low != high:
        return f"between {low} and {high}"
    if best is not None:
        return str(best)
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"up to {high}"
    return None


def _toll_clause(fat: Fatalities) -> str:
    """ ", with 31 people reported killed (reports range from 25 to 44)" and the like."""
    low, best, high = fat.low, fat.best, fat.high
    if best is not None and low is not None and high is not None and low != high:
        return f", with {best} people reported killed, though reports range from {low} to {high}"
    toll = toll_phrase(fat)
    if toll == "0":
        return ", with no deaths reported"
    return f", with {toll} people reported killed" if toll else ""


def conservative_toll(fat: Fatalities) -> str | None:
    """For headlines: the lowest reported figure, as "at least N" when sources go higher."""
    low = fat.low if fat.low is not None else fat.best
    if low is None:
        return toll_phrase(fat)
    higher = any(v is not None and v > low for v in (fat.best, fat.high))
    return f"at least {low}" if higher or fat.best is None else str(low)


def event_sentence(event: Event, *, with_sources: bool = True, copies: frozenset[str] = frozenset()) -> str:
    """One full sentence: date, action, toll and (optionally) who reported it; ``copies`` are
    outlets that only republished another's story (named apart, as they confirm nothing)."""
    parts = [capitalise(action(event))]
    when = date_phrase(event.date, event.time_precision)
    if when:
        parts = [capitalise(when) + ",", action(event)]
    text = " ".join(parts) + _toll_clause(event.fatalities)
    originals = [d for d in event.sources if d not in copies]
    if with_sources and originals:
        republished = [d for d in event.sources if d in copies]
        also = f"; republished by {join_names(republished)}" if republished else ""
        text += f" (reported by {join_names(originals)}{also})"
    return text + "."


def headline_clause(event: Event) -> str:
    slots = _slots(event)
    template = _HEADLINE.get(event.sub_event_type)
    usable = template is not None and not ("{a}" in template and not slots["a"])
    clause = template.format(**slots) if template and usable else action(event)
    toll = conservative_toll(event.fatalities)
    if toll and event.sub_event_type not in _TERRITORY_HEADLINES:
        clause += f", {toll} killed"
    return clause


_TERRITORY_HEADLINES = frozenset(
    {_S.NON_STATE_ACTOR_OVERTAKES_TERRITORY, _S.GOVERNMENT_REGAINS_TERRITORY, _S.NON_VIOLENT_TRANSFER_OF_TERRITORY}
)


# Noun phrases naming an incident: "the capture of Aleppo".
_LABEL: dict[SubEventType, str] = {
    _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "the capture of {p}",
    _S.GOVERNMENT_REGAINS_TERRITORY: "the government's recapture of {p}",
    _S.NON_VIOLENT_TRANSFER_OF_TERRITORY: "the handover of {p}",
    _S.ARMED_CLASH: "the clashes in {p}",
    _S.AIR_DRONE_STRIKE: "the air strikes on {p}",
    _S.SHELLING_ARTILLERY_MISSILE_ATTACK: "the shelling of {p}",
    _S.ATTACK: "the attack in {p}",
    _S.CHANGE_TO_GROUP_ACTIVITY: "the reported movements in {p}",
    _S.AGREEMENT: "the agreement concerning {p}",
    _S.ARRESTS: "the arrests in {p}",
    _S.HEADQUARTERS_OR_BASE_ESTABLISHED: "the new base in {p}",
}


def short_label(event: Event) -> str:
    """The incident as a noun phrase: "the air strikes on Idlib on 2 December 2024"."""
    when = date_phrase(event.date, event.time_precision)
    template = _LABEL.get(event.sub_event_type, "the " + event.sub_event_type.value.lower() + " in {p}")
    label = template.format(p=place_name(event.location))
    return f"{label} {when}" if when else label


def same_actor(a: Event, b: Event) -> bool:
    return a.actor1 is not None and b.actor1 is not None and a.actor1.name == b.actor1.name


def joint_territory_clause(first: Event, second: Event) -> str | None:
    """ "Hayat Tahrir al-Sham takes control of Damascus and Hama" when one actor took both places."""
    if not (same_actor(first, second) and first.sub_event_type in _TERRITORY_HEADLINES):
        return None
    if second.sub_event_type not in _TERRITORY_HEADLINES:
        return None
    slots = _slots(first)
    return f"{slots['a']} take{slots['s']} control of {slots['p']} and {place_name(second.location)}"
