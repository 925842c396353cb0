"""A document as a list of plain blocks, rendered the same way to Word and to PDF."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

LEFT, CENTER, JUSTIFY = "left", "center", "justify"


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: body text with a first-line indent, a bullet, a grey note, a title line."""

    runs: tuple[Run, ...]
    align: str = JUSTIFY
    indent: bool = False
    bullet: bool = False
    muted: bool = False
    #: Points; None is the body size
    size: float | None = None
    space_after: float | None = None
    keep_with_next: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text without emphasis."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered or plain heading; level 1 starts a chapter."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Table:
    """A bordered table with a header row that repeats on every page."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Column widths in centimetres; None shares the text width equally
    widths_cm: tuple[float, ...] | None = None
    font_size: float = 11
    #: Least height of a body row, in centimetres: room for a signature
    row_height_cm: float | None = None


@dataclass(frozen=True)
class Picture:
    """An image (PNG or JPEG) centred on the page, with an optional caption under it."""

    data: bytes
    width_cm: float
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page."""


Block = Paragraph | Heading | Table | Picture | PageBreak


@dataclass
class Document:
    """A document's metadata, its letterhead logos and its blocks in order."""

    title: str
    author: str
    language: str = "ru"
    logos: tuple[bytes, ...] = ()
    #: Logos on the first page only (a letter), or on every page
    logos_first_page_only: bool = True
    page_numbers: bool = False
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)


def para(text: str, **options) -> Paragraph:
    """A paragraph of one plain run."""
    return Paragraph((Run(text),), **options)


def labelled(label: str, value: str, **options) -> Paragraph:
    """«Label: value» with the label in bold."""
    return Paragraph((Run(f"{label}: ", bold=True), Run(value)), align=LEFT, **options)


class BlockWriter(ABC):
    """An output format: how it writes each kind of block; ``write`` walks the blocks in order."""

    def write(self, blocks: Iterable[Block]) -> None:
        """Write every block by its kind."""
        for block in blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Picture):
                self.picture(block)
            elif isinstance(block, PageBreak):
                self.page_break()

    @abstractmethod
    def paragraph(self, block: Paragraph) -> None:
        """Write a paragraph."""

    @abstractmethod
    def heading(self, block: Heading) -> None:
        """Write a heading that stays with what follows it."""

    @abstractmethod
    def table(self, block: Table) -> None:
        """Write a table."""

    @abstractmethod
    def picture(self, block: Picture) -> None:
        """Write a picture with its caption."""

    @abstractmethod
    def page_break(self) -> None:
        """Start a new page."""
