"""The pieces of a results-table line that has no cell separators: the values and what marks them.

"Maki 2007 [92] Phase II: Gemcitabine + docetaxel versus gemcitabine 122 16% versus 8% 6.2 versus
3 mo" holds a reference, a year, a patient number and two pairs; "HR 0.73 (0.59–0.91)e*" a ratio
with its interval and a footnote mark; "N.A." a cell without a value; "P=0.009" and "NS" the P
value of the piece before. One alternation finds them left to right, so a line costs one scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from extractor.measure import lexicon as lx

NUM = r"\d{1,5}(?:[.·]\d{1,4})?"
_REF = regex.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|\d{2}(?:\.\d)?%\s*CI\b")  # "[92]", "95% CI"


_NA_INTERVAL = regex.compile(r"\s{0,2}[(（\[][^()（）\[\]\n]{0,40}[)）\]]")


@dataclass
class Piece:
    kind: str  # pair, single, ci, na, p, n
    start: int
    end: int
    values: list[tuple[float, int, int] | None] = field(default_factory=list)  # None: a missing side
    unit: str | None = None  # "%", "month", "year", "week" or None
    ci: tuple[float, float] | None = None
    prefix: str | None = None  # the ratio the cell names ("HR", "OR")
    p: tuple[str, float] | None = None


def pieces(text: str, start: int, stop: int) -> list[Piece]:
    """The value pieces of one line, left to right."""
    line = text[start:stop]
    skip = [(m.start(), m.end()) for m in _REF.finditer(line)]
    out: list[Piece] = []
    pos = j = 0
    while True:
        m = _patterns().item.search(line, pos)
        if m is None:
            break
        pos = m.end()
        while j < len(skip) and skip[j][1] <= m.start():
            j += 1  # both in order: one walk over the references
        if j < len(skip) and skip[j][0] <= m.start():
            continue
        if m.group("p") is not None:
            out.append(_p_piece(m, start))
            continue
        if m.group("ns") is not None:
            out.append(Piece("p", start + m.start(), start + m.end()))
            continue
        if m.group("na") is not None:
            out.append(Piece("na", start + m.start(), start + m.end()))
            interval = _NA_INTERVAL.match(line, m.end())
            if interval is not None:
                pos = interval.end()  # "NR (20.7 to NE)": the missing median's interval, no value of its own
            continue
        if m.group("nn") is not None:
            n = m.group("nn")
            out.append(Piece("n", start + m.start(), start + m.end(), [(float(n), start + m.start("nn"), start + m.end("nn"))]))
            continue
        if m.group("cmp") is None and not any(ch.isdigit() for ch in m.group("val")):
            out.append(Piece("na", start + m.start(), start + m.end()))  # "N.A.", "Not reported"
            interval = _NA_INTERVAL.match(line, m.end())
            if interval is not None:
                pos = interval.end()
            continue
        out.append(_value_piece(m, start))
    return out


def _p_piece(m: regex.Match[str], start: int) -> Piece:
    op = m.group("pop")
    op = {"≤": "<=", "≥": ">="}.get(op, op)
    return Piece("p", start + m.start(), start + m.end(), p=(op, float(m.group("pv").replace("·", "."))))


def _value_piece(m: regex.Match[str], start: int) -> Piece:
    values: list[tuple[float, int, int] | None] = []
    unit = None
    for side in _patterns().side.finditer(m.group("val")):
        if side.group("n") is None:
            values.append(None)
            continue
        at = start + m.start("val")
        values.append((float(side.group("n").replace("·", ".")), at + side.start("n"), at + side.end("n")))
        unit = _unit_id(side.group("u")) or unit
    ci = None
    if m.group("lo") is not None:
        lo, hi = float(m.group("lo").replace("·", ".")), float(m.group("hi").replace("·", "."))
        ci = (lo, hi) if lo <= hi else None
    kind = "pair" if len(values) >= 2 else "ci" if ci is not None else "single"
    prefix = m.group("pre")
    return Piece(kind, start + m.start(), start + m.end(), values, unit, ci, prefix.lstrip("a") if prefix else None)


def _unit_id(surface: str | None) -> str | None:
    if not surface:
        return None
    s = surface.strip()
    if s in {"%", "％"} or s.casefold() == "percent":
        return "%"
    if s in lx.cues().loose_table_month_abbrev:
        return "month"
    unit = lx.unit_by_surface().get(s.casefold())
    return unit.id if unit is not None else None


@dataclass(frozen=True)
class _Patterns:
    """One alternation finding every piece of a line (a P value, "NS", a patient number, a missing
    cell, or a value with its unit, its comparison partners and its interval), and the pattern that
    reads a value's sides."""

    item: regex.Pattern[str]
    side: regex.Pattern[str]


@cache
def _patterns() -> _Patterns:
    c = lx.cues()
    units = [x for u in lx.units() if u.kind in {"time", "percent"} for ss in u.surfaces.values() for x in ss
             if x != "d"] + c.loose_table_month_abbrev  # a glued "d" is a footnote mark in a table ("13.0d")
    unit = "(?:" + "|".join(regex.escape(u) for u in sorted(set(units), key=len, reverse=True)) + r")(?![A-Za-z])"
    missing = "(?:" + "|".join(regex.escape(w) for w in sorted(c.loose_table_missing, key=len, reverse=True)) + r")(?![A-Za-z])"
    cmp = "(?:" + "|".join(regex.escape(w) for w in sorted(c.value_comparison, key=len, reverse=True) if w.isascii()) + ")"
    prefix = "(?:" + "|".join(regex.escape(w) for w in c.loose_table_ratio_prefix) + ")"
    foot = r"(?:[a-h](?![A-Za-z])|[*†‡§¶]{1,3})?"
    side = rf"(?:(?P<n>{NUM})(?![\-–][A-Za-z]){foot}(?:\s?(?P<u>{unit}))?|(?P<na>{missing}))"  # not the 5 of "5-FU"
    plain = side.replace("?P<n>", "").replace("?P<u>", "").replace("?P<na>", "")
    item = regex.compile(
        rf"(?P<p>(?<![A-Za-z])[Pp](?:\s?-?\s?value)?\s*(?P<pop>[<>=≤≥]=?)\s*(?P<pv>{NUM}))"
        rf"|(?P<ns>(?<![A-Za-z])NS(?![A-Za-z]))"
        rf"|(?<![A-Za-z])[nN]\s*=\s*(?P<nn>\d{{1,5}})(?![\d.])"
        rf"|(?P<val>(?:(?P<pre>(?<![A-Za-z]){prefix})\s*:?\s*)?(?<![\w.\-/]){plain}"
        rf"(?P<cmp>\s*(?<![A-Za-z]){cmp}(?![A-Za-z])\s*{plain})*)"
        rf"(?:\s*[(\[][^()\[\]\d]{{0,12}}(?:\d{{2}}(?:\.\d)?%\s*CI[:,]?\s*)?(?P<lo>{NUM})\s*(?:-|–|—|‒|~|to|,)\s*(?P<hi>{NUM})\s*[)\]])?"
        rf"|(?P<na>(?<![A-Za-z]){missing})"
    )
    return _Patterns(item, regex.compile(side))
