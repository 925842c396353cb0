"""The default template read from its data file: the sixteen sections, and clear errors."""

from __future__ import annotations

import re

import pytest

from facilitator.sessions import default_template
from facilitator.sessions.default_template import (
    DEFAULT_SECTIONS,
    TEMPLATE_NAMES,
    TemplateFileError,
    default_sections,
)

KEYS = [
    "title",
    "idea",
    "starting_context",
    "goals",
    "actors",
    "interaction_lines",
    "knowledge_skills",
    "stages",
    "resources",
    "trajectory",
    "problem",
    "barriers",
    "criteria",
    "intermediate_results",
    "final_context",
    "potential",
]

GOOD = """
[name]
ru = "Модель"
en = "Model"

[[section]]
key = "idea"
kind = "text"
[section.ru]
title = "Идея"
hint = "Главная мысль"
example = "Пример"
[section.en]
title = "Idea"
hint = "The main thought"
example = "An example"

[[section]]
key = "stages"
kind = "table"
[[section.columns]]
key = "period"
ru = "Период"
en = "Period"
[section.ru]
title = "Этапы"
hint = "Сроки"
example = "Сентябрь"
[section.en]
title = "Stages"
hint = "When"
example = "September"
"""


def test_the_file_gives_the_sixteen_sections_in_order_with_both_languages():
    assert [spec["key"] for spec in DEFAULT_SECTIONS] == KEYS
    assert TEMPLATE_NAMES == {
        "ru": "Модель взаимодействия (по умолчанию)",
        "en": "Interaction model (default)",
    }
    tables = {spec["key"]: spec["columns"] for spec in DEFAULT_SECTIONS if spec["kind"] == "table"}
    assert tables["interaction_lines"][0] == ("who", "Кто", "Who")
    assert [column[0] for column in tables["stages"]] == ["period", "stage", "results"]
    assert set(tables) == {"interaction_lines", "stages", "criteria"}
    for spec in DEFAULT_SECTIONS:
        assert all(spec["ru"]) and all(spec["en"]) and len(spec["ru"]) == len(spec["en"]) == 3


def test_default_sections_speak_the_language_asked_and_russian_otherwise():
    english = default_sections("en")
    assert english[0] | {"columns": []} == {
        "key": "title",
        "kind": "text",
        "title": "Title",
        "hint": "What the model is called: short and to the point, a subtitle is fine.",
        "example": "“PROFile: career guidance in 21st-century coordinates”",
        "columns": [],
    }
    assert english[5]["columns"][1] == {"key": "with_whom", "title": "With whom"}
    assert default_sections("de") == default_sections("ru")
    assert default_sections("ru")[5]["columns"][1] == {"key": "with_whom", "title": "С кем"}


def test_a_well_formed_file_loads(tmp_path):
    path = tmp_path / "template.toml"
    path.write_text(GOOD, encoding="utf-8")
    names, sections = default_template.load(path)
    assert names == {"ru": "Модель", "en": "Model"}
    assert sections[1] == {
        "key": "stages",
        "kind": "table",
        "columns": [("period", "Период", "Period")],
        "ru": ("Этапы", "Сроки", "Сентябрь"),
        "en": ("Stages", "When", "September"),
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "text"', 'kind = "list"'), r"section 1 \('idea'\): kind must be one of"),
        (('key = "stages"', 'key = "idea"'), r"section keys repeat: idea"),
        (('kind = "text"', 'kind = "table"'), r"section 1 \('idea'\): a table section needs"),
        (('key = "idea"\n', ""), r"section 1: a section needs a key"),
        (('[section.en]\ntitle = "Idea"', '[section.de]\ntitle = "Idea"'), r"unknown de"),
        (('hint = "When"\n', ""), r"section 2 \('stages'\), en: missing or not text: hint"),
        (('en = "Period"', 'de = "Period"'), r"section 2 \('stages'\), column 1: missing"),
        (("[[section.columns]]", "[[section.rows]]"), r"section 2 \('stages'\): unknown rows"),
        (('en = "Model"', ""), r"\[name\]: missing or not text: en"),
        (('title = "Идея"', 'title = "Идея'), r": .*line 10"),
    ],
)
def test_a_broken_file_is_refused_naming_the_file_and_the_section(tmp_path, change, message):
    path = tmp_path / "template.toml"
    path.write_text(GOOD.replace(*change, 1), encoding="utf-8")
    with pytest.raises(TemplateFileError, match=re.escape(str(path)) + ".*" + message):
        default_template.load(path)
