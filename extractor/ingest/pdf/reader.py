"""read_pdf: a PDF file -> reading-order text with the page and box of every character.

Stages: backend (chars per page) -> glyph repair -> columns (reading regions) ->
lines -> running header/footer removal (needs all pages) -> assembly. Only the
compact Line objects of each page are kept; the backend's page objects are released
page by page. Pages without a text layer are read by OCR (``ocr.py``) into the same
character objects, then go through the same stages.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

from extractor.errors import InputError
from extractor.ingest.pdf.assemble import Assembled, join_line
from extractor.ingest.pdf.backend import Char, PdfBackend, make_backend
from extractor.ingest.pdf.columns import reading_regions
from extractor.ingest.pdf.glyphs import radical_table, repair
from extractor.ingest.pdf.headers import running_lines
from extractor.ingest.pdf.lines import Line, build_line, group_lines
from extractor.ingest.pdf import ocr as ocr_pages
from extractor.ingest.pdf.result import PdfText, PlainPdf, pdf_text

if TYPE_CHECKING:
    from extractor.models import BBox

HEADER_SCAN = 1024  # the PDF header may follow up to 1 KiB of junk


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[Line]


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_SCAN)
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF file (no %PDF- header)")


def _repair_all(chars: list[Char]) -> None:
    """``glyphs.repair`` of every character's text; a one-character text (nearly all) is
    looked up directly instead of through a call per character (the review: 10 -> 2 ms)."""
    table = radical_table()
    for c in chars:
        t = c.text
        if len(t) == 1:
            if t in table:
                c.text = table[t]
        else:
            c.text = repair(t)


def _set_region_geometry(lines: list[Line]) -> list[float]:
    """Fill left_mode/right_edge of a region's lines; return its line pitches."""
    by_size: dict[float, Counter[int]] = {}
    for ln in lines:
        by_size.setdefault(round(ln.size), Counter())[round(ln.x0)] += 1
    # most common left edge per type size; ties -> the leftmost edge
    modes = {s: min(cnt, key=lambda x: (-cnt[x], x)) for s, cnt in by_size.items()}
    right = max(ln.x1 for ln in lines)
    pitches = []
    for k, ln in enumerate(lines):
        ln.left_mode = float(modes[round(ln.size)])
        ln.right_edge = right
        if k and abs(lines[k - 1].size - ln.size) < 0.5:
            d = ln.baseline - lines[k - 1].baseline
            if 0 < d < 3 * ln.size:
                pitches.append(d)
    return pitches


def _page_lines(
    regions_chars: list[list[Char]], page_no: int, region_base: int, pitch_pool: dict[int, list[float]]
) -> list[Line]:
    """Lines of each reading region, in order, tagged with region geometry."""
    out: list[Line] = []
    for r, chars in enumerate(regions_chars):
        lines = [ln for ln in (build_line(g) for g in group_lines(chars)) if ln is not None]
        if not lines:
            continue
        pitches = _set_region_geometry(lines)
        for ln in lines:
            ln.region = region_base + r
            ln.page = page_no
        if len(pitches) >= 2:
            p = median(pitches)
            for ln in lines:
                ln.pitch = p
        for d, ln in zip(pitches, lines[1:], strict=False):
            pitch_pool.setdefault(round(ln.size), []).append(d)
        out.extend(lines)
    return out


def read_pdf(
    path: Path,
    *,
    password: str | None = None,
    backend: PdfBackend | str | None = None,
    on_page: Callable[[int], None] | None = None,
    ocr: str = "auto",
) -> PdfText:
    """Read a PDF into reading-order text; raise InputError for files that yield no text.

    ``backend`` is a PdfBackend or a name from ``backend.BACKENDS`` (None: the default);
    ``on_page(n)`` is called after page ``n`` is parsed (a progress hook for the CLI);
    ``ocr``: "auto" reads pages without a text layer by OCR when the ``ocr`` extra is
    installed, "always" reads every page by OCR, "never" leaves image-only pages empty.
    """
    return pdf_text(read_pdf_plain(path, password=password, backend=backend, on_page=on_page, ocr=ocr))


def read_pdf_plain(
    path: Path,
    *,
    password: str | None = None,
    backend: PdfBackend | str | None = None,
    on_page: Callable[[int], None] | None = None,
    ocr: str = "auto",
) -> PlainPdf:
    """``read_pdf`` in builtin types (``PlainPdf``), without importing the models; the
    arguments are ``read_pdf``'s.
    """
    path = Path(path)
    _check_header(path)
    ocr_pages.check_mode(ocr)
    use_ocr = ocr == "always" or (ocr == "auto" and ocr_pages.available())
    if ocr == "always" and not ocr_pages.available():
        raise InputError(path, f"--ocr always needs the OCR extra: {ocr_pages.EXTRA}")
    if backend is None or isinstance(backend, str):
        backend = make_backend(backend)
    pages: list[_Page] = []
    warnings: list[str] = []
    image_only: list[int] = []
    to_ocr: list[_Page] = []
    pitch_pool: dict[int, list[float]] = {}
    region_base = 0
    for pc in backend.pages(path, password=password):
        if ocr == "always" or (use_ocr and pc.has_images and not any(c.text.strip() for c in pc.chars)):
            page = _Page(pc.number, pc.width, pc.height, [])
            to_ocr.append(page)
            pages.append(page)
            continue
        _repair_all(pc.chars)
        if pc.skipped_rotated:
            warnings.append(f"page {pc.number}: {pc.skipped_rotated} rotated characters skipped")
        regions = reading_regions(pc.chars, pc.width, pc.height)
        lines = _page_lines(regions, pc.number, region_base, pitch_pool)
        region_base += len(regions)
        # the page's lines are built: its characters go now, not when the next page is parsed
        pc.chars = []
        del regions
        if not lines and pc.has_images:
            image_only.append(pc.number)
        pages.append(_Page(pc.number, pc.width, pc.height, lines))
        if on_page is not None:
            on_page(pc.number)
    ocr_lines: dict[tuple[int, BBox], ocr_pages.OcrLine] = {}
    skews: dict[int, tuple[float, tuple[float, float]]] = {}
    if to_ocr:
        region_base = _ocr_layout(path, password, to_ocr, region_base, pitch_pool, ocr_lines, skews, warnings)
    if not any(p.lines for p in pages):
        if to_ocr:
            raise InputError(path, "no text layer, and OCR found no text on its pages")
        if image_only:
            hint = " (not run: --ocr never)" if ocr == "never" else f": {ocr_pages.EXTRA}"
            raise InputError(path, "no text layer; OCR would be needed" + hint)
        raise InputError(path, "all pages are blank (no text found)")
    if image_only:
        listed = ", ".join(str(n) for n in image_only[:10])
        hint = "" if use_ocr or ocr == "never" else f"; {ocr_pages.EXTRA}"
        warnings.append(f"pages without a text layer (OCR would be needed{hint}): {listed}")

    doc_pitch = {s: median(v) for s, v in pitch_pool.items() if v}
    drops = running_lines([p.lines for p in pages], [p.height for p in pages])
    out = Assembled()
    infos: list[list[int | float]] = []  # number, width, height, start, end
    prev: Line | None = None
    for page, drop in zip(pages, drops, strict=True):
        start = len(out.text)
        for i, ln in enumerate(page.lines):
            if i in drop:
                continue
            if ln.pitch == 0:
                ln.pitch = doc_pitch.get(round(ln.size), 0.0)
            join_line(out, prev, ln)
            prev = ln
        page.lines = []  # assembled: free the page's line objects early
        first = start
        # separators inserted before this page's first line belong to the previous page
        while first < len(out.page) and out.page[first] != page.number:
            first += 1
        infos.append([page.number, page.width, page.height, min(first, len(out.text)), len(out.text)])
    for k in range(len(infos) - 1):  # a page ends where the next one starts
        infos[k][4] = infos[k + 1][3] if infos[k + 1][3] >= infos[k][3] else infos[k][4]
    text = "".join(out.text)
    spans = _ocr_spans(out, ocr_lines) if ocr_lines else []
    if spans:
        warnings.extend(_low_confidence_warnings(text, spans))
    if skews:
        # layout ran on deskewed OCR boxes; the output boxes go back onto the page image
        for i, page_no in enumerate(out.page):
            if page_no in skews:
                out.box[i] = ocr_pages.skew_box(out.box[i], *skews[page_no])
    return text, [tuple(p) for p in infos], out.page, out.box, spans, warnings  # type: ignore[misc]


def _ocr_layout(
    path: Path,
    password: str | None,
    pages: list[_Page],
    region_base: int,
    pitch_pool: dict[int, list[float]],
    by_box: dict[tuple[int, BBox], ocr_pages.OcrLine],
    skews: dict[int, tuple[float, tuple[float, float]]],
    warnings: list[str],
) -> int:
    """Read ``pages`` by OCR and give them lines, like text-layer pages; returns the next region id.

    All pages are read before any is laid out: type sizes are assigned from the lines
    of the whole document, so body text keeps one size from page to page.
    """
    reader = ocr_pages.PageReader(path, password=password)
    try:
        read = [reader.read(p.number) for p in pages]
    finally:
        reader.close()
    ocr_pages.assign_sizes([ln for r in read for ln in r.lines])
    empty = []
    for page, got in zip(pages, read, strict=True):
        if got.angle:
            skews[page.number] = (got.angle, got.centre)
            warnings.append(f"page {page.number}: scan skewed {math.degrees(got.angle):.2f} degrees; "
                            "OCR lines laid out straightened")  # fmt: skip
        if got.dropped:
            warnings.append(f"page {page.number}: {got.dropped} OCR lines under confidence "
                            f"{ocr_pages.NOISE_SCORE} dropped as noise")  # fmt: skip
        chars: list[Char] = []
        for ln in got.lines:
            for c in ocr_pages.line_chars(ln):
                c.text = repair(c.text)
                chars.append(c)
                by_box[(page.number, _rounded(c))] = ln
        regions = reading_regions(chars, page.width, page.height)
        page.lines = _page_lines(regions, page.number, region_base, pitch_pool)
        region_base += len(regions)
        if not page.lines:
            empty.append(page.number)
    listed = ", ".join(str(p.number) for p in pages[:20]) + (" ..." if len(pages) > 20 else "")
    warnings.append(f"pages read by OCR at {ocr_pages.RENDER_DPI} dpi: {listed}")
    if empty:
        warnings.append("pages where OCR found no text: " + ", ".join(str(n) for n in empty[:20]))
    return region_base


def _rounded(c: Char) -> BBox:
    # the rounding lines.build_line applies to every box it emits
    return (round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2))


def _ocr_spans(out: Assembled, by_box: dict[tuple[int, BBox], ocr_pages.OcrLine]) -> list[tuple[int, int, int, float]]:
    """Runs of the text that came from one OCR line, with that line's confidence:
    (start, end, page, confidence)."""
    per_page: dict[int, list[ocr_pages.OcrLine]] = {}
    for (p, _), ln in by_box.items():
        lst = per_page.setdefault(p, [])
        if not lst or lst[-1] is not ln:
            lst.append(ln)
    spans: list[tuple[int, int, int, float]] = []
    cur: ocr_pages.OcrLine | None = None
    start = 0
    for i, (page, box) in enumerate(zip(out.page, out.box, strict=True)):
        ln = None
        if page in per_page:
            ln = by_box.get((page, box))
            if ln is None:
                # a box the line builder made itself (a superscript run): the line under its centre
                cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                ln = next((c for c in per_page[page] if c.x0 <= cx <= c.x1 and c.top <= cy <= c.bottom), None)
        if ln is not cur:
            if cur is not None:
                spans.append((start, i, out.page[start], round(cur.confidence, 4)))
            cur, start = ln, i
    if cur is not None:
        spans.append((start, len(out.page), out.page[start], round(cur.confidence, 4)))
    return spans


MAX_LINE_WARNINGS = 20


def _low_confidence_warnings(text: str, spans: list[tuple[int, int, int, float]]) -> list[str]:
    low = [s for s in spans if s[3] < ocr_pages.LOW_CONFIDENCE]
    out = []
    for start, end, page, confidence in low[:MAX_LINE_WARNINGS]:
        quoted = " ".join(text[start:end].split())
        quoted = quoted if len(quoted) <= 60 else quoted[:57] + "..."
        out.append(f"page {page}: OCR line read with confidence {confidence:.2f} "
                   f"(text {start}-{end}): {quoted}")  # fmt: skip
    if len(low) > MAX_LINE_WARNINGS:
        out.append(f"... and {len(low) - MAX_LINE_WARNINGS} more OCR lines under confidence "
                   f"{ocr_pages.LOW_CONFIDENCE}")  # fmt: skip
    return out
