"""Self-contained HTML review pages: each number in its sentence and on its PDF page.

``review_page(result, pdf=...)`` gives one document's page; ``extractor.view.site``
writes a batch store as a folder (an index and one page per document). See docs/view.md.
"""

from __future__ import annotations

from pathlib import Path

from extractor.models import DocumentResult


def review_page(result: DocumentResult, *, pdf: Path | None = None, password: str | None = None) -> str:
    """The review page of ``result``; ``pdf`` (the source PDF) adds its pages as images."""
    from extractor.view.page import render_document
    from extractor.view.pages import render_pages

    images = None
    note = None
    if pdf is not None:
        images = render_pages(pdf, password=password)
    elif result.media_type == "application/pdf":
        note = "page images not included: the source PDF was not given"
    return render_document(result, images=images, pages_note=note)
