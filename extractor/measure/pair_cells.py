"""Tables of trials whose cells hold compared pairs, rows wrapped over several lines.

Reviews tabulate trials with one column for the compared treatments and one per endpoint, each
cell holding both arms' values, often a hazard ratio, and the cell's line breaks survive the
flattening, so one row spans several lines:

    | 治疗模式 | 研究 | 样本量 | 治疗组 | mOS(mon) | 生存率 | mPFS(mon) | ORR |
    | 单药 | KEYNOTE- 010[45, 46] | 1, 033 | 帕博利珠单抗vs Doc | *16.9 vs 8.2 (HR=0.55) |
    25.0% vs 8.2% (5年) | *5.3 vs 4.2 (HR=0.57) |
    33.1% vs 9.2% |
    | 442 | *11.8 vs 8.4 (HR=0.70) | …

- the *header* is a pipe row naming two or more endpoints, none of its cells a value;
- when the header opens with a pipe, so does every *row*, and a line without one continues the
  row; without leading pipes, a row's lines run until its cells fill the header's columns;
- a *pair cell* is "a vs b", perhaps "(HR=c)" or a timepoint "(5年)" after it; the row's pair
  cells take the header's columns from the right (a row that spans fewer columns, its first cells
  merged with the row above, still ends with the endpoint columns);
- the *treatment cell* "A vs B" gives the two arms, the row's trial entity its trial; a row that
  names neither continues the row above (a merged cell);
- a column of patient numbers ("样本量", "No. of patients") gives the row's count, or its total and
  each arm's ("N = 85 42 vs. 43"); a ratio column its hazard ratio with interval and P; a
  "Primary endpoint" column names the endpoint of the outcome column after it.

Every value is grounded on its number; each line is read once, so work is linear in the text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.numbers import to_months
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, endpoint_codes, trial_head, unit_for
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_NUM = r"\d{1,4}(?:[.·]\d{1,3})?"
_MAX_HEADER = 600  # characters: a longer line is prose
_MAX_ROW_LINES = 12  # lines one wrapped row may span


@dataclass
class _Row:
    start: int
    end: int
    cells: list[Cell]


@cache
def _pair() -> regex.Pattern[str]:
    """"*16.9 vs 8.2 (HR=0.55)", "25.0% vs 8.2% (5年)", "OCT: 14.3 m vs. placebo: 6.0 m"."""
    vs = lx.surface_alt([w for w in lx.cues().value_comparison if w.isascii()] + ["比"])
    tp_units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])
    label = r"(?:[^\d:：|()]{1,30}[:：]\s?)?"  # a side's label: "OCT: ", "placebo: "
    unit = rf"\s?(?:%|{tp_units})?"
    # "20.2 vs 10.2 mo 0.488 (0.319–0.748)", "16.4 vs 9.3 0.553 mo (0.449–0.681)": under a header
    # naming the ratio too, the cell's bare ratio and its interval (the unit may stray after it)
    bare = rf"(?:(?P<bv>{_NUM}){unit}\s?(?:[(（]\s?(?P<lo>{_NUM})\s?[-–~,]\s?(?P<hi>{_NUM})\s?[)）])?)?"
    return regex.compile(
        rf"^[*†‡#]{{0,2}}\s?{label}(?P<a>{_NUM}|NR|NE){unit}\s?(?:{vs})\s?{label}(?P<b>{_NUM}){unit}\s?"
        rf"(?:[(（]\s?(?:(?P<r>HR|OR|RR)\s?[=:：,]?\s?(?P<rv>{_NUM})|(?P<tp>\d{{1,2}})\s?(?P<tpu>{tp_units}))\s?[)）])?"
        rf"\s?{bare}\s?[*†‡#a-z]{{0,2}}$"
    )


@cache
def _ratio() -> regex.Pattern[str]:
    """A ratio column's cell: "0.34 (0.20–0.59) P < 0.001", "0.66 (0.54-0.80)"."""
    return regex.compile(
        rf"^(?P<v>{_NUM})\s?(?:[(（]\s?(?P<lo>{_NUM})\s?[-–~,]\s?(?P<hi>{_NUM})\s?[)）])?"
        r"(?:\s?[;,]?\s?[Pp]\s?(?P<op>[<=>≤≥])\s?(?P<p>\d?\.\d{1,8}|[01]))?\s?[*†‡#a-z]{0,2}$"
    )


@cache
def _treatments() -> regex.Pattern[str]:
    """The comparison word splitting a treatment cell ("帕博利珠单抗vs Doc", "A versus B")."""
    return regex.compile(r"\s?(?:vs\.?|versus|VS\.?|比较|对比)\s?")


@cache
def _count_head() -> regex.Pattern[str]:
    heads = sorted(lx.cues().loose_table_count_heads, key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(h) for h in heads) + r")$", regex.I)


_COUNT = regex.compile(r"^(?P<n>\d{1,3}(?:,\s?\d{3})?|\d{1,6})$")
_REFS = regex.compile(r"\s*[(\[]\d{1,3}(?:\s*[,–-]\s*\d{1,3})*[)\]]")


def read_pair_cells(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the pair-cell tables of ``text`` (Document.text) state, and each table's span."""
    if "|" not in text:
        return [], []
    lines = line_spans(text)
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        a, b = lines[k]
        header, last = _header(text, a, b), k
        if header is None:
            header, last = _continued_header(text, lines, k)
        if header is None:
            k += 1
            continue
        if text[a:b].lstrip().startswith("|"):
            rows, k = _rows(text, lines, last + 1)
        else:
            rows, k = _counted_rows(text, lines, last + 1, len(header))
        got = _read(text, header, rows, ents)
        # a table of pairs, not one another frame reads, nor one whose numbered cells are mostly
        # sentences ("PFS(median): 4.6 months vs. 4.4 months (p = 0.11)"): the sentence reader's
        if any(v.partner is not None for v in got) and _mostly_read(got, rows):
            for v in got:
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
            spans.append((a, rows[-1].end))
    return out, spans


def _mostly_read(got: list[TableValue], rows: list[_Row]) -> bool:
    """Whether the cells read outnumber the unread cells that name their own endpoint beside a
    number (sentences in cells). Linear: each value is placed by one bisection."""
    cells = [c for r in rows for c in r.cells]
    starts = [c.start for c in cells]
    read = set()
    for v in got:
        i = bisect_right(starts, v.start) - 1
        if i >= 0 and v.start < cells[i].end:
            read.add(i)
    prose = sum(1 for i, c in enumerate(cells)
                if i not in read and any(ch.isdigit() for ch in c.text) and endpoint_codes(c.text))
    return prose <= len(read)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text``, its newline left out (the table frames' one split)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _cells(text: str, start: int, end: int) -> list[Cell]:
    out: list[Cell] = []
    pos = start
    for part in text[start:end].split("|"):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        out.append(Cell(pos + lead, pos + lead + len(body), body))
        pos += len(part) + 1
    if out and not out[0].text:
        out = out[1:]  # the leading pipe
    while out and not out[-1].text:
        out.pop()  # trailing pipes and empty merged cells
    return out


def _header(text: str, start: int, end: int) -> list[tuple[str, list[str]]] | None:
    """(cell text, endpoint codes) of a header row naming two or more endpoints; else None."""
    if end - start > _MAX_HEADER or text.count("|", start, end) < 4:
        return None
    return _named(_cells(text, start, end))


_HEADER_LINES = 3  # lines one wrapped header may span


def _continued_header(text: str, lines: list[tuple[int, int]], k: int) -> tuple[list[tuple[str, list[str]]] | None, int]:
    """A header whose cells the layout wrapped onto the next lines, each closed by a pipe
    ("Study | Phase | Arms | Description | Median PFS HR (95% CI) |" / "ORR | Median OS HR (95% CI) |"):
    (its columns, its last line), or (None, k)."""
    a, b = lines[k]
    if b - a > _MAX_HEADER or text.count("|", a, b) < 4 or not text[a:b].rstrip().endswith("|"):
        return None, k
    cells = _cells(text, a, b)
    if any(_holds_number(c.text) for c in cells):
        return None, k
    for j in range(k + 1, min(len(lines), k + _HEADER_LINES)):
        c, d = lines[j]
        line = text[c:d].strip()
        if not line.endswith("|") or _RULE_LINE.match(line) or d - c > _MAX_HEADER:
            break
        more = _cells(text, c, d)
        if any(_holds_number(x.text) for x in more):
            break  # a data row, not the header's wrapped cells
        cells += more
        header = _named(cells)
        if header is not None:
            return header, j
    return None, k


_CI_WORDS = regex.compile(r"\(?\s?95\s?%\s?CI\s?\)?", regex.I)


def _holds_number(cell: str) -> bool:
    """A cell with a digit other than a "(95% CI)" heading's."""
    return any(ch.isdigit() for ch in _CI_WORDS.sub("", cell))


_RULE_LINE = regex.compile(r"^[\s|:-]*-{3,}[\s|:-]*$")


def _named(cells: list[Cell]) -> list[tuple[str, list[str]]] | None:
    if any(_pair().match(normalize(c.text).text) for c in cells):
        return None
    out = [(c.text, _codes(c.text)) for c in cells]
    named = sum(1 for _, codes in out if codes) + any(_count_head().match(_REFS.sub("", h).strip()) for h, _ in out)
    return out if named >= 2 else None


def _codes(head: str) -> list[str]:
    """A column's endpoints; "1-year OS" names the rate at a timepoint (the cells say which)."""
    codes = endpoint_codes(head)
    if codes:
        return codes
    return [t.code for t in scan(normalize(head).text) if t.kind == "TPTRIG" and t.code]


def _rows(text: str, lines: list[tuple[int, int]], k: int) -> tuple[list[_Row], int]:
    """The rows after a header, up to the first line with no cell separator; returns the next line."""
    rows: list[_Row] = []
    spans: list[tuple[int, int]] = []
    while k < len(lines):
        a, b = lines[k]
        if "|" not in text[a:b]:
            break
        opens = text[a:b].lstrip().startswith("|")
        if spans and not opens and k - spans[-1][2] < _MAX_ROW_LINES:
            spans[-1] = (spans[-1][0], b, spans[-1][2])  # the row above, wrapped
        else:
            spans.append((a, b, k))
        k += 1
    for a, b, _ in spans:
        cells = _cells(text, a, b)
        if cells:
            rows.append(_Row(a, b, cells))
    return rows, k


def _counted_rows(text: str, lines: list[tuple[int, int]], k: int, width: int) -> tuple[list[_Row], int]:
    """Rows of a table whose rows do not open with a pipe: a row's lines run until its cells
    fill the header's columns ("PROMID Rinke A et al. (5,15) |" / "Phase III | … | … |" / …); a
    line that would overfill it starts the next row, a section line ("Somatostatin analogs |
    ||||||||") ends it."""
    rows: list[_Row] = []
    cur: list[Cell] = []
    start = end = 0
    while k < len(lines):
        a, b = lines[k]
        if "|" not in text[a:b]:
            break
        cells = _cells(text, a, b)
        k += 1
        if len(cells) <= 1 and text.count("|", a, b) >= width - 1:
            if cur:
                rows.append(_Row(start, end, cur))
            cur = []
            continue  # a section line across the table
        if cur and len(cur) + len(cells) > width:
            rows.append(_Row(start, end, cur))
            cur = []
        if not cur:
            start = a
        cur, end = cur + cells, b
        if len(cur) == width:
            rows.append(_Row(start, end, cur))
            cur = []
    if cur:
        rows.append(_Row(start, end, cur))
    return rows, k


Row = _Row  # other frames that cut their own rows into cells hand them to ``read_rows``


def read_rows(text: str, header: list[tuple[str, list[str]]], rows: list[_Row], ents: Ents) -> list[TableValue]:
    """The values of ``rows`` cut into cells under ``header``'s (head, endpoint codes) columns."""
    return _read(text, header, rows, ents)


def _read(text: str, header: list[tuple[str, list[str]]], rows: list[_Row], ents: Ents) -> list[TableValue]:
    out: list[TableValue] = []
    arms: tuple[tuple[list[str], str | None], tuple[list[str], str | None]] | None = None
    trial: str | None = None
    named_by = {i + 1: i for i, (head, codes) in enumerate(header[:-1])
                if not codes and not header[i + 1][1] and _endpoint_head().search(head)}
    study_col = next((i for i, (head, _) in enumerate(header) if trial_head().match(head.strip())), None)
    line: str | None = None
    for row in rows:
        own = _treatment(row, ents)
        arms = own or arms
        line = line_cell(row.cells[0].text) or line  # "First-line | PALOMA-1 | …": the rows below share it
        named = next((e.norm or e.text for c in row.cells for e in ents.inside(c.start, c.end) if e.label == "TRIAL"), None)
        if named is None and study_col is not None and len(row.cells) == len(header):
            # "ALPHA-1 Smith J et al. (12)" under "Study": the acronym opening the study cell
            named = study_name(row.cells[study_col].text)
        trial = named or trial
        shift = len(header) - len(row.cells)  # the row's cells end under the header's last columns
        for j, cell in enumerate(row.cells):
            col = j + shift
            if col < 0 or col >= len(header):
                continue
            head, codes = header[col]
            if not codes and col in named_by and 0 <= named_by[col] - shift < len(row.cells):
                # "Primary endpoint | Outcome": the row's endpoint cell names the outcome's endpoint
                codes = endpoint_codes(row.cells[named_by[col] - shift].text)
            if codes:
                got = _pair_values(cell, codes[0], head, arms, trial, row, ents)
            elif _count_head().match(_REFS.sub("", head).strip()):
                got = _counts(cell, arms, trial, row)
            else:
                continue
            for v in got:  # partners index the cell's values: make them index ``out``
                v.line = line
                if v.partner is not None:
                    v.partner += len(out)
            out.extend(got)
    return out


@cache
def _line_cells() -> dict[str, str]:
    return {normalize(w).text.casefold(): name for name, ws in lx.cues().lines.items() for w in ws}


def line_cell(cell: str) -> str | None:
    """The line of therapy a whole cell names ("First-line", "Second-line"), or None."""
    return _line_cells().get(normalize(cell).text.strip().casefold())


@cache
def _endpoint_head() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().endpoint_column_words), regex.I)


def _counts(cell: Cell, arms, trial: str | None, row: _Row) -> list[TableValue]:  # type: ignore[no-untyped-def]
    """"1, 033", "207 vs. 203", "N = 85 42 vs. 43": the row's total and each arm's patients."""
    where = (row.start, row.end)
    one = _COUNT.match(cell.text)
    if one is not None:
        value = float(regex.sub(r"[,\s]", "", one.group("n")))
        return [TableValue("n_patients", value, "patients", cell.start, cell.end, [], None, trial=trial, row=where,
                           rule="value.pair_cells")]
    m = _COUNT_PAIR.match(cell.text)
    if m is None or arms is None:
        return []
    (ld, ll), (rd, rl) = arms
    out = []
    if m.group("t"):
        out.append(TableValue("n_patients", float(m.group("t")), "patients", cell.start + m.start("t"),
                              cell.start + m.end("t"), [], None, trial=trial, row=where, rule="value.pair_cells"))
    a = TableValue("n_patients", float(m.group("a")), "patients", cell.start + m.start("a"), cell.start + m.end("a"),
                   ld, ll, trial=trial, row=where, rule="value.pair_cells")
    b = TableValue("n_patients", float(m.group("b")), "patients", cell.start + m.start("b"), cell.start + m.end("b"),
                   rd, rl, trial=trial, row=where, rule="value.pair_cells")
    a.partner, b.partner = len(out) + 1, len(out)
    return [*out, a, b]


_STUDY_NAME = regex.compile(r"(?=[A-Z0-9-]*[A-Z]{3})(?=\S*(?:\d|[A-Z]{4}))[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]{1,6})?(?![\w-])")
def study_name(cell: str) -> str | None:
    """The acronym opening a study cell ("ALPHA-1 Smith J et al. (12)", "RADIANT3 Yao"), or None."""
    m = _STUDY_NAME.match(cell)
    return m.group() if m else None


_COUNT_PAIR = regex.compile(r"^(?:[Nn]\s?=\s?(?P<t>\d{1,6})\s{1,3})?(?P<a>\d{1,6})\s?(?:vs\.?|versus|比)\s?(?P<b>\d{1,6})$")


def _treatment(row: _Row, ents: Ents) -> tuple[tuple[list[str], str | None], tuple[list[str], str | None]] | None:
    """The two arms of the row's treatment cell ("帕博利珠单抗vs Doc"), or None."""
    for cell in row.cells:
        if _pair().match(normalize(cell.text).text):
            continue
        m = _treatments().search(cell.text)
        if m is None or m.start() == 0 or m.end() == len(cell.text):
            continue
        left = Cell(cell.start, cell.start + m.start(), cell.text[: m.start()])
        right = Cell(cell.start + m.end(), cell.end, cell.text[m.end() :])
        (ld, ll, _), (rd, rl, _) = cell_arm(left, ents), cell_arm(right, ents)
        if ld or rd:
            return (ld, ll), (rd, rl)
    return None


def _pair_values(cell: Cell, code: str, head: str, arms, trial: str | None, row: _Row,  # type: ignore[no-untyped-def]
                 ents: Ents) -> list[TableValue]:
    if code in {"HR", "OR", "RR"}:
        return _ratio_value(cell, code, arms, trial, row) if arms is not None else []
    view = normalize(cell.text).text
    m = _pair().match(view) or _labelled().match(view)
    if m is None or lx.endpoint(code).kind not in {"rate", "duration"}:
        return []
    ratio = next((c for c in endpoint_codes(head) if lx.endpoint(c).kind == "ratio"), None)
    if m.re is _pair() and m.group("bv") and ratio is None:
        return []  # a number after the pair that no column names
    # the view keeps offsets here: normalize maps characters one to one in these cells
    if len(view) != len(cell.text):
        return []
    if m.re is _labelled():  # "Trastuzumab: 65% No trastuzumab: 26%": the sides are the labels
        arms = (_side_arm(cell, m, "la", ents), _side_arm(cell, m, "lb", ents))
    if arms is None:
        return []
    (ld, ll), (rd, rl) = arms
    unit = unit_for(code, head)
    paired = m.re is _pair()
    tp = to_months(float(m.group("tp")), lx.unit_by_surface()[m.group("tpu").casefold()].id) \
        if paired and m.group("tp") else None
    where = (row.start, row.end)
    b = TableValue(code, float(m.group("b").replace("·", ".")), unit, cell.start + m.start("b"), cell.start + m.end("b"),
                   rd, rl, trial=trial, row=where, timepoint=tp, rule="value.pair_cells")
    if not m.group("a")[0].isdigit():  # "NR vs 14.7 mo": the other arm's median not reached, no value
        out = [b]
    else:
        a = TableValue(code, float(m.group("a").replace("·", ".")), unit, cell.start + m.start("a"), cell.start + m.end("a"),
                       ld, ll, trial=trial, row=where, timepoint=tp, rule="value.pair_cells")
        a.partner, b.partner = 1, 0  # the cell's own values; the caller shifts them
        out = [a, b]
    if paired and m.group("rv"):
        out.append(TableValue(m.group("r"), float(m.group("rv").replace("·", ".")), None,
                              cell.start + m.start("rv"), cell.start + m.end("rv"), ld, ll,
                              comparator=rd, comparator_label=rl, trial=trial, row=where, rule="value.pair_cells"))
    if paired and m.group("bv") and ratio is not None:
        ci = (float(m.group("lo").replace("·", ".")), float(m.group("hi").replace("·", "."))) if m.group("lo") else None
        out.append(TableValue(ratio, float(m.group("bv").replace("·", ".")), None,
                              cell.start + m.start("bv"), cell.start + m.end("bv"), ld, ll, comparator=rd,
                              comparator_label=rl, ci=ci, trial=trial, row=where, rule="value.pair_cells"))
    return out


@cache
def _labelled() -> regex.Pattern[str]:
    """Two labelled values with no comparison word: "*Trastuzumab: 65% *No trastuzumab: 26%"."""
    tp_units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])

    def side(k: str) -> str:
        return (rf"[*†‡#]{{0,2}}\s?(?P<l{k}>[A-Za-z\u4e00-\u9fff][^\d:：|()]{{0,29}})[:：]\s?"
                rf"(?P<{k}>{_NUM})\s?(?:%|{tp_units})?")

    return regex.compile(rf"^{side('a')}\s{{1,3}}{side('b')}\s?$")


_NEGATED = regex.compile(r"^(?:no|without|w/o|non|未|无|不)\b", regex.I)


def _side_arm(cell: Cell, m: regex.Match[str], group: str, ents: Ents) -> tuple[list[str], str | None]:
    """A labelled side's arm: its drugs, none when the label denies them ("No trastuzumab")."""
    label = m.group(group).strip()
    if _NEGATED.match(label):
        return [], label
    drugs, _, _ = cell_arm(Cell(cell.start + m.start(group), cell.start + m.end(group), label), ents)
    return drugs, label


def _ratio_value(cell: Cell, code: str, arms, trial: str | None, row: _Row) -> list[TableValue]:  # type: ignore[no-untyped-def]
    view = normalize(cell.text).text
    m = _ratio().match(view)
    if m is None or len(view) != len(cell.text):
        return []
    (ld, ll), (rd, rl) = arms
    ci = (float(m.group("lo")), float(m.group("hi"))) if m.group("lo") else None
    p = (m.group("op").replace("≤", "<=").replace("≥", ">="), float(m.group("p"))) if m.group("p") else None
    return [TableValue(code, float(m.group("v")), None, cell.start + m.start("v"), cell.start + m.end("v"), ld, ll,
                       comparator=rd, comparator_label=rl, ci=ci, p=p, trial=trial, row=(row.start, row.end),
                       rule="value.pair_cells")]
