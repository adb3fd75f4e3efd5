"""find_claims on real-style news sentences: attributions, denials, passive and inverted forms."""

from __future__ import annotations

import pytest

from sitroom.extract.claims import ClaimSpan, find_claims, normalise_source
from sitroom.model import Stance


def _only(text: str) -> ClaimSpan:
    claims = find_claims(text)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("sentence", "by", "about"),
    [
        (
            "At least 25 civilians were killed, according to the White Helmets.",
            "White Helmets",
            "At least 25 civilians were killed",
        ),
        (
            "According to the Syrian Observatory for Human Rights, 12 fighters died near Saraqib.",
            "Syrian Observatory for Human Rights",
            "12 fighters died near Saraqib",
        ),
        ("Twenty people were killed in the strikes, SOHR said.", "SOHR", "Twenty people were killed in the strikes"),
        ("SOHR reported that 12 fighters were killed near Saraqib.", "SOHR", "12 fighters were killed near Saraqib"),
        ("State news agency SANA reported that terrorists shelled Aleppo.", "SANA", "terrorists shelled Aleppo"),
        (
            "Local activists said the strike hit a bakery in Ariha.",
            "Local activists",
            "the strike hit a bakery in Ariha",
        ),
        ("The attack was claimed by the Islamic State group.", "Islamic State group", "The attack"),
        ('"We will not retreat," said Abu Mohammed al-Julani.', "Abu Mohammed al-Julani", "We will not retreat"),
    ],
)
def test_assertions(sentence: str, by: str, about: str) -> None:
    claim = _only(sentence)
    assert (claim.by, claim.stance, claim.about) == (by, Stance.ASSERTS, about)
    assert by.split()[-1] in sentence[claim.start : claim.end]


@pytest.mark.parametrize(
    ("sentence", "by", "about"),
    [
        (
            "The Syrian regime has denied claims of targeting civilians, stressing that it strikes only insurgents.",
            "Syrian regime",
            "targeting civilians",
        ),
        (
            "Russia rejected accusations that its jets bombed a hospital in Idlib.",
            "Russia",
            "its jets bombed a hospital in Idlib",
        ),
        (
            "The defence ministry dismissed reports that troops had withdrawn from Hama.",
            "defence ministry",
            "troops had withdrawn from Hama",
        ),
        ("HTS on Sunday denied any involvement in the attack.", "HTS", "any involvement in the attack"),
    ],
)
def test_denials(sentence: str, by: str, about: str) -> None:
    claim = _only(sentence)
    assert (claim.by, claim.stance, claim.about) == (by, Stance.DENIES, about)


def test_assertion_and_denial_in_one_sentence() -> None:
    text = "SOHR said 30 soldiers died, but the army denied any losses."
    claims = find_claims(text)
    assert [(c.by, c.stance) for c in claims] == [("SOHR", Stance.ASSERTS), ("army", Stance.DENIES)]
    assert claims[0].end <= claims[1].start


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels advanced towards Hama on Friday.",
        "Rebel claims could not be independently verified.",
        "Media reports suggested the town had fallen.",
        "He said the situation was calm.",
        "Five died, according to a casualty list the clinic published.",
    ],
)
def test_no_attribution(sentence: str) -> None:
    assert find_claims(sentence) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the White Helmets", "White Helmets"),
        ("reports from the White Helmets", "White Helmets"),
        ("state news agency SANA", "SANA"),
        ("Syrian state media", "Syrian state media"),
        ("the Britain-based Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ],
)
def test_normalise_source(raw: str, clean: str) -> None:
    assert normalise_source(raw) == clean


@pytest.mark.parametrize(
    ("sentence", "by"),
    [
        ("Doctors Without Borders said its hospital in the town had been shelled.", "Doctors Without Borders"),
        ("The Emergency Lawyers group said paramilitaries had executed six men.", "Emergency Lawyers group"),
        ("In a statement, the Nyala resistance committee said four people died.", "Nyala resistance committee"),
        (
            "In Odesa, Ukraine's state emergencies service reported that a fire broke out.",
            "Ukraine's state emergencies service",
        ),
    ],
)
def test_names_made_of_source_words_stay_whole(sentence: str, by: str) -> None:
    assert _only(sentence).by == by


def test_a_kind_of_source_located_in_a_town_is_named_by_the_town_first() -> None:
    claims = find_claims("The local resistance committee in Tawila reported that shelling struck the market.")
    assert [c.by for c in claims] == ["Tawila local resistance committee"]  # as "the Tawila committee" elsewhere
    assert claims[0].written == "local resistance committee in Tawila"


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        (
            "Three houses were destroyed, said a representative of Kani-based Kyauk Lone Gyi PDF.",
            ["Kyauk Lone Gyi PDF"],
        ),
        (
            "Rebels took the airport, according to the rebel alliance and local sources.",
            ["rebel alliance", "local sources"],
        ),
        ("Suwayda 24 reported that drones attacked villages.", ["Suwayda 24"]),
        ("The Civil Defence – first responders under the Hamas-run government – said four died.", ["Civil Defence"]),
    ],
)
def test_sources_named_through_their_people_jointly_with_a_number_or_around_an_aside(
    sentence: str, sources: list[str]
) -> None:
    assert [c.by for c in find_claims(sentence)] == sources


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        ("A nurse, Amal Haddad, said six had been shot dead.", ["Amal Haddad"]),
        ("The Kherson regional head, Ivan Petrenko, stated that two people were killed.", ["Ivan Petrenko"]),
        ("Grace Otieno, police spokeswoman in Kisumu, said nine bodies were found.", ["Grace Otieno"]),
        ("Village elders, including councillor Musa Bello, said 14 were killed.", ["Village elders"]),
        (
            "Another armed group, the Free Hills Brigade (FHB), said in a statement that it shot down a drone.",
            ["Free Hills Brigade"],
        ),
        ("Doctors of the World (MdM) said that the clinic was hit twice.", ["Doctors of the World"]),
        ("Meanwhile, the Joint Forces* stated yesterday that they seized a convoy.", ["Joint Forces"]),
        ("Police dispersed the crowd with tear gas, the media report.", ["media"]),
        ("Local media report that dozens were detained.", ["Local media"]),
        ("The insurgents overran the base, a security source disclosed.", ["security source"]),
        ("On Monday, the militia issued a statement, claiming it had taken the bridge.", ["militia"]),
        ("Spokesman Omar Diallo, told Reuters that the convoy was ambushed.", ["Omar Diallo"]),
        (
            "Six died, according to the Al-Shifa, Al-Quds and Kamal Adwan hospitals.",
            ["Al-Shifa hospital", "Al-Quds hospital", "Kamal Adwan hospital"],
        ),
    ],
)
def test_sources_with_an_apposition_a_bracket_or_a_shared_noun(sentence: str, sources: list[str]) -> None:
    assert [c.by for c in find_claims(sentence)] == sources


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister, who visited Gaza, said nothing about the strikes.",
        "He dismissed the rebel claims.",
        "Fighting raged in Homs, Hama, said nothing.",
    ],
)
def test_no_source_from_a_clause_or_a_noun(sentence: str) -> None:
    assert [c.by for c in find_claims(sentence) if c.by in {"Homs", "Hama", "rebel", "Gaza"}] == []


def test_a_ministry_keeps_its_name_and_the_group_is_the_one_the_report_named(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Houthi rebels said a US drone was shot down over Hajjah on Sunday. "
        "In a separate statement, the group said US strikes hit a port in Hodeidah, killing three people. "
        "Russia's defence ministry said its forces had destroyed four drones over Belgorod on Monday."
    )
    sources = {c.by for m in extract(text) for c in m.claims}
    assert "Russia's defence ministry" in sources
    assert "group" not in sources and any("Houthi" in s or "Yemen" in s for s in sources)


def test_a_source_keeps_the_reports_words_beside_its_catalogue_name(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Twelve people were killed in US air strikes on Sanaa on Monday, according to Houthi rebels."
    claims = [c for m in extract(text) for c in m.claims]
    assert claims and all(c.by and c.as_written in (None, "Houthi rebels") for c in claims)
    assert any(c.as_written == "Houthi rebels" or c.by == "Houthi rebels" for c in claims)


def test_an_unsourced_incident_takes_the_source_its_paragraph_quotes(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen killed six farmers in the village of Tudun Wada on Tuesday night.\n"
        "Six people were shot dead in an attack on a market in Mafa on Saturday. "
        "The bodies were taken to a clinic nearby. "
        "Aisha Bello, a nurse at the clinic, said the attackers came on motorbikes.\n"
        "Rain fell across the region on Sunday."
    )
    by_place = {m.location.name: {c.by for c in m.claims} for m in extract(text) if m.location}
    assert "Aisha Bello" in by_place.get("Mafa", set())
    assert "Aisha Bello" not in by_place.get("Tudun Wada", set())


@pytest.mark.parametrize(
    ("sentence", "by"),
    [
        ("Farmer Yusuf Adamu, 54, told Reuters that his son was abducted.", "Yusuf Adamu"),
        ("The mayor of the district, Karim Haddad, accused the militia of shelling the market.", "Karim Haddad"),
        ("The WHO said the clinic had run out of fuel.", "WHO"),
        ("Lagos Governor Tunde Bakare confirmed that 12 people died.", "Tunde Bakare"),
        ("Two residents, speaking on condition of anonymity, told AFP that the market burned.", "Two residents"),
    ],
)
def test_a_person_is_the_source_past_an_age_a_role_or_an_office(sentence: str, by: str) -> None:
    assert [c.by for c in find_claims(sentence)] == [by]


def test_the_listener_after_told_is_never_the_source() -> None:
    claims = find_claims("The trader, 41, told AFP the convoy was looted.")
    assert "AFP" not in [c.by for c in claims]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Brigadier General Amadou Keita", "Amadou Keita"),
        ("Defence Ministry spokesman Ali al-Hassan", "Ali al-Hassan"),
        ("Kurdish Red Crescent", "Kurdish Red Crescent"),  # an adjective is not an office
        ("State Emergency Service", "State Emergency Service"),
        ("officials in Goma", "Goma officials"),
        ("the Ministry of Health in Gaza", "Ministry of Health in Gaza"),  # a name, not a kind of source
    ],
)
def test_one_name_for_a_person_or_a_located_kind_of_source(raw: str, clean: str) -> None:
    assert normalise_source(raw) == clean


def test_a_source_keeps_the_acronym_it_defines_in_its_written_form() -> None:
    claim = _only("The Sahel Rights Network (SRN) said that four villagers were killed.")
    assert (claim.by, claim.written) == ("Sahel Rights Network", "Sahel Rights Network (SRN)")
    claim = _only("Four villagers were killed, according to the Sahel Rights Network (SRN).")
    assert claim.written == "Sahel Rights Network (SRN)"
