"""Sentence stage: split each section into sentences and tag their language.

Chinese ends sentences with 。！？；, English with . ? ! followed by a space; a
break never falls inside parentheses, after an abbreviation ("et al.", "vs.",
"No."), inside a decimal ("RECIST 1.1") or inside a heading line. Reference
entries are one sentence each, so a citation's DOI stays with its entry.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from extractor import resources as res
from extractor.models import Document, Lang, Section, Sentence
from extractor.normalize import mid_word_breaks, spaced_decimal_gaps

_ZH_END = "。！？；!?"
_EN_END = ".?!"
_OPEN = "([（【"
_CLOSE = ")]）】"
_MAX_DEPTH_SPAN = 300  # an unclosed "(" stops protecting breaks after this many chars
# The longest sentence of the real corpus has ~1,750 characters (a flattened table). A longer run without a sentence
# end (a table flattened without punctuation, an OCR dump) is cut into pieces of at most this
# many characters, so no later stage sees an unbounded sentence (docs/limits.md).
MAX_SENTENCE = 4_000
_SOFT_BREAKS = "，,；;、 \t"  # where a long piece is cut, latest first within its second half
_TRAILING = "\"'”’)]）】"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]{0,10})$")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in res.read_json("abbreviations.json")["abbreviations"])


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of ``doc.text`` by section (the whole text when there are no sections)."""
    text = doc.text
    regions = _regions(doc.sections, len(text))
    out: list[Sentence] = []
    for kind, start, end in regions:
        if kind == "references":
            pieces = _lines(text, start, end)
        else:
            pieces = []
            for ls, le in _lines(text, start, end):
                for s, e in _split(text, ls, le):
                    pieces.extend(_capped(text, s, e))
        for s, e in pieces:
            s, e = _trim(text, s, e)
            if e > s:
                out.append(Sentence(start=s, end=e, lang=detect_lang(text[s:e]), section=kind))  # type: ignore[arg-type]
    return out


def _regions(sections: list[Section], n: int) -> list[tuple[str | None, int, int]]:
    """Non-overlapping (kind, start, end) pieces; inner sections and headings cut the outer.

    Sections come outer before inner, so a later section containing a piece wins; each
    section marks only the pieces it covers (bisect), not every piece of the document.
    """
    cuts = {0, n}
    for sec in sections:
        cuts.update((sec.start, sec.end))
    points = sorted(c for c in cuts if 0 <= c <= n)
    kinds: list[str | None] = [None] * (len(points) - 1)
    for sec in sections:
        kind = "body" if sec.kind == "heading" else sec.kind
        for i in range(bisect_left(points, sec.start), bisect_left(points, sec.end)):
            kinds[i] = kind
    return [(kinds[i], points[i], points[i + 1]) for i in range(len(points) - 1)]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of the region, except that a page-break residue inside a sentence does not cut it."""
    joins = {s: e for s, e in mid_word_breaks(text[start:end])}
    out = []
    pos = start
    line_start = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl >= 0 and nl - start in joins:
            pos = start + joins[nl - start]
            continue
        stop = end if nl < 0 else nl
        if stop > line_start:
            out.append((line_start, stop))
        pos = line_start = stop + 1
    return out


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    depth = 0
    opened_at = -1
    sent_start = start
    i = start
    while i < end:
        c = text[i]
        if c in _OPEN:
            depth += 1
            opened_at = i if depth == 1 else opened_at
        elif c in _CLOSE and depth:
            depth -= 1
        if depth and i - opened_at > _MAX_DEPTH_SPAN:
            depth = 0
        if depth == 0 and _is_break(text, i, end):
            j = i + 1
            while j < end and text[j] in _TRAILING:
                j += 1
            out.append((sent_start, j))
            sent_start = j
            i = j
            continue
        i += 1
    if sent_start < end:
        out.append((sent_start, end))
    return out


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most ``MAX_SENTENCE`` characters, each cut after the
    last comma, semicolon or space of the piece's second half (a hard cut where it has none).
    Each cut looks at most ``MAX_SENTENCE`` characters: linear in the length."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        j = cut - 1
        while j > start + MAX_SENTENCE // 2 and text[j] not in _SOFT_BREAKS:
            j -= 1
        if text[j] in _SOFT_BREAKS:
            cut = j + 1
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _is_break(text: str, i: int, end: int) -> bool:
    c = text[i]
    if c in "?!" and i > 0 and text[i - 1] in " \t":
        return False  # "达伯舒 ?联合力比泰 ?": a "?" standing alone is a lost ® or ™, not a question
    if c in _ZH_END:
        return True
    if c not in _EN_END:
        return False
    nxt = text[i + 1] if i + 1 < end else " "
    if c == "." and i > 0 and text[i - 1].isdigit() and nxt.isdigit():
        return False  # decimal
    if c == "." and i > 0 and text[i - 1].isdigit() and nxt == " " and spaced_decimal_gaps(text, max(0, i - 4), i + 12):
        return False  # "为65. 12%": a decimal point a text layer spaced
    if not (nxt.isspace() or "\u4e00" <= nxt <= "\u9fff" or nxt in _TRAILING):
        return False
    if c == ".":
        m = _WORD_BEFORE.search(text, max(0, i - 12), i)
        if m and (m.group(1) + ".").lower() in _abbreviations():
            return False
        if m and len(m.group(1)) == 1 and m.group(1).isupper():
            return False  # an initial: "Zhu A. X."
    return True


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def detect_lang(text: str) -> Lang:
    """zh / en / mixed from the share of CJK characters against Latin words."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if cjk == 0:
        return "en"
    share = cjk / (cjk + 2 * words)
    if share >= 0.6:
        return "zh"
    if share <= 0.1:
        return "en"
    return "mixed"
