"""read_pdf: a PDF file -> reading-order text with the page and box of every character.

Stages: backend (chars per page) -> glyph repair -> columns (reading regions) ->
lines -> running header/footer removal (needs all pages) -> assembly. Only the
compact Line objects of each page are kept; the backend's page objects are released
page by page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from extractor.errors import InputError
from extractor.ingest.pdf.assemble import Assembled, join_line
from extractor.ingest.pdf.backend import Char, PdfBackend, make_backend
from extractor.ingest.pdf.columns import reading_regions
from extractor.ingest.pdf.glyphs import repair
from extractor.ingest.pdf.headers import running_lines
from extractor.ingest.pdf.lines import Line, build_line, group_lines
from extractor.models import CharLayout, PageInfo

HEADER_SCAN = 1024  # the PDF header may follow up to 1 KiB of junk


@dataclass(slots=True)
class PdfText:
    """What the PDF reader hands to Document building."""

    text: str
    pages: list[PageInfo]
    layout: CharLayout
    warnings: list[str] = field(default_factory=list)


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
) -> PdfText:
    """Read a PDF into reading-order text; raise InputError for files that yield no text.

    ``backend`` is a PdfBackend or a name from ``backend.BACKENDS`` (None: the default);
    ``on_page(n)`` is called after page ``n`` is parsed (a progress hook for the CLI).
    """
    path = Path(path)
    _check_header(path)
    if backend is None or isinstance(backend, str):
        backend = make_backend(backend)
    pages: list[_Page] = []
    warnings: list[str] = []
    image_only: list[int] = []
    pitch_pool: dict[int, list[float]] = {}
    region_base = 0
    for pc in backend.pages(path, password=password):
        for c in pc.chars:
            c.text = repair(c.text)
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
    if not any(p.lines for p in pages):
        if image_only:
            raise InputError(path, "no text layer; OCR would be needed")
        raise InputError(path, "all pages are blank (no text found)")
    if image_only:
        listed = ", ".join(str(n) for n in image_only[:10])
        warnings.append(f"pages without a text layer (OCR would be needed): {listed}")

    doc_pitch = {s: median(v) for s, v in pitch_pool.items() if v}
    drops = running_lines([p.lines for p in pages], [p.height for p in pages])
    out = Assembled()
    infos: list[PageInfo] = []
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
        infos.append(
            PageInfo(
                number=page.number,
                width=page.width,
                height=page.height,
                start=min(first, len(out.text)),
                end=len(out.text),
            )
        )
    for k in range(len(infos) - 1):
        infos[k].end = infos[k + 1].start if infos[k + 1].start >= infos[k].start else infos[k].end
    text = "".join(out.text)
    # Built without re-validation: validating would copy a million box tuples for a long PDF.
    layout = CharLayout.model_construct(page=out.page, box=out.box)
    return PdfText(text=text, pages=infos, layout=layout, warnings=warnings)
