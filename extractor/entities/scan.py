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

from ahocorasick_rs import AhoCorasick, MatchKind

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


class _Hit:
    """The part of ``re.Match`` the matchers read, for a hit the automaton found."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


class Surfaces:
    """A list of literal surfaces found leftmost-longest, as the trie regex would find them.

    An Aho-Corasick automaton (``ahocorasick_rs``, compiled Rust) finds the candidates in one
    pass, 15x faster than the trie regex on a 2,500-name lexicon, and builds in milliseconds
    where the regex took a quarter of a second to compile. The trie regex's semantics are
    kept: a hit whose Latin end runs into a letter or digit gives way to the longest surface
    at the same start that ends on a word boundary (or to nothing); a hit whose Latin start
    follows a letter is none; text whose lowering changes its length is searched
    case-insensitively by the (then compiled) regex.
    """

    def __init__(self, words: Iterable[str], *, folded: bool) -> None:
        self.words = [w for w in dict.fromkeys(words) if w]
        self.folded = folded
        self.ac = AhoCorasick(self.words, matchkind=MatchKind.LeftmostLongest) if self.words else None
        self._all: AhoCorasick | None = None  # every match, for a hit that runs into a word
        self._longest = 0
        self._plain: re.Pattern[str] | None = None  # compiled on first need: start-up stays cheap
        self._ci: re.Pattern[str] | None = None

    def __getstate__(self) -> dict[str, Any]:
        # the automaton cannot be pickled (the command line keeps the matchers on disk,
        # pattern_cache.cached_build): it is built again from the words; the rest is lazy
        return {"words": self.words, "folded": self.folded}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["words"], folded=state["folded"])  # type: ignore[misc]

    @property
    def plain(self) -> re.Pattern[str]:
        if self._plain is None:
            self._plain = re.compile(trie_regex(self.words))
        return self._plain

    @property
    def ci(self) -> re.Pattern[str]:
        if not self.folded:
            return self.plain
        if self._ci is None:
            self._ci = re.compile(trie_regex(self.words), re.IGNORECASE)
        return self._ci

    def finditer(self, text: str, flags: int = 0) -> Iterator[re.Match[str] | _Hit]:
        if flags:
            return self.ci.finditer(text)
        return self._scan(text)

    def _scan(self, text: str) -> Iterator[re.Match[str] | _Hit]:
        if self.ac is None:
            return
        n = len(text)
        for _, s, e in self.ac.find_matches_as_indexes(text):
            left_ok = not (is_latin_alnum(text[s]) and s > 0 and is_latin_alnum(text[s - 1]))
            right_ok = not (is_latin_alnum(text[e - 1]) and e < n and is_latin_alnum(text[e]))
            if left_ok and right_ok:
                yield _Hit(text, s, e)
            elif left_ok:
                end = self._longest_bounded(text, s)
                if end is not None:
                    yield _Hit(text, s, end)

    def _longest_bounded(self, text: str, s: int) -> int | None:
        """End of the longest surface at ``s`` whose last character does not run into a word
        ("sor" in "sorry" is none; "nab" before "nab-paclitaxel" is), or None."""
        if self._all is None:
            self._all = AhoCorasick(self.words, matchkind=MatchKind.Standard)
            self._longest = max(len(w) for w in self.words)
        window = text[s : s + self._longest]
        n = len(text)
        best = None
        for _, a, b in self._all.find_matches_as_indexes(window, overlapping=True):
            e = s + b
            if a == 0 and not (is_latin_alnum(text[e - 1]) and e < n and is_latin_alnum(text[e])):
                best = e if best is None else max(best, e)
        return best


class Folded:
    """A lower-case pattern compiled plain (for lowered text) and, on first need (text whose
    lowering changes its length, which is rare), case-insensitive: the drug-class pattern's
    case-insensitive compile alone was a twentieth of a text's ``extract``."""

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern)
        self._ci: re.Pattern[str] | None = None

    @property
    def ci(self) -> re.Pattern[str]:
        if self._ci is None:
            self._ci = re.compile(self.plain.pattern, re.IGNORECASE)
        return self._ci

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
    """Plain alternation of escaped words, longest first (for short word lists).

    Words of one length are in sorted order: at most one of them matches at a position, so
    their order changes nothing, but a pattern text that is the same in every run is found
    again in the pattern cache (``pattern_cache``); set order would change with the hash seed.
    """
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


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
