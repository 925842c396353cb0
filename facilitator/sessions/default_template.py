"""The default interaction-model template (after a real case description), in both languages.

This is data: it is copied into each new session, where the moderator may change it.
"""

from __future__ import annotations

from typing import Any

from facilitator.i18n import built_in_texts

# Each section: key, kind, and per language a title, a hint and an example.
# Table sections list their columns with titles per language.
DEFAULT_SECTIONS: list[dict[str, Any]] = [
    {
        "key": "title",
        "kind": "text",
        "ru": (
            "Наименование",
            "Как называется модель: коротко, по существу, можно с подзаголовком.",
            "«PROFориентир: профессиональная ориентация в координатах XXI века»",
        ),
        "en": (
            "Title",
            "What the model is called: short and to the point, a subtitle is fine.",
            "“PROFile: career guidance in 21st-century coordinates”",
        ),
    },
    {
        "key": "idea",
        "kind": "text",
        "ru": (
            "Идея",
            "Главная мысль модели в двух-трёх тезисах.",
            "Профессиональная ориентация — непрерывное сопровождение самоопределения ребёнка "
            "со старшего дошкольного возраста до выпуска.",
        ),
        "en": (
            "Idea",
            "The model's main thought in two or three theses.",
            "Career guidance is continuous support of a child's self-determination from "
            "pre-school to graduation.",
        ),
    },
    {
        "key": "starting_context",
        "kind": "text",
        "ru": (
            "Стартовый контекст",
            "С чего начинаем: организация, её ресурсы, партнёры, что уже сделано.",
            "Школа на 1200 учащихся, технологический полигон, договоры с двумя вузами района.",
        ),
        "en": (
            "Starting context",
            "Where we start from: the organisation, its resources, partners, "
            "what has been done already.",
            "A school of 1,200 students with a technology lab "
            "and agreements with two universities.",
        ),
    },
    {
        "key": "goals",
        "kind": "text",
        "ru": (
            "Целевые установки",
            "Цель и задачи модели; базовые принципы.",
            "Цель — сетевая модель профориентации. Задачи: диагностика, практики, наставничество.",
        ),
        "en": (
            "Goal and tasks",
            "The model's goal and tasks; its basic principles.",
            "Goal: a networked model of career guidance. Tasks: diagnostics, practice, mentoring.",
        ),
    },
    {
        "key": "actors",
        "kind": "text",
        "ru": (
            "Участники взаимодействия",
            "Кто участвует: школа, социальные партнёры, родители, выпускники.",
            "Педагоги, ученики 8–11 классов, родители, выпускники, предприятия района.",
        ),
        "en": (
            "Actors",
            "Who takes part: the school, social partners, parents, alumni.",
            "Teachers, students of grades 8–11, parents, alumni, local employers.",
        ),
    },
    {
        "key": "interaction_lines",
        "kind": "table",
        "columns": [
            ("who", "Кто", "Who"),
            ("with_whom", "С кем", "With whom"),
            ("format", "Формат", "Format"),
            ("regularity", "Регулярность", "Regularity"),
        ],
        "ru": (
            "Линии взаимодействия",
            "Кто с кем взаимодействует, в каком формате и как часто.",
            "педагог – ученик; родитель – родитель; выпускник – ученик",
        ),
        "en": (
            "Interaction lines",
            "Who works with whom, in what format and how often.",
            "teacher – student; parent – parent; alumnus – student",
        ),
    },
    {
        "key": "knowledge_skills",
        "kind": "text",
        "ru": (
            "Знания и навыки",
            "Какие знания и навыки получают участники.",
            "Навыки нетворкинга, проектирования, самопрезентации.",
        ),
        "en": (
            "Knowledge and skills",
            "What knowledge and skills the participants gain.",
            "Networking, project design, self-presentation.",
        ),
    },
    {
        "key": "stages",
        "kind": "table",
        "columns": [
            ("period", "Период", "Period"),
            ("stage", "Этап", "Stage"),
            ("results", "Ожидаемые результаты", "Expected results"),
        ],
        "ru": (
            "Алгоритм",
            "Этапы реализации модели: сроки, содержание, ожидаемые результаты.",
            "Сентябрь–октябрь: диагностика интересов → индивидуальные маршруты",
        ),
        "en": (
            "Stages",
            "The stages of putting the model to work: when, what, expected results.",
            "September–October: interest diagnostics → individual routes",
        ),
    },
    {
        "key": "resources",
        "kind": "text",
        "ru": (
            "Ресурсное обеспечение",
            "Кадровые, материальные, информационные ресурсы.",
            "Педагог-навигатор, площадки партнёров, онлайн-платформа «Билет в будущее».",
        ),
        "en": (
            "Resources",
            "People, facilities, information resources.",
            "A career navigator teacher, partners' sites, an online platform.",
        ),
    },
    {
        "key": "trajectory",
        "kind": "text",
        "ru": (
            "Траектория",
            "Путь ученика через модель: от первого шага до результата.",
            "Диагностика → профпробы → проект с наставником → выбор профиля.",
        ),
        "en": (
            "Trajectory",
            "A student's path through the model, from the first step to the result.",
            "Diagnostics → job tasters → a project with a mentor → choosing a track.",
        ),
    },
    {
        "key": "problem",
        "kind": "text",
        "ru": (
            "Проблема",
            "Какую проблему решает модель.",
            "Выбор профессии случаен и не опирается на знание себя и рынка труда.",
        ),
        "en": (
            "Problem",
            "What problem the model solves.",
            "Career choice is random and ignores self-knowledge and the labour market.",
        ),
    },
    {
        "key": "barriers",
        "kind": "text",
        "ru": (
            "Барьеры",
            "Что может помешать и как это обойти.",
            "Нагрузка педагогов; нехватка площадок для профпроб.",
        ),
        "en": (
            "Barriers",
            "What may get in the way and how to get round it.",
            "Teachers' workload; too few places for job tasters.",
        ),
    },
    {
        "key": "criteria",
        "kind": "table",
        "columns": [
            ("indicator", "Показатель", "Indicator"),
            ("target", "Целевое значение", "Target"),
        ],
        "ru": (
            "Критерии оценки",
            "Измеримые показатели: что считаем и какое значение ждём.",
            "Доля учащихся, прошедших профпробы, — не менее 60 %",
        ),
        "en": (
            "Evaluation criteria",
            "Countable indicators: what we count and what value we expect.",
            "Share of students who did job tasters: at least 60%",
        ),
    },
    {
        "key": "intermediate_results",
        "kind": "text",
        "ru": (
            "Промежуточные результаты",
            "Что будет видно через полгода-год.",
            "Индивидуальные маршруты у 80 % учащихся 9 классов.",
        ),
        "en": (
            "Intermediate results",
            "What will be visible in six months to a year.",
            "Individual routes for 80% of grade 9 students.",
        ),
    },
    {
        "key": "final_context",
        "kind": "text",
        "ru": (
            "Итоговый контекст",
            "Как изменится ситуация после реализации модели.",
            "Выпускники осознанно выбирают профиль и профессию.",
        ),
        "en": (
            "Final context",
            "How the situation changes once the model works.",
            "Graduates choose their track and profession consciously.",
        ),
    },
    {
        "key": "potential",
        "kind": "text",
        "ru": (
            "Потенциал",
            "Как модель может развиваться и где ещё применяться.",
            "Тиражирование в школах района через сетевое взаимодействие.",
        ),
        "en": (
            "Potential",
            "How the model may grow and where else it may be used.",
            "Spreading to other schools of the district through a network.",
        ),
    },
]

TEMPLATE_NAMES = {"ru": "Модель взаимодействия (по умолчанию)", "en": "Interaction model (default)"}


def default_sections(language: str) -> list[dict[str, Any]]:
    """The default sections as plain dicts in the given language (Russian when unknown)."""
    column_index = 2 if language == "en" else 1
    return [
        {
            "key": spec["key"],
            "kind": spec["kind"],
            **built_in_texts(spec, language, ("title", "hint", "example")),
            "columns": [
                {"key": col[0], "title": col[column_index]} for col in spec.get("columns", [])
            ],
        }
        for spec in DEFAULT_SECTIONS
    ]
