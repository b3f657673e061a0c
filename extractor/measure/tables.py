"""Results tables flattened to text: rows of cells split by "|" or tabs.

A sentence reader cannot read "Sunitinib (12) | IFN-α | 11.0 | 5.0 | 0.539 (0.451-0.643) | <0.001":
the endpoint is in a header two rows up and the arm is the row's first cell. This frame reads a
block of table lines as a table:

- *header rows* are the rows above the first data row (a row with two or more numeric cells);
  their cells name endpoints ("Progression-free survival", "ORR", "HR (95% CI)", "p-value"),
  found with the measurement stage's own triggers;
- *label cells* open a data row (the test agent, the comparator, the trial): their drugs, or the
  words as written for a control ("placebo", "IFN-α+placebo"), are the arms;
- a data row's numeric cells take their endpoint by column when a header row has as many cells
  as the row, else by groups: the header's endpoints in order, each over an equal run of cells,
  where a cell with a bracketed interval is the hazard ratio, a cell after it the P value, and
  the plain cells before it the endpoint's values for the first and the second label;
- a table whose columns are arms ("项目 | 靶向组 (n=61) | 靶免组 (n=76)") reads the endpoint from
  each row's first cell instead; rows naming no endpoint (baseline characteristics) give nothing.

Every value is grounded on the number in its cell. Work is linear in the table's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import is_control
from extractor.measure.numbers import to_months
from extractor.measure.token_context import ci_header
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_RULE = regex.compile(r"^[\s|:\-–—+]*$")
_NUMBER = regex.compile(r"(?<![\w.])(?P<op>[<>≤≥]=?\s?)?(?P<n>\d+(?:[.·]\d+)?)")
_INTERVAL = regex.compile(r"[(\[]\s*(?P<a>\d+(?:[.·]\d+)?)\s*(?:-|–|to|,|~)\s*(?P<b>\d+(?:[.·]\d+)?)\s*[)\]]")
_BARE_INTERVAL = regex.compile(r"(?P<a>\d{1,6}(?:[.·]\d{1,4})?)\s{0,2}(?:-|–|to|,|~)\s{0,2}(?P<b>\d{1,6}(?:[.·]\d{1,4})?)")
_REFS = regex.compile(r"\s*[(\[]\d{1,3}(?:\s*[,–-]\s*\d{1,3})*[)\]]")
_HEADER_ROWS = 6  # rows above the first data row that may name its columns
_HEADER_CHARS = 4000  # a header longer than this is no header


@cache
def _cell_numeric() -> regex.Pattern[str]:
    units = lx.surface_alt([x for u in lx.units() if u.kind in {"time", "percent"} for ss in u.surfaces.values() for x in ss])
    return regex.compile(
        rf"^\s*(?:[<>≤≥]=?\s?)?\d+(?:[.·]\d+)?(?:\s?±\s?\d+(?:[.·]\d+)?)?\s*(?:{units})?\s*"
        r"(?:[(\[][^)\]]{0,40}[)\]])?\s*[*†‡§¶#a-z]{0,2}\s*$"
    )


@cache
def _not_reported() -> regex.Pattern[str]:
    """A cell that holds no value: "NR", "未达到", a dash."""
    words = "|".join(regex.escape(w) for w in sorted(lx.cues().not_reported_cells, key=len, reverse=True))
    return regex.compile(rf"^\s*(?:{words})\s*[*†‡]?\s*$", regex.I)


@cache
def trial_head() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().trial_column_words), regex.I)


@cache
def p_head() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().p_column_words))


def _merged():  # type: ignore[no-untyped-def]
    """measure.merged_rows, which reads cells with this module's helpers (imported when used)."""
    from extractor.measure import merged_rows

    return merged_rows


@dataclass
class Cell:
    start: int  # offsets in Document.text
    end: int
    text: str

    @property
    def numeric(self) -> bool:
        return bool(_cell_numeric().match(self.text)) or bool(_not_reported().match(self.text))


@dataclass
class TableValue:
    """One value a table states, before it becomes a Record."""

    code: str
    value: float
    unit: str | None
    start: int
    end: int
    arm: list[str]
    arm_label: str | None
    comparator: list[str] | None = None
    comparator_label: str | None = None
    partner: int | None = None  # index of the other side of a compared pair
    ci: tuple[float, float] | None = None
    p: tuple[str, float] | None = None
    trial: str | None = None
    row: tuple[int, int] = (0, 0)
    timepoint: float | None = None
    rule: str = "value.table"  # which table frame read it
    line: str | None = None  # a line-of-therapy cell of its row or a row above ("Second-line | PALOMA-3 | …")


def _cells(text: str, start: int, end: int) -> list[Cell]:
    line = text[start:end]
    sep = "|" if line.count("|") >= 2 or ("|" in line and "\t" not in line) else "\t"
    out: list[Cell] = []
    pos = start
    for part in line.split(sep):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        out.append(Cell(pos + lead, pos + lead + len(body), body))
        pos += len(part) + 1
    if out and not out[0].text and line.lstrip().startswith(sep):
        out = out[1:]  # a leading pipe opens the row
    while out and not out[-1].text:
        out.pop()  # trailing pipes and empty spanning cells close it
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line holding two or more "|" or tabs, or one cell closed by "|" (a
    header cell the layout put on a line of its own): a counted scan, linear."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.count("|") >= 2 or line.count("\t") >= 2 or (line.count("|") == 1 and line.rstrip().endswith("|")):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def blocks(text: str) -> list[list[list[Cell]]]:
    """Runs of consecutive table lines (rule lines like "---|---" skipped), as rows of cells. A
    one-cell line continues the header row above it until the rule line or the first data row
    ("Efficacy Variable | nab-Paclitaxel plus Gemcitabine (N = 431) |" / "Gemcitabine Alone (N = 430) |");
    after them it is a section row ("Overall survival | ||||"), kept: it names the rows below."""
    out: list[list[list[Cell]]] = []
    cur: list[list[Cell]] = []
    prev_end = -2
    ruled = False
    for start, end in _lines(text):
        if start != prev_end + 1:  # not the next line: a new block
            if len(cur) >= 2:
                out.append(cur)
            cur, ruled = [], False
        prev_end = end
        if _RULE.match(text[start:end]):
            ruled = True
            continue
        row = _cells(text, start, end)
        if len(row) >= 2:
            cur.append(row)
        elif len(row) == 1 and cur:
            if not ruled and not any(_is_data(r) for r in cur[-_HEADER_ROWS:]):
                cur[-1].append(row[0])
            else:
                cur.append(row)
    if len(cur) >= 2:
        out.append(cur)
    return out


def _is_data(row: list[Cell]) -> bool:
    return sum(1 for c in row[1:] if c.numeric and any(ch.isdigit() for ch in c.text)) >= 2


def data_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the data rows of every table: the sentence reader leaves them to this frame."""
    return [(row[0].start, row[-1].end) for block in blocks(text) for row in block if _is_data(row)]


def endpoint_codes(cell: str) -> list[str]:
    """The endpoints a cell or label names, in order (endpoints read as "ignore" left out)."""
    view = normalize(cell).text
    # "Non-complete response/non-progressive disease", "Non-CR/non-PD": a category that is not the endpoint
    return [t.code for t in scan(view) if t.kind == "TRIG" and t.code and lx.endpoint(t.code).kind != "ignore"
            and not _NEGATED.search(view, max(0, t.start - 4), t.start)]


_NEGATED = regex.compile(r"(?i)\bnon[-\s]$")


class Ents:
    """Entities sorted by start, looked up per cell by bisection (linear over a long table)."""

    def __init__(self, ents: list[Entity]) -> None:
        self.ents = sorted(ents, key=lambda e: e.start)
        self.starts = [e.start for e in self.ents]

    def inside(self, start: int, end: int) -> list[Entity]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [e for e in self.ents[lo:hi] if e.end <= end]


def cell_arm(cell: Cell, ents: Ents) -> tuple[list[str], str | None, str | None]:
    """Drugs, label (the cell as written, references dropped) and trial of a label cell."""
    inside = ents.inside(cell.start, cell.end)
    drugs: list[str] = []
    for e in inside:
        if e.label == "REGIMEN":
            for pos in e.attrs.get("drugs", []):
                drugs.append("/".join(pos))
    for e in inside:
        if e.label == "DRUG" and e.norm and not any(e.norm in d.split("/") for d in drugs):
            if not any(r.start <= e.start and e.end <= r.end for r in inside if r.label == "REGIMEN"):
                drugs.append(e.norm)
    trial = next((e.norm or e.text for e in inside if e.label == "TRIAL"), None)
    label = _REFS.sub("", cell.text).strip() or None
    return list(dict.fromkeys(drugs)), label, trial


def cell_number(cell: Cell) -> tuple[float, int, int, str | None] | None:
    m = _NUMBER.search(cell.text)
    if m is None or _not_reported().match(cell.text):
        return None
    value = float(m.group("n").replace("·", "."))
    return value, cell.start + m.start("n"), cell.start + m.end("n"), (m.group("op") or "").strip() or None


def cell_interval(cell: Cell) -> tuple[float, float] | None:
    m = _INTERVAL.search(cell.text)
    if m is None:
        return None
    a, b = (float(m.group(k).replace("·", ".")) for k in ("a", "b"))
    return (a, b) if a <= b else None


def ci_head(head: str) -> bool:
    """Whether a column header names an interval: "95% CI", "95% CI for HR", "95%置信区间"."""
    return _ci_head().match(head) is not None


def interval_cell(cell: str) -> tuple[float, float] | None:
    """The bounds of a cell that holds an interval only ("7.5–9.7", "0.52 to 0.75")."""
    m = _BARE_INTERVAL.fullmatch(cell.strip())
    if m is None:
        return None
    a, b = (float(m.group(k).replace("·", ".")) for k in ("a", "b"))
    return (a, b) if a <= b else None


@cache
def _ci_head() -> regex.Pattern[str]:
    return regex.compile(r"\s*" + ci_header().pattern)


def unit_for(code: str, header: str) -> str | None:
    """The unit of an endpoint's table cells: "%" for a rate, patients for a count, the time
    unit the header names for a duration (months unless it names weeks or years only)."""
    kind = lx.endpoint(code).kind
    if kind == "rate":
        return "%"
    if kind == "count":
        return "patients"
    if kind == "duration":
        named = {lx.unit_by_surface()[m.group().casefold()].id for m in _time_unit().finditer(normalize(header).text)}
        return "week" if "week" in named else "year" if "year" in named and "month" not in named else "month"
    return None


def names_time_unit(header: str) -> bool:
    """Whether a column's header names a time unit ("(months)", "mo")."""
    return _time_unit().search(normalize(header).text) is not None


@cache
def _time_unit() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss]))


def read_tables(text: str, entities: list[Entity], skip: list[tuple[int, int]] = ()) -> list[TableValue]:  # type: ignore[assignment]
    """Every value the tables of ``text`` (Document.text) state, with arms from label cells;
    blocks inside a ``skip`` span were read by another frame."""
    out: list[TableValue] = []
    ents = Ents(entities)
    skip = sorted(skip)
    skip_starts = [a for a, _ in skip]
    for block in blocks(text):
        at = bisect_right(skip_starts, block[0][0].start) - 1  # spans do not overlap: the last one before decides
        if at >= 0 and block[0][0].start < skip[at][1]:
            continue
        first = next((k for k, row in enumerate(block) if _is_data(row)), None)
        if first is None:
            continue
        header = [r for r in block[max(0, first - _HEADER_ROWS) : first] if len(r) > 1]  # no section rows
        head_text = " ".join(c.text for row in header for c in row)[:_HEADER_CHARS]
        head_codes = endpoint_codes(head_text)
        if p_head().search(head_text):
            head_codes = [*head_codes, "_p"]  # the header has a P-value column
        section = _Section()
        above: tuple[list[Cell], dict[str, int], str | None] | None = None  # the last full row: heads, values, trial
        for row in block:
            if len(row) == 1:
                section.read(row[0].text)
                above = None
            elif above is not None and len(row) < len(above[0]) and not row[0].numeric \
                    and (got := _merged().continuation(row, above[0], ents, head_text)):
                # the other arm of the row above, its shared cells merged away
                for v in got:
                    v.trial = above[2]
                    k = above[1].get(v.code)
                    if k is not None and out[k].partner is None:
                        v.partner, out[k].partner = k, len(out)
                    out.append(v)
                above = None
            elif _is_data(row):
                got = _read_row(row, header, head_text, head_codes, ents, section)
                heads = next((h for h in reversed(header) if len(h) == len(row)), None)
                one_arm = len({(tuple(v.arm), v.arm_label) for v in got}) == 1 and all(v.partner is None for v in got)
                # a row of one arm under its columns: a shorter row after it may be the other arm
                above = (heads, {v.code: len(out) + i for i, v in enumerate(got)},
                         got[0].trial) if heads is not None and got and one_arm else None
                for v in got:  # partners index the row's values: make them index ``out``
                    if v.partner is not None:
                        v.partner += len(out)
                out.extend(got)
    return out


def _read_row(row: list[Cell], header: list[list[Cell]], head_text: str, head_codes: list[str],
              ents: Ents, section: _Section | None = None) -> list[TableValue]:
    labels = []
    for c in row:
        if c.numeric:
            break
        labels.append(c)
    if not labels and section is not None and section.row_kind(row[0].text):
        labels = [row[0]]  # "6 mo | 67 (62–71) | 55 (50–60)": a timepoint row of the section's rate
    values = row[len(labels):]
    if not labels:
        return []
    # a table whose columns are arms: the row's first cell names the endpoint, or the section above
    # it does ("Survival rate — % (95% CI)" over "6 mo | 67 (62–71) | 55 (50–60)")
    row_codes = endpoint_codes(labels[0].text)
    kind = section.row_kind(labels[0].text) if section is not None and not row_codes else None
    if kind is not None:
        return _by_arm_columns(row, labels, values, kind[0], header, ents, timepoint=kind[1], counts=kind[2])
    if row_codes:
        if section is not None and section.count_percent:
            return _by_arm_columns(row, labels, values, row_codes[0], header, ents,
                                   count_code=lx.responder_by_surface().get(normalize(labels[0].text).text.strip().casefold()))
        return _by_arm_columns(row, labels, values, row_codes[0], header, ents)
    aligned = next((h for h in reversed(header) if len(h) == len(row)), None)
    arms = [cell_arm(c, ents) for c in labels]
    trial = next((a[2] for a in arms if a[2]), None)
    if trial is None and aligned is not None:  # a "Trial" / "研究" column names the row's trial
        trial = next((a[1] for a, h in zip(arms, aligned) if a[1] and not a[0] and trial_head().search(normalize(h.text).text)), None)
    # label cells that name drugs are the arms; a cell of words alone only where none does
    arms = [a for a in arms if a[0] or is_control(a[1])] or [a for a in arms if a[1] and not a[2] and a[1] != trial]
    col = _merged().arm_column(aligned) if aligned is not None else None
    if col is not None and not row[col].numeric and not any(a[0] for a in arms):
        arms = [cell_arm(row[col], ents)]  # a "Randomization arms" / "组别" column names the arm
    named = [a for a in (cell_arm(c, ents) for c in values if not c.numeric) if a[0]] if not any(a[0] for a in arms) else []
    if len(named) == 1:  # "Mok [5] | Common | 132 | Gefitinib | 8 |": the one drug cell among the values
        label = next((a[1] for a in arms if a[1]), None)  # (an arm column's words stay its label)
        arms = [(named[0][0], label or named[0][1], named[0][2])]
    if aligned is not None:
        out = _by_columns(values, aligned[len(labels):], head_text, arms)
    else:
        out = _by_groups(values, head_text, head_codes, arms)
    for v in out:
        v.trial = trial
        v.row = (row[0].start, row[-1].end)
    return out


def _side(arms: list[tuple[list[str], str | None, str | None]], k: int) -> tuple[list[str], str | None]:
    if k < len(arms):
        drugs, label, _ = arms[k]
        return drugs, label
    return [], None


def _by_columns(values: list[Cell], heads: list[Cell], head_text: str,
                arms: list[tuple[list[str], str | None, str | None]]) -> list[TableValue]:
    out: list[TableValue] = []
    for cell, head in zip(values, heads):
        if ci_head(head.text):
            # "95% CI for median PFS (months)" after "Median PFS (months)": the interval of the
            # value just read in this row, never a value of its own
            bounds = interval_cell(cell.text)
            if bounds is not None and out and out[-1].ci is None and bounds[0] <= out[-1].value <= bounds[1]:
                out[-1].ci = bounds
            continue
        codes = endpoint_codes(head.text) or (["n_patients"] if _merged().count_column(head.text) else [])
        num = cell_number(cell)
        if not codes or num is None:
            continue
        value, s, e, _ = num
        drugs, label = _side(arms, 0)
        code, tp = codes[0], None
        timed = _merged().rate_at(code, head.text, cell.text)
        if timed is not None:
            code, tp = timed  # "71.7% at 5 yr" under "Overall survival": the rate at 5 years
        unit = "patients" if code == "n_patients" else unit_for(code, head.text + " " + head_text)
        out.append(TableValue(code, value, unit, s, e, drugs, label, ci=cell_interval(cell), timepoint=tp))
    return out


def _by_groups(values: list[Cell], head_text: str, head_codes: list[str],
               arms: list[tuple[list[str], str | None, str | None]]) -> list[TableValue]:
    codes = [c for c in dict.fromkeys(head_codes) if c not in {"HR", "OR", "RR", "_p"}]
    ratio = next((c for c in head_codes if c in {"HR", "OR", "RR"}), "HR")
    has_p = "_p" in head_codes
    if not codes or len(values) % len(codes):
        return []
    size = len(values) // len(codes)
    out: list[TableValue] = []
    for k, code in enumerate(codes):
        group = values[k * size : (k + 1) * size]
        hr_at = next((i for i, c in enumerate(group) if cell_interval(c) is not None and (cell_number(c) or (9,))[0] < 10), None)
        plain = group[: hr_at if hr_at is not None else len(group)]
        if has_p and hr_at is None and len(plain) > 2:
            plain = plain[:2]
        p_cell = group[hr_at + 1] if hr_at is not None and has_p and hr_at + 1 < len(group) else None
        p = None
        if p_cell is not None and (pn := cell_number(p_cell)) is not None:
            p = (pn[3] or "=", pn[0])
        made: list[int] = []
        for side, cell in enumerate(plain[:2]):
            num = cell_number(cell)
            if num is None:
                continue
            drugs, label = _side(arms, side)
            made.append(len(out))
            out.append(TableValue(code, num[0], unit_for(code, head_text), num[1], num[2], drugs, label,
                                  ci=cell_interval(cell), p=p))
        if len(made) == 2:
            a, b = made
            out[a].partner, out[b].partner = b, a
        if hr_at is not None and (num := cell_number(group[hr_at])) is not None:
            drugs, label = _side(arms, 0)
            cmp_drugs, cmp_label = _side(arms, 1)
            out.append(TableValue(ratio, num[0], None, num[1], num[2], drugs, label, cmp_drugs, cmp_label,
                                  ci=cell_interval(group[hr_at]), p=p))
    return out


def _by_arm_columns(row: list[Cell], labels: list[Cell], values: list[Cell], code: str,
                    header: list[list[Cell]], ents: Ents, *, timepoint: float | None = None,
                    counts: bool = False, count_code: str | None = None) -> list[TableValue]:
    """Values of a row whose columns are arms. A column headed by a ratio ("Hazard Ratio … (95% CI)")
    holds the row's ratio of the first arm against the second, a "P" column its P value; a row of
    counts ("No. of patients with a response") gives only its ratio; with ``count_code`` a cell
    "98 (23)" is a count and its share."""
    # a row that lost its empty cells at the end ("6 mo | 67 (62–71) | 55 (50–60) | <0.001 | |")
    # still lines up with a longer header from the left
    heads = next((h for h in reversed(header) if len(h) == len(row)), None) \
        or next((h for h in reversed(header) if len(h) > len(row)), None)
    if heads is None:
        # "Osimertinib n=71 | Comparator n=65 |" over "Median OS, mo | 33.1 | 25.7 |": a header
        # with no stub cell heads the value columns only
        heads = next((labels + h for h in reversed(header) if len(h) == len(values)
                      and not any(c.numeric for c in h)), None)
    if heads is None:
        return []
    out: list[TableValue] = []
    ratio: tuple[Cell, str] | None = None
    p = None
    rate = lx.endpoint(code).kind == "rate"
    for cell, head in zip(values, heads[len(labels):]):
        num = cell_number(cell)
        if num is None:
            continue
        if p_head().fullmatch(head.text.strip().rstrip("*†‡")) or (num[3] in {"<", "≤"} and num[0] < 0.1):
            p = (num[3] or "=", num[0])  # "<0.001" is a P value in whatever column it stands
            continue
        head_ratios = [c for c in endpoint_codes(head.text) if c in _RATIOS]
        if head_ratios and cell_interval(cell) is None and num[0] < 0.1:
            p = (num[3] or "=", num[0])  # "18 mo | 16 (12–20) | 9 (6–12) | 0.008": a P value the row shifted left
            continue
        if head_ratios:
            # two rates compare as a rate ratio (or the odds ratio the head names), never a hazard ratio
            ratio = (cell, ("OR" if "OR" in head_ratios and "RR" not in head_ratios else "RR") if rate else head_ratios[0])
            continue
        drugs, label, trial = cell_arm(head, ents)
        if not drugs and not label or counts:
            continue
        unit = unit_for(code, labels[0].text)
        if count_code is not None:
            out.append(TableValue(count_code, num[0], "patients", num[1], num[2], drugs, label, trial=trial,
                                  row=(row[0].start, row[-1].end)))
            share = _NUMBER.search(cell.text, num[2] - cell.start)
            if share is None:
                continue
            num = (float(share.group("n")), cell.start + share.start("n"), cell.start + share.end("n"), share.group("op"))
        out.append(TableValue(code, num[0], unit, num[1], num[2], drugs, label, ci=cell_interval(cell) if count_code is None else None,
                              trial=trial, row=(row[0].start, row[-1].end), timepoint=timepoint))
    sides = [v for v in out if v.code == code]
    if len(sides) == 2 and (sides[0].arm, sides[0].arm_label) != (sides[1].arm, sides[1].arm_label):
        a, b = out.index(sides[0]), out.index(sides[1])
        out[a].partner, out[b].partner = b, a  # two arm columns: the row compares them
    if ratio is not None and (num := cell_number(ratio[0])) is not None:
        read = [(h, cell_arm(h, ents)) for h in heads[len(labels):]]
        arm_sides = [a for h, a in read if a[0] or (a[1] and not endpoint_codes(h.text) and not p_head().fullmatch(h.text.strip()))]
        (a_drugs, a_label, _), (c_drugs, c_label, _) = (arm_sides + [cell_arm(heads[0], ents)] * 2)[:2]
        out.append(TableValue(ratio[1], num[0], None, num[1], num[2], a_drugs, a_label, c_drugs, c_label,
                              ci=cell_interval(ratio[0]), row=(row[0].start, row[-1].end)))
    for v in out:
        v.p = p
    return out


_RATIOS = frozenset({"HR", "OR", "RR"})


class _Section:
    """What the section rows above a table row name: "Overall survival", "Survival rate — % (95%
    CI)", "Rate of objective response", "Best response … — no. (%)"."""

    def __init__(self) -> None:
        self.code: str | None = None
        self.surface: str | None = None
        self.count_percent = False

    def read(self, cell: str) -> None:
        view = normalize(cell).text
        trig = next((t for t in scan(view) if t.kind == "TRIG" and t.code and lx.endpoint(t.code).kind != "ignore"), None)
        if trig is not None:
            self.code, self.surface = trig.code, trig.text
        self.count_percent = any(h in view.casefold() for h in lx.cues().table_count_percent_heads)

    def row_kind(self, cell: str) -> tuple[str, float | None, bool] | None:
        """(endpoint, timepoint, counts) of a row whose label names no endpoint of its own: a
        timepoint ("6 mo") of the section's rate, a generic label ("% (95% CI)") of its endpoint,
        a count label ("No. of patients") whose row holds only the ratio; None otherwise."""
        if self.code is None:
            return None
        view = normalize(cell).text
        toks = [t for t in scan(view) if t.kind in {"VALUE", "TPNUM"}]
        words = {w for w in regex.findall(r"[^\W\d_]+|%", view.casefold())}
        if len(toks) == 1 and toks[0].unit_kind == "time" and not words - _generic_words():
            rate = self.code if self.code in lx.timed_rates() else _timed_rate(self.surface)
            return (rate, to_months(toks[0].value or 0, toks[0].unit), False) if rate else None
        if toks:
            return None
        if words and words <= _generic_words():
            return self.code, None, False
        if words & _count_words() and words:
            return self.code, None, True
        return None


def _timed_rate(surface: str | None) -> str | None:
    """The rate at a timepoint of a survival endpoint ("progression-free survival" -> PFS_rate)."""
    try:
        return lx.timepoint_code(surface) if surface else None
    except KeyError:
        return None


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in lx.cues().table_generic_row_words)


@cache
def _count_words() -> frozenset[str]:
    return frozenset(w.casefold().rstrip(".") for w in lx.cues().table_count_row_words)
