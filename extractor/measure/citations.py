"""Citation markers (^[6-7], ^{1,2}, [35,36]) expanded to reference numbers and tied to values."""

from __future__ import annotations

import regex

from extractor.models import Reference

_MARK = regex.compile(r"\^\[([^\]\n]{1,40})\]|\^\{([^}\n]{1,40})\}|(?<![A-Za-z0-9^])\[(\d{1,3}(?:\s{0,2}[-,~]\s{0,2}\d{1,3}){0,20})\]")
_PART = regex.compile(r"(\d{1,3})(?:\s{0,2}[-~]\s{0,2}(\d{1,3}))?")
_MAX_RANGE = 60  # "[1-300]" is not a citation range anyone writes; cap the expansion


def expand(inner: str) -> list[int]:
    """``"6-7"`` -> [6, 7]; ``"35,36"`` -> [35, 36]; ``"10-11, 14"`` -> [10, 11, 14]."""
    out: list[int] = []
    for m in _PART.finditer(inner):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if hi < lo or hi - lo > _MAX_RANGE:
            hi = lo
        out.extend(n for n in range(lo, hi + 1) if n not in out)
    return out


def find_markers(text: str) -> list[tuple[int, int, list[int]]]:
    """(start, end, numbers) of each marker in ``text`` (a normalized sentence)."""
    found = []
    for m in _MARK.finditer(text):
        nums = expand(m.group(1) or m.group(2) or m.group(3) or "")
        if nums:
            found.append((m.start(), m.end(), nums))
    return found


def _clause_gap(text: str) -> bool:
    """Whether ``text`` crosses a clause boundary outside brackets."""
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;。" and depth == 0:
            return True
    return False


def cite_value(text: str, markers: list[tuple[int, int, list[int]]], value_end: int) -> list[int]:
    """The reference numbers a value at ``value_end`` in ``text`` rests on.

    A sentence with one marker gives it to all its values. With several, a value takes
    the marker that closes its own clause ("mOS为13.8个月^[32]"), else the nearest marker
    before it (the study named earlier, "KEYNOTE-394研究^[31]…mOS(14.6 vs 13.0)"), else
    the nearest after it ("ORR为21%,mOS为15.6个月^[27-28]").
    """
    if not markers:
        return []
    if len(markers) == 1:
        return list(markers[0][2])
    after = [m for m in markers if m[0] >= value_end]
    if after and not _clause_gap(text[value_end : after[0][0]]):
        return list(after[0][2])
    before = [m for m in markers if m[1] <= value_end]
    if before:
        return list(before[-1][2])
    return list(after[0][2]) if after else []


def dois_for(numbers: list[int], references: list[Reference]) -> list[str]:
    by_number = {r.number: r.doi for r in references}
    return [d for n in numbers if (d := by_number.get(n))]
