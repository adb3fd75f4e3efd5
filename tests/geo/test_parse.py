"""Toponym recognition and resolution in text: ambiguity, spellings, regions, unknown places."""

from __future__ import annotations

from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.parse import geoparse, locate_name
from sitroom.model import GeoPrecision, Location


def places(text: str, gazetteer: Gazetteer, country: str | None = None) -> dict[str, Location]:
    return {loc.name: loc for loc in geoparse(text, country, gazetteer)}


def test_tripoli_follows_the_country_the_text_names(gazetteer: Gazetteer) -> None:
    libya = places(
        "Clashes erupted in Tripoli between rival militias, the Libyan capital's worst in years. "
        "Forces loyal to the government in Libya said…",
        gazetteer,
    )
    lebanon = places("Protesters gathered in Tripoli, northern Lebanon, over the collapse of the lira.", gazetteer)
    assert libya["Tripoli"].country == "Libya"
    assert lebanon["Tripoli"].country == "Lebanon"
    assert libya["Tripoli"].geo_precision == lebanon["Tripoli"].geo_precision == GeoPrecision.TOWN


def test_tripoli_takes_the_hinted_country(gazetteer: Gazetteer) -> None:
    assert places("Shelling hit Tripoli.", gazetteer, country="Lebanon")["Tripoli"].country == "Lebanon"


def test_homs_is_the_city_unless_the_province_is_meant(gazetteer: Gazetteer) -> None:
    city = places("Government forces shelled Homs on Monday.", gazetteer)["Homs"]
    province = places("Clashes spread across Homs province.", gazetteer)["Homs"]
    assert city.country == province.country == "Syria"
    assert city.geo_precision == GeoPrecision.TOWN
    assert province.geo_precision == GeoPrecision.REGION
    assert city.gazetteer_id != province.gazetteer_id


def test_georgia_the_country_or_the_us_state(gazetteer: Gazetteer) -> None:
    country = places("Russian troops moved deeper into Georgia.", gazetteer)["Georgia"]
    state = places("A protest was held in Atlanta, Georgia.", gazetteer)
    assert country.country == "Georgia" and country.geo_precision == GeoPrecision.REGION
    assert state["Georgia"].country == "United States"
    assert state["Atlanta"].admin1 == "Georgia"


def test_transliterations_and_misspellings(gazetteer: Gazetteer) -> None:
    found = places("Fighting in Maarat al-Numan and Tell Rifaat, Deir al-Zour and Idleb.", gazetteer)
    assert {loc.country for loc in found.values()} == {"Syria"}
    assert found["Maarat al-Numan"].admin1 == found["Idleb"].admin1 == "Idlib"
    assert found["Tell Rifaat"].admin1 == "Aleppo"
    typo = places("Shelling was reported in Aleppoo.", gazetteer, country="Syria")["Aleppoo"]
    assert typo.resolution == "fuzzy" and typo.admin1 == "Aleppo"


def test_admin_containment_picks_the_place_in_the_named_province(gazetteer: Gazetteer) -> None:
    found = places("Rebels captured Saraqib, in Idlib province, on Tuesday.", gazetteer)
    assert found["Saraqib"].admin1 == "Idlib" and found["Saraqib"].geo_precision == GeoPrecision.TOWN
    assert found["Idlib"].geo_precision == GeoPrecision.REGION


def test_relative_expressions_set_precision(gazetteer: Gazetteer) -> None:
    found = places("Shelling hit the outskirts of Aleppo and a village 20 km south of Homs.", gazetteer)
    assert found["Aleppo"].geo_precision == GeoPrecision.NEAR
    assert found["Homs"].geo_precision == GeoPrecision.NEAR
    countryside = places("Airstrikes killed 12 people in Idlib countryside.", gazetteer)["Idlib"]
    assert countryside.geo_precision == GeoPrecision.REGION and countryside.admin1 == "Idlib"


def test_directional_region_gets_a_representative_point_in_that_part(gazetteer: Gazetteer) -> None:
    region = places("Airstrikes in northwestern Syria killed 12 people.", gazetteer)["northwestern Syria"]
    south = places("Protests continued in southern Syria.", gazetteer)["southern Syria"]
    assert region.resolution == south.resolution == "region"
    assert region.geo_precision == GeoPrecision.REGION
    assert region.latitude is not None and south.latitude is not None
    assert region.latitude > south.latitude + 1.5  # north of the southern region's point
    assert region.country == "Syria"


def test_named_regions_from_the_supplement(gazetteer: Gazetteer) -> None:
    ghouta = places("Bombardment of Eastern Ghouta continued.", gazetteer)["Eastern Ghouta"]
    assert ghouta.geo_precision == GeoPrecision.REGION and ghouta.admin1 is not None


def test_capitalised_common_words_are_not_places(gazetteer: Gazetteer) -> None:
    assert places("Police said the Sunday march in Victory Square was peaceful.", gazetteer) == {}
    assert places("Shelling continued. Government of National Unity officials met.", gazetteer) == {}


def test_a_place_not_in_the_gazetteer_is_never_given_a_point(gazetteer: Gazetteer) -> None:
    assert places("The attack happened in Zzyzxville village.", gazetteer) == {}
    unknown = locate_name("Zzyzxville", "Gunmen attacked Zzyzxville at dawn.", "Syria", gazetteer)
    assert unknown.resolution == "unresolved"
    assert unknown.latitude is None and unknown.longitude is None and unknown.geo_precision is None
    assert unknown.country == "Syria"


def test_an_unknown_village_falls_back_to_the_admin_area_its_context_names(gazetteer: Gazetteer) -> None:
    located = locate_name(
        "Zzyzx al-Gharbi village", "Regime shelling hits villages in Idlib countryside", "Syria", gazetteer
    )
    assert located.resolution == "admin-fallback"
    assert located.geo_precision == GeoPrecision.REGION
    assert located.admin1 == "Idlib" and located.name == "Zzyzx al-Gharbi village"


def test_a_namesake_far_from_the_places_in_the_text_is_not_taken(gazetteer: Gazetteer) -> None:
    # The gazetteer's "Al Jala'" is in Deir ez-Zor; a headline about Raqqa names another one.
    found = locate_name("Al Jala village", "Airstrikes north of Raqqa city, Raqqa governorate", "Syria", gazetteer)
    assert found.resolution == "admin-fallback" and found.admin1 == "Ar-Raqqah"


def test_city_district_names_resolve_to_the_city(gazetteer: Gazetteer) -> None:
    found = locate_name("Aleppo - Zzyzx Quarter", "Shelling hit a neighbourhood in Aleppo.", "Syria", gazetteer)
    assert found.admin1 == "Aleppo" and found.geo_precision == GeoPrecision.NEAR


def test_a_name_recognised_once_is_recognised_again(gazetteer: Gazetteer) -> None:
    text = "Rebels entered Manbij on Monday. Twenty fighters were killed in the fighting for Manbij."
    found = [loc for loc in geoparse(text, None, gazetteer) if loc.name == "Manbij"]
    assert len(found) == 2 and found[0].gazetteer_id == found[1].gazetteer_id
    assert places("Twenty fighters were killed in the fighting for Manbij.", gazetteer) == {}  # no cue, mid-size


def test_names_with_lower_case_particles_are_read_whole(gazetteer: Gazetteer) -> None:
    found = places("Dock workers marched in San Pedro de Macoris on Monday.", gazetteer)
    assert found["San Pedro de Macoris"].country == "Dominican Republic"
    assert places("Farmers protested in Frankfurt am Main.", gazetteer)["Frankfurt am Main"].country == "Germany"


def test_a_small_foreign_namesake_of_a_place_in_another_country_is_not_taken(gazetteer: Gazetteer) -> None:
    found = places("Soldiers clashed with militants near Inada (Gwoza, Borno).", gazetteer)
    assert "Inada" not in found  # a town in Japan; the text's places are Nigerian
    assert found["Gwoza"].country == "Nigeria"


def test_an_arabic_article_alone_is_no_place(gazetteer: Gazetteer) -> None:
    assert "Al" not in places("Al Shabaab claimed the attack in Afgooye.", gazetteer)


def test_a_place_called_by_its_own_name_beats_one_listing_it_as_a_variant(gazetteer: Gazetteer) -> None:
    found = places("Hundreds of farmers demonstrated in Beaune on Saturday.", gazetteer)
    assert found["Beaune"].country == "France" and found["Beaune"].admin1 == "Bourgogne"


def test_a_place_written_inside_an_area_of_another_country_is_no_namesake_abroad(gazetteer: Gazetteer) -> None:
    # Salem is a city in India; a township the gazetteer lacks stands at the region holding it, wherever it recurs.
    text = "Junta troops torched houses in Salem Township, Magway Region, on Monday. Residents of Salem fled."
    found = [loc for loc in geoparse(text, None, gazetteer) if loc.name == "Salem"]
    assert len(found) == 2 and {loc.country for loc in found} == {"Myanmar"}
    assert found[0].resolution == "admin-fallback" and found[0].geo_precision == GeoPrecision.REGION
    owned = places("Junta jets bombed Magway Region’s Salem Township on Monday.", gazetteer)
    assert owned["Salem"].country == "Myanmar" and owned["Salem"].admin1 == "Magway"


def test_a_list_of_areas_in_two_countries_is_no_container(gazetteer: Gazetteer) -> None:
    found = places("Drones were downed over Donetsk, Belgorod and Kursk regions.", gazetteer)
    assert found["Donetsk"].country == "Ukraine" and found["Belgorod"].country == "Russia"


def test_a_country_name_joined_by_of_is_read_whole(gazetteer: Gazetteer) -> None:
    # "Congo" alone is the Republic of the Congo
    found = places("Rebels advanced on Uvira in the Democratic Republic of Congo.", gazetteer)
    assert found["Democratic Republic of Congo"].country == found["Uvira"].country
    assert "Congo" not in found


def test_a_compass_word_does_not_carry_a_town_name_abroad(gazetteer: Gazetteer) -> None:
    # Victoria is also an Australian state; the text's places are Canadian, and the town stands for its part.
    text = "Police dispersed protesters in northern Victoria. Vancouver and Surrey also saw rallies."
    found = places(text, gazetteer)
    victoria = found["northern Victoria"]
    assert victoria.country == "Canada" and victoria.admin1 == "British Columbia"
    assert victoria.latitude is not None and abs(victoria.latitude - 48.4) < 0.3
