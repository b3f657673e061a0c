"""PDF reader: reading-order text with page and box per character (pdfium or pdfplumber backend).

``read_pdf`` and ``PdfText`` load on first use (PEP 562): the ``extract`` command imports
``extractor.ingest.pdf.ahead`` before it forks the process that reads the PDF, and the
reader's imports (numpy, pdfium) belong in that process only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["PdfText", "read_pdf"]

if TYPE_CHECKING:
    from extractor.ingest.pdf.reader import PdfText, read_pdf


def __getattr__(name: str) -> Any:
    if name in __all__:
        from extractor.ingest.pdf import reader

        return getattr(reader, name)
    raise AttributeError(f"module 'extractor.ingest.pdf' has no attribute {name!r}")
