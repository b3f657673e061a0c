"""Characters of one reading region -> text lines, with spacing and superscript markers.

Spaces come from explicit space glyphs or from gaps that are wide for their line:
justified lines widen every gap, so a gap counts as a word break only when it
exceeds the line's typical gap of the same kind; two CJK characters are never
separated. Superscript runs (smaller, raised) become ``^[..]`` or ``^{..}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from extractor.ingest.pdf.backend import Char
from extractor.ingest.pdf.chars import is_cjk
from extractor.models import BBox

SUP_SIZE_RATIO = 0.8  # a superscript is at most this fraction of the line's body size
SUP_RAISE = 0.15  # ... and its baseline sits at least this many ems above the line's
SPACE_EM = 0.18  # extra gap (in ems) over the line's typical gap that reads as a space


@dataclass(slots=True)
class Line:
    """One text line: its output characters with boxes, and the geometry the joiner needs."""

    text: list[str]
    boxes: list[BBox]
    marker: list[bool]  # True for superscript/marker characters (skipped by join look-back)
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold_start: bool
    bold_end: bool
    all_bold: bool
    region: int = 0
    page: int = 0
    # filled per region by the reader: typical left edge, right edge and line pitch
    left_mode: float = 0.0
    right_edge: float = 0.0
    pitch: float = 0.0

    @property
    def string(self) -> str:
        return "".join(self.text)


def _overlap(a_top: float, a_bot: float, b_top: float, b_bot: float) -> float:
    return min(a_bot, b_bot) - max(a_top, b_top)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Cluster a single-column region's chars into lines by vertical overlap, top to bottom."""
    lines: list[list[Char]] = []
    band_top = band_bot = 0.0
    for c in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        h = max(c.bottom - c.top, 0.1)
        if lines and _overlap(c.top, c.bottom, band_top, band_bot) >= 0.5 * min(h, band_bot - band_top):
            lines[-1].append(c)
            band_top, band_bot = min(band_top, c.top), max(band_bot, c.bottom)
        else:
            lines.append([c])
            band_top, band_bot = c.top, c.bottom
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _dominant_size(chars: list[Char]) -> float:
    counts: dict[float, int] = {}
    for c in chars:
        key = round(c.size, 1)
        counts[key] = counts.get(key, 0) + len(c.text)
    return max(counts, key=lambda k: (counts[k], k))


# Boxes are rounded once, here, to 0.01 pt: the layout keeps one per character, and a
# 300-page PDF must not hold several copies of them.
def _box(c: Char) -> BBox:
    return (round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2))


def _union(chars: list[Char]) -> BBox:
    return (
        round(min(c.x0 for c in chars), 2),
        round(min(c.top for c in chars), 2),
        round(max(c.x1 for c in chars), 2),
        round(max(c.bottom for c in chars), 2),
    )


def build_line(chars: list[Char]) -> Line | None:
    """Text of one line (chars sorted by x); None when it holds only whitespace."""
    ink = [c for c in chars if c.text.strip()]
    if not ink:
        return None
    size = _dominant_size(ink)
    base = median(c.baseline for c in ink if round(c.size, 1) == size)
    sup = [
        c.size <= SUP_SIZE_RATIO * size and c.baseline < base - SUP_RAISE * size for c in chars
    ]
    # Typical gaps: CJK-involved gaps are stretched by justification, Latin letter gaps are not.
    cjk_gaps: list[float] = []
    latin_gaps: list[float] = []
    prev: Char | None = None
    for c, s in zip(chars, sup, strict=True):
        if s or not c.text.strip():
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            (cjk_gaps if is_cjk(prev.text[-1]) or is_cjk(c.text[0]) else latin_gaps).append(gap)
        prev = c
    cjk_ref = median(cjk_gaps) if cjk_gaps else 0.0
    latin_ref = max(0.0, median(latin_gaps)) if latin_gaps else 0.0

    text: list[str] = []
    boxes: list[BBox] = []
    marker: list[bool] = []

    def emit(s: str, box: BBox, is_marker: bool) -> None:
        for ch in s:
            text.append(ch)
            boxes.append(box)
            marker.append(is_marker)

    pending_space: BBox | None = None
    last: Char | None = None
    i = 0
    n = len(chars)
    while i < n:
        c = chars[i]
        if not c.text.strip():
            if text:
                pending_space = _box(c)
            i += 1
            continue
        if sup[i]:
            j = i
            run: list[Char] = []
            while j < n and (sup[j] or not chars[j].text.strip()):
                if chars[j].text.strip():
                    run.append(chars[j])
                j += 1
            if pending_space is not None:
                emit(" ", pending_space, False)
                pending_space = None
            box = _union(run)
            body = "".join(r.text for r in run)
            emit("^", box, True)
            if body.startswith("["):
                for r in run:
                    emit(r.text, _box(r), True)
            else:
                emit("{", box, True)
                for r in run:
                    emit(r.text, _box(r), True)
                emit("}", box, True)
            last = run[-1]
            i = j
            continue
        if last is not None:
            a, b = last.text[-1], c.text[0]
            if pending_space is not None:
                emit(" ", pending_space, False)
            elif not (is_cjk(a) and is_cjk(b)):
                ref = cjk_ref if (is_cjk(a) or is_cjk(b)) else latin_ref
                if c.x0 - last.x1 > ref + SPACE_EM * size:
                    emit(" ", _box(last), False)
        pending_space = None
        emit(c.text, _box(c), False)
        last = c
        i += 1

    first_ink = next(c for c in chars if c.text.strip())
    last_ink = ink[-1]
    body_chars = [c for c, s in zip(chars, sup, strict=True) if not s and c.text.strip()]
    return Line(
        text=text,
        boxes=boxes,
        marker=marker,
        x0=first_ink.x0,
        x1=last_ink.x1,
        top=min(c.top for c in ink),
        bottom=max(c.bottom for c in ink),
        baseline=base,
        size=size,
        bold_start=first_ink.bold,
        bold_end=last_ink.bold,
        all_bold=all(c.bold for c in body_chars) if body_chars else False,
    )
