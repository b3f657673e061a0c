"""Tables flattened with spaces for cell borders, whose rows set two arms against each other and
whose cells hold both arms' values:

    Study Year Indication N PSA50 decline SRE benefit Quality of life mPFS (months) Overall survival
    Median (months) HR P-value
    Cabazitaxel vs mitoxantrone 2010 Post-docetaxel 755 39% vs 18% NA NA 2.8 vs 1.4 15.1 vs 12.7 0.70 <0.001

- the *header* is a line (and perhaps a second, shorter one under it) with no pipe or tab that ends
  in two or more columns the endpoint lexicon names, perhaps a P column last; between those columns
  stand only units and "median", so they are the table's last columns; the columns before them
  (free words such as "Quality of life") are not read;
- a *row* is a line that opens with two treatments set against each other ("A vs B") and holds a
  pair cell; split at spaces, with "2.8 vs 1.4" one cell, its last cells fill the endpoint columns
  from the right, as ``pair_cells`` reads them once cut into cells.

Each line is read once; the work is linear in the text.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.pair_cells import Row, line_spans, read_rows
from extractor.measure.tables import Cell, Ents, TableValue
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_MAX_HEADER = 400  # characters of a header line
_MAX_ROWS = 60
_SIDE = r"(?:NR|NE|NA|\d{1,4}(?:\.\d{1,3})?%?)[a-z]{0,2}"
# one cell of a row's tail: a pair "2.8 vs 1.4", or one word or number ("0.70", "<0.001", "NA", "Yes")
_CELL = regex.compile(
    rf"(?<!\S)(?:{_SIDE}\s?(?:vs\.?|versus)\s?{_SIDE}|[<>≤≥]?\s?\d{{1,6}}(?:[.,]\d{{1,4}})*%?[a-z]{{0,2}}"
    r"|NA|NR|NS|NE|N/A|Yes|No|yes|no|[-–—])(?!\S)"
)
_PAIR_CELL = regex.compile(rf"{_SIDE}\s?(?:vs\.?|versus)\s?{_SIDE}")
_ROW_OPEN = regex.compile(r"^(?P<left>[^\d\s][^|\t]{0,60}?)\s(?:vs\.?|versus)\s(?P<right>[^\s|\t]\S*(?:\s[^\d\s]\S*){0,3}?)(?=\s\d)")
_P_COLUMN = regex.compile(r"(?<![A-Za-z])[Pp](?:[- ]?values?)?\s*$")


@cache
def _gap() -> regex.Pattern[str]:
    """What may stand between two endpoint columns of the header: units and "median"."""
    units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])
    return regex.compile(rf"(?:\s|[(（](?:{units}|%|95%\s?CI)[)）]|(?i:median|mean|rate)|[,;/])*")


def read_spaced_pairs(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the space-separated pair tables of ``text`` (Document.text) state, and each
    table's span."""
    if " vs" not in text and " versus" not in text:
        return [], []
    lines = line_spans(text)
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    # a header stands right above a row, or a sub-header above one: only those lines are read as heads
    row_like = {i for i, (a, b) in enumerate(lines) if b - a > 12 and _ROW_OPEN.match(text[a:b])}
    if not row_like:
        return [], []
    k = 0
    while k < len(lines):
        if k + 1 not in row_like and k + 2 not in row_like:
            k += 1
            continue
        header, k_rows = _header(text, lines, k)
        if header is None:
            k += 1
            continue
        rows: list[Row] = []
        k = k_rows
        while k < len(lines) and len(rows) < _MAX_ROWS:
            row = _row(text, *lines[k], len(header))
            if row is None:
                break
            rows.append(row)
            k += 1
        got = read_rows(text, header, rows, ents) if rows else []
        if any(v.partner is not None for v in got):
            for v in got:
                v.rule = "value.spaced_pairs"
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
            spans.append((rows[0].start, rows[-1].end))
    return out, spans


def _header(text: str, lines: list[tuple[int, int]], k: int) -> tuple[list[tuple[str, list[str]]] | None, int]:
    """The endpoint columns ending the header at line ``k`` (a sub-header line under it joined) and
    the index of the first row line; (None, k) when it is no such header."""
    a, b = lines[k]
    if b - a > _MAX_HEADER or b == a or "|" in text[a:b] or "\t" in text[a:b]:
        return None, k
    head, nxt = text[a:b], k + 1
    if nxt < len(lines):
        c, d = lines[nxt]
        under = text[c:d]
        if under and d - c <= 80 and "|" not in under and _ROW_OPEN.match(under) is None and not _PAIR_CELL.search(under):
            head, nxt = head + " " + under, nxt + 1  # "Overall survival" / "Median (months) HR P-value"
    columns = _columns(head)
    if columns is None or nxt >= len(lines) or _row(text, *lines[nxt], len(columns)) is None:
        return None, k
    return columns, nxt


def _columns(head: str) -> list[tuple[str, list[str]]] | None:
    """(head, codes) of the header's last columns: its endpoints, then a P column."""
    view = normalize(head).text
    p = _P_COLUMN.search(view)
    end = p.start() if p else len(view)
    trigs = [t for t in scan(view[:end]) if t.kind in {"TRIG", "TPTRIG"} and t.code
             and lx.endpoint(t.code).kind != "ignore"]
    if len(trigs) < 2:
        return None
    gap = _gap()
    # the endpoint columns must be the last ones: nothing but units between them and after the last
    if not gap.fullmatch(view, trigs[-1].end, end):
        return None
    first = len(trigs) - 1
    while first > 0 and gap.fullmatch(view, trigs[first - 1].end, trigs[first].start):
        first -= 1
    cols = trigs[first:]
    if len(cols) < 2:
        return None
    out = [(view[t.start : (cols[i + 1].start if i + 1 < len(cols) else end)].strip(), [t.code or ""])
           for i, t in enumerate(cols)]
    if p is not None:
        out.append((view[p.start() :].strip(), []))
    return out


def _row(text: str, start: int, end: int, width: int) -> Row | None:
    """A row: its treatment cell ("Cabazitaxel vs mitoxantrone") and its last ``width`` cells."""
    line = text[start:end]
    m = _ROW_OPEN.match(line)
    if m is None or "|" in line or "\t" in line:
        return None
    cells = list(_CELL.finditer(line, m.end()))
    if len(cells) < width or not any(_PAIR_CELL.fullmatch(c.group()) for c in cells[-width:]):
        return None
    tail = cells[-width:]
    if any(line[x.end() : y.start()].strip() for x, y in zip(tail, tail[1:])):
        return None  # the endpoint cells stand side by side, words between them break the count
    treatment = Cell(start, start + m.end("right"), line[: m.end("right")])
    return Row(start, end, [treatment] + [Cell(start + c.start(), start + c.end(), c.group()) for c in tail])
