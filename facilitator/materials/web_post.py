"""The post-release for the website (HTML) and for VK (plain text within a wall post's limit)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from markupsafe import escape

from facilitator.materials.post_release import HEADING_KEY, DraftParagraph, draft
from facilitator.materials.records import SessionMaterials
from facilitator.text.typography import typograph

#: VK refuses a wall post longer than this many characters (figures cited for it are 15 895 and
#: 16 384; the text stays under the lower one).
VK_MAX_CHARS = 15_895


def _finish(text: str, language: str) -> str:
    return typograph(text) if language == "ru" else text


def _lines(paragraph: DraftParagraph) -> list[str]:
    return [line.strip() for line in paragraph.text.split("\n") if line.strip()]


def _list_item(line: str) -> str:
    return line.lstrip("-–—•·* ").strip()


def vk_text(materials: SessionMaterials, edits: Mapping[str, str] | None = None) -> str:
    """The post as plain text: a one-line title, paragraphs apart, models as dashed lines."""
    language = materials.session.language
    paragraphs = draft(materials, edits)
    text = _vk(paragraphs, language, full_models=True)
    if len(text) > VK_MAX_CHARS:
        text = _vk(paragraphs, language, full_models=False)
    if len(text) > VK_MAX_CHARS:
        cut = text[: VK_MAX_CHARS - 1].rsplit("\n\n", 1)[0]
        text = cut.rstrip() + "\n…"
    return text


def _vk(paragraphs: Sequence[DraftParagraph], language: str, full_models: bool) -> str:
    blocks = []
    for paragraph in paragraphs:
        lines = _lines(paragraph)
        if not lines or paragraph.key == "publication":  # the post itself is the publication
            continue
        if paragraph.key == HEADING_KEY:
            blocks.append(_finish(" ".join(lines), language))
        elif paragraph.is_list:
            items = [_list_item(line) for line in lines]
            if not full_models:
                items = [item.split("\u00a0— ")[0].split(" — ")[0] for item in items]
            blocks.append("\n".join(f"— {_finish(item, language)}" for item in items))
        else:
            blocks.append("\n".join(_finish(line, language) for line in lines))
    return "\n\n".join(blocks)


def _picture(photo: bytes) -> str:
    kind = "jpeg" if photo[:3] == b"\xff\xd8\xff" else "png"
    data = base64.b64encode(photo).decode("ascii")
    return f'<figure><img src="data:image/{kind};base64,{data}" alt=""></figure>'


def html_post(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    photos: Sequence[bytes] | None = None,
) -> str:
    """The post as a self-contained HTML page for the website; every text escaped."""
    language = materials.session.language
    parts = []
    title = materials.session.title
    for paragraph in draft(materials, edits):
        lines = [_finish(line, language) for line in _lines(paragraph)]
        if not lines:
            continue
        if paragraph.key == HEADING_KEY:
            parts.append("<h1>" + "<br>".join(str(escape(line)) for line in lines) + "</h1>")
        elif paragraph.is_list:
            items = "".join(f"<li>{escape(_list_item(line))}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.extend(f"<p>{escape(line)}</p>" for line in lines)
    parts.extend(_picture(photo) for photo in (materials.photos if photos is None else photos))
    body = "\n".join(parts)
    return (
        f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<article>\n{body}\n</article>\n"
        "</body>\n</html>\n"
    )
