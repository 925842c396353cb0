"""The default satisfaction survey (after the poll in a real post-release), in both languages.

This is data: it is copied into a session in the session's language, where the moderator may
change it. Its questions give the post-release's figures: the share who found the event
interesting and useful, the top marks for the format and for the practical value, and the share
who got new ideas.
"""

from __future__ import annotations

from typing import Any

from facilitator.i18n import built_in_texts

# Each question: key, kind, required, scale_max for scales, and per language
# (title, hint, report phrase). The report phrase follows the percentage in the post-release.
DEFAULT_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "interesting_useful",
        "kind": "yes_no",
        "required": True,
        "ru": (
            "Было ли мероприятие интересным и полезным для вас?",
            "",
            "отметили, что мероприятие было интересно и полезно",
        ),
        "en": (
            "Was the event interesting and useful?",
            "",
            "said that the event was interesting and useful",
        ),
    },
    {
        "key": "format",
        "kind": "scale",
        "scale_max": 5,
        "required": True,
        "ru": (
            "Оцените форму проведения мероприятия",
            "1 — совсем не понравилась, 5 — очень интересная",
            "поставили высший балл интересной форме проведения",
        ),
        "en": (
            "Rate the format of the event",
            "1 — did not like it at all, 5 — very interesting",
            "gave the format of the event the top mark",
        ),
    },
    {
        "key": "practical_value",
        "kind": "scale",
        "scale_max": 5,
        "required": True,
        "ru": (
            "Оцените практическую значимость полученных знаний",
            "1 — бесполезны, 5 — очень пригодятся в работе",
            "оценили высокую практическую значимость приобретённых знаний",
        ),
        "en": (
            "Rate the practical value of what you learned",
            "1 — of no use, 5 — very useful in my work",
            "gave the practical value of what they learned the top mark",
        ),
    },
    {
        "key": "new_ideas",
        "kind": "yes_no",
        "required": True,
        "ru": (
            "Появились ли у вас новые творческие или профессиональные идеи?",
            "",
            "отметили, что у них возникли новые творческие и профессиональные идеи",
        ),
        "en": (
            "Did you get new creative or professional ideas?",
            "",
            "said that they got new creative and professional ideas",
        ),
    },
    {
        "key": "wishes",
        "kind": "text",
        "required": False,
        "ru": ("Ваши пожелания", "Что понравилось, что сделать иначе в следующий раз", ""),
        "en": ("Your wishes", "What you liked, what to do differently next time", ""),
    },
]


def default_questions(language: str) -> list[dict[str, Any]]:
    """The default questions as plain dicts in the language (Russian for an unknown one)."""
    return [
        {
            "key": spec["key"],
            "kind": spec["kind"],
            "required": spec["required"],
            "scale_max": spec.get("scale_max"),
            "options": list(spec.get("options", [])),
            **built_in_texts(spec, language, ("title", "hint", "report_phrase")),
        }
        for spec in DEFAULT_QUESTIONS
    ]
