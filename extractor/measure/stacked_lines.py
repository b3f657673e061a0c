"""Tables of trials flattened one cell per line, with no cell borders left:

    Trial name (year) Arms OS, median (95% CI), months HR of OS (95% CI) PFS, median … ORR by RECIST 1.1, %
    REFLECT [103]
    (2018)
    Lenvatinib
    Sorafenib
    13.6 (12.1-14.9)
    12.3 (10.4-13.9)
    0.92 (0.79-1.06) 7.4 (6.9-8.8)
    3.7 (3.6-4.6)
    0.66 (0.57-0.77) 18.8
    6.5

- the *header* is one line naming an arms column ("Arms", "Treatment") and two or more endpoints;
  each endpoint opens a column, a ratio's "of OS" / "for PFS" staying in the ratio's column;
- a *block* runs to the next blank line: its first lines name the trial and its year (a year on a
  line of its own, "(2018)", is what tells such a table from prose), then one
  line per arm (a line ending in "plus" goes on in the next, whose first name closes that arm),
  then the cells, read in order as numbers with their intervals ("Not reached" a cell with none);
- a ratio column holds one cell per comparison with the last arm ("A vs. C: 0.78 (0.65-0.92)"),
  every other column one per arm; a block whose cells do not fill the columns exactly is not read,
  except that the last column may lack its last arm's cell (the cell is the first arm's).

Each line is read once; the work is linear in the text.
"""

from __future__ import annotations

import regex

from extractor.measure import lexicon as lx
from extractor.measure.pair_cells import line_spans
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, unit_for
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_RATIOS = frozenset({"HR", "OR", "RR"})
_MAX_HEADER = 400
_MAX_BLOCK_LINES = 40
_ARMS_HEAD = regex.compile(r"(?i)(?<![A-Za-z])(?:arms?|treatments?|regimens?|treatment groups?)(?![A-Za-z])")
_YEAR_LINE = regex.compile(r"^\s*(?:\[\d{1,3}(?:[,–-]\d{1,3})*\]\s*)?\(\d{4}\)\s*$")
_NUM = r"\d{1,4}(?:\.\d{1,3})?"
# one cell: "10.7 (9.4-13.3)", "15.5 (96%CI 12.1-not reached)", "A vs. C: 0.78 (0.65-0.92)", "Not reached", "2.0"
_CELL = regex.compile(
    rf"(?:(?P<cmp>[A-D])\s?vs\.?\s?[A-D]:\s?)?(?:(?P<v>{_NUM})|(?i:not\sreached|NR|NE))"
    rf"(?:\s?\((?:(?P<lvl>\d{{2}}(?:\.\d)?)%\s?CI\s)?(?P<lo>{_NUM})\s?[-–]\s?(?:(?P<hi>{_NUM})|(?i:not\sreached))\))?"
    r"(?=\s|$)"
)
_VALUE_LINE = regex.compile(rf"^\s*(?:[A-D]\s?vs\.?\s?[A-D]:|{_NUM}(?:\s|\(|$)|(?i:not\sreached))")
_LETTER = regex.compile(r"^\s*([A-D]):\s?")


def read_stacked_lines(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the one-cell-a-line tables of ``text`` (Document.text) state, and each table's span."""
    if "\n" not in text:
        return [], []
    lines = line_spans(text)
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        a, b = lines[k]
        # a trial's year on its own line opens the first block: only then is the line read as a header
        dated = any(_YEAR_LINE.match(text[c:d]) for c, d in lines[k + 1 : k + 5])
        columns = _header(text[a:b]) if dated and b - a <= _MAX_HEADER and "|" not in text[a:b] else None
        if columns is None:
            k += 1
            continue
        k += 1
        first = k
        while k < len(lines):
            block, k = _block(lines, k, text)
            if not block:
                break
            got = _read(text, block, columns, ents)
            for v in got:
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
        if k > first:
            spans.append((lines[first][0], lines[k - 1][1]))
    return out, spans


def _header(line: str) -> list[tuple[str, str]] | None:
    """(head, endpoint code) per endpoint column, or None when the line is no such header."""
    arms = _ARMS_HEAD.search(line)
    if arms is None:
        return None
    view = normalize(line).text
    cols: list[tuple[str, str]] = []
    starts: list[int] = []
    for t in scan(view[arms.end() :]):
        if t.kind not in {"TRIG", "TPTRIG"} or not t.code or lx.endpoint(t.code).kind == "ignore":
            continue
        if cols and cols[-1][1] in _RATIOS and _OF.fullmatch(view, arms.end() + starts[-1] + 2, arms.end() + t.start):
            continue  # "HR of OS": the endpoint the ratio is of, no column of its own
        cols.append(("", t.code))
        starts.append(t.start)
    if len(cols) < 2:
        return None
    tail = view[arms.end() :]
    return [(tail[s : (starts[i + 1] if i + 1 < len(starts) else len(tail))].strip(), code)
            for i, (s, (_, code)) in enumerate(zip(starts, cols))]


_OF = regex.compile(r"[A-Za-z]{0,2}\s(?:of|for)\s")


def _block(lines: list[tuple[int, int]], k: int, text: str) -> tuple[list[tuple[int, int]], int]:
    """The lines of one trial's block from line ``k`` (blank lines before it skipped), and the next line."""
    while k < len(lines) and not text[lines[k][0] : lines[k][1]].strip():
        k += 1
    block: list[tuple[int, int]] = []
    while k < len(lines) and text[lines[k][0] : lines[k][1]].strip() and len(block) < _MAX_BLOCK_LINES:
        block.append(lines[k])
        k += 1
    return block, k


def _read(text: str, block: list[tuple[int, int]], columns: list[tuple[str, str]], ents: Ents) -> list[TableValue]:
    # the trial's lines (its name, its year), then the arms, then the cells
    i = 1
    while i < len(block) and _YEAR_LINE.match(text[block[i][0] : block[i][1]]):
        i += 1
    arm_lines = []
    while i < len(block) and not _VALUE_LINE.match(text[block[i][0] : block[i][1]]):
        arm_lines.append(block[i])
        i += 1
    arms = _arms(text, arm_lines, ents)
    head = Cell(block[0][0], block[0][1], text[block[0][0] : block[0][1]])
    trial = cell_arm(head, ents)[2]
    if len(arms) < 2 or trial is None:
        return []
    cells = [(a + m.start(), m) for a, b in block[i:] for m in _CELL.finditer(text[a:b])]
    n = len(arms)
    need = [n - 1 if code in _RATIOS else n for _, code in columns]
    short = sum(need) - len(cells)
    if short not in (0, 1) or (short == 1 and columns[-1][1] in _RATIOS):
        return []
    out: list[TableValue] = []
    row = (block[0][0], block[-1][1])
    pos = 0
    for c, ((head_text, code), count) in enumerate(zip(columns, need)):
        if short and c == len(columns) - 1:
            count -= 1  # "… 0.65 (0.53-0.81) 27.3": the last cell of the row lost; the one left is the first arm's
        mine = cells[pos : pos + count]
        pos += count
        unit = unit_for(code, head_text)
        first = len(out)
        for j, (base, m) in enumerate(mine):
            if m.group("v") is None:
                continue
            ci = (float(m.group("lo")), float(m.group("hi"))) if m.group("lo") and m.group("hi") else None
            if code in _RATIOS:
                side = _LETTER_INDEX.get(m.group("cmp") or "", j)
                arm, label = arms[min(side, n - 1)]
                out.append(TableValue(code, float(m.group("v")), None, base + m.start("v"), base + m.end("v"),
                                      arm, label, comparator=arms[-1][0], comparator_label=arms[-1][1], ci=ci,
                                      trial=trial, row=row, rule="value.stacked_lines"))
            else:
                arm, label = arms[j]
                out.append(TableValue(code, float(m.group("v")), unit, base + m.start("v"), base + m.end("v"),
                                      arm, label, ci=ci, trial=trial, row=row, rule="value.stacked_lines"))
        if code not in _RATIOS and len(out) - first == 2:  # two arms' values of one column: a compared pair
            out[first].partner, out[first + 1].partner = first + 1, first
    return out


_LETTER_INDEX = {"A": 0, "B": 1, "C": 2, "D": 3}


def _arms(text: str, arm_lines: list[tuple[int, int]], ents: Ents) -> list[tuple[list[str], str | None]]:
    """One arm per line; "Atezolizumab plus" / "Bevacizumab Sorafenib": the first name of the next
    line closes the arm, the rest of that line is the next arm."""
    cells: list[Cell] = []
    carry: int | None = None
    for a, b in arm_lines:
        line = text[a:b].rstrip()
        start = a + (len(text[a:b]) - len(text[a:b].lstrip()))
        if carry is not None:
            first = next((e for e in ents.inside(start, a + len(line)) if e.label in {"DRUG", "REGIMEN"}), None)
            if first is None:
                return []
            cells.append(Cell(carry, first.end, text[carry : first.end]))
            start = first.end + (len(text[first.end : a + len(line)]) - len(text[first.end : a + len(line)].lstrip()))
            carry = None
            if start >= a + len(line):
                continue
        if regex.search(r"(?:\splus|\s\+|\swith)$", line):
            carry = start
            continue
        letter = _LETTER.match(text[start : a + len(line)])
        begin = start + (letter.end() if letter else 0)  # "A: Tremelimumab plus Durvalumab": the arm, not its letter
        cells.append(Cell(begin, a + len(line), text[begin : a + len(line)]))
    if carry is not None:
        return []
    out = []
    for cell in cells:
        drugs, label, _ = cell_arm(cell, ents)
        label = " ".join(label.split()) if label else label  # an arm over two lines
        if not drugs and not (label and lx.compile_alt(lx.cues().placebo_words).search(label)):
            return []
        out.append((drugs, label))
    return out
