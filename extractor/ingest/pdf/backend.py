"""What a PDF backend hands to the layout stages: positioned characters, page by page.

Keeping this contract small lets a faster parser replace pdfplumber without touching
column detection, line building or text assembly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(slots=True)
class Char:
    """One glyph as drawn: text (usually one code point), box in points (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float
    bold: bool
    font: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PageChars:
    """The upright characters of one page, in content-stream order."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    # whether the page draws an image; backends may report it only for pages without
    # visible characters (the pdfium backend does), which is where the reader uses it
    has_images: bool = False
    skipped_rotated: int = 0
    notes: list[str] = field(default_factory=list)


class PdfBackend(Protocol):
    """Yields one PageChars per page, releasing each page's parse objects before the next.

    Raises extractor.errors.InputError for files it cannot read.
    """

    def pages(self, path: Path, *, password: str | None) -> Iterator[PageChars]: ...


# pdfium parses characters several times faster than pdfminer (see docs/speed.md);
# pdfplumber stays selectable (--pdf-backend pdfplumber) and is tested against it.
BACKENDS = ("pdfium", "pdfplumber")
DEFAULT_BACKEND = "pdfium"


def make_backend(name: str | None = None) -> PdfBackend:
    """The backend called ``name`` (None: the default); ValueError for an unknown name."""
    name = name or DEFAULT_BACKEND
    if name == "pdfium":
        from extractor.ingest.pdf.backend_pdfium import PdfiumBackend

        return PdfiumBackend()
    if name == "pdfplumber":
        from extractor.ingest.pdf.backend_pdfplumber import PdfplumberBackend

        return PdfplumberBackend()
    raise ValueError(f"unknown PDF backend {name!r}; expected one of {', '.join(BACKENDS)}")
