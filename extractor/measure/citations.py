"""Citation markers (^[6-7], ^{1,2}, [35,36]) expanded to reference numbers; a sentence's markers cite its values."""

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


def sentence_citations(markers: list[tuple[int, int, list[int]]]) -> list[int]:
    """The reference numbers the values of a sentence rest on: every marker of the sentence, in order.

    A marker attaches to the sentence it sits in (guidelines 4.3): "KEYNOTE-240…^[30],但
    KEYNOTE-394研究^[31]…mOS(14.6个月…)" cites [30, 31] on each value.
    """
    out: list[int] = []
    for m in markers:
        out.extend(n for n in m[2] if n not in out)
    return out


def dois_for(numbers: list[int], references: list[Reference]) -> list[str]:
    by_number = {r.number: r.doi for r in references}
    return [d for n in numbers if (d := by_number.get(n))]
