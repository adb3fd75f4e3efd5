"""Claims that belong to an incident though told in a sentence of their own, and sources named by their kind."""

from __future__ import annotations

import datetime as dt

from sitroom.model import EventMention

PUBLISHED = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)

# Written for these tests: two incidents in two towns, then what sources said about each.
TWO_TOWNS = (
    "Gunmen attacked the village of Kafr Tala on Monday, killing nine farmers.\n"
    "In a separate incident, an air strike hit a market in Ras Hilal on Monday evening, killing four people.\n"
    "The region has seen months of unrest between rival militias.\n"
    "A resident of Kafr Tala, Omar Nasser, said the dead were buried on Tuesday.\n"
    "Officials in Ras Hilal said schools would stay closed until further notice.\n"
    "Local doctors said most of the victims of the strike were women."
)


def _sources(mentions: list[EventMention], place: str) -> set[str]:
    return {c.by for m in mentions if m.location and m.location.name == place for c in m.claims}


def test_a_claim_naming_an_incidents_place_belongs_to_that_incident_only(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(TWO_TOWNS, PUBLISHED)
    assert "Omar Nasser" in _sources(mentions, "Kafr Tala")
    assert "Omar Nasser" not in _sources(mentions, "Ras Hilal")


def test_a_place_named_without_an_incident_word_attaches_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(TWO_TOWNS, PUBLISHED)
    assert not any("Ras Hilal officials" in _sources(mentions, place) for place in ("Kafr Tala", "Ras Hilal"))


def test_a_claim_pointing_back_at_the_incident_belongs_to_the_one_told_last(extract) -> None:  # type: ignore[no-untyped-def]
    mentions = extract(TWO_TOWNS, PUBLISHED)
    doctors = {m.location.name for m in mentions if m.location and any(c.by == "Local doctors" for c in m.claims)}
    assert doctors == {"Ras Hilal"}


def test_a_source_named_by_its_kind_is_the_one_of_that_kind_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The official Lumo news agency reported that troops had deployed to the coast.\n"
        "The health ministry said hospitals were overwhelmed.\n"
        "The news agency later reported that gunmen ambushed an army patrol in Dabo, killing two soldiers.\n"
        "The defence ministry said the attackers had fled."
    )
    claims = [c for m in extract(text, PUBLISHED) for c in m.claims]
    agency = [c for c in claims if c.evidence and c.evidence.text.startswith("The news agency")]
    assert agency and all(c.by == "Lumo news agency" and c.as_written == "news agency" for c in agency)
    assert all("health" not in c.by.lower() for c in claims if c.evidence and "defence" in c.evidence.text)


def test_a_claim_telling_another_incident_elsewhere_is_not_borrowed_by_an_unsourced_one(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Two people were killed when a drone hit a house in Kharkiv overnight. "
        "The defence ministry said air defences shot down 40 drones near the town of Shebekino on Sunday. "
        "Power was cut in several districts."
    )
    sources = {m.location.name: {c.by for c in m.claims} for m in extract(text, PUBLISHED) if m.location}
    assert "defence ministry" in sources["Shebekino"]
    assert "defence ministry" not in sources["Kharkiv"]


def test_the_ministry_named_again_by_its_kind_with_any_verb(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen ambushed a bus near Dabo on Friday, killing six passengers, the Interior Ministry said.\n"
        "The ministry also announced that two attackers were arrested after the ambush."
    )
    announced = [c for m in extract(text, PUBLISHED) for c in m.claims if c.evidence and "announced" in c.evidence.text]
    assert announced and all(c.by == "Interior Ministry" for c in announced)
