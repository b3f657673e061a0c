"""Shared machinery of the entity matchers: candidate spans, the compact view, trie regexes.

Matchers run on a *compact* copy of the normalized view in which a line break between
two CJK characters is removed: PDF text breaks words across lines and pages
("阿替\\n\\n利珠单抗"), and a name cut in two must still be found. Every compact offset
maps back to the view, and the view maps back to ``Document.text``.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A break inside a CJK word: bounded whitespace holding a newline, CJK on both sides.
_CJK_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]{{0,8}}\n[ \t\n]{{0,8}}(?=[{CJK}])")
LATIN_ALNUM = "A-Za-z0-9"


@dataclass
class Span:
    """A candidate entity in compact-text offsets."""

    start: int
    end: int
    label: str
    norm: str | None
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Compact:
    """``text`` with CJK-internal line breaks removed; ``pos[i]`` is char i's view offset."""

    text: str
    pos: array | None  # None: identical to the view
    joins: tuple[int, ...] = ()  # offsets in ``text`` where a removed line break stood

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        if self.pos is None:
            return start, end
        return self.pos[start], self.pos[end - 1] + 1


def compact(view_text: str) -> Compact:
    """Compact view of ``view_text``; linear, and free when there is nothing to remove."""
    cuts = [(m.start(), m.end()) for m in _CJK_BREAK.finditer(view_text)]
    if not cuts:
        return Compact(view_text, None)
    parts: list[str] = []
    pos = array("q")
    joins: list[int] = []
    prev = 0
    for s, e in cuts:
        parts.append(view_text[prev:s])
        pos.extend(range(prev, s))
        joins.append(len(pos))
        prev = e
    parts.append(view_text[prev:])
    pos.extend(range(prev, len(view_text)))
    return Compact("".join(parts), pos, tuple(joins))


def lowered(text: str) -> tuple[str, int]:
    """``text.lower()`` and the re flags to use with lower-case patterns.

    Matching lower-case patterns against a lowered copy is ~7x faster than IGNORECASE;
    when lowering changes the length (rare letters such as "İ") offsets would drift, so
    the original text is searched with IGNORECASE instead.
    """
    low = text.lower()
    return (low, 0) if len(low) == len(text) else (text, re.IGNORECASE)


class Folded:
    """A lower-case pattern compiled both plain (for lowered text) and case-insensitive."""

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern)
        self.ci = re.compile(pattern, re.IGNORECASE)

    def finditer(self, text: str, flags: int) -> Iterator[re.Match[str]]:
        return (self.ci if flags else self.plain).finditer(text)


def is_latin_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of ``words``, longest first, linear to scan.

    A trie-shaped alternation lets ``re`` reject a position on its first character and
    never backtrack further than the longest word. Words that start or end with a Latin
    letter or digit get word-boundary guards there, so "sor" does not fire inside "sorry".
    """
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any], last: str) -> str:
        alts = [re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(rf"(?![{LATIN_ALNUM}])" if is_latin_alnum(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    top = []
    for ch, child in sorted(trie.items()):
        # The guard follows the first character (looking back over it) so that every
        # branch still starts with a literal: ``re`` then skips positions by first char,
        # which a leading lookbehind would defeat (4x slower on 1 MB).
        guard = rf"(?<![{LATIN_ALNUM}].)" if is_latin_alnum(ch) else ""
        top.append(re.escape(ch) + guard + build(child, ch))
    return "(?:" + "|".join(top) + ")" if top else "(?!)"


def alternation(words: Iterable[str]) -> str:
    """Plain alternation of escaped words, longest first (for short word lists)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def resolve_overlaps(spans: list[Span], priority: dict[str, int]) -> list[Span]:
    """Keep the best of overlapping spans: higher rule priority, then longer, then earlier."""

    def rank(s: Span) -> tuple[int, int, int]:
        return (-priority.get(s.rule, 0), -(s.end - s.start), s.start)

    kept: list[Span] = []
    taken = bytearray()
    for s in sorted(spans, key=rank):
        if len(taken) < s.end:
            taken.extend(b"\0" * (s.end - len(taken)))
        if any(taken[s.start:s.end]):
            continue
        taken[s.start:s.end] = b"\1" * (s.end - s.start)
        kept.append(s)
    return sorted(kept, key=lambda s: s.start)
