"""Character alignment between two renderings of one article (PDF text → gold text).

The gold is annotated on the plain-text rendering; the PDF reader produces a
different string (line breaks, running heads, compatibility ideographs such as
"⽉" for "月"). To score PDF predictions against the same gold, both texts are
reduced to a comparison form — the project's normalized view (radicals,
full-width forms), NFKC, casefolded, whitespace and the citation markup
characters ``^[]{}`` dropped — and aligned; every source character that
falls in an aligned block gets the gold offset of its counterpart.

Why not one ``difflib.SequenceMatcher`` over the whole text: with
``autojunk=False`` it takes seconds on 17k comparison chars. Instead, k-grams
that occur exactly once in each text serve as anchors, the longest increasing
chain of anchors fixes the common order (patience diff), the gaps between
anchored blocks are anchored again with shorter k-grams, and difflib only runs
on the short gaps left. Text that the PDF reader moved
elsewhere (wrong column order) is left unmapped on purpose, so an ingestion
regression shows up as a score drop rather than being aligned away.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from dataclasses import dataclass

from extractor.normalize import normalize

_DROPPED = frozenset("^[]{}")
_ANCHOR_K = 8
_MAX_DEPTH = 3
# difflib is quadratic in the worst case; gaps bigger than this stay unaligned.
_MAX_GAP_PRODUCT = 4_000_000


def comparison_form(text: str) -> tuple[str, list[int], list[int]]:
    """The comparison string and, per comparison char, the [start, end) in ``text`` it came from.

    Built on the project's normalized view, so radical look-alikes ("⻉" for "贝"),
    full-width forms and LaTeX residue compare equal to their ordinary spelling.
    """
    view = normalize(text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(view.text):
        if ch.isspace() or ch in _DROPPED:
            continue
        start, end = view.to_orig(i, i + 1)
        for out in unicodedata.normalize("NFKC", ch).casefold():
            if out.isspace() or out in _DROPPED:
                continue
            chars.append(out)
            starts.append(start)
            ends.append(end)
    return "".join(chars), starts, ends


def _unique_kgrams(s: str, lo: int, hi: int, k: int) -> dict[str, int]:
    """k-grams occurring exactly once in s[lo:hi], with their offsets in ``s``."""
    seen: dict[str, int] = {}
    dup: set[str] = set()
    for i in range(lo, hi - k + 1):
        g = s[i : i + k]
        if g in seen:
            dup.add(g)
        else:
            seen[g] = i
    for g in dup:
        del seen[g]
    return seen


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (i, j) pairs (sorted by i) with increasing j."""
    tails: list[int] = []  # j of the last pair of the best chain of each length
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos] = j
            tail_idx[pos] = n
        prev[n] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        chain.append(pairs[n])
        n = prev[n]
    return chain[::-1]


def _blocks(
    a: str, b: str, a0: int, a1: int, b0: int, b1: int, depth: int
) -> list[tuple[int, int, int]]:
    """Matching blocks of a[a0:a1] and b[b0:b1]: anchors, then the gaps between them."""
    if a1 <= a0 or b1 <= b0:
        return []
    small = depth > 0 and (a1 - a0) * (b1 - b0) <= _MAX_GAP_PRODUCT // 8
    if small or depth >= _MAX_DEPTH:
        if (a1 - a0) * (b1 - b0) > _MAX_GAP_PRODUCT:
            return []
        sm = difflib.SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
        return [(a0 + m.a, b0 + m.b, m.size) for m in sm.get_matching_blocks() if m.size]
    # Uniqueness is judged inside the range: a k-gram repeated elsewhere in the
    # article can still anchor a gap it occurs once in.
    k = max(4, _ANCHOR_K - 2 * depth)
    ua, ub = _unique_kgrams(a, a0, a1, k), _unique_kgrams(b, b0, b1, k)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if g in ub)
    anchored: list[tuple[int, int, int]] = []
    end_a, end_b = a0, b0
    for i, j in _longest_chain(pairs):
        if i < end_a or j < end_b:
            continue  # inside the block already grown from an earlier anchor
        # Grow backwards into the gap too, so blocks start where the agreement starts.
        while i > end_a and j > end_b and a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
        size = 0
        while i + size < a1 and j + size < b1 and a[i + size] == b[j + size]:
            size += 1
        anchored.append((i, j, size))
        end_a, end_b = i + size, j + size
    if not anchored:
        return _blocks(a, b, a0, a1, b0, b1, _MAX_DEPTH)
    blocks: list[tuple[int, int, int]] = []
    prev_a, prev_b = a0, b0
    for i, j, size in anchored:
        blocks.extend(_blocks(a, b, prev_a, i, prev_b, j, depth + 1))
        blocks.append((i, j, size))
        prev_a, prev_b = i + size, j + size
    blocks.extend(_blocks(a, b, prev_a, a1, prev_b, b1, depth + 1))
    return blocks


def matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """Non-overlapping, order-preserving blocks (i, j, size) with a[i:i+size] == b[j:j+size]."""
    return _blocks(a, b, 0, len(a), 0, len(b), 0)


@dataclass(frozen=True)
class Alignment:
    """Offset map from a source text to a target (gold) text."""

    starts: list[int]  # per source char: target offset of its counterpart's start, or -1
    ends: list[int]  # per source char: target offset of its counterpart's end, or -1
    coverage: float  # share of the target's comparison chars that have a counterpart

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Target (start, end) of source span [start, end).

        The span's first and last mapped characters give the target ends. A span
        with no mapped character collapses to an empty span at the target offset
        of the nearest mapped character, so it cannot match anything.
        """
        ms, me = self.starts, self.ends
        start, end = max(0, start), min(end, len(ms))
        first = next((i for i in range(start, end) if ms[i] >= 0), None)
        if first is not None:
            last = next(i for i in range(end - 1, first - 1, -1) if ms[i] >= 0)
            return ms[first], max(me[last], me[first])
        left = next((i for i in range(start - 1, -1, -1) if ms[i] >= 0), None)
        if left is not None:
            pos = me[left]
        else:
            right = next((i for i in range(end, len(ms)) if ms[i] >= 0), None)
            pos = ms[right] if right is not None else 0
        return pos, pos


def align(source: str, target: str) -> Alignment:
    """Align ``source`` (e.g. PDF text) to ``target`` (the text the gold annotates)."""
    a, a_starts, a_ends = comparison_form(source)
    b, b_starts, b_ends = comparison_form(target)
    starts = [-1] * len(source)
    ends = [-1] * len(source)
    matched = 0
    for i, j, size in matching_blocks(a, b):
        matched += size
        for d in range(size):
            # A source char may stand for several target chars or the reverse
            # (ligatures, LaTeX residue): keep the widest target extent.
            for src in range(a_starts[i + d], a_ends[i + d]):
                if starts[src] < 0 or b_starts[j + d] < starts[src]:
                    starts[src] = b_starts[j + d]
                ends[src] = max(ends[src], b_ends[j + d])
    coverage = matched / len(b) if b else 0.0
    return Alignment(starts=starts, ends=ends, coverage=coverage)
