"""What the PDF reader returns: plain data (``PlainPdf``) and its models (``PdfText``).

Apart from the reader so that the process that receives a PDF read ahead
(``ahead.py``) builds the models without importing the reader's numpy and pdfium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractor.models import BBox, CharLayout, PageInfo

# read_pdf's result in builtin types only, so that marshal can carry it from the process
# that read the PDF (``ahead.py``) and the reader runs without pydantic: text; pages as
# (number, width, height, start, end); page and box of every character; OCR spans as
# (start, end, page, confidence); warnings.
PlainPdf = tuple[str, list[tuple[int, float, float, int, int]], list[int], list["BBox"],
                 list[tuple[int, int, int, float]], list[str]]  # fmt: skip


@dataclass(slots=True)
class PdfText:
    """What the PDF reader hands to Document building."""

    text: str
    pages: list[PageInfo]
    layout: CharLayout
    warnings: list[str] = field(default_factory=list)


def pdf_text(plain: PlainPdf) -> PdfText:
    """The models of a ``read_pdf_plain`` result."""
    from extractor.models import CharLayout, OcrSpan, PageInfo

    text, pages, page_of, boxes, ocr_spans, warnings = plain
    infos = [PageInfo(number=n, width=w, height=h, start=a, end=b) for n, w, h, a, b in pages]
    spans = [OcrSpan(start=a, end=b, page=p, confidence=c) for a, b, p, c in ocr_spans]
    # Built without re-validation: validating would copy a million box tuples for a long PDF.
    layout = CharLayout.model_construct(page=page_of, box=boxes, ocr=spans)
    return PdfText(text=text, pages=infos, layout=layout, warnings=warnings)
