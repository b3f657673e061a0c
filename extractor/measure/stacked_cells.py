"""Tables flattened with each cell's line breaks kept, a row's arms stacked in one cell.

A journal page's table of trials prints a trial's arms one under the other inside its cells;
flattened, the header's cells wrap over lines and so do the row's:

    Trial name | Published
    year |
    No. of
    patients | Treatment groups | Survival
    (%) |
    P-value |
    ---|---|---|---|---|
    ACTS-GC (39), (40) | 2007, 2011 | 1059 |
    no treatment (surgery alone)
    S-1 |
    3-year OS: 70.1
    3-year OS: 80.1 |
    0.003 |

- the rule line ("---|---|") gives the number of columns; the header is the last that many cells
  before it, their line breaks read as spaces;
- after the rule the text splits at "|" into cells, every that many cells a row, up to a blank
  line or a note ("* one-sided", "Abbreviations: …");
- a cell of k lines in the treatment column ("Treatment groups", "Arms", "Regimen") names k arms,
  and a cell of k lines under an endpoint column gives k values, the i-th the i-th arm's: a line's
  own label ("3-year OS: 70.1") names its endpoint and time, else the column's header does;
- a P-value column gives the row's P, a patients column its count, the trial column its trial.

Every value is grounded on its number; the table is split once, so work is linear in its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.numbers import to_months
from extractor.measure.pair_cells import study_name
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, endpoint_codes, trial_head, unit_for
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_RULE = regex.compile(r"^[ \t]*(?:-{3,}[ \t]*\|[ \t]*){2,30}-*[ \t]*$", regex.M)
_HEADER_LINES = 12  # lines above the rule that may hold the header's cells
_MAX_ROWS = 200
_END = regex.compile(r"\n[ \t]*(?:\n|[*†‡#]|Abbreviations?\b|Notes?\b|Source\b)")
_LINE_VALUE = regex.compile(r"^(?:(?P<label>[^\d:：|]{0,40}?(?:\d{1,2}[ -]?(?:year|yr|month|mo)s?[ -]?)?[^\d:：|]{0,30})[:：]\s?)?"
                            r"(?P<op>[<>≤≥]\s?)?(?P<n>\d{1,5}(?:[.·]\d{1,4})?)\s?%?\s?[*†‡a-z]{0,2}$")


@dataclass
class _Col:
    head: str
    codes: list[str]
    kind: str  # endpoint, treatment, trial, count, p, other


def read_stacked_cells(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the stacked-cell tables of ``text`` (Document.text) state, and each table's span."""
    if "---|" not in text:
        return [], []
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    for rule in _RULE.finditer(text):
        cols = _header(text, rule.start(), len(regex.findall(r"-{3,}", rule.group())))
        if cols is None:
            continue
        stop = _END.search(text, rule.end())
        end = stop.start() if stop is not None else len(text)
        got = _rows(text, rule.end(), end, cols, ents)
        if any(v.partner is not None for v in got):
            for v in got:
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
            spans.append((rule.start(), end))
    return out, spans


def _header(text: str, rule_start: int, width: int) -> list[_Col] | None:
    """The header's columns: the last ``width`` cells before the rule, when one names the arms
    and one an endpoint; None otherwise."""
    lo = rule_start
    for _ in range(_HEADER_LINES):
        if lo == 0:
            break
        lo = text.rfind("\n", 0, lo - 1) + 1
    parts = text[lo:rule_start].split("|")
    if parts and not parts[-1].strip():
        parts = parts[:-1]  # after the last "|" of the header
    if len(parts) < width:
        return None
    raw = parts[-width:]
    first = [ln for ln in raw[0].split("\n") if ln.strip()]
    raw[0] = first[-1] if first else ""  # "Table 3.\nTrial name": the cell is the last line
    heads = [" ".join(h.split()) for h in raw]
    cols = [_column(h) for h in heads]
    kinds = [c.kind for c in cols]
    return cols if "treatment" in kinds and "endpoint" in kinds else None


_OUTCOME_HEAD = regex.compile(r"(?i:survival|response|outcomes?|results?|efficacy)|生存|疗效|療效|结果|結果")


def _column(head: str) -> _Col:
    codes = endpoint_codes(head)
    if codes or _OUTCOME_HEAD.search(head):  # "Survival (%)": each line names its endpoint ("3-year OS: 70.1")
        return _Col(head, codes, "endpoint")
    view = normalize(head).text
    if _p_head().search(view):
        return _Col(head, [], "p")
    if _count_head().match(view.strip()):
        return _Col(head, [], "count")
    if trial_head().match(view.strip()):
        return _Col(head, [], "trial")
    if _arm_head().search(view):
        return _Col(head, [], "treatment")
    return _Col(head, [], "other")


@cache
def _p_head() -> regex.Pattern[str]:
    return regex.compile(r"^\s*(?:" + lx.surface_alt(lx.cues().p_column_words) + r")\s*$")


@cache
def _count_head() -> regex.Pattern[str]:
    heads = sorted(lx.cues().loose_table_count_heads, key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(h) for h in heads) + r")$", regex.I)


@cache
def _arm_head() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().table_arm_heads), regex.I)


def _rows(text: str, start: int, end: int, cols: list[_Col], ents: Ents) -> list[TableValue]:
    cells: list[Cell] = []
    pos = start
    for part in text[start:end].split("|")[:-1]:  # what follows the last "|" is no cell
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        cells.append(Cell(pos + lead, pos + lead + len(body), body))
        pos += len(part) + 1
        if len(cells) >= _MAX_ROWS * len(cols):
            break
    width = len(cols)
    out: list[TableValue] = []
    for r in range(len(cells) // width):
        row = cells[r * width : (r + 1) * width]
        out.extend(_row(row, cols, ents, len(out)))
    return out


def _row(row: list[Cell], cols: list[_Col], ents: Ents, base: int) -> list[TableValue]:
    arms: list[tuple[list[str], str | None]] = []
    trial = None
    p = None
    for cell, col in zip(row, cols, strict=True):
        if col.kind == "treatment":
            arms = [_arm(line, ents) for line in _lines(cell)]
        elif col.kind == "trial":
            named = next((e.norm or e.text for e in ents.inside(cell.start, cell.end) if e.label == "TRIAL"), None)
            trial = named or study_name(cell.text)
        elif col.kind == "p":
            m = regex.match(r"\s*(?P<op>[<>≤≥]=?)?\s*(?P<v>\d?\.\d{1,6}|[01])(?![\d.])", cell.text)
            if m is not None:
                p = ((m.group("op") or "=").replace("≤", "<=").replace("≥", ">="), float(m.group("v")))
    if len(arms) < 2:
        return []
    where = (row[0].start, row[-1].end)
    out: list[TableValue] = []
    for cell, col in zip(row, cols, strict=True):
        if col.kind == "count":
            m = regex.fullmatch(r"(?P<n>\d{1,3}(?:,\d{3})?|\d{1,6})", cell.text)
            if m is not None:
                out.append(TableValue("n_patients", float(m.group("n").replace(",", "")), "patients", cell.start,
                                      cell.end, [], None, trial=trial, row=where, rule="value.stacked_cells"))
        if col.kind != "endpoint":
            continue
        lines = _lines(cell)
        if len(lines) != len(arms):
            continue
        made = []
        for (drugs, label), line in zip(arms, lines, strict=True):
            v = _value(line, col)
            if v is None:
                continue
            code, value, s, e, tp = v
            made.append(len(out))
            out.append(TableValue(code, value, unit_for(code, col.head), s, e, drugs, label, p=p, trial=trial,
                                  row=where, timepoint=tp, rule="value.stacked_cells"))
        if len(made) == 2:
            a, b = made
            out[a].partner, out[b].partner = base + b, base + a
    return out


def _lines(cell: Cell) -> list[Cell]:
    """The cell's lines as cells of their own (offsets kept)."""
    out, pos = [], cell.start
    for line in cell.text.split("\n"):
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            out.append(Cell(pos + lead, pos + lead + len(body), body))
        pos += len(line) + 1
    return out


def _arm(line: Cell, ents: Ents) -> tuple[list[str], str | None]:
    drugs, label, _ = cell_arm(line, ents)
    return drugs, label


def _value(line: Cell, col: _Col) -> tuple[str, float, int, int, float | None] | None:
    """(code, value, start, end, timepoint) of one stacked line ("3-year OS: 70.1", "74")."""
    view = normalize(line.text).text
    if len(view) != len(line.text):
        return None
    m = _LINE_VALUE.match(view)
    if m is None:
        return None
    code, tp = (col.codes[0] if col.codes else ""), None
    if m.group("label"):
        toks = scan(m.group("label"))
        trig = next((t for t in toks if t.kind in {"TRIG", "TPTRIG"} and t.code), None)
        if trig is not None:
            code = trig.code or code
        when = next((t for t in toks if t.kind == "VALUE" and t.unit_kind == "time"), None)
        if when is not None and when.value is not None:
            tp = to_months(when.value, when.unit)
            if lx.endpoint(code).kind == "duration":
                try:
                    code = lx.timepoint_code(trig.text if trig is not None else "")
                except KeyError:
                    return None
    if not code or lx.endpoint(code).kind not in {"rate", "duration"}:
        return None
    return code, float(m.group("n").replace("·", ".")), line.start + m.start("n"), line.start + m.end("n"), tp
