"""Registration files as organisers upload them: a Google-Forms export with messy headers."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

HEADERS = [
    "Отметка времени",
    "Фамилия, имя, отчество (полностью)",
    "Ваша организация (полное название)",
    "Должность",
    "Муниципалитет/район",
    "Адрес электронной почты",
    "Телефон",
    "Группа",
    "Откуда вы узнали о сессии?",
]
LAST = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Соколова", "Попова", "Лебедева", "Козлова"]
FIRST = ["Мария", "Анна", "Елена", "Ольга", "Татьяна"]
MIDDLE = ["Ивановна", "Петровна", "Сергеевна", "Алексеевна", "Юрьевна"]
DISTRICTS = ["Московский район", "Фрунзенский район", "Кировский район"]
POSITIONS = ["учитель", "заместитель директора по ВР", "педагог-организатор", "социальный педагог"]

#: Lines (as the preview numbers them: the header is line 1) and why they are left out
DUPLICATE_LINES = (197, 198, 199)
INVALID_LINES = (200, 201)


def person(number: int) -> list:
    """The n-th unique registrant: a Google-Forms row."""
    name = (
        f"{LAST[number % len(LAST)]} {FIRST[number % len(FIRST)]} "
        f"{MIDDLE[number % len(MIDDLE)]} {number}"
    )
    return [
        dt.datetime(2023, 3, 20, 9, 0) + dt.timedelta(minutes=number),
        name,
        f"ГБОУ СОШ № {400 + number % 20} Московского района",
        POSITIONS[number % len(POSITIONS)],
        DISTRICTS[number % len(DISTRICTS)],
        f"person{number}@school.example.org",
        f"+7 (921) 555-{number:04d}",
        str(number % 5 + 1),
        "от методиста",
    ]


def registrations() -> list[list]:
    """195 registrants, then 3 duplicates and 2 invalid rows: 200 rows under the header."""
    rows = [person(n) for n in range(1, 196)]
    same_name = person(5)
    same_name[1] = same_name[1].upper().replace("Ё", "Е")  # another case: still the same person
    same_name[5] = "other5@school.example.org"
    same_email = person(7)
    same_email[1] = "Другая Фамилия Имя"
    same_email[2] = "Другая организация"
    same_email[5] = "PERSON7@school.example.org"
    repeated = person(9)
    no_name = person(300)
    no_name[1] = "   "
    bad_email = person(301)
    bad_email[5] = "ivanova@"
    rows += [same_name, same_email, repeated, no_name, bad_email]
    return rows


def xlsx(rows: list[list] | None = None, headers: list[str] | None = None) -> bytes:
    """The rows as a Google-Forms .xlsx export."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ответы на форму (1)"
    sheet.append(headers or HEADERS)
    for row in registrations() if rows is None else rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[list[str]], delimiter: str = ";") -> str:
    """Rows as CSV text with the given delimiter (quoting where needed)."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
