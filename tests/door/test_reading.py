"""Reading registration files and guessing their columns from Russian and English headers."""

from __future__ import annotations

import pytest

from facilitator.door import headers, reading
from tests.door import samples


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", headers.FULL_NAME),
        ("Фамилия, имя, отчество", headers.FULL_NAME),
        ("Ф.И.О. участника", headers.FULL_NAME),
        ("Full name", headers.FULL_NAME),
        ("Фамилия", headers.LAST_NAME),
        ("Имя", headers.FIRST_NAME),
        ("Отчество", headers.MIDDLE_NAME),
        ("Ваша организация (полное название)", headers.ORGANISATION),
        ("Образовательное учреждение", headers.ORGANISATION),
        ("Organization", headers.ORGANISATION),
        ("Должность", headers.POSITION),
        ("Занимаемая должность в организации", headers.POSITION),
        ("Муниципалитет/район", headers.CITY),
        ("Населённый пункт", headers.CITY),
        ("Адрес электронной почты", headers.EMAIL),
        ("Email Address", headers.EMAIL),
        ("E-mail", headers.EMAIL),
        ("Телефон", headers.PHONE),
        ("Контактный телефон (мобильный)", headers.PHONE),
        ("Группа", headers.GROUP),
        ("Номер группы", headers.GROUP),
        ("Отметка времени", headers.IGNORE),
        ("Timestamp", headers.IGNORE),
        ("Откуда вы узнали о сессии?", headers.IGNORE),
    ],
)
def test_a_header_is_understood(header, field):
    assert headers.guess_field(header) == field


def test_a_title_line_above_the_header_is_skipped():
    rows = [
        ["Список участников проектной сессии 27.03.2023"],
        ["№", "ФИО", "ОУ", "Должность"],
        ["1", "Иванова Мария", "ГБОУ СОШ № 496", "учитель"],
    ]
    guess = headers.find_header(rows)
    assert guess.header_row == 1
    assert guess.fields[1] == headers.FULL_NAME


def test_an_xlsx_reads_as_text_with_whole_numbers_and_dates_readable():
    data = samples.xlsx([[None, "Иванова", "ГБОУ", "", "", "", 79215550001.0, 3]])
    rows = reading.read_table(data)
    assert rows[1] == ["", "Иванова", "ГБОУ", "", "", "", "79215550001", "3"]
    assert rows[0][0] == "Отметка времени"


def test_a_bom_and_a_windows_1251_file_read_the_same():
    text = samples.csv_text([["ФИО", "Организация"], ["Ёлкина Алёна", "Школа № 1"]])
    assert reading.read_table(b"\xef\xbb\xbf" + text.encode()) == reading.read_table(
        text.encode("cp1251")
    )


def test_a_file_with_too_many_rows_is_refused():
    text = "ФИО\n" + "Иванова\n" * reading.MAX_ROWS
    with pytest.raises(reading.ReadError):
        reading.read_table(text.encode())
