"""Characters of one reading region -> text lines, with spacing and superscript markers.

Spaces come from explicit space glyphs or from gaps that are wide for their line:
justified lines widen every gap, so a gap counts as a word break only when it
exceeds the line's typical gap of the same kind; two CJK characters are never
separated. Superscript runs (smaller, raised) become ``^[..]`` or ``^{..}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any
from statistics import median

from extractor.ingest.pdf.backend import Char
from extractor.ingest.pdf.chars import is_cjk

if TYPE_CHECKING:  # not imported at run time: the PDF reader runs without pydantic
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


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Cluster a single-column region's chars into lines by vertical overlap, top to bottom."""
    lines: list[list[Char]] = []
    band_top = band_bot = 0.0
    for c in sorted(chars, key=_BASELINE_X0):
        top, bot = c.top, c.bottom
        h = max(bot - top, 0.1)
        if lines and min(bot, band_bot) - max(top, band_top) >= 0.5 * min(h, band_bot - band_top):
            lines[-1].append(c)
            band_top, band_bot = min(band_top, top), max(band_bot, bot)
        else:
            lines.append([c])
            band_top, band_bot = top, bot
    for line in lines:
        line.sort(key=_X0)
    return lines


_BASELINE_X0 = attrgetter("baseline", "x0")
_X0 = attrgetter("x0")


# Boxes are rounded once, here, to 0.01 pt: the layout keeps one per character, and a
# 300-page PDF must not hold several copies of them.
# The glyphs of a line mostly share top and bottom, so their rounding is reused per line
# (``ys``). Integral values are never stored: 5 and 5.0, or 0.0 and -0.0, are equal keys
# but round to different objects, and a shared entry would change the box.
# Likewise one glyph's right edge is mostly the next one's left edge once rounded: the
# rounded x values of a line are shared through ``ys`` too (keyed by the rounded value).
def _box(c: Char, ys: dict[Any, Any]) -> BBox:
    y = ys.get((c.top, c.bottom))
    if y is None:
        y = (round(c.top, 2), round(c.bottom, 2))
        if c.top % 1 and c.bottom % 1:
            ys[(c.top, c.bottom)] = y
    x0, x1 = round(c.x0, 2), round(c.x1, 2)
    if x0 % 1:
        x0 = ys.setdefault(x0, x0)
    if x1 % 1:
        x1 = ys.setdefault(x1, x1)
    return (x0, y[0], x1, y[1])


def _union(chars: list[Char]) -> BBox:
    return (
        round(min(c.x0 for c in chars), 2),
        round(min(c.top for c in chars), 2),
        round(max(c.x1 for c in chars), 2),
        round(max(c.bottom for c in chars), 2),
    )


def build_line(chars: list[Char]) -> Line | None:
    """Text of one line (chars sorted by x); None when it holds only whitespace."""
    # Per-char facts used several times below are computed once: ink or space, rounded
    # size (rounded once per distinct size), CJK at either end of the glyph's text.
    is_ink = [bool(c.text.strip()) for c in chars]
    ink = [c for c, k in zip(chars, is_ink, strict=True) if k]
    if not ink:
        return None
    rounded: dict[float, float] = {}
    counts: dict[float, int] = {}
    for c in ink:
        key = rounded.get(c.size)
        if key is None:
            key = rounded[c.size] = round(c.size, 1)
        counts[key] = counts.get(key, 0) + len(c.text)
    size = max(counts, key=lambda k: (counts[k], k))
    base = median(c.baseline for c in ink if rounded[c.size] == size)
    sup_size = SUP_SIZE_RATIO * size
    sup_base = base - SUP_RAISE * size
    sup = [c.size <= sup_size and c.baseline < sup_base for c in chars]
    head = [k and is_cjk(c.text[0]) for c, k in zip(chars, is_ink, strict=True)]
    tail = [
        h if len(c.text) == 1 else (k and is_cjk(c.text[-1]))
        for c, k, h in zip(chars, is_ink, head, strict=True)
    ]
    # Typical gaps: CJK-involved gaps are stretched by justification, Latin letter gaps are not.
    cjk_gaps: list[float] = []
    latin_gaps: list[float] = []
    prev = -1
    for i, c in enumerate(chars):
        if sup[i] or not is_ink[i]:
            continue
        if prev >= 0:
            gap = c.x0 - chars[prev].x1
            (cjk_gaps if tail[prev] or head[i] else latin_gaps).append(gap)
        prev = i
    cjk_ref = median(cjk_gaps) if cjk_gaps else 0.0
    latin_ref = max(0.0, median(latin_gaps)) if latin_gaps else 0.0
    cjk_space = cjk_ref + SPACE_EM * size
    latin_space = latin_ref + SPACE_EM * size

    text: list[str] = []
    boxes: list[BBox] = []
    marker: list[bool] = []

    def emit(s: str, box: BBox, is_marker: bool) -> None:
        for ch in s:
            text.append(ch)
            boxes.append(box)
            marker.append(is_marker)

    ys: dict[Any, Any] = {}  # rounded y pairs by raw (top, bottom); rounded x by itself
    pending_space: BBox | None = None
    last = -1
    i = 0
    n = len(chars)
    while i < n:
        c = chars[i]
        if not is_ink[i]:
            if text:
                pending_space = _box(c, ys)
            i += 1
            continue
        if sup[i]:
            j = i
            run: list[Char] = []
            while j < n and (sup[j] or not is_ink[j]):
                if is_ink[j]:
                    run.append(chars[j])
                    last = j
                j += 1
            if pending_space is not None:
                emit(" ", pending_space, False)
                pending_space = None
            box = _union(run)
            emit("^", box, True)
            if run[0].text.startswith("["):
                for r in run:
                    emit(r.text, _box(r, ys), True)
            else:
                emit("{", box, True)
                for r in run:
                    emit(r.text, _box(r, ys), True)
                emit("}", box, True)
            i = j
            continue
        if last >= 0:
            if pending_space is not None:
                emit(" ", pending_space, False)
            elif not (tail[last] and head[i]):
                ref = cjk_space if (tail[last] or head[i]) else latin_space
                if c.x0 - chars[last].x1 > ref:
                    emit(" ", _box(chars[last], ys), False)
        pending_space = None
        box = _box(c, ys)
        if len(c.text) == 1:
            text.append(c.text)
            boxes.append(box)
            marker.append(False)
        else:
            emit(c.text, box, False)
        last = i
        i += 1

    first_ink = ink[0]
    last_ink = ink[-1]
    body_chars = [c for c, s, k in zip(chars, sup, is_ink, strict=True) if k and not s]
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
