"""Participants' places grouped for the post-release, organisations counted."""

from __future__ import annotations

from facilitator.text.geography import count_organisations, describe_places_ru


def test_cities_and_districts_are_grouped_like_the_seed_post_release():
    text = describe_places_ru(
        [
            "Казань",
            "г. Выборг",
            "Адмиралтейский район",
            "Выборгский район Санкт-Петербурга",
            "Московский район, Санкт-Петербург",
            "Пушкинский р-н СПб",
            "Санкт-Петербург",
            "Московский район",
        ]
    )
    assert text == (
        "городов Выборга и Казани, а также Адмиралтейского, Выборгского, Московского "
        "и Пушкинского районов Санкт-Петербурга"
    )


def test_one_district_and_one_city_take_the_singular():
    assert describe_places_ru(["Московский район"]) == "Московского района"
    assert describe_places_ru(["Томск"]) == "города Томска"


def test_regions_and_undeclinable_places():
    text = describe_places_ru(["Ленинградская область", "Набережные Челны"])
    assert text == "города Набережных Челнов, а также Ленинградской области"


def test_blank_places_give_nothing():
    assert describe_places_ru(["", "  "]) == ""


def test_organisations_are_counted_once_however_they_were_typed():
    organisations = count_organisations(
        ["ГБОУ СОШ №496", "ГБОУ  СОШ № 496", "гбоу сош № 496.", "ООО «Ромашка»", "Лицей № 3"]
    )
    assert organisations.total == 3
    assert organisations.educational == 2


def test_districts_without_a_city_go_to_the_sessions_city_whatever_cities_are_named_besides():
    text = describe_places_ru(
        ["г. Выборг", "Выборгский район", "Московский район", "г. Казань"], "Санкт-Петербурга"
    )
    assert text == (
        "городов Выборга и Казани, а также Выборгского и Московского районов Санкт-Петербурга"
    )
