"""The document pass: datelines and sentences that tell no news (texts written for these tests)."""

from __future__ import annotations

import pytest

from sitroom.extract.document import find_dateline, is_caption, tells_no_news


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BANGKOK: A military airstrike on a village killed ten civilians.", "BANGKOK: "),
        ("KHARTOUM, Oct 29 (Reuters) - The army said", "KHARTOUM, Oct 29 (Reuters) - "),
        ("Talks stall\n\nCAIRO (AP) — Three days of talks", "CAIRO (AP) — "),
        ("December 1, 2024 (EL FASHER) — The RSF shelled the camp", "December 1, 2024 (EL FASHER) — "),
        ("Thursday, January 19, 2023: Jowhar (AX) – The army says", "Thursday, January 19, 2023: Jowhar (AX) – "),
        ("TBILISI, November 30. /TASS/. Police dispersed", "TBILISI, November 30. /TASS/. "),
        ("ALEPPO, Syria (AP) — Rebels entered the city", "ALEPPO, Syria (AP) — "),
    ],
)
def test_a_dateline_is_found_where_the_body_starts(text: str, dateline: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert text[found.start : found.end] == dateline


@pytest.mark.parametrize(
    "text",
    [
        "Rebels Seize Town - Army Retreats\nThe rebels took the town on Monday.",
        "UN warns of famine\nThe UN said on Monday that aid was blocked.",
        "RSF missile attack on a camp kills five\nShelling hit the camp.",
    ],
)
def test_a_headline_is_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Tens of thousands of people have died in the country since war broke out in April 2023.",
        "Fighting has ravaged the country since a coup in 2021.",
        "The health ministry says the offensive has killed more than 30,000 people since October 7.",
        "Last month, militants attacked a police station in the same district.",
        "In January this year, around 40 soldiers were killed in an ambush.",
        "Such attacks are common in the region, where herders and farmers compete for land.",
        "The military has not issued a statement on the attack.",
        "Reporters tried to telephone the army spokesman for comment on the strike.",
        "The war began when militants stormed the border.",
        "The health ministry says the offensive has killed more than 30,000 people in the territory.",
        "Hundreds of people have been killed in recent weeks by a new offensive in the north.",
        "The group, a splinter of Boko Haram, has increased attacks on military and civilian targets in recent months.",
    ],
)
def test_background_and_commentary_tell_no_news(sentence: str) -> None:
    assert tells_no_news(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed 12 villagers on Saturday in the north of the state.",
        "On Sunday, protesters gathered to oppose the war, which began last year.",
        "Fighting has continued since Monday around the airport, residents said.",
        "The army has set up 12 observation posts in the north since October.",
        "Last night, drones struck the port, killing three dock workers.",
        "Rebels and the army exchanged prisoners and dead fighters Tuesday near the city, the scene of fighting in "
        "recent months.",
    ],
)
def test_news_is_kept(sentence: str) -> None:
    assert not tells_no_news(sentence)


def test_photo_captions_tell_a_scene_not_an_incident() -> None:
    assert is_caption("A Ukrainian soldier carries rockets as his team prepares to fire toward Russian positions.")
    assert is_caption("Palestinians displaced by the offensive on the Gaza Strip walk past sewage in the streets.")
    assert is_caption("People gather by the rubble of a collapsed building at the site of a reported strike.")
    assert not is_caption("Russian troops carried out a strike on the town of Izium on Monday, officials said.")
    assert not is_caption("Gunmen stormed a police checkpoint near the town, killing four officers.")


def test_a_caption_in_a_report_gives_no_event(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Shelling kills three in Kharkiv\n"
        "Russian shelling killed three civilians in Kharkiv on Monday, the regional governor said.\n"
        "A Ukrainian soldier carries rockets as his team prepares to fire toward Russian positions near Izium.\n"
        "The governor said rescue work was continuing in the city."
    )
    places = [m.location.name for m in extract(text) if m.location is not None]
    assert "Izium" not in places and "Kharkiv" in places
