"""Ingestion: a path in, a ``Document`` out (text as ingested, never rewritten).

Readers are chosen by a cheap look at the name and the first bytes; each one turns
its source into text plus provenance. Sections and sentences are added by
``extractor.layout`` stages, not here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.errors import InputError
from extractor.ingest.text import decode_text

if TYPE_CHECKING:
    from extractor.ingest.pdf import PdfText
    from extractor.models import Document

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown"}
SUPPORTED = (".pdf", ".txt", ".md")


def read_source(path: Path) -> bytes:
    """The file's bytes, or an InputError saying why they cannot be had."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory; expected a .pdf, .txt or .md file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(path, f"unsupported file type '{suffix or '(none)'}'; expected .pdf, .txt or .md")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror})") from None
    if not data:
        raise InputError(path, "empty file (0 bytes)")
    return data


def ingest(
    path: Path,
    *,
    password: str | None = None,
    pdf_backend: str | None = None,
    on_page: Callable[[int], None] | None = None,
    ocr: str = "auto",
    read: Callable[[], PdfText | None] | None = None,
) -> Document:
    """Read ``path`` (.pdf, .txt or .md) into a Document with text and, for PDFs, layout.

    ``pdf_backend`` names the PDF parser (``extractor.ingest.pdf.backend.BACKENDS``; None: the
    default); ``on_page(n)`` is called after each PDF page is read (progress display);
    ``ocr`` (auto, always, never): when PDF pages are read by OCR (docs/ocr.md). ``read()``,
    when given, is the PDF already read with these settings (``extractor.ingest.pdf.ahead``);
    when it returns None the PDF is read here.
    """
    from extractor.models import Document

    path = Path(path)
    data = read_source(path)
    doc_id = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if not data.startswith(b"%PDF-"):
            hint = " (it looks like text)" if _looks_textual(data) else ""
            raise InputError(path, f"not a PDF file: no %PDF- header{hint}")
        pdf = read() if read is not None else None
        if pdf is None:
            from extractor.ingest.pdf import read_pdf

            pdf = read_pdf(path, password=password, backend=pdf_backend, on_page=on_page, ocr=ocr)
        return Document(
            doc_id=doc_id,
            source=str(path),
            media_type="application/pdf",
            text=pdf.text,
            pages=pdf.pages,
            layout=pdf.layout,
            warnings=list(pdf.warnings),
        )
    if data.startswith(b"%PDF-"):
        raise InputError(path, f"is a PDF file named '{suffix}'; rename it to .pdf")
    text, encoding = decode_text(path, data)
    if not text.strip():
        raise InputError(path, "contains no text (only whitespace)")
    return Document(
        doc_id=doc_id,
        source=str(path),
        media_type=TEXT_SUFFIXES[suffix],  # type: ignore[arg-type]
        encoding=encoding,
        text=text,
    )


def document_from_text(text: str, *, source: str = "<string>") -> Document:
    """A Document for text already in memory (tests, library callers)."""
    from extractor.models import Document

    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id=doc_id, source=source, media_type="text/plain", encoding="utf-8", text=text)


def _looks_textual(data: bytes) -> bool:
    head = data[:2048]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head
