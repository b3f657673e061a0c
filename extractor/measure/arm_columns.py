"""Results tables whose columns are arms, flattened with no cell separators.

    Nivolumab+ipilimumab / N=425 / Sunitinib / N=422 / …        (a header cell per line)
    Median OS (months)* N.A. 25.95 N.A. 32.92
    HR (99.8% CI)† 0.63 (0.44 to 0.89) 0.68 (0.49 to 0.95)
    Complete response (CR) (%) 40 (9.4) 5 (1.2) 54 (9.8) 12 (2.2)

or all on one line: "Suge+CAPOX Placebo+CAPOX N=241 N=238 PFS (Months) Median (95% CI) 7.62 (6.37,
7.89) 6.08 (5.06, 6.44) … HR (95% CI) 0.58 (0.43, 0.77) OS (Months) …".

- the *arms* are a run of two or more arm words (drugs, regimens or control words joined by
  "+", "-", "/"), nothing but patient numbers ("N=425") between them; each is a column;
- the *rows* follow: a row's endpoint is the one its label names (the text before its values; on
  one line, the endpoint named since the last values), and its values fill the columns left to
  right ("N.A." takes a column and gives nothing); a count with its share ("40 (9.4)") is read as
  the share for a rate; a ratio row's values compare the columns two by two (arm 1 against arm 2,
  arm 3 against arm 4); a row naming no endpoint, or a difference between arms, gives nothing;
- patient numbers after the arms are the columns' group sizes.

Every value is grounded on its number; each line is scanned once, so work is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.table_pieces import Piece
from extractor.measure.table_pieces import pieces as line_pieces
from extractor.measure.tables import Cell, Ents, TableValue, cell_arm, endpoint_codes, names_time_unit, unit_for
from extractor.measure.tokens import scan
from extractor.models import Entity
from extractor.normalize import normalize

_GAP_WORDS = 8  # words between two values that end a one-line table (its "Conclusions" sentence)
_PROSE_CHARS = 200  # a longer line without values ends a table of lines
_WORD_CHARS = 40  # a longer "word" is no header cell
_MAX_COLUMNS = 12  # more arm words in a row are a list, not a header
_LEAD_WORDS = 4  # words between a one-line header and its first endpoint
_COVER = 0.5  # share of an arm word's letters that drugs or control words must cover
_SHARE = regex.compile(r"\s*[(（]\s*(\d{1,3}(?:\.\d{1,3})?)\s*%?\s*[)）]")
_N = regex.compile(r"[(（]?[ \t]*[nN][ \t]*=[ \t]*(\d{1,5})(?![\d.])(?:[ \t]*[)）])?")
_WORD = regex.compile(r"\S+")
_JOINERS = "+/-–"
_SPACE = regex.compile(r"\s{0,20}")


@dataclass
class _Column:
    start: int  # the arm word in Document.text
    end: int
    drugs: list[str]
    label: str
    cohort: bool = False  # a cohort of the one treatment: its values compare with no other column


def read_arm_columns(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the separator-less arm-column tables of ``text`` state, and each table's span."""
    ents = Ents(entities)
    covered = _covered(text, entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    control = _control_words()
    for m in _WORD.finditer(text):
        if m.start() < pos:
            continue
        if covered.find(1, m.start(), m.end()) < 0 and control.search(m.group()) is None:
            continue  # no drug and no control word in it: no arm word, so no run starts here
        columns, sizes, end = _arm_run(text, m.start(), covered)
        pos = end  # a run is read once, whether or not it heads a table
        if not 2 <= len(columns) <= _MAX_COLUMNS or not _laid_out(text, columns, covered):
            continue
        got, stop = _read_rows(text, end, columns, ents)
        if len({v.row for v in got if v.code != "n_patients"}) < 2:
            continue  # a table has rows: two arm words in a sentence make none
        _append_table(out, got + _sizes(sizes, columns))
        spans.append((m.start(), stop))
        pos = stop
    _cohort_tables(text, ents, out, spans)
    return out, spans


def _cohort_tables(text: str, ents: Ents, out: list[TableValue], spans: list[tuple[int, int]]) -> None:
    """Tables whose columns are cohorts of one treatment, a header cell per line: "Group 1 (mCSCC)"
    / "3 mg/kg Q2W" / "(n=59)" / "Group 2 (laCSCC)" / … / "Total" / "(N=193)". Each column opens
    with a cohort word and its number (or a total word) on a line of its own, a dose or schedule
    may follow, and its patient number closes it; the rows are read as under arm columns."""
    pos = 0
    for m in _cohort_line().finditer(text):
        if m.start() < pos:
            continue
        columns, sizes, end = _cohort_run(text, m.start())
        pos = end
        if len(columns) < 2 or len(sizes) != len(columns):
            continue
        got, stop = _read_rows(text, end, columns, ents)
        if len({v.row for v in got}) < 2:
            continue
        _append_table(out, got + _sizes(sizes, columns))
        spans.append((m.start(), stop))
        pos = stop


def _append_table(out: list[TableValue], values: list[TableValue]) -> None:
    """Append one table's values, their partners (indices within the table) made indices of ``out``."""
    base = len(out)
    for v in values:
        v.rule = "value.arm_columns"
        if v.partner is not None:
            v.partner += base
        out.append(v)


def _cohort_run(text: str, start: int) -> tuple[list[_Column], list[tuple[int, int, int]], int]:
    """The cohort columns of a header starting at the line at ``start``, their patient numbers,
    and the offset after the header (the end of the last column's patient-number line)."""
    columns: list[_Column] = []
    sizes: list[tuple[int, int, int]] = []
    pos, end, lines = start, start, 0
    while pos < len(text) and len(columns) <= _MAX_COLUMNS:
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        head = _cohort_line().match(text, pos, stop + 1)
        n = _N.fullmatch(text[pos:stop].strip())
        if head is not None and len(sizes) == len(columns):
            label = head.group("head")
            columns.append(_Column(head.start("head"), head.end("head"), [], label, cohort=True))
            lines = 0
        elif n is not None and columns and len(sizes) == len(columns) - 1:
            at = pos + text[pos:stop].index(n.group(1), text[pos:stop].index("="))
            sizes.append((int(n.group(1)), at, at + len(n.group(1))))
            end = stop
        elif columns and len(sizes) == len(columns) - 1 and lines < 2 and 0 < len(text[pos:stop].strip()) <= _WORD_CHARS \
                and not line_pieces(text, pos, stop)[1:]:
            lines += 1  # "3 mg/kg Q2W": the cohort's dose under its name
        else:
            break
        pos = stop + 1
    if len(sizes) != len(columns):
        columns = columns[: len(sizes)]
    return columns, sizes, max(end, start + 1)


@cache
def _cohort_line() -> regex.Pattern[str]:
    c = lx.cues()
    cohort = rf"(?:{lx.surface_alt(c.cohort_column_heads)})\s[A-Z0-9]{{1,3}}\b"
    return regex.compile(rf"(?m)^[ \t]*(?P<head>{cohort}|(?:{lx.surface_alt(c.total_column_heads)}))"
                         rf"(?:[ \t]{{1,3}}[(（][^()\n]{{1,30}}[)）])?[ \t]*$")


def _covered(text: str, entities: list[Entity]) -> bytearray:
    """1 for each character inside a drug, regimen or class mention."""
    out = bytearray(len(text))
    for e in entities:
        if e.label in {"DRUG", "REGIMEN", "DRUG_CLASS"}:
            out[e.start : e.end] = b"\x01" * (e.end - e.start)
    return out


def _arm_word(text: str, start: int, end: int, covered: bytearray) -> bool:
    word = text[start:end]
    if word[-1] in ",.;:，。；：" or not word.isascii() or len(word) > _WORD_CHARS or not any(ch.isalpha() for ch in word):
        return False  # (Chinese has no spaces between words: a run of characters is no header cell)
    letters = sum(ch.isalpha() for ch in word)
    hit = sum(1 for i, ch in enumerate(word) if ch.isalpha() and covered[start + i])
    for m in _control_words().finditer(word):
        hit += sum(ch.isalpha() for ch in m.group())
    return hit >= _COVER * letters


def _arm_run(text: str, start: int, covered: bytearray) -> tuple[list[_Column], list[tuple[int, int, int]], int]:
    """The columns of a run of arm words starting at ``start``, the patient numbers among them
    (number, start, end) and the offset after the run."""
    columns: list[_Column] = []
    sizes: list[tuple[int, int, int]] = []
    pos = start
    while True:
        gap = _SPACE.match(text, pos, pos + 24)  # an end bound: the regex engine may look ahead for a literal
        at = gap.end() if gap else pos
        n = _N.match(text, at, at + 24)
        if n is not None and columns:
            sizes.append((int(n.group(1)), n.start(1), n.end(1)))
            pos = n.end()
            continue
        w = _WORD.match(text, at, at + 2 * _WORD_CHARS)
        if w is None:
            break
        if columns and not sizes and (w.group()[0] in _JOINERS or text[pos - 1] in _JOINERS) and at - pos <= 1:
            columns[-1].end, columns[-1].label = w.end(), text[columns[-1].start : w.end()]  # "placebo +LDAC"
            pos = w.end()
            continue
        if not _arm_word(text, w.start(), w.end(), covered):
            break
        columns.append(_Column(w.start(), w.end(), [], w.group()))
        pos = w.end()
    return columns, sizes, max(pos, start + 1)


def _laid_out(text: str, columns: list[_Column], covered: bytearray) -> bool:
    """Whether the arm words are a header, not words of a sentence: all on one line, one after
    the other ("Suge+CAPOX Placebo+CAPOX N=241 N=238"), no mention running from one into the next
    ("enfortumab vedotin–pembrolizumab"); or each alone on its line, patient numbers aside."""
    if "\n" not in text[columns[0].start : columns[-1].end]:
        return not any(covered[a.end] for a in columns[:-1])
    for c in columns:
        ls = text.rfind("\n", 0, c.start) + 1
        le = text.find("\n", c.end)
        le = len(text) if le < 0 else le
        if _N.sub(" ", text[ls : c.start] + " " + text[c.end : le]).strip():
            return False
    return True


def _read_rows(text: str, start: int, columns: list[_Column], ents: Ents) -> tuple[list[TableValue], int]:
    for c in columns:
        drugs, label, _ = cell_arm(Cell(c.start, c.end, text[c.start : c.end]), ents)
        c.drugs, c.label = drugs, label or c.label
    line_end = text.find("\n", start)
    one_line = line_end < 0 or text[start:line_end].strip() != ""
    if one_line:
        return _stream(text, start, line_end if line_end >= 0 else len(text), columns)
    out: list[TableValue] = []
    pos, last = line_end + 1, start
    section: str | None = None
    while pos < len(text):
        nl = text.find("\n", pos)
        stop = nl if nl >= 0 else len(text)
        line_pieces_ = line_pieces(text, pos, stop)
        line = text[pos:stop]
        if not line_pieces_:
            if len(line) > _PROSE_CHARS:
                break
            codes = endpoint_codes(line)
            section = codes[0] if codes else section
        elif any(p.kind == "pair" for p in line_pieces_) or len(line) > _PROSE_CHARS:
            break  # "… overall survival (64.8% vs. 53.6%; …)": prose under the table
        else:
            label = text[pos : line_pieces_[0].start]
            codes = endpoint_codes(label)
            # "N responders (%) 177 (41.6) …" under "objective response rate": the section's rate
            code = codes[0] if codes else (section if section and "(%)" in label and lx.endpoint(section).kind == "rate" else None)
            if code is not None and not _difference().search(label):
                _extend(out, _row(text, code, label, line_pieces_, columns))
            last = stop
        pos = stop + 1
    return out, last


def _stream(text: str, start: int, stop: int, columns: list[_Column]) -> tuple[list[TableValue], int]:
    """A table on one line: each endpoint named takes the values after it; the values and the
    offset after the last one read."""
    view = normalize(text[start:stop])
    events: list[tuple[int, str, object]] = []
    for t in scan(view.text):
        if t.kind == "TRIG" and t.code and lx.endpoint(t.code).kind != "ignore":
            events.append((start + view.to_orig(t.start, t.end)[0], "code", t.code))
    for p in line_pieces(text, start, stop):
        events.append((p.start, "piece", p))
    events.sort(key=lambda e: e[0])
    out: list[TableValue] = []
    code: str | None = None
    label_from = start
    group: list[Piece] = []
    sizes: list[tuple[int, int, int]] = []
    prev_end = start
    last = start
    for at, kind, obj in events:
        gap = sum(1 for w in text[prev_end:at].split() if any(ch.isalpha() for ch in w))
        if gap > _GAP_WORDS or (prev_end == start and gap > _LEAD_WORDS):
            break  # prose, or the sentence after the table
        if kind == "piece" and obj.kind == "pair":  # type: ignore[attr-defined]
            break  # "median 8.2 vs 6.8 mo": a sentence comparing arms, not a row of columns
        if kind == "code":
            if group and code is not None:
                _extend(out, _row(text, code, text[label_from:group[0].start], group, columns))
            code, group, label_from = str(obj), [], at
        else:
            assert isinstance(obj, Piece)
            prev_end = obj.end
            if obj.kind == "n":  # "N=130 N=128": the columns' group sizes for the rows after them
                sizes.append((int(obj.values[0][0]), obj.values[0][1], obj.values[0][2]))  # type: ignore[index]
                if len(sizes) == len(columns):
                    _extend(out, _sizes(sizes, columns))
                    sizes = []
                continue
            sizes = []
            group.append(obj)
            last = obj.end
            continue
        prev_end = at
    if group and code is not None:
        _extend(out, _row(text, code, text[label_from:group[0].start], group, columns))
    return out, last


def _extend(out: list[TableValue], row: list[TableValue]) -> None:
    """Append a row's values, their partners (indices into the row) made indices into ``out``."""
    base = len(out)
    for v in row:
        if v.partner is not None:
            v.partner += base
    out.extend(row)


def _row(text: str, code: str, label: str, pieces: list[Piece], columns: list[_Column]) -> list[TableValue]:
    kind = lx.endpoint(code).kind
    if _difference().search(label):
        return []
    row = (pieces[0].start, pieces[-1].end)
    values: list[Piece] = []
    skip_until = -1
    for p in pieces:
        if p.start < skip_until or p.kind in {"p", "n"}:
            continue
        share = _SHARE.match(text, p.end, p.end + 24) if p.kind == "single" else None
        if share is not None:
            skip_until = share.end()  # "40 (9.4)": the bracketed share is no value of its own
            if kind == "rate":
                n = float(share.group(1))
                p = Piece("single", share.start(1), share.end(1), [(n, share.start(1), share.end(1))], "%")
        values.append(p)
    out: list[TableValue] = []
    compared = not any(c.cohort for c in columns)
    if kind == "ratio":
        if not compared:
            return out  # a ratio between cohorts of one treatment is no comparison of arms
        for j, p in enumerate(values):
            v = p.values[0] if p.values else None
            if 2 * j + 1 >= len(columns) or v is None or p.kind not in {"ci", "single"}:
                continue
            a, b = columns[2 * j], columns[2 * j + 1]
            out.append(TableValue(code, v[0], None, v[1], v[2], a.drugs, a.label, b.drugs, b.label, ci=p.ci, row=row))
        return out
    if kind == "rate" and "%" not in label and names_time_unit(label):
        return []  # "Median observed time to complete response, months": a time, not the rate
    unit = unit_for(code, label) if kind in {"rate", "duration"} else None
    made: list[int] = []
    for col, p in zip(columns, values[: len(columns)]):
        v = p.values[0] if p.values and p.kind in {"single", "ci"} and _fits(kind, p.unit) else None
        if v is None or (kind == "rate" and v[0] > 100):
            made.append(-1)
            continue
        made.append(len(out))
        out.append(TableValue(code, v[0], unit, v[1], v[2], col.drugs, col.label, ci=p.ci if kind != "rate" else None, row=row))
    for a, b in zip(made[::2], made[1::2]):  # columns compare two by two
        if a >= 0 and b >= 0 and compared:
            out[a].partner, out[b].partner = b, a
            out[a].comparator, out[a].comparator_label = out[b].arm, out[b].arm_label
            out[b].comparator, out[b].comparator_label = out[a].arm, out[a].arm_label
    return out


def _fits(kind: str, unit: str | None) -> bool:
    """Whether a cell's unit suits the row's endpoint ("1%" is no median)."""
    if unit is None:
        return True
    return unit == "%" if kind == "rate" else unit != "%" if kind == "duration" else False


def _sizes(sizes: list[tuple[int, int, int]], columns: list[_Column]) -> list[TableValue]:
    if len(sizes) != len(columns):
        return []
    return [TableValue("n_patients", float(n), "patients", s, e, c.drugs, c.label, row=(s, e))
            for (n, s, e), c in zip(sizes, columns)]


@cache
def _control_words() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(lx.surface_alt(c.control_arms), regex.I)


@cache
def _difference() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().table_difference_words), regex.I)
