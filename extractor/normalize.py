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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

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


_MID_DOT = regex.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")


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
    """``text`` is the normalized string; char i came from ``source[starts[i]:ends[i]]``."""

    source: str
    text: str
    starts: array = field(repr=False)
    ends: array = field(repr=False)

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original span that produced the normalized span ``[start, end)``."""
        if end <= start:
            pos = self.starts[start] if start < len(self.text) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def to_norm(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalized span covering what the original span ``[start, end)`` produced."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)


@cache
def _tables() -> tuple[dict[str, str], regex.Pattern[str], dict[str, str]]:
    """Character map, the LaTeX pattern and the LaTeX symbol table."""
    data = res.read_json("normalize.json")
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
    for ch in t2s:
        out = _map_char(ch, explicit, removed, radicals, t2s)
        if out != ch:
            charmap[ch] = out
    wrappers = "|".join(regex.escape(w) for w in data["latex_wrappers"])
    latex = regex.compile(
        r"\\(?:" + wrappers + r")\s{0,3}\{(?P<inner>[^{}\n]{0,200})\}"
        r"|\\(?P<cmd>[A-Za-z]{1,20}|%)"
    )
    return charmap, latex, data["latex_symbols"]


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
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1:
            continue
        target = parts[1].split(" ")[0]
        if len(target) == 1 and target != parts[0]:
            table[parts[0]] = target
    return table


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
    for m in latex.finditer(text):
        if m.group("inner") is not None:
            edits[m.start()] = (m.start("inner"), "")
            edits[m.end() - 1] = (m.end(), "")
        elif m.group("cmd") in symbols:
            edits[m.start()] = (m.end(), symbols[m.group("cmd")])
    # A character class of only the mapped characters present keeps the scan fast:
    # one over the whole table costs ten times more on Chinese text.
    # Iterate the text's distinct characters, not the table (set & dict walks the dict).
    present = {c for c in set(text) if c in charmap}
    if present:
        scan = re.compile("[" + "".join(re.escape(c) for c in sorted(present)) + "]")
        for m in scan.finditer(text):
            edits.setdefault(m.start(), (m.end(), charmap[m.group()]))

    out: list[str] = []
    starts = array("q")
    ends = array("q")
    pos = 0
    for s in sorted(edits):
        if s < pos:
            continue
        e, repl = edits[s]
        if s > pos:
            out.append(text[pos:s])
            starts.extend(range(pos, s))
            ends.extend(range(pos + 1, s + 1))
        out.append(repl)
        starts.extend([s] * len(repl))
        ends.extend([e] * len(repl))
        pos = e
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return NormView(source=text, text="".join(out), starts=starts, ends=ends)


# Characters that start an edit other than the per-character map (see normalize()).
_CONTEXT_CHARS = frozenset("$\n\\\u00b7\u2219\u22c5")


def normalize_surface(surface: str) -> str:
    """Normalized form of a lexicon surface, so patterns and text meet in the same view.

    Equal to ``normalize(surface).text``. Most surfaces hold none of the characters that
    start a context-dependent edit, and then the view is the character map applied one
    character at a time, without an offset map: the matchers normalize some 10,000
    surfaces while they are built, at every start-up.
    """
    if not _CONTEXT_CHARS.isdisjoint(surface):
        return normalize(surface).text
    charmap = _tables()[0]
    return "".join([charmap.get(c, c) for c in surface])
