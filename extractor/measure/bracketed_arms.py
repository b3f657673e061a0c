"""Listed values each bracketed right after their own arm: "between the amivantamab-lazertinib group
(86%) and the osimertinib group (85%)", "A组(35.2%)和B组(12.8%)"."""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import Arm, resolve
from extractor.measure.subjects import Subject


def each_before(subs: list[Subject], values: list[tuple[int, int]], text: str) -> list[Arm] | None:
    """Arms of listed values each bracketed right after its own arm ("between the amivantamab-
    lazertinib group (86%) and the osimertinib group (85%)", "A组(35.2%)和B组(12.8%)", "分别为A组30%、
    B组20%"), or None unless
    every value has one and at least two differ. Only group words and the bracket may stand between."""
    ends = [s.end for s in subs]
    out: list[Arm] = []
    for start, _ in values:
        j = bisect_left(ends, start + 1) - 1
        cand = subs[j] if j >= 0 else None
        if cand is None or cand.prior or start - cand.end > 16 or not _bracket_after_arm().fullmatch(text, cand.end, start):
            return None
        out.append(resolve(cand, subs))
    if len({(tuple(a.drugs), a.label) for a in out}) < 2:
        return None
    return out


@cache
def _bracket_after_arm() -> regex.Pattern[str]:
    tails = lx.cues().group_label_tails
    words = lx.surface_alt(tails.get("en", []) + tails.get("zh", []))
    # "A组(35.2%)", and in a list "分别为A组11.0个月/B组1.9个月", "A组为30%、B组为20%": the group, then its value
    return regex.compile(rf"\s{{0,2}}(?:(?:{words})\s{{0,2}})?(?:[(（]|[为為:：])?\s{{0,2}}", regex.IGNORECASE)


def each_block(subs: list[Subject], blocks: list[tuple[int, int]]) -> list[Arm] | None:
    """Arms of values reported arm by arm in blocks ("A组1、3、5年生存率为a1、a2、a3，B组为b1、b2、b3；
    C组为c1、c2、c3"): each block's arm is the last arm named before its first value and after the
    block before it; None unless every block has one and they differ."""
    out: list[Arm] = []
    prev_end = -1
    for start, end in blocks:
        cand = next((x for x in reversed(subs) if prev_end <= x.start and x.end <= start and not x.prior), None)
        if cand is None:
            return None
        out.append(resolve(cand, subs))
        prev_end = end
    if len({(tuple(a.drugs), a.label) for a in out}) < len(out):
        return None
    return out
