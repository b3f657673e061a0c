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

A second layout (a PMC table copied as text) opens each block with the trial's line, not a year,
and keeps blank lines inside a block between the arms' cells:

    Immunotherapy Trial Trial Design Treatment Patients Median PFS months (95% CI) Median OS months
    (95% CI)
    Ref
    ATTRACTION-2 Phase III Trial
    3rd line
    nivolumab vs
    placebo
    330
    163
    1.61 (1.54–2.30)

    1.45 (1.45–1.54)
    …
    KEYNOTE-158 Phase II Trial
    2nd line, MSI-H
    pembrolizumab 24 11.0 (2.1-NR) NR (7.2-NR) 54

- a block runs from a line opening with a trial (or naming a phase: "JAVELIN Phase III Trial") to
  the next; the lines before its first arm (line of therapy, population) are no arms, and one arm
  may stand alone;
- a patients column before the endpoints gives a count per arm, a "Ref" column after them one
  number per block that is no value; an arm's line may carry its cells after it.

Each line is read once; the work is linear in the text.
"""

from __future__ import annotations

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import is_control
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
    rf"(?:(?P<cmp>[A-D])\s?vs\.?\s?[A-D]:\s?)?(?:(?P<v>{_NUM})|(?i:not\sreached|NR|NE|NA))"
    rf"(?:\s?\((?:(?P<lvl>\d{{2}}(?:\.\d)?)%\s?CI\s)?(?:(?P<lo>{_NUM})|NR|NE|NA)\s?(?:[-–]|to)\s?(?:(?P<hi>{_NUM})|(?i:not\sreached|NR|NE|NA))\))?"
    r"(?=\s|$)"
)
_VALUE_LINE = regex.compile(rf"^\s*(?:[A-D]\s?vs\.?\s?[A-D]:|{_NUM}(?:\s|\(|$)|(?i:not\sreached))")
_LETTER = regex.compile(r"^\s*([A-D]):\s?")
_COUNT_HEAD = regex.compile(r"(?i)(?<![A-Za-z])(?:patients|pts|no\.\s?of\s(?:patients|pts)|N)(?![A-Za-z])")
_REF_HEAD = regex.compile(r"(?<![A-Za-z])(?:Refs?\.?|References?)\s*$")
_PHASE = regex.compile(r"(?<![A-Za-z])Phase\s?(?:I{1,3}|IV|[1-4])[ABab]?(?:/(?:I{1,3}|[1-4])[ABab]?)?(?![A-Za-z])")
_NAME = regex.compile(r"\s*(?P<name>[A-Z][A-Za-z0-9\-]{1,20}(?:\s[A-Z0-9][A-Za-z0-9\-]{0,10})?)\s+Phase\b")
# the first number standing alone on an arm's line: its cells begin there ("pembrolizumab 24 11.0 (2.1-NR) …")
_CELLS_ON_LINE = regex.compile(rf"(?<=\s)(?:{_NUM}|NR|NE|NA)(?=\s|$|\s?\()")
_VS_END = regex.compile(r"\s(?:vs\.?|versus)\s*$")


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
        layout = _Layout(*_header(text[a:b])) if b - a <= _MAX_HEADER and "|" not in text[a:b] else None
        if layout is not None and layout.columns:
            # a trial's year on its own line opens the first block: only then is the line read as a
            # header; or, the header's last lines after it ("(95% CI)", "Ref"), a trial's line
            if any(_YEAR_LINE.match(text[c:d]) for c, d in lines[k + 1 : k + 5]):
                k += 1
            else:
                first = next((j for j in range(k + 1, min(k + 5, len(lines))) if _opens(text, lines[j], ents)), None)
                if first is None:
                    layout = None
                else:
                    tail = " ".join(text[c:d] for c, d in lines[k + 1 : first])
                    layout.led, layout.ref = True, bool(_REF_HEAD.search(tail or text[a:b]))
                    k = first
        if layout is None or not layout.columns:
            k += 1
            continue
        first = k
        while k < len(lines):
            block, k = _led_block(lines, k, text, ents) if layout.led else _block(lines, k, text)
            if not block:
                break
            got = _read(text, block, layout, ents)
            for v in got:
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
        if k > first:
            spans.append((lines[first][0], lines[k - 1][1]))
    return out, spans


class _Layout:
    """The columns a header names: (head, endpoint code) per endpoint column, a patients column
    before them, a reference column after them, and whether a trial's line opens each block."""

    def __init__(self, columns: list[tuple[str, str]] | None, counts: bool = False) -> None:
        self.columns = columns or []
        self.counts = counts
        self.ref = False
        self.led = False


def _header(line: str) -> tuple[list[tuple[str, str]] | None, bool]:
    """(head, endpoint code) per endpoint column, or None when the line is no such header; and
    whether a patients column stands between the arms and the endpoints."""
    arms = _ARMS_HEAD.search(line)
    if arms is None:
        return None, False
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
        return None, False
    tail = view[arms.end() :]
    counts = bool(_COUNT_HEAD.search(tail, 0, starts[0]))
    return [(tail[s : (starts[i + 1] if i + 1 < len(starts) else len(tail))].strip(), code)
            for i, (s, (_, code)) in enumerate(zip(starts, cols))], counts


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


def _opens(text: str, line: tuple[int, int], ents: Ents) -> bool:
    """Whether a line opens a trial's block: it begins with a trial, or names the trial's phase."""
    a, b = line
    lead = a + len(text[a:b]) - len(text[a:b].lstrip())
    if any(e.label == "TRIAL" and e.start == lead for e in ents.inside(a, b)):
        return True
    return bool(_NAME.match(text, a, b)) and bool(_PHASE.search(text, a, b))


def _led_block(lines: list[tuple[int, int]], k: int, text: str, ents: Ents) -> tuple[list[tuple[int, int]], int]:
    """The lines of a block that a trial's line opens, blank lines inside it kept, up to the next
    trial's line, a note or a line of prose; and the next line."""
    if k >= len(lines) or not _opens(text, lines[k], ents):
        return [], k
    block = [lines[k]]
    k += 1
    while k < len(lines) and len(block) < _MAX_BLOCK_LINES:
        line = text[lines[k][0] : lines[k][1]]
        # blank lines do not end it: a cell keeps as many as its arms left empty ("59\n49\n\n\n52")
        if _opens(text, lines[k], ents) or len(line) > _MAX_CELL_LINE or _NOTE.match(line):
            break
        block.append(lines[k])
        k += 1
    while len(block) > 1 and not text[block[-1][0] : block[-1][1]].strip():
        block.pop()
    return block, k


_MAX_CELL_LINE = 120  # a longer line is prose after the table
_NOTE = regex.compile(r"\s*(?:[*†‡§¶#]|Abbreviations?\b|Notes?\b|Source\b|Data\b)")


def _read(text: str, block: list[tuple[int, int]], layout: _Layout, ents: Ents) -> list[TableValue]:
    columns = layout.columns
    block = [line for line in block if text[line[0] : line[1]].strip()]
    # the trial's lines (its name, its year; in a led block the line of therapy and population
    # before the first arm), then the arms, then the cells
    i = 1
    while i < len(block) and (_YEAR_LINE.match(text[block[i][0] : block[i][1]])
                              or layout.led and not _names_arm(text, block[i], ents)):
        i += 1
    arm_lines = []
    rest: tuple[int, int] | None = None
    while i < len(block) and not _VALUE_LINE.match(text[block[i][0] : block[i][1]]):
        a, b = block[i]
        on_line = _CELLS_ON_LINE.search(text, a, b) if layout.led else None
        if on_line is not None:  # "pembrolizumab 24 11.0 (2.1-NR) …": the arm, then its cells
            arm_lines.append((a, on_line.start()))
            rest = (on_line.start(), b)
            i += 1
            break
        arm_lines.append(block[i])
        i += 1
    arms = _arms(text, arm_lines, ents, named=not layout.led)
    head = Cell(block[0][0], block[0][1], text[block[0][0] : block[0][1]])
    trial = cell_arm(head, ents)[2]
    if trial is None and layout.led and (name := _NAME.match(head.text)):
        trial = name.group("name")  # "JAVELIN Phase III Trial": the trial as printed
    if len(arms) < (1 if layout.led else 2) or trial is None:
        return []
    cell_lines = ([rest] if rest else []) + block[i:]
    cells = [(a, m) for a, b in cell_lines for m in _CELL.finditer(text[a:b])]  # m.start("v") counts from the line
    n = len(arms)
    need = [n - 1 if code in _RATIOS else n for _, code in columns]
    lead = n if layout.counts else 0
    short = lead + sum(need) + (1 if layout.ref else 0) - len(cells)
    if layout.ref and short == 1:
        short = 0  # the reference number left out
    elif layout.ref and short == 0:
        cells = cells[:-1]  # the block's reference number: no value
    if short not in (0, 1) or (short == 1 and (columns[-1][1] in _RATIOS or layout.led)):
        return []
    out: list[TableValue] = []
    row = (block[0][0], block[-1][1])
    if lead:
        for j, (base, m) in enumerate(cells[:lead]):
            if m.group("v") is not None and m.group("lo") is None and "." not in m.group("v"):
                out.append(TableValue("n_patients", float(m.group("v")), "patients", base + m.start("v"), base + m.end("v"),
                                      arms[j][0], arms[j][1], trial=trial, row=row, rule="value.stacked_lines"))
        if len(out) == 2:
            out[0].partner, out[1].partner = 1, 0
    pos = lead
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
        if code not in _RATIOS and len(out) - first == 2 and n == 2:  # two arms' values of one column: a compared pair
            out[first].partner, out[first + 1].partner = first + 1, first
    return out


def _names_arm(text: str, line: tuple[int, int], ents: Ents) -> bool:
    """Whether a line names a treatment (a drug, a regimen, a control), as an arm's line does."""
    a, b = line
    return any(e.label in {"DRUG", "REGIMEN"} for e in ents.inside(a, b)) or is_control(text[a:b])


_LETTER_INDEX = {"A": 0, "B": 1, "C": 2, "D": 3}


def _arms(text: str, arm_lines: list[tuple[int, int]], ents: Ents, *, named: bool = True) -> list[tuple[list[str], str | None]]:
    """One arm per line; "Atezolizumab plus" / "Bevacizumab Sorafenib": the first name of the next
    line closes the arm, the rest of that line is the next arm. With ``named`` every arm names a
    drug or a control; without, a line the lexicon does not read ("durval/tremel") is an arm by
    its place, its words its label, once another arm names a drug."""
    cells: list[Cell] = []
    carry: int | None = None
    for a, b in arm_lines:
        line = text[a:b].rstrip()
        vs = _VS_END.search(line)
        if vs is not None:
            line = line[: vs.start()].rstrip()  # "nivolumab vs" / "placebo": two arms, the word between them no part of either
        start = a + (len(text[a:b]) - len(text[a:b].lstrip()))
        if carry is not None:
            first = next((e for e in ents.inside(start, a + len(line)) if e.label in {"DRUG", "REGIMEN"}), None)
            if first is None:  # "pembrolizumab +" / "SOX": a partner the lexicon does not name closes the arm whole
                cells.append(Cell(carry, a + len(line), text[carry : a + len(line)]))
                carry = None
                continue
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
        if named and not drugs and not (label and (lx.compile_alt(lx.cues().placebo_words).search(label) or is_control(label))):
            return []
        out.append((drugs, label))
    if not named and not any(drugs for drugs, _ in out):
        return []
    return out
