"""Reading order of a page: find column gutters and cut the page into single-column regions.

A gutter is a vertical band of empty space, at least ``GUTTER_EM`` wide and
``MIN_HEIGHT_EM`` tall, with text on both sides along its height. The page is cut
recursively (an XY-cut guided by gutters): what lies above the topmost gutter comes
first (full-width titles, abstracts), then the columns beside it, left to right,
then what lies below. Inside a column block a tall empty band across all columns,
or a moderate one where the type size changes (body text -> references), ends the
block, so each part is read column by column on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

from extractor.ingest.pdf.backend import Char

if TYPE_CHECKING:  # numpy.typing only for the annotations: its import costs ~3 ms
    import numpy.typing as npt

    Grid = npt.NDArray[np.bool_]

GUTTER_EM = 0.8
MIN_HEIGHT_EM = 3.0
BAND_CUT_EM = 2.5  # empty band (in line heights) that always ends a column block
BAND_STYLE_EM = 1.2  # empty band that ends a block when the type size changes
STYLE_CHANGE = 0.10


@dataclass(slots=True)
class _Ctx:
    occ: Grid  # occupancy, 1 pt cells, rows = y, cols = x
    em: float  # body type size of the page


def _paint_each(occ: Grid, chars: list[Char]) -> None:
    rows, cols = occ.shape
    for c in chars:
        y0, y1 = max(int(c.top), 0), min(int(math.ceil(c.bottom)), rows)
        x0, x1 = max(int(c.x0), 0), min(int(math.ceil(c.x1)), cols)
        occ[y0:y1, x0:x1] = True


def _occupancy(chars: list[Char], width: float, height: float) -> Grid:
    occ = np.zeros((int(math.ceil(height)) + 2, int(math.ceil(width)) + 2), dtype=bool)
    rows, cols = occ.shape
    ink = [c for c in chars if c.text.strip()]
    box = np.array([(c.top, c.bottom, c.x0, c.x1) for c in ink], dtype=np.float64).reshape(-1, 4)
    if not np.isfinite(box).all():
        _paint_each(occ, ink)  # int() of inf/NaN raises there, as it always did
        return occ
    # Cells of each glyph: int() truncates, ceil rounds up, clamped to the grid. Glyphs
    # in stream order that share their rows and touch or overlap are painted as one
    # rectangle (their union is one interval): a few hundred slice writes, not thousands.
    big = float(max(rows, cols) + 1)
    box = np.clip(box, -big, big)
    y0 = np.maximum(np.trunc(box[:, 0]), 0).astype(np.int64)
    y1 = np.minimum(np.ceil(box[:, 1]), rows).astype(np.int64)
    x0 = np.maximum(np.trunc(box[:, 2]), 0).astype(np.int64)
    x1 = np.minimum(np.ceil(box[:, 3]), cols).astype(np.int64)
    # a negative end counts from the far edge, as it did in the slice writes
    y1 = np.where(y1 < 0, y1 + rows, y1)
    x1 = np.where(x1 < 0, x1 + cols, x1)
    keep = (y0 < y1) & (x0 < x1)
    y0, y1, x0, x1 = y0[keep], y1[keep], x0[keep], x1[keep]
    if not len(y0):
        return occ
    joined = (y0[1:] == y0[:-1]) & (y1[1:] == y1[:-1]) & (x0[1:] <= x1[:-1]) & (x1[1:] >= x0[:-1])
    starts = np.flatnonzero(np.concatenate(([True], ~joined)))
    gx0 = np.minimum.reduceat(x0, starts)
    gx1 = np.maximum.reduceat(x1, starts)
    for a, b, l, r in zip(y0[starts].tolist(), y1[starts].tolist(), gx0.tolist(), gx1.tolist(), strict=True):
        occ[a:b, l:r] = True
    return occ


def _empty_runs(col: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, end) of runs of False in a 1-D bool array."""
    padded = np.concatenate(([True], col, [True])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(edges[k]), int(edges[k + 1])) for k in range(0, len(edges), 2)]


def _column_runs(sub: Grid, min_h: float) -> npt.NDArray[np.int64]:
    """Rows (column, start, end) of every vertical empty run at least ``min_h`` cells tall,
    by column, then from the top."""
    rows, cols = sub.shape
    pad = np.ones((cols, rows + 2), dtype=np.int8)  # transposed: one contiguous row per column
    pad[:, 1:-1] = sub.T
    edges = np.diff(pad, axis=1)  # per column: -1 where a run starts, +1 after it ends
    col_idx, row_idx = np.nonzero(edges)
    starts, ends, run_cols = row_idx[0::2], row_idx[1::2], col_idx[0::2]
    keep = ends - starts >= min_h
    return np.stack((run_cols[keep], starts[keep], ends[keep]), axis=1).astype(np.int64)


def _edge_events(edge: npt.NDArray[np.int64], rising: bool) -> tuple[npt.NDArray[np.int64], ...]:
    """Rows where a side mask can fall, with the columns for which it does.

    For the left side the mask is ``leftmost < c``; it falls between rows r and r+1
    exactly when ``leftmost[r] < c <= leftmost[r+1]``, so each row where the edge
    moves right is one event covering a range of columns (and mirrored for the right).
    """
    nxt, cur = edge[1:], edge[:-1]
    rows = np.flatnonzero(cur < nxt if rising else cur > nxt)
    if rising:
        return rows, cur[rows] + 1, nxt[rows]  # c in [lo, hi]
    return rows, nxt[rows], cur[rows] - 1


def _side_lines(
    events: tuple[npt.NDArray[np.int64], ...],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    at_start: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int64]:
    """``_lines`` of every run at once: falling edges inside the run, minus a line cut at its top."""
    rows, lo, hi = events
    out = np.zeros(len(starts), dtype=np.int64)
    step = max(1, 2_000_000 // max(len(rows), 1))  # bound the runs x events matrix
    for k in range(0, len(starts), step):
        a, b, c = starts[k : k + step, None], ends[k : k + step, None], cols[k : k + step, None]
        hit = (rows >= a) & (rows <= b - 2) & (lo <= c) & (c <= hi)
        out[k : k + step] = np.count_nonzero(hit, axis=1)
    out = np.maximum(0, out - at_start)
    out[ends - starts < 3] = 0
    return out


def _best_runs(
    runs: npt.NDArray[np.int64],
    leftmost: npt.NDArray[np.int64],
    rightmost: npt.NDArray[np.int64],
    text_left: int,
    text_right: int,
) -> dict[int, tuple[int, int]]:
    """Column -> its longest empty run (the first of equal ones) with text lines on both sides."""
    best: dict[int, tuple[int, int]] = {}
    arr = runs[(runs[:, 0] > text_left) & (runs[:, 0] < text_right)]
    if not len(arr):
        return best
    cols, starts, ends = arr[:, 0], arr[:, 1], arr[:, 2]
    left = _side_lines(_edge_events(leftmost, True), starts, ends, cols, leftmost[starts] < cols)
    right = _side_lines(_edge_events(rightmost, False), starts, ends, cols, rightmost[starts] > cols)
    ok = (left >= 2) & (right >= 2) & (left + right >= 5)
    for c, a, b in arr[ok].tolist():
        if c not in best or b - a > best[c][1] - best[c][0]:
            best[c] = (a, b)
    return best


def _clusters(best: dict[int, tuple[int, int]], min_h: float) -> list[list[int]]:
    """Adjacent columns whose empty runs overlap vertically."""
    out: list[list[int]] = []
    for c in sorted(best):
        if out and c == out[-1][-1] + 1:
            a, b = best[c]
            pa, pb = best[out[-1][-1]]
            if min(b, pb) - max(a, pa) >= min_h:
                out[-1].append(c)
                continue
        out.append([c])
    return out


def _band(
    best: dict[int, tuple[int, int]], cluster: list[int], min_w: float
) -> tuple[int, int, int, int] | None:
    """The largest band of at least ``min_w`` adjacent columns, all empty over ~its height.

    Columns differ slightly (a centred page number with inner spaces, a header with a
    wide space), so a column counts when its run covers 90% of the band; among the
    candidate bands the one with the largest area wins.
    """
    found: list[tuple[int, int, int, int]] = []
    for ya, yb in sorted({best[c] for c in cluster}, key=lambda r: r[0] - r[1])[:40]:
        seg: list[int] = []
        for c in [*cluster, -1]:
            a, b = best.get(c, (0, 0))
            if c >= 0 and min(b, yb) - max(a, ya) >= 0.9 * (yb - ya):
                seg.append(c)
                continue
            if len(seg) >= min_w:
                top = max(best[k][0] for k in seg)
                bottom = min(best[k][1] for k in seg)
                found.append((seg[0], seg[-1] + 1, top, bottom))
            seg = []
    if not found:
        return None
    return max(found, key=lambda g: (g[1] - g[0]) * (g[3] - g[2]))


def _find_gutter(ctx: _Ctx, x0: int, x1: int, y0: int, y1: int) -> tuple[int, int, int, int] | None:
    """Topmost gutter (gx0, gx1, gy0, gy1) inside the region, in page cells, or None."""
    sub = ctx.occ[y0:y1, x0:x1]
    if sub.shape[0] == 0 or sub.shape[1] == 0:
        return None
    min_h = MIN_HEIGHT_EM * ctx.em
    min_w = GUTTER_EM * ctx.em
    any_row = sub.any(axis=1)
    if not any_row.any():
        return None
    width = sub.shape[1]
    leftmost = np.where(any_row, np.argmax(sub, axis=1), width)
    rightmost = np.where(any_row, width - 1 - np.argmax(sub[:, ::-1], axis=1), -1)
    # Margin columns have no text on one side at all: skip them before the per-run counts.
    text_left = int(leftmost[any_row].min())
    text_right = int(rightmost[any_row].max())
    best = _best_runs(_column_runs(sub, min_h), leftmost, rightmost, text_left, text_right)
    gutters = [g for g in (_band(best, cl, min_w) for cl in _clusters(best, min_h)) if g is not None]
    if not gutters:
        return None
    gx0, gx1, gy0, gy1 = min(gutters, key=lambda g: (g[2], g[2] - g[3], g[0]))
    return gx0 + x0, gx1 + x0, gy0 + y0, gy1 + y0


def _dominant_size(chars: list[Char]) -> float:
    # count raw sizes first: a page has few distinct sizes, so rounding is done per size
    raw: dict[float, int] = {}
    for c in chars:
        raw[c.size] = raw.get(c.size, 0) + 1
    counts: dict[float, int] = {}
    for size, n in raw.items():
        counts[round(size, 1)] = counts.get(round(size, 1), 0) + n
    return max(counts, key=lambda k: (counts[k], k)) if counts else 0.0


def _split_block(ctx: _Ctx, chars: list[Char], x0: int, x1: int, y0: int, y1: int) -> list[list[Char]]:
    """Cut a column block at empty horizontal bands that end one flow and start another."""
    if not chars:
        return []
    rows = ctx.occ[y0:y1, x0:x1].any(axis=1)
    size = _dominant_size(chars) or ctx.em
    parts: list[list[Char]] = []
    rest = sorted(chars, key=lambda c: c.cy)
    ys = [c.cy for c in rest]  # centres computed once, not per candidate band
    for a, b in _empty_runs(rows):
        if a == 0 or b == len(rows):
            continue
        if b - a < BAND_STYLE_EM * size:
            continue  # an ordinary line or paragraph gap
        cut = y0 + (a + b) / 2
        above = [c for c, y in zip(rest, ys, strict=True) if y < cut]
        below = [c for c, y in zip(rest, ys, strict=True) if y >= cut]
        if not above or not below:
            continue
        s_above, s_below = _dominant_size(above), _dominant_size(below)
        styled = abs(s_above - s_below) > STYLE_CHANGE * max(s_above, s_below)
        if b - a >= BAND_CUT_EM * size or styled:
            parts.append(above)
            ys = [y for y in ys if y >= cut]
            rest = below
    parts.append(rest)
    return parts


def _order(ctx: _Ctx, chars: list[Char], x0: int, x1: int, y0: int, y1: int, depth: int) -> list[list[Char]]:
    if not chars:
        return []
    gutter = _find_gutter(ctx, x0, x1, y0, y1) if depth < 12 else None
    if gutter is None:
        return [chars]
    gx0, gx1, gy0, gy1 = gutter
    mid = (gx0 + gx1) / 2
    above: list[Char] = []
    below: list[Char] = []
    block: list[Char] = []
    for c in chars:  # one pass; the three tests stay independent, as before
        cy = (c.top + c.bottom) / 2
        if cy < gy0:
            above.append(c)
        if cy >= gy1:
            below.append(c)
        if gy0 <= cy < gy1:
            block.append(c)
    out = _order(ctx, above, x0, x1, y0, gy0, depth + 1)
    for part in _split_block(ctx, block, x0, x1, gy0, gy1):
        top = int(min(c.top for c in part))
        bot = int(math.ceil(max(c.bottom for c in part))) + 1
        xs = [(c.x0 + c.x1) / 2 for c in part]
        left = [c for c, x in zip(part, xs, strict=True) if x < mid]
        right = [c for c, x in zip(part, xs, strict=True) if x >= mid]
        out += _order(ctx, left, x0, int(mid), top, bot, depth + 1)
        out += _order(ctx, right, int(mid), x1, top, bot, depth + 1)
    out += _order(ctx, below, x0, x1, gy1, y1, depth + 1)
    return out


def reading_regions(chars: list[Char], width: float, height: float) -> list[list[Char]]:
    """The page's characters split into single-column regions, in reading order."""
    ink = [c for c in chars if c.text.strip()]
    if not ink:
        return []
    em = median(c.size for c in ink)
    ctx = _Ctx(_occupancy(ink, width, height), em)
    rows, cols = ctx.occ.shape
    return _order(ctx, chars, 0, cols, 0, rows, 0)
