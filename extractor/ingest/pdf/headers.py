"""Running headers, footers and page numbers: lines repeated across pages near the edges.

A line is a candidate when it is among the outermost lines of its page and lies in
the top or bottom margin zone; it is removed when the same text, with digits masked
(page numbers, volume numbers), occurs in that zone on enough pages. Nothing here
knows any journal's wording.
"""

from __future__ import annotations

import math
import re

from extractor.ingest.pdf.lines import Line

EDGE_LINES = 2  # outermost lines per page edge that may be running text
ZONE = 0.12  # fraction of the page height counted as the top/bottom margin zone
MIN_SHARE = 0.3
SEPARATION_EM = 0.8  # gap (in ems) that sets a running line apart from the body  # share of pages that must repeat a line (alternating odd/even headers)

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:page)?[\W_]*#[\W_]*(?:of[\W_]*#)?[\W_]*$", re.IGNORECASE)


def _key(line: Line) -> str:
    return _SPACE.sub("", _DIGITS.sub("#", line.string)).lower()


def _separated(outer: Line, inner: Line) -> bool:
    """Running text stands apart from the body: a gap wider than ordinary line spacing."""
    gap = inner.top - outer.bottom if inner.top >= outer.top else outer.top - inner.bottom
    return gap >= SEPARATION_EM * max(outer.size, inner.size)


def _edge(order: list[int], lines: list[Line]) -> list[int]:
    """Of the first lines in ``order`` (outermost first), those set apart from what follows."""
    picked: list[int] = []
    apart = False
    edge = order[:EDGE_LINES]
    for k in range(len(edge) - 1, -1, -1):  # innermost candidate first
        nxt = order[k + 1] if k + 1 < len(order) else None
        apart = apart or nxt is None or _separated(lines[order[k]], lines[nxt])
        if apart:
            picked.append(order[k])
    return picked


def _candidates(lines: list[Line], height: float) -> list[tuple[int, str]]:
    """(index, zone) of the lines at the page's top and bottom edges inside the margin zones."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].top)
    out: list[tuple[int, str]] = []
    for i in _edge(order, lines):
        if lines[i].bottom <= ZONE * height:
            out.append((i, "top"))
    for i in _edge(order[::-1], lines):
        if lines[i].top >= (1 - ZONE) * height and (i, "top") not in out:
            out.append((i, "bottom"))
    return out


def running_lines(pages: list[list[Line]], heights: list[float]) -> list[set[int]]:
    """Per page, the indices of lines to drop as running headers, footers or page numbers."""
    found: list[list[tuple[int, str, str]]] = []
    counts: dict[tuple[str, str], int] = {}
    for lines, height in zip(pages, heights, strict=True):
        page_found = []
        seen: set[tuple[str, str]] = set()
        for i, zone in _candidates(lines, height):
            key = _key(lines[i])
            page_found.append((i, zone, key))
            if (zone, key) not in seen:
                seen.add((zone, key))
                counts[(zone, key)] = counts.get((zone, key), 0) + 1
        found.append(page_found)
    need = max(2, math.ceil(MIN_SHARE * len(pages)))
    drop: list[set[int]] = []
    for page_found in found:
        ids = set()
        for i, zone, key in page_found:
            # a bare page number ("12", "- 12 -", "Page 3 of 9") repeats by shape, in either zone
            bare = bool(_PAGE_NUMBER.match(key))
            n = counts.get((zone, key), 0)
            if bare:
                n = max(n, counts.get(("top" if zone == "bottom" else "bottom", key), 0) + n)
            if n >= need:
                ids.add(i)
        drop.append(ids)
    return drop
