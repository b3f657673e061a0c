"""The normalized view of a document's text, with an exact offset map back to it.

Matchers run on ``NormView.text`` (full-width -> ASCII, Roman numeral characters ->
letters, dash/tilde/space variants unified, >=/<= spelled out, radical look-alikes and
traditional characters -> ordinary simplified ideographs, LaTeX residue unwrapped);
every match is mapped back with ``to_orig`` so entities and records keep offsets
into ``Document.text``, which is never rewritten.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import regex

from extractor import resources as res

# Ranges whose characters can change under NFKC or the tables; everything else
# (ASCII, the bulk of CJK) is copied as is, which keeps the view cheap on 1 MB inputs.
_SCAN_RANGES = ((0x80, 0x3100), (0xF900, 0xFB00), (0xFE00, 0xFFF0))


# Inline math of PDF-to-markdown converters: "$P=0.039$" (dollars dropped, content kept).
_MATH = regex.compile(r"\$[^$\n]{1,200}?\$")


# A blank line inside a running Chinese paragraph (page-break residue of PDF-to-text
# converters: "接受阿替\n\n利珠单抗") is not a paragraph break. A heading or a title is a
# short line, so only a line at least this long is joined to the next one.
_MIN_RUNNING_LINE = 40
_MID_WORD_BREAK = regex.compile(r"(?<=[\p{Han}])\n[ \t]*\n[ \t]*(?=[\p{Han}])")


_PINYIN_GLOSS = regex.compile(r"(?<=\p{Han})\((?=[a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)")
_MID_DOT = regex.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")
_HAN = regex.compile(r"\p{Han}")
_SPACED_DECIMAL = regex.compile(
    r"(?<![\d.])\d{1,3}\.(?P<gap> )\d{1,4}(?![\d.])(?=\s?(?:%|个月|個月|月|年|例|天|周|[,，、;；)）~\-–]))")
_HAN_REACH = 200  # characters either side of a spaced decimal within which Chinese text must stand


def spaced_decimal_gaps(text: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets of the spaces a Chinese journal's text layer put after a decimal point ("为65. 12% 、
    86. 05%", "HR = 0. 848,95% CI"), between ``lo`` and ``hi``: only before a unit or a separator,
    and only with Chinese text near (an English "in 2012. 5% of" keeps its sentence end)."""
    hi = len(text) if hi is None else hi
    # "HR = 0. 848": no sentence ends in a bare 0, so a leading zero needs no Chinese text near
    # (the English abstract of a Chinese paper, zh_224)
    return [m.start("gap") for m in _SPACED_DECIMAL.finditer(text, lo, hi)
            if m.start("gap") - m.start() == 2 and text[m.start()] == "0"
            or _HAN.search(text, max(0, m.start() - _HAN_REACH), m.end() + _HAN_REACH)]


def mid_word_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line breaks that split a running Chinese paragraph mid-sentence."""
    out = []
    for m in _MID_WORD_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < _MIN_RUNNING_LINE or text.startswith("#", line_start):
            continue  # a markdown heading is a real break, however long
        out.append((m.start(), m.end()))
    return out


@dataclass(frozen=True)
class NormView:
    """``text`` is the normalized string; char i came from ``source[start(i):end(i)]``.

    The map is kept as segments, not per character: a segment is a run of characters that map
    one to one onto the source (``seg_end`` -1: char ``n0 + k`` came from ``o0 + k``), or the
    characters of one replacement, which all came from the source span ``[o0, seg_end)``
    (none for a deletion). Only edits that change lengths start segments, so the map costs a
    few bytes per edit instead of eight per character (20 MB of text: ~100 MB less).
    """

    source: str
    text: str
    seg_norm: array = field(repr=False)  # first normalized offset of each segment (nondecreasing)
    seg_orig: array = field(repr=False)  # first source offset of each segment (nondecreasing)
    seg_end: array = field(repr=False)  # -1: one to one; else the replacement's source end

    def _start(self, i: int) -> int:
        k = bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k] if self.seg_end[k] < 0 else 0)

    def _end(self, i: int) -> int:
        k = bisect_right(self.seg_norm, i) - 1
        if self.seg_end[k] < 0:
            return self.seg_orig[k] + (i - self.seg_norm[k]) + 1
        return self.seg_end[k]

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original span that produced the normalized span ``[start, end)``."""
        if end <= start:
            pos = self._start(start) if start < len(self.text) else len(self.source)
            return pos, pos
        return self._start(start), self._end(end - 1)

    def to_norm(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalized span covering what the original span ``[start, end)`` produced."""
        return self._first_from(start), self._first_from(end)

    def _first_from(self, pos: int) -> int:
        """The first normalized character whose source start is at or after ``pos``."""
        k = bisect_right(self.seg_orig, pos) - 1
        if k < 0:
            return 0
        n0, o0 = self.seg_norm[k], self.seg_orig[k]
        nxt = self.seg_norm[k + 1] if k + 1 < len(self.seg_norm) else len(self.text)
        if self.seg_end[k] < 0:
            return min(n0 + (pos - o0), nxt)  # past the run's last character: the next segment
        return n0 if pos <= o0 else nxt


@cache
def _tables() -> tuple[dict[str, str], regex.Pattern[str], dict[str, str]]:
    """Character map, the LaTeX pattern and the LaTeX symbol table."""
    from extractor import pattern_cache

    data = res.read_json("normalize.json")
    # 17,500 characters through NFKC and the tables: the command line keeps the map between runs
    charmap = pattern_cache.cached_build("charmap", table_sources(), lambda: _charmap(data))
    wrappers = "|".join(regex.escape(w) for w in data["latex_wrappers"])
    latex = regex.compile(
        r"\\(?:" + wrappers + r")\s{0,3}\{(?P<inner>[^{}\n]{0,200})\}"
        r"|\\(?P<cmd>[A-Za-z]{1,20}|%)"
    )
    return charmap, latex, data["latex_symbols"]


@cache
def table_sources() -> tuple[bytes, ...]:
    """Everything the character map is built from: data files, OpenCC's table, the Unicode
    version NFKC follows, and this module's source (read once a process: the start-up
    caches of the lexicon, the matchers and the alternations all name it)."""
    from extractor import pattern_cache

    out = []
    for name in ("normalize.json", "cjk_radicals.tsv"):
        try:
            out.append(res.pattern_file(name).read_bytes())
        except Exception:  # noqa: BLE001 - a missing table is read as empty (_radical_table)
            out.append(b"")
    return (*out, _t2s_path().read_bytes(), unicodedata.unidata_version.encode(),
            *pattern_cache.source_of("extractor.normalize"))  # fmt: skip


def _charmap(data: dict[str, Any]) -> dict[str, str]:
    radicals = _radical_table()
    t2s = _t2s_table()
    explicit: dict[str, str] = data["replace"]
    removed = set(data["remove"])
    charmap: dict[str, str] = {}
    for lo, hi in _SCAN_RANGES:
        for cp in range(lo, hi):
            ch = chr(cp)
            out = _map_char(ch, explicit, removed, radicals, t2s)
            if out != ch:
                charmap[ch] = out
    for ch in (*t2s, *explicit):  # explicit variants may sit in the bulk CJK block ("甙" -> "苷")
        out = _map_char(ch, explicit, removed, radicals, t2s)
        if out != ch:
            charmap[ch] = out
    return charmap


def _map_char(
    ch: str,
    explicit: dict[str, str],
    removed: set[str],
    radicals: dict[str, str],
    t2s: dict[str, str],
) -> str:
    if ch in removed:
        return ""
    if ch in explicit:
        return explicit[ch]
    out = radicals.get(ch) or unicodedata.normalize("NFKC", ch)
    if len(out) == 1:
        out = explicit.get(out, t2s.get(out, out))
    return out


def _radical_table() -> dict[str, str]:
    """CJK Radicals Supplement look-alikes (NFKC leaves them alone) from patterns/."""
    table: dict[str, str] = {}
    try:
        raw = res.read_text("cjk_radicals.tsv")
    except Exception:  # table not shipped yet: NFKC still fixes the Kangxi block
        return table
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, dst = line.split("\t")[:2]
        if len(src) == 1 and len(dst) == 1:
            table[src] = dst
    return table


def _t2s_table() -> dict[str, str]:
    """Traditional -> simplified, one character for one, from OpenCC's maintained table.

    Phrase tables are not used: they can change a string's length, and the offset map
    must stay exact; character-level conversion is what entity matching needs.
    """
    table: dict[str, str] = {}
    for line in _t2s_path().read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1:
            continue
        target = parts[1].split(" ")[0]
        if len(target) == 1 and target != parts[0]:
            table[parts[0]] = target
    return table


def _t2s_path() -> Traversable:
    return resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")


def normalize(text: str) -> NormView:
    """Build the normalized view of ``text``; linear in its length."""
    charmap, latex, symbols = _tables()
    edits: dict[int, tuple[int, str]] = {}
    if "$" in text:
        for m in _MATH.finditer(text):
            edits[m.start()] = (m.start() + 1, "")
            edits[m.end() - 1] = (m.end(), "")
    if "\n" in text:
        for s, e in mid_word_breaks(text):
            edits[s] = (e, "")
    if "\u00b7" in text or "\u2219" in text or "\u22c5" in text:
        # The Lancet's decimal point: "11·4 months" is 11.4 (only between digits).
        for m in _MID_DOT.finditer(text):
            edits[m.start()] = (m.end(), ".")
    if ". " in text:
        for gap in spaced_decimal_gaps(text):
            edits[gap] = (gap + 1, "")
    if "(" in text:
        # "個(gè)月", "試驗(yàn)": pages that gloss characters with their pinyin; the gloss is no text
        for m in _PINYIN_GLOSS.finditer(text):
            edits[m.start()] = (m.end(), "")
    for m in latex.finditer(text):
        if m.group("inner") is not None:
            edits[m.start()] = (m.start("inner"), "")
            edits[m.end() - 1] = (m.end(), "")
        elif m.group("cmd") in symbols:
            edits[m.start()] = (m.end(), symbols[m.group("cmd")])
    if _NUMERAL_HINT.search(text):
        _chinese_numbers(text, edits)
    if " a" in text and _HAN.search(text):  # a Chinese journal's year letter: no pass over English text
        letter, year = _year_letter()
        for m in letter.finditer(text):
            edits.setdefault(m.start(), (m.end(), year))
    # A character class of only the mapped characters present keeps the scan fast:
    # one over the whole table costs ten times more on Chinese text.
    # Iterate the text's distinct characters, not the table (set & dict walks the dict).
    present = {c for c in set(text) if c in charmap}
    if present:
        scan = re.compile("[" + "".join(re.escape(c) for c in sorted(present)) + "]")
        numerals = {c for c in present if unicodedata.category(c) == "Nl" and charmap[c].isascii()}
        for m in scan.finditer(text):
            rep = charmap[m.group()]
            if m.group() in numerals:  # "PERTAINⅡ期": the symbol was a word of its own, "II" must stay one
                s, e = m.start(), m.end()
                rep = (" " if s and _ascii_alnum(text[s - 1]) else "") + rep \
                    + (" " if e < len(text) and _ascii_alnum(text[e]) else "")
            edits.setdefault(m.start(), (m.end(), rep))

    out: list[str] = []
    seg_norm, seg_orig, seg_end = array("i"), array("i"), array("i")  # int32: texts stay under 2**31
    norm = 0  # length of the normalized text so far

    def one_to_one(o: int) -> None:  # a run starts at source offset o, unless the last one goes on
        if not seg_end or seg_end[-1] >= 0 or seg_orig[-1] + (norm - seg_norm[-1]) != o:
            seg_norm.append(norm), seg_orig.append(o), seg_end.append(-1)

    pos = 0
    for s in sorted(edits):
        if s < pos:
            continue
        e, repl = edits[s]
        if s > pos:
            one_to_one(pos)
            out.append(text[pos:s])
            norm += s - pos
        if e - s == 1 and len(repl) == 1:
            one_to_one(s)  # one character for one (full width, traditional): the run goes on
        else:
            seg_norm.append(norm), seg_orig.append(s), seg_end.append(e)
        out.append(repl)
        norm += len(repl)
        pos = e
    if pos < len(text) or not seg_norm:
        one_to_one(pos)
    out.append(text[pos:])
    return NormView(source=text, text="".join(out), seg_norm=seg_norm, seg_orig=seg_orig, seg_end=seg_end)


@cache
def _year_letter() -> tuple[regex.Pattern[str], str]:
    """"1 a、3 a、5 a生存率": the letter Chinese journals print for a year, spaced from its number
    as units are (not a stage's "2a期") and followed by Chinese text (normalize.json year_letter)."""
    data = res.read_json("normalize.json")["year_letter"]
    letter = regex.escape(data["letter"])
    return regex.compile(rf"(?<=\d ){letter}(?=\s?[\p{{Han}}\u3001])"), data["as"]


_NUMERAL_HINT = regex.compile(r"百分之|[一二三四五六七八九]成|[点點]|[十百][一二三四五六七八九]?(?:[例名位人周週]|[个個]月)")


@cache
def _numerals() -> tuple[regex.Pattern[str], dict[str, int], dict[str, int]]:
    """The pattern of numbers written in Chinese characters (patterns/normalize.json) and its
    digit and multiplier tables. Every part is bounded, so a scan is linear."""
    data = res.read_json("normalize.json")["chinese_numerals"]
    digits, mult = data["digits"], data["multipliers"]
    num = "[" + "".join(digits) + "".join(mult) + "]{1,6}"
    dig = "[" + "".join(d for d in digits if digits[d]) + "]"
    point = "|".join(regex.escape(p) for p in data["point"])
    units = "|".join(regex.escape(u) for u in data["point_units"])
    lead = "|".join(regex.escape(p) for p in data["percent_lead"])
    counts = "|".join(regex.escape(u) for u in data.get("count_units", [])) or "(?!x)x"
    pattern = regex.compile(
        rf"(?P<lead>{lead})(?P<pn>{num})(?:(?:{point})(?P<pf>{dig.replace(']', '零〇]')}{{1,4}}))?"
        rf"|(?<![{''.join(digits)}{''.join(mult)}])(?P<tn>{dig}){regex.escape(data['tenths'])}(?P<tf>{dig})?"
        rf"(?![{''.join(digits)}{''.join(mult)}{regex.escape(data['tenths_not_before'])}])"
        rf"|(?P<dn>{num})(?:{point})(?P<df>[{''.join(digits)}]{{1,4}})(?=\s?(?:{units}))"
        # "共二百八十九名患者": a count written with 十 or 百 before its count word
        rf"|(?<![{''.join(digits)}{''.join(mult)}])(?P<cn>{num})(?=(?:{counts}))"
    )
    return pattern, digits, mult


def _cn_int(s: str, digits: dict[str, int], mult: dict[str, int]) -> int | None:
    """十一 -> 11, 三十五 -> 35, 一百二十 -> 120, 二五 -> 25 (digit by digit); None if malformed."""
    if not any(c in mult for c in s):
        return int("".join(str(digits[c]) for c in s))
    total, cur = 0, None
    for c in s:
        if c in digits:
            if cur is not None:
                return None
            cur = digits[c]
        else:
            total += (1 if cur is None else cur) * mult[c]
            cur = None
    return total + (cur or 0)


def _cn_digits(s: str, digits: dict[str, int]) -> str:
    return "".join(str(digits[c]) for c in s)


def _chinese_numbers(text: str, edits: dict[int, tuple[int, str]]) -> None:
    """Edits that write Chinese-character numbers as digits: 百分之三十五 -> 35%, 七成八 -> 78%,
    十一点二个月 -> 11.2个月. Each replacement covers the numeral only, so a value grounds on it."""
    pattern, digits, mult = _numerals()
    for m in pattern.finditer(text):
        if m.group("lead") is not None:
            whole = _cn_int(m.group("pn"), digits, mult)
            if whole is None:
                continue
            frac = "." + _cn_digits(m.group("pf"), digits) if m.group("pf") else ""
            edits[m.start()] = (m.start("pn"), "")
            edits[m.start("pn")] = (m.end(), f"{whole}{frac}%")
        elif m.group("tn") is not None:
            tenths = digits[m.group("tn")] * 10 + (digits[m.group("tf")] if m.group("tf") else 0)
            edits[m.start()] = (m.end(), f"{tenths}%")
        elif m.group("cn") is not None:
            whole = _cn_int(m.group("cn"), digits, mult) if any(c in mult for c in m.group("cn")) else None
            if whole is not None:
                edits[m.start()] = (m.end(), str(whole))
        else:
            whole = _cn_int(m.group("dn"), digits, mult)
            if whole is not None:
                edits[m.start()] = (m.end(), f"{whole}.{_cn_digits(m.group('df'), digits)}")


# Characters that start an edit other than the per-character map (see normalize()).
# Roman numeral symbols (Unicode category Nl, "Ⅱ", "ⅳ") keep a word boundary next to Latin letters.
_CONTEXT_CHARS = frozenset("$\n\\\u00b7\u2219\u22c5之成点點十百(") | frozenset(
    chr(c) for c in range(0x2160, 0x2189)
)  # 之成点點十百: Chinese numerals (_NUMERAL_HINT)


@lru_cache(maxsize=16384)
def normalize_surface(surface: str) -> str:
    """Normalized form of a lexicon surface, so patterns and text meet in the same view.

    Equal to ``normalize(surface).text``. Most surfaces hold none of the characters that
    start a context-dependent edit, and then the view is the character map applied one
    character at a time, without an offset map: the matchers normalize some 11,000
    surfaces while they are built, at every start-up, 4,000 of them distinct (hence the
    memo; the bound keeps a long batch's document words from filling it).
    """
    if not _CONTEXT_CHARS.isdisjoint(surface):
        return normalize(surface).text
    charmap = _tables()[0]
    return "".join([charmap.get(c, c) for c in surface])


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
