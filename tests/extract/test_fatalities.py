"""find_fatalities on real-style news sentences: counts, ranges, vague words, negation, and non-counts."""

from __future__ import annotations

import pytest

from sitroom.extract.fatalities import FatalityFigure, coding_statement, find_fatalities
from sitroom.extract.numbers import load_rules, parse_number, vague_quantity
from sitroom.model import Fatalities


def _only(text: str) -> FatalityFigure:
    figures = find_fatalities(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("sentence", "best", "low", "high"),
    [
        ("Government airstrikes killed 25 people in Idlib on Tuesday.", 25, None, None),
        ("25 killed as jets strike market in Maarat al-Numan.", 25, None, None),
        ("Local medics said 25 people were killed in the shelling.", 25, None, None),
        ("At least 25 civilians were killed, according to the White Helmets.", None, 25, None),
        ("More than 30 fighters died in the clashes near Saraqib.", None, 30, None),
        ("Up to 40 people were killed when the building collapsed after the strike.", 40, None, 40),
        ("Between 20 and 30 soldiers were killed in the ambush.", None, 20, 30),
        ("Officials said 20 to 30 villagers were killed overnight.", None, 20, 30),
        ("Nearly 50 people have been killed since Friday.", 50, None, 50),
        ("The death toll from the bombing rose to 12 on Sunday.", 12, None, None),
        ("The raid left 12 dead and dozens wounded.", 12, None, None),
        ("Rescuers pulled 12 bodies from the rubble.", 12, None, None),
        ("The car bomb claimed the lives of nine people.", 9, None, None),
        ("Four soldiers perished when their vehicle hit a mine.", 4, None, None),
        ("Twenty-five people were killed in the attack.", 25, None, None),
        ("Two soldiers and three civilians were killed in the crossfire.", 5, None, None),
        ("A man and a woman were shot and killed in the Cidade Nova neighbourhood.", 2, None, None),
        ("Gunmen killed a woman and her daughter at the mill.", 2, None, None),
        # lists mixing counted groups and single people are added up
        ("A trader said two of his sons and his nephew were killed by the raiders.", 3, None, None),
        ("Medics said four girls and their grandmother were killed in the shelling.", 5, None, None),
        ("Three soldiers and a civilian were killed near the checkpoint.", 4, None, None),
        ("According to the broadcaster Kanal 7, dozens of people have died in the unrest.", None, 12, None),
        ("A shepherd and his three sons were killed, and two herders were injured.", 4, None, None),
        ("An elderly woman and two girls died when the shell hit their home.", 3, None, None),
        ("The shell hit a bakery, killing a boy, two women and an elderly man.", 4, None, None),
        ("The raid killed at least six rebels and a local commander.", None, 7, None),
        ("Eight gendarmes and three volunteers fell in combat near the border post.", 11, None, None),
        ("IS sustained 4 fatalities. There were no other casualties.", 4, None, None),
    ],
)
def test_stated_tolls(sentence: str, best: int | None, low: int | None, high: int | None) -> None:
    figure = _only(sentence)
    assert (figure.best, figure.low, figure.high) == (best, low, high)
    assert sentence[figure.start : figure.end] == figure.phrase


def test_subset_after_including_is_not_an_extra_figure() -> None:
    figure = _only("Twelve people were killed, including 3 children, in the strike on the school.")
    assert figure.best == 12


def test_wounded_are_not_fatalities() -> None:
    figure = _only("Regime forces shelled the village of Kafr Nabl, killing six civilians and wounding 14.")
    assert figure.best == 6
    assert "14" not in figure.phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "No casualties were reported.",
        "No one was hurt in the explosion.",
        "The rocket fell without causing casualties.",
    ],
)
def test_explicit_zero(sentence: str) -> None:
    figure = _only(sentence)
    assert figure.best == 0
    assert figure.acled == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "On 25 November, rebels attacked the town of Saraqib.",
        "Police arrested 12 people after the protest.",
        "The convoy travelled 40 km towards Hama.",
        "Dozens of people were wounded in the blast.",
        "Protesters gathered in 12 cities.",
    ],
)
def test_no_figure_gives_nothing_never_zero(sentence: str) -> None:
    assert find_fatalities(sentence) == []


def test_age_is_not_a_count() -> None:
    figure = _only("A 25-year-old man was killed by unidentified gunmen in Daraa.")
    assert figure.best == 1


def test_year_of_background_war_is_not_a_count() -> None:
    figure = _only("The 2011 war has killed 300,000 people.")
    assert figure.best == 300_000


def test_perpetrators_are_not_victims() -> None:
    figure = _only("Two gunmen on a motorcycle shot and killed a police sergeant near a bus stop.")
    assert figure.best == 1


def test_demands_for_justice_over_a_past_killing_are_not_a_toll() -> None:
    assert find_fatalities("Activists marched to demand justice for the killing of two activists last year.") == []


def test_several_figures_in_one_sentence() -> None:
    text = "Three soldiers were killed in Idlib, while 7 civilians died in a separate strike on Ariha."
    figures = find_fatalities(text)
    assert [f.best for f in figures] == [3, 7]
    assert figures[0].end <= figures[1].start


@pytest.mark.parametrize(
    ("sentence", "acled"),
    [
        ("Dozens of people were killed and hundreds were wounded.", 12),
        ("Tens of fighters were killed.", 10),
        ("Hundreds of civilians have died since the siege began.", 100),
        ("Scores of militiamen were killed.", 20),
        ("Several soldiers were killed at the checkpoint.", 3),
        ("At least a dozen people were killed.", 12),
    ],
)
def test_vague_words_follow_the_acled_rule_table(sentence: str, acled: int) -> None:
    figure = _only(sentence)
    assert figure.best is None or figure.best == acled
    model = Fatalities(best=figure.best, low=figure.low, high=figure.high)
    assert model.acled() == acled == figure.acled


def test_rule_table_is_documented_and_versioned() -> None:
    rules = load_rules()
    assert rules.version >= 1
    assert vague_quantity("Dozens of") is not None
    assert all(row.note for row in rules.quantities.values())
    assert "at least" in rules.low_modifiers


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("twenty-five", 25), ("1,200", 1200), ("two hundred and fifty", 250), ("One", 1), ("dozens", None)],
)
def test_parse_number(phrase: str, value: int | None) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("Suspected militants killed her and her husband close to the junction.", 2),
        ("A mob beat up the driver and killed him after the crash.", 1),
        ("Gunmen shot dead her husband outside their home.", 1),
    ],
)
def test_pronoun_and_possessive_objects_count_people(sentence: str, best: int) -> None:
    assert _only(sentence).best == best


@pytest.mark.parametrize(
    ("sentence", "low"),
    [
        ("The war has killed hundreds of thousands of people.", 100_000),
        ("The conflict has left more than half a million people dead.", 500_000),
    ],
)
def test_compound_and_fractional_quantities(sentence: str, low: int) -> None:
    assert _only(sentence).low == low


@pytest.mark.parametrize(
    "sentence",
    [
        "Activists demanded justice for the victims of the Model Town killings of 2014.",
        "Demonstrators called for justice following the 24 June death of a Black man.",
        "Residents blocked the road after a woman died in a clash the previous day.",
    ],
)
def test_deaths_that_caused_a_protest_are_not_its_toll(sentence: str) -> None:
    assert find_fatalities(sentence) == []


def test_a_figure_never_spans_a_line_break_and_offsets_stay_exact() -> None:
    text = "Strikes on Idlib: 31\nDead children were pulled from the rubble. Jets killed 31 people in Idlib."
    figures = find_fatalities(text)
    assert [f.best for f in figures] == [31]
    assert text[figures[0].start : figures[0].end] == figures[0].phrase == "killed 31"


# --------------------------------------------------------------------------- claims, groups, singular deaths


@pytest.mark.parametrize(
    "sentence",
    [
        "The defence ministry said its jets had killed at least 200 militants in strikes on command posts.",
        "The insurgents claimed to have killed 40 soldiers in the ambush on the convoy.",
        'The army also said it had killed "hundreds of terrorists" in the southern countryside.',
        "The group boasted of killing 15 police officers at the checkpoint.",
        "A spokesman for the rebels claimed that they killed 30 government troops.",
        "The navy announced on Sunday that its gunboats had sunk two skiffs and killed 11 pirates.",
        "The militia said yesterday it killed 25 soldiers near the dam.",
    ],
)
def test_a_partys_claim_of_its_own_kills_is_flagged(sentence: str) -> None:
    assert _only(sentence).claimed


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said two people were killed in the attack on the market.",
        "Police said they arrived after gunmen had killed five villagers.",
        "The group claimed that 15 soldiers were killed in the fighting.",
        "Medics said the strike killed 12 civilians.",
        "Police said on Monday that gunmen had killed 12 villagers.",
    ],
)
def test_reports_and_accusations_are_not_claims_of_kills(sentence: str) -> None:
    assert not _only(sentence).claimed


def test_a_second_number_is_not_part_of_the_victims() -> None:
    figure = _only("Three witnesses reported one soldier was killed and two were injured.")
    assert figure.best == 1


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("Gunmen shot and killed seven men and three women at a house in the suburb.", 10),
        ("The raid led to the death of 1 rebel commander and 3 fighters and left 2 soldiers injured.", 4),
        ("The blast killed 12 and 40 others were injured.", 12),
        ("The blast killed 5 soldiers and 40 wounded.", 5),
        ("Gunmen killed two soldiers and wounded three civilians.", 2),
    ],
)
def test_victim_groups_after_an_active_verb_are_added(sentence: str, best: int) -> None:
    assert _only(sentence).best == best


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("A suicide bomber blew himself up at the gate, killing himself and six soldiers.", 7),
        ("The attacker detonated his vest in the crowd, killing 12 people and himself.", 13),
        ("The bomber killed himself when the device went off early.", 1),
    ],
)
def test_a_suicide_attacker_is_counted_with_the_victims(sentence: str, best: int) -> None:
    assert _only(sentence).best == best


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the men fled, and the other later died in hospital from his wounds.",
        "Three gang members shot, killed and dismembered a teenager in a house.",
        "Two clan militiamen shot and killed a bus/taxi driver in the town.",
        "An unidentified group killed senior militia commander Abu Omar in a camp.",
        "A young woman's body was found in farmland near the village.",
        "Residents chased and lynched a suspected thief in the market.",
    ],
)
def test_one_death_in_other_words(sentence: str) -> None:
    assert _only(sentence).best == 1


def test_a_subset_without_commas() -> None:
    assert _only("Four people including two election officials were killed in the blast.").best == 4


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("The death toll of the weekend strikes on the city rises to 31.", 31),
        ("Fighting left 1 Mayi Mayi fighter dead.", 1),
    ],
)
def test_toll_wording(sentence: str, best: int) -> None:
    assert _only(sentence).best == best


# --------------------------------------------------------------------------- a coder's own figure


@pytest.mark.parametrize(
    ("note", "share"),
    [
        ("Troops clashed with militants near the river. Fatalities coded as 4 (the army reported 9 dead).", 4),
        ("Gunmen attacked the village, killing a number of residents. Unclear fatalities coded as 10.", 10),
        ("The group claimed to have killed 50 soldiers. No fatalities have been coded.", 0),
        ("Fighting spread over three districts. Fatalities coded as 12 and split between 3 events.", 4),
        ("Shelling hit two towns [7 fatalities split among 2 events].", 3),
    ],
)
def test_a_notes_coding_statement_gives_its_figure(note: str, share: int) -> None:
    statement = coding_statement(note)
    assert statement is not None and statement.total is not None
    assert statement.share(statement.total) == share


def test_a_split_without_a_figure_divides_the_reported_toll() -> None:
    statement = coding_statement("Four civilians were killed by stray bullets. Fatalities are split across two events.")
    assert statement is not None and statement.total is None
    assert statement.share(4) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Three soldiers were killed in the ambush, the army said.",
        "The strike was coded as a war crime by investigators.",
        "One rebel was killed (fatalities coded to the Zalizna event).",
    ],
)
def test_ordinary_text_has_no_coding_statement(text: str) -> None:
    assert coding_statement(text) is None
