"""A refused form's page as assistive technology reads it: invalid fields and their messages."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element's tag and attributes, in document order."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def invalid_ids(html: str) -> list[str]:
    """The ids of the controls marked aria-invalid, in document order (the first takes focus)."""
    return [a.get("id", "") for _, a in elements(html) if a.get("aria-invalid") == "true"]


def loads_focus_script(html: str) -> bool:
    """Whether the page loads the script that focuses its first invalid field."""
    return any(
        tag == "script" and "/static/js/form-errors.js" in a.get("src", "")
        for tag, a in elements(html)
    )


def check_error_references(html: str) -> None:
    """Ids are unique, every described-by id exists, every message is referenced by its control."""
    found = elements(html)
    counts = Counter(a["id"] for _, a in found if a.get("id"))
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"
    referenced = {ref for _, a in found for ref in a.get("aria-describedby", "").split()}
    missing = sorted(ref for ref in referenced if ref not in counts)
    assert not missing, f"aria-describedby points at no element: {missing}"
    messages = [
        a["id"]
        for tag, a in found
        if tag == "p" and "error" in a.get("class", "").split() and a.get("id")
    ]
    unreferenced = [name for name in messages if name not in referenced]
    assert not unreferenced, f"messages no control is described by: {unreferenced}"
    for _, a in found:
        if a.get("aria-invalid") == "true":
            assert a.get("aria-describedby"), f"invalid without its message: {a.get('id')}"
