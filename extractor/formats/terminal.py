"""The evidence table for a terminal: one line per record, fitted to the window's width.

Widths are display columns, not code points: a Chinese character takes two columns
(wcwidth), so columns stay aligned under mixed Chinese/English cells. When the table is
wider than the terminal, the wordy columns (quote, arm, comparator, trial, event, unit,
line) give up width, cut with "…": the quote first (down to 30 columns), then the others (down
to 16), then all of them; numbers are never cut. A line never wraps: past that, it is cut
at the terminal's edge. A column empty on every row (no adverse event named, no OCR
page) is left out.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wcwidth import wcwidth

from extractor.export import result_rows
from extractor.models import DocumentResult

GAP = "  "
ELLIPSIS = "…"
MIN_WIDTH = 6
NAME_FLOOR = 16  # most drug, arm and trial names fit
QUOTE_FLOOR = 30


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    shrink: int  # 0: keep whole; among equally wide columns, the higher number gives first
    right: bool = False


COLUMNS = (
    Column("trial", "trial", 2),
    Column("arm", "arm", 3),
    Column("endpoint", "endpoint", 0),
    Column("event", "event", 2),  # the named adverse event of an AE rate
    Column("value", "value", 0, right=True),
    Column("unit", "unit", 1),
    Column("comparator", "vs", 3),
    Column("comparator_value", "vs value", 0, right=True),
    Column("ci", "95% CI", 0),
    Column("p", "P", 0),
    Column("n", "n", 0, right=True),
    Column("line", "line", 1),
    Column("page", "page", 0, right=True),
    Column("ocr_confidence", "OCR", 0, right=True),  # the lowest OCR line confidence under the record
)
QUOTE = Column("quote", "quote", 4)


def char_width(ch: str) -> int:
    w = wcwidth(ch)
    return 1 if w < 0 else w


def width(text: str) -> int:
    """Display width of ``text`` in terminal columns."""
    return sum(char_width(c) for c in text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def fit(text: str, cols: int, *, right: bool = False) -> str:
    """``text`` cut (with "…") or padded to exactly ``cols`` display columns."""
    if width(text) > cols:
        out, used = [], 0
        for ch in text:
            w = char_width(ch)
            if used + w > cols - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + ELLIPSIS
    pad = " " * (cols - width(text))
    return pad + text if right else text + pad


def _widths(columns: Sequence[Column], rows: list[dict[str, str]], total: int) -> list[int]:
    widths = [max([width(c.header)] + [width(r[c.key]) for r in rows]) for c in columns]
    room = total - len(GAP) * (len(columns) - 1)
    # Stages of floors: the quote gives first down to a readable width, then the other
    # wordy columns down to a name's width, then all of them down to MIN_WIDTH. Within a
    # stage the widest column gives one column at a time, so none is cut to nothing while
    # another keeps its whole width.
    for quote_floor, other_floor in ((QUOTE_FLOOR, None), (QUOTE_FLOOR, NAME_FLOOR), (MIN_WIDTH, MIN_WIDTH)):
        while sum(widths) > room:
            floors = [
                None if not c.shrink else quote_floor if c is QUOTE else other_floor for c in columns
            ]
            candidates = [i for i, f in enumerate(floors) if f is not None and widths[i] > f]
            if not candidates:
                break
            i = max(candidates, key=lambda i: (widths[i], columns[i].shrink))
            widths[i] -= 1
    return widths


def _cut(line: str, total: int) -> str:
    return line if width(line) <= total else fit(line, total).rstrip()


def _summary(source: str, tail: str, total: int) -> str:
    """``source: tail`` in ``total`` columns: a long path gives up its leading directories
    (cut with "…" on the left), because the file name and the counts are what a reader scans."""
    line = f"{source}: {tail}"
    if width(line) <= total:
        return line
    room = total - width(tail) - 3  # ": " and the ellipsis
    if room < 1:
        return _cut(line, total)
    kept, used = [], 0
    for ch in reversed(source):
        if used + char_width(ch) > room:
            break
        kept.append(ch)
        used += char_width(ch)
    return f"{ELLIPSIS}{''.join(reversed(kept))}: {tail}"


def render(result: DocumentResult, *, quote: bool = False, columns: int | None = None) -> str:
    """The table as text; ``columns`` is the terminal width (default: the current one)."""
    total = columns or shutil.get_terminal_size().columns
    rows = []
    for _, row in result_rows(result, window=False):
        rows.append({k: _clean(v) for k, v in row.items()})
    cols = [c for c in COLUMNS if any(r[c.key] for r in rows) or c.shrink == 0 and c.key in ("endpoint", "value")]
    if quote:
        cols.append(QUOTE)
    n_ent = len(result.entities)
    lines = [_summary(str(result.source), f"{len(rows)} records, {n_ent} entities", total)]
    if not rows:
        return "\n".join(lines) + "\n"
    widths = _widths(cols, rows, total)
    header = GAP.join(fit(c.header, w, right=c.right) for c, w in zip(cols, widths, strict=True))
    lines.append(_cut(header.rstrip(), total))
    lines.append(_cut(GAP.join("─" * w for w in widths), total))
    for row in rows:
        cells = (fit(row[c.key], w, right=c.right) for c, w in zip(cols, widths, strict=True))
        lines.append(_cut(GAP.join(cells).rstrip(), total))
    return "\n".join(lines) + "\n"


def render_many(results: Iterable[DocumentResult], *, quote: bool = False, columns: int | None = None) -> str:
    return "\n".join(render(r, quote=quote, columns=columns) for r in results)
