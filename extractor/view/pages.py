"""PDF pages as images for the review page, and the boxes drawn over them.

Pages are rendered with pypdfium2 (already installed with pdfplumber) at a modest
scale and stored as JPEG data URIs in a ``data-src`` attribute: the browser decodes
a page only when the reviewer opens it, so a long PDF's page still opens at once.
Boxes are SVG rectangles in PDF points (x0, top, x1, bottom, top-left origin, as
in ``extractor.models.BBox``); the SVG's viewBox is the page size in points, so the
overlay lines up with the image at any display size.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from extractor.models import DocumentResult, PageInfo
from extractor.view.marks import LABEL_CLASS, LABEL_NAME

SCALE = 1.5  # 108 dpi: body text stays readable, a page is ~150-250 kB as JPEG
JPEG_QUALITY = 70


@dataclass(frozen=True)
class PageImage:
    number: int
    width: float  # points
    height: float
    data_uri: str


def render_pages(
    path: Path, *, password: str | None = None, scale: float = SCALE, quality: int = JPEG_QUALITY
) -> list[PageImage]:
    """Every page of the PDF at ``path`` as a JPEG data URI."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil().convert("RGB")
                buf = io.BytesIO()
                image.save(buf, "JPEG", quality=quality, optimize=True)
                uri = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
                out.append(PageImage(i + 1, width, height, uri))
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_source(result: DocumentResult, candidates: Iterable[str | Path]) -> Path | None:
    """The first candidate that is the very PDF the result came from (same sha256)."""
    for cand in candidates:
        p = Path(cand)
        try:
            if p.is_file() and sha256_of(p) == result.doc_id:
                return p
        except OSError:
            continue
    return None


def _rect(bbox: Sequence[float], cls: str, attrs: str, title: str) -> str:
    x0, top, x1, bottom = bbox
    # a little margin so the stroke does not cover the glyphs
    pad = 1.0
    return (
        f'<rect class="{cls}" {attrs}x="{x0 - pad:.2f}" y="{top - pad:.2f}" '
        f'width="{x1 - x0 + 2 * pad:.2f}" height="{bottom - top + 2 * pad:.2f}">'
        f"<title>{escape(title)}</title></rect>"
    )


def overlay(result: DocumentResult, number: int, width: float, height: float) -> str:
    """The SVG of one page: entity boxes under record boxes."""
    parts = [
        f'<svg class="boxes" viewBox="0 0 {width:.2f} {height:.2f}" preserveAspectRatio="none">'
    ]
    for ent in result.entities:
        if ent.page == number and ent.bbox:
            title = f"{LABEL_NAME[ent.label]}: {ent.text}" + (f" ({ent.norm})" if ent.norm else "")
            parts.append(_rect(ent.bbox, f"eb {LABEL_CLASS[ent.label]}", "", title))
    seen: dict[tuple[float, ...], list[str]] = {}
    for rec in result.records:
        if rec.page == number and rec.bbox:
            seen.setdefault(tuple(rec.bbox), []).append(rec.id)
    by_id = {r.id: r for r in result.records}
    for bbox, rids in seen.items():
        title = "; ".join(f"{by_id[r].endpoint} {by_id[r].value:g}" for r in rids)
        attrs = f'data-rids="{escape(" ".join(rids))}" '
        parts.append(_rect(bbox, "rb", attrs, title))
    parts.append("</svg>")
    return "".join(parts)


def pages_html(result: DocumentResult, images: Sequence[PageImage]) -> str:
    """One hidden block per page: the lazy image and its overlay."""
    infos: dict[int, PageInfo] = {p.number: p for p in result.pages}
    out = []
    for img in images:
        info = infos.get(img.number)
        # the boxes are in the ingest backend's page size; use it for the overlay
        w, h = (info.width, info.height) if info else (img.width, img.height)
        out.append(
            f'<div class="pg" data-n="{img.number}" hidden>'
            f'<img alt="page {img.number}" data-src="{img.data_uri}" width="{img.width:.0f}" height="{img.height:.0f}">'
            f"{overlay(result, img.number, w, h)}</div>"
        )
    return "".join(out)
