"""Tables of trials flattened with spaces for borders whose outcome cells name their endpoint:

    Trials No. of patients Treatment arms HR for death (P value) Primary endpoint comparison (in months)
    Advanced gastric cancer – first line
    Bang et al. 26 (ToGA)a 584 CX/CF + Trastuzumab versus CX/CF 0.74 (0.0046) OS: 13.8 versus 11.1
    Li et al. 34 (Apatinib) 271 Apatinib + BSC versus BSC 0.71 (0.0149) OS: 6.5 versus 4.7PFS: 2.6 versus 1.8

- a *row* is a line with no pipe or tab holding one or more *labelled pairs* ("OS: 13.8 versus
  11.1", glued to the cell before it or not) after a treatment cell "A versus B";
- the *header* is the line without digits above the first row that names an endpoint or the
  patients' column (lines naming neither, "Advanced gastric cancer – Second line", are section
  titles); it gives the pairs' unit when the
  cells print none ("(in months)"), and says whether the number right before the treatments is
  the patients' count and the number right after them a hazard ratio, its bracket a P value;
- the citation before the count names the row's trial, when it names one.

Each line is read once; the work is linear in the text.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.pair_cells import line_spans
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, endpoint_codes, unit_for
from extractor.models import Entity

_NUM = r"\d{1,4}(?:[.·]\d{1,3})?"
_MAX_LINE = 400
_MAX_GAP = 4  # lines between the header and the first row, or between two rows
_VERSUS = regex.compile(r"\s(?:vs\.?|versus)\s", regex.I)
_RATIO_AFTER = regex.compile(rf"\s{{0,2}}(?P<v>{_NUM})(?:\s?\(\s?(?P<op>[<>=≤≥])?\s?(?P<p>0?\.\d{{1,8}})\s?\))?")
_STANDALONE = regex.compile(rf"(?<![\w.,])(?P<n>{_NUM})(?![\w.,])")


@cache
def _pair() -> regex.Pattern[str]:
    """"OS: 13.8 versus 11.1", "PFS: 2.6 vs 1.8 months", "ORR: 27% vs 12%"."""
    units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])
    unit = rf"(?:\s?(?:%|{units})(?![A-Za-z]))?"
    return regex.compile(
        rf"(?<![A-Za-z])(?P<ep>[A-Za-z][A-Za-z0-9-]{{1,8}}(?:\s[a-z]{{2,6}})?)\s?:\s?"
        rf"(?P<a>{_NUM}){unit}\s?(?:vs\.?|versus)\s?(?P<b>{_NUM}){unit}"
    )


@cache
def _head_words() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    count = regex.compile(rf"(?<![A-Za-z])(?:{lx.surface_alt(c.pair_row_count_heads)})(?![A-Za-z])", regex.I)
    p = regex.compile(r"(?<![A-Za-z])[Pp](?:[- ]values?)?(?![A-Za-z])")
    return count, p


def read_labelled_pairs(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the labelled-pair tables of ``text`` (Document.text) state, and each table's span."""
    if ":" not in text or (" vs" not in text and " versus" not in text):
        return [], []
    lines = line_spans(text)
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    header: str | None = None
    last_row = -_MAX_GAP - 1
    table_start: int | None = None
    plain: list[int] = []  # the latest lines without digits: header candidates, read only above a row
    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        if b - a > _MAX_LINE or "|" in line or "\t" in line:
            continue
        if not any(ch.isdigit() for ch in line):
            plain = [*plain[-_MAX_GAP:], k]
            continue
        if _pair().search(line) is None:
            continue
        if k - last_row > _MAX_GAP:  # a new table: its header is the nearest line above naming a column
            header = next((text[slice(*lines[j])] for j in reversed(plain) if k - j <= 2 * _MAX_GAP
                           and _is_header(text[slice(*lines[j])])), None)
        got = _row(text, a, b, header, ents, len(out)) if header is not None else []
        if not got:
            continue
        if k - last_row > _MAX_GAP:
            if table_start is not None:
                spans.append((table_start, lines[last_row][1]))
            table_start = a
        last_row = k
        out.extend(got)
    if table_start is not None:
        spans.append((table_start, lines[last_row][1]))
    return out, spans


def _row(text: str, a: int, b: int, header: str, ents: Ents, base: int) -> list[TableValue]:
    line = text[a:b]
    pairs = [m for m in _pair().finditer(line) if _code(m.group("ep"))]
    if not pairs:
        return []
    prefix = line[: pairs[0].start()]
    versus = None
    for versus in _VERSUS.finditer(prefix):
        pass
    if versus is None:
        return []
    # the right arm runs from the comparison word to the first number after it
    num_after = regex.search(rf"\s(?={_NUM}(?:\s|\(|$))", prefix[versus.end() :])
    right_end = versus.end() + (num_after.start() if num_after else len(prefix[versus.end() :].rstrip()))
    count_head, p_head = _head_words()
    # the left arm runs from the last number before the comparison word (the patients' count, a
    # citation's number) to it
    count = None
    for count in _STANDALONE.finditer(prefix, 0, versus.start()):
        pass
    left_start = count.end() if count is not None else 0
    if count is not None and not (count_head.search(header) and count.group("n").isdigit() and len(count.group("n")) >= 2):
        count = None
    left_cell = Cell(a + left_start, a + versus.start(), prefix[left_start : versus.start()].strip())
    right_cell = Cell(a + versus.end(), a + right_end, prefix[versus.end() : right_end].strip())
    if not left_cell.text or not right_cell.text:
        return []
    ld, ll, lt = cell_arm(left_cell, ents)
    rd, rl, rt = cell_arm(right_cell, ents)
    _, _, trial = cell_arm(Cell(a, a + left_start, prefix[:left_start]), ents)
    trial = trial or lt or rt
    row = (a, b)
    out: list[TableValue] = []
    if count is not None and count_head.search(header):
        out.append(TableValue("n_patients", float(count.group("n")), "patients", a + count.start("n"),
                              a + count.end("n"), [], None, trial=trial, row=row, rule="value.labelled_pairs"))
    ratio = _RATIO_AFTER.match(prefix, right_end)
    ratio_code = next((c for c in endpoint_codes(header) if lx.endpoint(c).kind == "ratio"), None)
    if ratio is not None and ratio_code is not None and "." in ratio.group("v"):
        p = (ratio.group("op") or "=", float(ratio.group("p"))) if ratio.group("p") and p_head.search(header) else None
        out.append(TableValue(ratio_code, float(ratio.group("v").replace("·", ".")), None, a + ratio.start("v"),
                              a + ratio.end("v"), ld, ll, comparator=rd, comparator_label=rl, p=p, trial=trial,
                              row=row, rule="value.labelled_pairs"))
    for m in pairs:
        code = _code(m.group("ep"))
        assert code is not None
        unit = unit_for(code, m.group() + " " + header)
        if unit is None:
            continue
        first = base + len(out)
        for side, (drugs, label) in (("a", (ld, ll)), ("b", (rd, rl))):
            out.append(TableValue(code, float(m.group(side).replace("·", ".")), unit, a + m.start(side), a + m.end(side),
                                  drugs, label, trial=trial, row=row, rule="value.labelled_pairs"))
        out[first - base].partner, out[first - base + 1].partner = first + 1, first
    return out


def _is_header(line: str) -> bool:
    return bool(endpoint_codes(line)) or _head_words()[0].search(line) is not None


def _code(label: str) -> str | None:
    codes = [c for c in endpoint_codes(label) if lx.endpoint(c).kind in {"duration", "rate"}]
    return codes[0] if len(codes) == 1 else None
