"""What the route tests of one-line fields share: values to send, where the page says why."""

from __future__ import annotations

#: A tab and each line break inside a value a person types on one line
BROKEN_LINES = ["Анна\tИванова", "Анна\nИванова", "Анна\r\nИванова", "Анна\u2028Иванова"]
#: The Russian message next to a one-line field that holds one of them
ONE_LINE_RU = "Введите в одну строку: уберите табуляцию, переносы строк"
#: The English message
ONE_LINE_EN = "Type this on one line: remove tabs, line breaks"


def assert_said_next_to(page: str, field: str, message: str) -> None:
    """The page marks the field invalid and shows the message right after it."""
    error = page.index(f'id="{field}-error"')
    assert message in page[error : error + 300]
    assert 'aria-invalid="true"' in page[page.index(f'id="{field}"') - 300 : error]
