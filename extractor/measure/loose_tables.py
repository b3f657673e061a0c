"""Results tables flattened with no cell separators.

A review's table of trials often reaches text as plain lines, no "|" or tab between cells:

    Trial Study design N Objective response rate Progression-free survival Overall Survival
    Maki 2007 [92] Phase II: Gemcitabine + docetaxel versus gemcitabine 122 16% versus 8% 6.2 versus 3 mo 18 versus 12 mo …
    Treatment OS (months) PFS (months) ORR (% of pts)
     DUR+EP (n = 268) 13.0d 5.1d 79
     EP (n = 269) 10.3d 5.4d 70
     HR/OR (95% CI) HR 0.73 (0.59–0.91) HR 0.78 (0.65–0.94) OR 1.64 (1.11–2.44)

No separator says where a cell ends, so the cells are the values themselves:

- the *header* is a line naming two or more endpoints (and perhaps a column of patient numbers),
  with no value and no sentence punctuation;
- each following line is read into *pieces*: pairs ("16% versus 8%", "3.0 versus 2.16 versus
  2.52"), values with their interval ("HR 0.72 (95% CI 0.60–0.88)"), single values ("13.0d",
  "79"), missing cells ("N.A.", "Not reported"), P values ("P=0.009", "NS"), and patient numbers
  ("(n = 268)"); the text before a line's first value is its *label*; a line with no label (a
  bullet, indentation) continues the row above;
- each piece takes the next header column its kind fits (a percentage a rate, a time or a bare
  number a duration, an interval a ratio, an integer a column of patients), so a row that skips a
  column still lines up, and a value that fits no column gives nothing;
- the label gives the arms: the sides of "A versus B" for pairs (and a ratio of A against B),
  the label's drugs for single values; two single-arm rows one after the other are a compared
  pair; a row labelled by a ratio ("HR/OR (95% CI)") holds the ratios of those two rows.

Every value is grounded on its number. Each line is scanned once; work is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import is_control
from extractor.measure.numbers import to_months
from extractor.measure.table_pieces import NUM, Piece
from extractor.measure.table_pieces import pieces as line_pieces
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, endpoint_codes, names_time_unit, trial_head, unit_for
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_HEADER_MAX = 300  # characters: a longer line is prose
_HEADER_WORDS = 40
_ROW_LINES = 20_000  # lines a table may run to (a failed header stops at its first fillers)
_FILLERS = 4  # lines with no value in a row end the table
_FILLER_CHARS = 160  # a longer line without values is prose: the table ended
_CELL_GAP = regex.compile(r"[ \t]{3,}")  # a run of spaces parting a label's cells
_LABEL_CHARS = 300  # a longer label is a sentence, not a row
_GAP_WORDS = 2  # words between two values that end the row's values (a "Conclusions" cell)
_MEDIAN_MAX = 150.0  # a "median" above this many months (or a rate above 100) is no such value


@dataclass
class Column:
    code: str
    kind: str  # rate, duration, ratio, count, p, ignore
    unit: str | None  # "%" or a time unit the header names for the column
    percent: bool  # the header prints "%" for the column: bare numbers are rates
    timepoint: float | None = None
    unit_named: bool = True  # the header names the column's time unit (a duration's)


@dataclass
class _Row:
    start: int
    end: int
    label: tuple[int, int]
    pieces: list[Piece]
    after_gap: bool = False  # a line of words stands between this row and the one above
    count: Piece | None = None  # a whole number opening the line ("112/ A: P + cetuximab"): the N column's


def read_loose_tables(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the separator-less tables of ``text`` state, and the span of each table that gave
    values, header to last row (the sentence reader leaves those to this frame)."""
    lines = _lines(text)
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        columns = _header(text[lines[k][0] : lines[k][1]])
        if columns is None:
            k += 1
            continue
        rows, k_end = _rows(text, lines, k + 1)
        if sum(1 for r in rows if len(r.pieces) >= 2) < 2:
            k += 1
            continue
        trial_column = bool(trial_head().match(text[lines[k][0] : lines[k][1]].strip()))
        got, used = _read(text, rows, columns, ents, trial_column)
        for v in got:
            v.rule = "value.loose_table"
            if v.partner is not None:
                v.partner += len(out)
        out.extend(got)
        if used:  # the header, the rows and the section lines between them are no sentences
            spans.append((lines[k][0], used[-1][1]))
        k = max(k_end, k + 1)
    return out, spans


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _header(line: str) -> list[Column] | None:
    """The columns a header line names, in order; None when the line is no header."""
    if not line.strip() or len(line) > _HEADER_MAX or len(line.split()) > _HEADER_WORDS:
        return None
    if _SENTENCE.search(line) or line.count("|") or line.count("\t") >= 2:
        return None
    view = normalize(_FOOTNOTE_AFTER_ACRONYM.sub("", line)).text
    toks = scan(view)
    if any(t.kind == "VALUE" and t.unit_kind != "time" for t in toks):
        return None
    cols: list[tuple[int, Column]] = []
    prev = None
    trigs = [t for t in toks if t.kind == "TRIG" and t.code]
    for i, t in enumerate(trigs):
        kind = lx.endpoint(t.code).kind
        nxt = trigs[i + 1].start if i + 1 < len(trigs) else len(view)
        own = view[t.end : nxt]  # "(months)", "(% of pts)", " rate": the column's own words
        tp = None
        if prev is not None and prev.kind == "VALUE" and prev.unit_kind == "time" and t.start - prev.end <= 2:
            tp = to_months(prev.value or 0, prev.unit)
        cols.append((t.start, Column(t.code, kind, unit_for(t.code, own), "%" in own, tp, names_time_unit(own))))
        prev = t
    for m in _count_head().finditer(view):
        cols.append((m.start(), Column("n_patients", "count", "patients", False)))
    for m in _p_column().finditer(view):  # "… survival (months) p value …": a column of P values
        cols.append((m.start(), Column("_p", "p", None, False)))
    cols = [c for c in cols if not _in_brackets(view, c[0])]  # "objective response rate (CR+PR)": a definition
    cols.sort(key=lambda c: c[0])
    real = [c for _, c in cols if c.kind in {"rate", "duration", "ratio"}]
    if len({c.code for c in real}) < 2:
        return None
    return [c for _, c in cols]


def _in_brackets(view: str, pos: int) -> bool:
    return view.rfind("(", 0, pos) > view.rfind(")", 0, pos)


def _rows(text: str, lines: list[tuple[int, int]], k: int) -> tuple[list[_Row], int]:
    """The rows below a header at line ``k``, and the index of the line after the table."""
    rows: list[_Row] = []
    fillers = 0
    gap = False
    end = min(len(lines), k + _ROW_LINES)
    while k < end:
        start, stop = lines[k]
        line = text[start:stop]
        if line.count("|") >= 2 or line.count("\t") >= 2 or _FOOTNOTE_LINE.match(line) or _header(line) is not None:
            break
        nxt = text[lines[k + 1][0] : lines[k + 1][1]] if k + 1 < len(lines) else ""
        pieces = line_pieces(text, start, stop)
        zone = _zone(text, start, pieces, nxt)
        if zone is None:
            if not line.strip():
                k += 1
                continue
            fillers += 1
            gap = True
            if fillers >= _FILLERS or len(line) > _FILLER_CHARS:
                break
            k += 1
            continue
        fillers = 0
        first = zone
        label = (start, pieces[first].start)
        kept = _until_gap(text, pieces[first:])
        if text[label[0] : label[1]].strip(_BULLETS) == "" and rows:
            rows[-1].pieces.extend(kept)
            rows[-1].end = stop
        elif label[1] - label[0] > _LABEL_CHARS:
            break
        else:
            ns = [p for p in pieces[:first] if p.kind == "n"]
            lead = pieces[0] if first and pieces[0].kind == "single" and pieces[0].unit is None else None
            opening = lead if lead is not None and not text[start : lead.start].strip() \
                and lead.values[0] is not None and lead.values[0][0].is_integer() else None
            opening = opening or _count_before_arm(text, pieces[:first], label[1])
            rows.append(_Row(start, stop, label, ns + kept, gap, opening))
            gap = False
        k += 1
    return rows, k


def _last_cell(text: str, label: tuple[int, int]) -> tuple[int, int]:
    """The last of a label's cells when runs of spaces part them ("(ref. 4)    (IHC3+)   CF+X"):
    the treatment cell, which the values follow."""
    a, b = label
    cut = None
    for m in _CELL_GAP.finditer(text, a, b):
        if m.end() < b and any(ch.isalpha() for ch in text[m.end() : b]):
            cut = m.end()
    return (cut, b) if cut is not None else label


def _count_before_arm(text: str, label_pieces: list[Piece], end: int) -> Piece | None:
    """A whole number inside a row's label with only words after it ("ToGA III 1st HER2 positive
    584 FC"): the row's patients, printed before its regimen as the header's N column stands
    before its treatment column. Not a year, not a ratio or unit, not glued to a word."""
    if not label_pieces:
        return None
    p = label_pieces[-1]
    v = p.values[0] if p.kind == "single" and p.values else None
    if v is None or p.unit is not None or p.prefix is not None or not v[0].is_integer() or _year(p):
        return None
    if not text[v[1] - 1 : v[1]].isspace() or not text[v[2] : v[2] + 1].isspace():
        return None
    rest = text[v[2] : end]
    return p if any(ch.isalpha() for ch in rest) and not any(ch.isdigit() for ch in rest) else None


def _zone(text: str, start: int, pieces: list[Piece], nxt: str) -> int | None:
    """Index of the piece where a line's values begin: the first value that is surely one (a pair,
    an interval, a unit, a missing cell), or a bare number followed by another value or ending the
    line before a continued row. Patient numbers in the label ("(n = 268)") are no start."""
    for i, p in enumerate(pieces):
        if p.kind == "n" or _year(p) or (i + 1 < len(pieces) and _year(pieces[i + 1]) and p.kind == "single"):
            continue  # "PRODIGE 4/ ACCORD 11 2011 FOLFIRINOX": a year column, and the name before it
        if p.kind in {"pair", "ci", "na", "p"} or p.unit is not None or p.prefix is not None:
            return i
        v = p.values[0]
        if v is not None and not float(v[0]).is_integer():
            return i
        after = pieces[i + 1].start if i + 1 < len(pieces) else None
        if after is not None and not text[p.end : after].strip(_BULLETS + "*†‡§¶"):
            return i
        if after is None and not nxt[:1].strip() and _pieces_start(nxt):
            return i
    return None


def _year(p: Piece) -> bool:
    """A bare four-digit year (a table's "Year" column)."""
    v = p.values[0] if p.kind == "single" and p.unit is None and p.values else None
    return v is not None and v[0].is_integer() and 1950 <= v[0] <= 2035 and v[2] - v[1] == 4


def _pieces_start(line: str) -> bool:
    """Whether a line opens with a value after its bullet or indentation (a continued row)."""
    body = line.lstrip(_BULLETS)
    return bool(body) and len(body) < len(line) and bool(regex.match(NUM, body))


def _until_gap(text: str, pieces: list[Piece]) -> list[Piece]:
    """``pieces`` up to a gap of words between two of them (the row's "Conclusions" cell)."""
    out = pieces[:1]
    for a, b in zip(pieces, pieces[1:]):
        gap = _GAP_FILLER.sub(" ", text[a.end : b.start])
        if sum(1 for w in gap.split() if len(w) > 1 and any(ch.isalpha() for ch in w)) >= _GAP_WORDS:
            break
        out.append(b)
    return out


def _read(text: str, rows: list[_Row], columns: list[Column], ents: Ents,
          trial_column: bool) -> tuple[list[TableValue], list[tuple[int, int]]]:
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    above: list[tuple[tuple[list[str], str | None], dict[int, int]]] = []  # single-arm rows just above: arm, values by column
    carried: str | None = None  # the trial of the rows above: its cell spans the rows of its arms
    unnamed: list[tuple[int, int, str | None]] = []
    for row in rows:
        if row.after_gap:
            above, carried = [], None  # "ZALUTE / 2nd line (2011)": the next trial's rows
        if row.count is not None and ents.inside(row.count.start, row.count.end):
            row.count = None  # "CheckMate 227": a number of the trial's name
        sides = _sides(text, row.label, ents)
        # the arm is named in the label's last cell ("(ref. 4)    (IHC3+)   CF+X"), after the row's
        # patient number ("553 EOC", "… 584 FC"), unless only words of a population stand there
        # ("… in LMS 44 (non-uterine LMS only)")
        own = (row.count.end, row.label[1]) if row.count is not None and row.count.end <= row.label[1] else row.label
        if own != (cell := _last_cell(text, own)) or own != row.label:
            words = text[cell[0] : cell[1]].strip()
            after = _sides(text, cell, ents)
            if any(drugs or is_control(lab) for drugs, lab in after) or not (words[:1] == "(" and words[-1:] == ")"):
                sides = after
        label = text[row.label[0] : row.label[1]]
        ratio_row = _ratio_label(label)
        trial = _trial(text, row.label, ents, trial_column)
        if trial_column:
            if trial is not None and trial != carried:
                above = []  # two single-arm rows of two trials are no comparison
            trial = carried = trial or carried
        got: list[TableValue] = []
        by_column: dict[int, int] = {}
        if ratio_row is not None:
            arm, cmp = (above[-2][0], above[-1][0]) if len(above) >= 2 else (([], None), ([], None))
            for p in row.pieces:
                v = p.values[0] if p.values else None
                if v is None or p.kind not in {"ci", "single"}:
                    continue
                got.append(TableValue(p.prefix or ratio_row, v[0], None, v[1], v[2], arm[0], arm[1], cmp[0], cmp[1],
                                      ci=p.ci, trial=trial, row=(row.start, row.end)))
            above = []
        elif not endpoint_codes(label):  # a row named by an endpoint belongs to a table whose columns are arms
            got, by_column, cells = _assign(row, columns, sides, trial, text)
            unnamed.extend((len(out) + i, k, unit) for i, k, unit in cells)
        base = len(out)
        for v in got:
            if v.partner is not None:
                v.partner += base
        out.extend(got)
        if got:
            spans.append((row.start, row.end))
        if ratio_row is None and len(sides) == 1 and by_column:
            above = [*above[-1:], (sides[0], {c: base + i for c, i in by_column.items()})]
            if len(above) == 2:
                _pair_rows(out, above[0][1], above[1][1])
        elif ratio_row is None:
            above = []
    return _unit_from_column(out, unnamed), spans


def _unit_from_column(out: list[TableValue], unnamed: list[tuple[int, int, str | None]]) -> list[TableValue]:
    """A duration column whose header names no unit (GUIDELINES RD86): its bare cells take the
    unit the column's other cells print when most print one and all the same one; otherwise a
    bare cell's unit would be a guess (days, weeks or months), and it gives nothing."""
    by_column: dict[int, list[tuple[int, str | None]]] = {}
    for i, k, unit in unnamed:
        by_column.setdefault(k, []).append((i, unit))
    dropped: set[int] = set()
    for cells in by_column.values():
        printed = {unit for _, unit in cells if unit is not None}
        bare = [i for i, unit in cells if unit is None]
        if len(printed) == 1 and len(cells) - len(bare) > len(bare):
            (unit,) = printed
            for i in bare:
                out[i].unit = unit
        else:
            dropped.update(bare)
    if not dropped:
        return out
    index: dict[int, int] = {}
    kept: list[TableValue] = []
    for i, v in enumerate(out):
        if i not in dropped:
            index[i] = len(kept)
            kept.append(v)
    for v in kept:
        v.partner = index.get(v.partner) if v.partner is not None else None
    return kept


def _pair_rows(out: list[TableValue], before: dict[int, int], now: dict[int, int]) -> None:
    """Two single-arm rows, one after the other: each column's two values compare the arms."""
    for col, k in now.items():
        j = before.get(col)
        if j is None or out[k].partner is not None or out[j].partner is not None:
            continue
        a, b = out[j], out[k]
        if (a.arm, a.arm_label) == (b.arm, b.arm_label):
            continue
        a.partner, b.partner = k, j
        a.comparator, a.comparator_label = b.arm, b.arm_label
        b.comparator, b.comparator_label = a.arm, a.arm_label


def _assign(row: _Row, columns: list[Column], sides: list[tuple[list[str], str | None]],
            trial: str | None, text: str) -> tuple[list[TableValue], dict[int, int], list[tuple[int, int, str | None]]]:
    """The row's values, each piece in the next column its kind fits; and, for a duration column
    whose header names no unit, each of its values with the column and the unit its cell prints."""
    out: list[TableValue] = []
    by_column: dict[int, int] = {}
    at = 0
    group: list[int] = []  # the values of the last piece, for a P value after it
    arm, label = sides[0] if len(sides) == 1 else ([], None)
    span = (row.start, row.end)
    unnamed: list[tuple[int, int, str | None]] = []  # (first value, column, the cell's own unit)
    if row.count is not None and columns and columns[0].kind == "count" and row.count.values[0] is not None:
        v = row.count.values[0]
        out.append(TableValue("n_patients", v[0], "patients", v[1], v[2], arm, label, trial=trial, row=span))
        at = 1  # the row printed its N before its regimen
    for p in row.pieces:
        if p.kind == "p":
            if p.p is not None:
                for i in group:
                    out[i].p = p.p
            continue
        if p.kind == "n":
            v = p.values[0]
            assert v is not None
            out.append(TableValue("n_patients", v[0], "patients", v[1], v[2], arm, label, trial=trial, row=span))
            continue
        k = next((k for k in range(at, len(columns)) if _fits(p, columns[k])), None)
        if k is None:
            if p.kind == "ci" and p.prefix and len(sides) >= 2:  # "HR 0.72 (0.60–0.88)" with no column of its own
                group = [len(out)]
                out.append(_ratio(p, p.prefix, sides, trial, span))
            continue
        at = k + 1
        col = columns[k]
        if col.kind == "p":  # the P value of the values before it
            v = p.values[0]
            if v is not None:
                op = "<" if text[max(0, v[1] - 3) : v[1]].strip().endswith(("<", "≤")) else "="
                for i in group:
                    out[i].p = (op, v[0])
            continue
        group = []
        if p.kind == "na" or col.kind == "ignore":
            continue
        if col.kind == "ratio":
            group = [len(out)]
            out.append(_ratio(p, p.prefix or col.code, sides, trial, span))
            continue
        unit = "%" if col.kind == "rate" else "patients" if col.kind == "count" else p.unit if p.unit not in {None, "%"} else col.unit
        made = []
        for s, v in enumerate(p.values):
            if v is None:
                continue
            if p.kind == "pair" or len(p.values) > 1:
                drugs, lab = sides[s] if s < len(sides) else ([], None)
            else:
                drugs, lab = arm, label
            made.append(len(out))
            out.append(TableValue(col.code, v[0], unit, v[1], v[2], drugs, lab, ci=p.ci, trial=trial, row=span,
                                  timepoint=col.timepoint))
        if len(made) == 2 and len(p.values) == 2:
            a, b = made
            out[a].partner, out[b].partner = b, a
            out[a].comparator, out[a].comparator_label = out[b].arm, out[b].arm_label
            out[b].comparator, out[b].comparator_label = out[a].arm, out[a].arm_label
        if len(made) == 1 and len(p.values) == 1:
            by_column[k] = made[0]
        if col.kind == "duration" and not col.unit_named:
            unnamed.extend((i, k, p.unit) for i in made)
        group = made
    return out, by_column, unnamed


def _ratio(p: Piece, code: str, sides: list[tuple[list[str], str | None]], trial: str | None,
           span: tuple[int, int]) -> TableValue:
    v = p.values[0]
    assert v is not None
    arm, label = sides[0] if sides else ([], None)
    cmp, cmp_label = sides[1] if len(sides) >= 2 else (None, None)
    return TableValue(code, v[0], None, v[1], v[2], arm, label, cmp, cmp_label, ci=p.ci, trial=trial, row=span)


def _fits(p: Piece, col: Column) -> bool:
    if p.kind == "na":
        return True
    values = [v[0] for v in p.values if v is not None]
    if col.kind == "p":
        return p.kind == "single" and p.unit is None and p.prefix is None and all(v < 1 for v in values)
    if col.kind == "ratio":
        if p.kind == "single" and p.unit is None and p.prefix is None:
            # a bare ratio ("6.24 0.82 0.038"): two decimals at most, unlike the P value after it
            return all(0.1 <= v < 20 and len(f"{v}".split(".")[1]) <= 2 for v in values)
        return p.kind == "ci" and p.unit is None and all(v < 20 for v in values)
    if p.prefix is not None:
        return False
    if col.kind == "count":
        return p.unit is None and all(v.is_integer() for v in values) and p.kind != "ci"
    if col.kind in {"rate", "ignore"}:
        # a bare number under a rate's header is that rate (GUIDELINES RD401: a response rate above
        # 1 has no other reading), unlike a bare duration, whose unit would be guessed
        bare_rate = p.unit is None and (col.percent or col.kind == "rate")
        return (p.unit == "%" or bare_rate) and all(v <= 100 for v in values)
    if col.kind == "duration":
        if p.unit == "%":
            return False
        return p.unit is not None or all(v <= _MEDIAN_MAX for v in values)
    return False


def _sides(text: str, label: tuple[int, int], ents: Ents) -> list[tuple[list[str], str | None]]:
    """The arms a row's label names: the sides of "A versus B", or the label's one arm."""
    a, b = label
    body = text[a:b]
    cuts = [(a + m.start(), a + m.end()) for m in _connective().finditer(body)]
    if not cuts:
        drugs, lab = _side(text, a, b, ents)
        return [(drugs, lab)] if drugs or lab else []
    bounds = [a] + [x for c in cuts for x in c] + [b]
    out = []
    for s, e in zip(bounds[::2], bounds[1::2]):
        colon = text.rfind(":", s, e)
        if colon >= 0 and s == a:
            s = colon + 1  # "Phase II: Gemcitabine + docetaxel": the design before the colon
        out.append(_side(text, s, e, ents))
    return out


def _side(text: str, s: int, e: int, ents: Ents) -> tuple[list[str], str | None]:
    body = _N_IN_LABEL.sub("", text[s:e]).strip(" \t:" + _BULLETS)
    lead = len(text[s:e]) - len(text[s:e].lstrip(" \t:" + _BULLETS))
    drugs, label, _ = cell_arm(Cell(s + lead, s + lead + len(body), body), ents)
    if not drugs and not is_control(label) and label is not None and len(label) > 40:
        label = None  # words of a design, not a group's name
    return drugs, label


def _trial(text: str, label: tuple[int, int], ents: Ents, trial_column: bool) -> str | None:
    inside = ents.inside(*label)
    named = next((e.norm or e.text for e in inside if e.label == "TRIAL"), None)
    if named is not None or not trial_column:
        return named
    m = _ACRONYM.match(text, label[0], label[1])
    if m is None or not _INNER_CAPITAL.search(m.group(1)) or any(e.start <= m.start(1) < e.end for e in inside):
        return None  # "Maki 2007", "Garcia-Del-Muro 2011": authors, not trials
    return m.group(1)


def _ratio_label(label: str) -> str | None:
    codes = endpoint_codes(label)
    return codes[0] if codes and all(lx.endpoint(c).kind == "ratio" for c in codes) else None


_BULLETS = " \t•·▪◦●‣-–—"
# a header may hold commas ("Study, line (year)") and abbreviations ("No. of patients"), not a sentence's end
_SENTENCE = regex.compile(r"[;；。]|(?<!\b(?:No|no|vs|al|Pts|pts|approx))\.(?:\s|$)")
_FOOTNOTE_AFTER_ACRONYM = regex.compile(r"(?<=\b[A-Z]{2,5})[a-h](?=[\s(]|$)")  # "OSa (months)"
_FOOTNOTE_LINE = regex.compile(r"^\s*\d{1,2}\.\s")
_N_IN_LABEL = regex.compile(r"[(（]\s*[nN]\s*=\s*\d+\s*[)）]")
_GAP_FILLER = regex.compile(r"[(\[][^()\[\]]{0,40}[)\]]|[•·▪◦●‣*†‡§¶]")
_INNER_CAPITAL = regex.compile(r"[A-Z]{2}|[a-z][A-Z]")  # "PALETTE", "GeDDiS"; not "Garcia-Del-Muro"
_ACRONYM = regex.compile(r"\s*([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:\s\d{3,6}(?!\d))?)(?=\s)")


@cache
def _connective() -> regex.Pattern[str]:
    """"A versus B" in a row's label (ASCII words only: "比" and "对" open Chinese group names)."""
    words = sorted((w for w in lx.cues().value_comparison if w.isascii()), key=len, reverse=True)
    return regex.compile(r"(?<![A-Za-z])(?:" + "|".join(regex.escape(w) for w in words) + r")(?![A-Za-z])")


@cache
def _p_column() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().p_column_words))


@cache
def _count_head() -> regex.Pattern[str]:
    heads = sorted(lx.cues().loose_table_count_heads, key=len, reverse=True)
    return regex.compile(r"(?<![\w.])(?:" + "|".join(regex.escape(h) for h in heads) + r")(?![\w])")
