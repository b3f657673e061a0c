"""Rows of a results table whose first cells were merged with the row above.

A table of trials prints a trial's two arms as two rows; the cells both arms share (the trial,
its country, year, protocol, a P value) are merged, so the flattening leaves the second row
shorter than the header and its cells no longer under their columns:

    Studies | Country | Years | Randomization arms | Patients (n) | Overall survival | P value | Disease free survival |
    ACTS-GC trial[25,26] | Japan | 2007 | Chemotherapy and surgery | 529 | 71.7% at 5 yr1 | - | 65.4% at 5 yr1 |
    Surgery alone | 530 | 61.1% at 5 yr | 53.1% at 5 yr | |||||||

The short row's label is its arm, and each number takes the next value column its kind fits (a
whole number the patients' column, a percentage a rate, a plain number a duration or a ratio;
P-value columns take none), so skipped merged columns do not shift it. Its trial is the row
above's and each value is the other side of that row's value in the same column. A percentage
under a time-to-event column is the rate at the timepoint the cell states ("71.7% at 5 yr").
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.numbers import to_months
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, ci_head, endpoint_codes, interval_cell, unit_for
from extractor.measure.tokens import scan
from extractor.normalize import normalize

_NUM = regex.compile(r"(?<![\w.])(?P<n>\d+(?:[.·]\d+)?)(?P<pct>\s?%)?")


@cache
def _at_time() -> regex.Pattern[str]:
    units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])
    return regex.compile(rf"(?:at|@|第)?\s?(?P<t>\d{{1,2}})\s?-?\s?(?P<u>{units})")


@cache
def _count_head() -> regex.Pattern[str]:
    heads = sorted(lx.cues().loose_table_count_heads, key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(h) for h in heads) + r")$", regex.I)


@cache
def _arm_head() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().table_arm_heads), regex.I)


def column_kinds(heads: list[Cell]) -> list[tuple[int, str, str]]:
    """(column, code, head text) of every value column: endpoints, and "n_patients" for a
    column of patient numbers."""
    out = []
    for i, h in enumerate(heads):
        if ci_head(h.text):
            continue  # "95% CI for median PFS": the interval of the column before it
        codes = endpoint_codes(h.text)
        if codes:
            out.append((i, codes[0], h.text))
        elif count_column(h.text):
            out.append((i, "n_patients", h.text))
    return out


def count_column(head: str) -> bool:
    """Whether a header cell heads a column of patient numbers ("Patients (n)", "例数")."""
    return _count_head().match(head.strip()) is not None


def arm_column(heads: list[Cell]) -> int | None:
    """The column that names each row's arm ("Randomization arms", "Treatment", "组别")."""
    return next((i for i, h in enumerate(heads) if _arm_head().search(h.text) and not endpoint_codes(h.text)), None)


def rate_at(code: str, head: str, cell: str) -> tuple[str, float | None] | None:
    """A percentage under a time-to-event column: (the rate's code, the cell's timepoint)."""
    if code == "n_patients" or lx.endpoint(code).kind != "duration" or "%" not in cell:
        return None
    surface = next((t.text for t in scan(normalize(head).text) if t.kind == "TRIG"), None)
    try:
        rate = lx.timepoint_code(surface) if surface else None
    except KeyError:
        return None
    if rate is None:
        return None
    m = _at_time().search(normalize(cell).text)
    tp = to_months(float(m.group("t")), lx.unit_by_surface()[m.group("u").casefold()].id) if m else None
    return rate, tp


def continuation(row: list[Cell], heads: list[Cell], ents: Ents, head_text: str) -> list[TableValue]:
    """Values of a row shorter than the header ``heads`` (see the module text); partners unset."""
    labels = []
    for c in row:
        if any(ch.isdigit() for ch in c.text):
            break
        labels.append(c)
    if not labels or len(labels) == len(row):
        return []
    drugs, label, _ = cell_arm(labels[0], ents)
    columns = column_kinds(heads)
    out: list[TableValue] = []
    j = 0
    for cell in row[len(labels) :]:
        bounds = interval_cell(cell.text)
        if bounds is not None:
            if out and out[-1].ci is None and bounds[0] <= out[-1].value <= bounds[1]:
                out[-1].ci = bounds  # "5.2 | 3.1–5.6": the median's interval, no value of its own
            continue
        m = _NUM.search(cell.text)
        if m is None or len(cell.text) > 40:
            continue
        pct = m.group("pct") is not None
        whole = "." not in m.group("n") and not pct
        while j < len(columns):
            col, code, head = columns[j]
            kind = lx.endpoint(code).kind if code != "n_patients" else "count"
            fits = (kind == "count" and whole) or (kind == "rate" and pct) or (kind == "duration" and (pct or not whole)) \
                or (kind == "ratio" and not pct and not whole)
            j += 1
            if fits:
                break
        else:
            break
        timed = rate_at(code, head, cell.text) if kind == "duration" else None
        if kind == "duration" and pct and timed is None:
            continue
        got_code, tp = timed if timed else (code, None)
        unit = "patients" if got_code == "n_patients" else unit_for(got_code, head + " " + head_text)
        out.append(TableValue(got_code, float(m.group("n").replace("·", ".")), unit, cell.start + m.start("n"),
                              cell.start + m.end("n"), drugs, label, timepoint=tp,
                              row=(row[0].start, row[-1].end), rule="value.table.merged"))
    return out
